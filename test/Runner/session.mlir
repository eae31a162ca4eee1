// The NormRunner library without norm-run's driver: norm-runner-test parses
// this module, compiles it, runs @layer_norm on a 3x8 input, checks it against
// a float64 reference, and turns bad inputs into errors instead of exits.

// RUN: rm -rf %t && mkdir -p %t
// RUN: norm-runner-test %s %t | FileCheck %s

// CHECK: missing entry: error: no function named 'nope' in 'module.mlir'
// CHECK-NEXT: signature: tensor<?x8xf32> -> tensor<?x8xf32>
// CHECK-NEXT: call before compile: error: 'module.mlir' is not compiled yet
// CHECK-NEXT: compile: ok
// CHECK-NEXT: result: 3x8xf32={{\[\[}}-1.52752{{[0-9]*}} {{.*}}][0 0 0 0 0 0 0 0][{{.*}}]]
// CHECK-NEXT: max |error| vs float64 below 1e-6: yes
// CHECK-NEXT: bad shape: error: argument 0 has type tensor<?x8xf32> but input 0 is 3x7xf32 (dimension 1 must be 8, got 7)
// CHECK-NEXT: bad element type: error: argument 0 has type tensor<?x8xf32> but input 0 is 3x8xf64 (element type f64, expected f32)
// CHECK-NEXT: no inputs: error: function 'layer_norm' takes 1 argument(s) but 0 input(s) were given
// CHECK-NEXT: bad inline text: error: input 0: malformed inline input '3x8xf32=1 2': shape 3x8xf32 needs 24 values, got 2
// CHECK-NEXT: missing .npy: error: input 0: cannot read '/nonexistent.npy': No such file or directory
// CHECK-NEXT: same result again: yes
// CHECK-NEXT: write .npy: ok
// CHECK-NEXT: read back: 3x8xf32, same bytes: yes
// CHECK-NEXT: benchmark: 3 repetitions, min <= median: yes

func.func @layer_norm(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = norm.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
