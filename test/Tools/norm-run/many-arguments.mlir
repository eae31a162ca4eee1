// An entry with 161 arguments and 40 constant weights, the shape of a model
// after norm-outline-kernels: norm-run compiles its `optnone` entry and the
// packed wrapper without optimizing them (each call in a block of its own),
// and the result still matches float64 NumPy.

// REQUIRES: numpy
// RUN: %python %S/Inputs/many_arguments.py --norm-run norm-run --dir %t \
// RUN:   | FileCheck %s
// CHECK: arguments: 161, max abs error: {{.*}}
// CHECK-NEXT: match
