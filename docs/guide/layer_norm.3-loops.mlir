module {
  func.func @layer_norm(%arg0: memref<2x8xf32>, %arg1: memref<8xf32>, %arg2: memref<8xf32>) -> memref<2x8xf32> {
    %c8 = arith.constant 8 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c0 = arith.constant 0 : index
    %cst = arith.constant 1.000000e+00 : f32
    %cst_0 = arith.constant 9.99999974E-6 : f32
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 8.000000e+00 : f32
    %alloc = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      memref.store %cst_1, %alloc[%arg3] : memref<2xf32>
    }
    %alloc_3 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_3 : memref<2xf32> to memref<2xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      scf.for %arg4 = %c0 to %c8 step %c1 {
        %0 = memref.load %arg0[%arg3, %arg4] : memref<2x8xf32>
        %1 = memref.load %alloc_3[%arg3] : memref<2xf32>
        %2 = arith.addf %1, %0 fastmath<reassoc> : f32
        memref.store %2, %alloc_3[%arg3] : memref<2xf32>
      }
    }
    %alloc_4 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      %0 = memref.load %alloc_3[%arg3] : memref<2xf32>
      %1 = arith.divf %0, %cst_2 : f32
      memref.store %1, %alloc_4[%arg3] : memref<2xf32>
    }
    %alloc_5 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_5 : memref<2xf32> to memref<2xf32>
    %alloc_6 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    memref.copy %alloc, %alloc_6 : memref<2xf32> to memref<2xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      scf.for %arg4 = %c0 to %c8 step %c1 {
        %0 = memref.load %arg0[%arg3, %arg4] : memref<2x8xf32>
        %1 = memref.load %alloc_4[%arg3] : memref<2xf32>
        %2 = memref.load %alloc_5[%arg3] : memref<2xf32>
        %3 = memref.load %alloc_6[%arg3] : memref<2xf32>
        %4 = arith.subf %0, %1 : f32
        %5 = arith.mulf %4, %4 : f32
        %6 = arith.addf %2, %4 fastmath<reassoc> : f32
        %7 = arith.addf %3, %5 fastmath<reassoc> : f32
        memref.store %6, %alloc_5[%arg3] : memref<2xf32>
        memref.store %7, %alloc_6[%arg3] : memref<2xf32>
      }
    }
    %alloc_7 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    %alloc_8 = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      %0 = memref.load %alloc_4[%arg3] : memref<2xf32>
      %1 = memref.load %alloc_5[%arg3] : memref<2xf32>
      %2 = memref.load %alloc_6[%arg3] : memref<2xf32>
      %3 = arith.divf %1, %cst_2 : f32
      %4 = arith.addf %0, %3 : f32
      %5 = arith.divf %2, %cst_2 : f32
      %6 = arith.mulf %3, %3 : f32
      %7 = arith.subf %5, %6 : f32
      %8 = arith.maximumf %7, %cst_1 : f32
      memref.store %4, %alloc[%arg3] : memref<2xf32>
      memref.store %8, %alloc_7[%arg3] : memref<2xf32>
      memref.store %3, %alloc_8[%arg3] : memref<2xf32>
    }
    scf.for %arg3 = %c0 to %c2 step %c1 {
      %0 = memref.load %alloc_7[%arg3] : memref<2xf32>
      %1 = arith.addf %0, %cst_0 : f32
      %2 = math.sqrt %1 : f32
      %3 = arith.divf %cst, %2 : f32
      memref.store %3, %alloc[%arg3] : memref<2xf32>
    }
    %alloc_9 = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
    scf.for %arg3 = %c0 to %c2 step %c1 {
      scf.for %arg4 = %c0 to %c8 step %c1 {
        %0 = memref.load %arg0[%arg3, %arg4] : memref<2x8xf32>
        %1 = memref.load %alloc_4[%arg3] : memref<2xf32>
        %2 = memref.load %alloc_8[%arg3] : memref<2xf32>
        %3 = memref.load %alloc[%arg3] : memref<2xf32>
        %4 = memref.load %arg1[%arg4] : memref<8xf32>
        %5 = memref.load %arg2[%arg4] : memref<8xf32>
        %6 = arith.subf %0, %1 : f32
        %7 = arith.subf %6, %2 : f32
        %8 = arith.mulf %7, %3 : f32
        %9 = arith.mulf %8, %4 : f32
        %10 = arith.addf %9, %5 : f32
        memref.store %10, %alloc_9[%arg3, %arg4] : memref<2x8xf32>
      }
    }
    memref.dealloc %alloc : memref<2xf32>
    memref.dealloc %alloc_3 : memref<2xf32>
    memref.dealloc %alloc_4 : memref<2xf32>
    memref.dealloc %alloc_5 : memref<2xf32>
    memref.dealloc %alloc_6 : memref<2xf32>
    memref.dealloc %alloc_7 : memref<2xf32>
    memref.dealloc %alloc_8 : memref<2xf32>
    return %alloc_9 : memref<2x8xf32>
  }
}

