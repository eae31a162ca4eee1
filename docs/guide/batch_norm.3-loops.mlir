module {
  func.func @batch_norm_train(%arg0: memref<2x3x4x4xf32>, %arg1: memref<3xf32>, %arg2: memref<3xf32>, %arg3: memref<3xf32>, %arg4: memref<3xf32>) -> (memref<2x3x4x4xf32>, memref<3xf32>, memref<3xf32>) {
    %c4 = arith.constant 4 : index
    %c2 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %c3 = arith.constant 3 : index
    %c0 = arith.constant 0 : index
    %cst = arith.constant 3.100000e+01 : f32
    %cst_0 = arith.constant 0.100000024 : f32
    %cst_1 = arith.constant 0.899999976 : f32
    %cst_2 = arith.constant 1.000000e+00 : f32
    %cst_3 = arith.constant 9.99999974E-6 : f32
    %cst_4 = arith.constant 0.000000e+00 : f32
    %cst_5 = arith.constant 3.200000e+01 : f32
    %alloc = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    scf.for %arg5 = %c0 to %c3 step %c1 {
      memref.store %cst_4, %alloc[%arg5] : memref<3xf32>
    }
    %alloc_6 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_6 : memref<3xf32> to memref<3xf32>
    scf.for %arg5 = %c0 to %c2 step %c1 {
      scf.for %arg6 = %c0 to %c3 step %c1 {
        scf.for %arg7 = %c0 to %c4 step %c1 {
          scf.for %arg8 = %c0 to %c4 step %c1 {
            %0 = memref.load %arg0[%arg5, %arg6, %arg7, %arg8] : memref<2x3x4x4xf32>
            %1 = memref.load %alloc_6[%arg6] : memref<3xf32>
            %2 = arith.addf %1, %0 fastmath<reassoc> : f32
            memref.store %2, %alloc_6[%arg6] : memref<3xf32>
          }
        }
      }
    }
    %alloc_7 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    scf.for %arg5 = %c0 to %c3 step %c1 {
      %0 = memref.load %alloc_6[%arg5] : memref<3xf32>
      %1 = arith.divf %0, %cst_5 : f32
      memref.store %1, %alloc_7[%arg5] : memref<3xf32>
    }
    %alloc_8 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_8 : memref<3xf32> to memref<3xf32>
    %alloc_9 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    memref.copy %alloc, %alloc_9 : memref<3xf32> to memref<3xf32>
    scf.for %arg5 = %c0 to %c2 step %c1 {
      scf.for %arg6 = %c0 to %c3 step %c1 {
        scf.for %arg7 = %c0 to %c4 step %c1 {
          scf.for %arg8 = %c0 to %c4 step %c1 {
            %0 = memref.load %arg0[%arg5, %arg6, %arg7, %arg8] : memref<2x3x4x4xf32>
            %1 = memref.load %alloc_7[%arg6] : memref<3xf32>
            %2 = memref.load %alloc_8[%arg6] : memref<3xf32>
            %3 = memref.load %alloc_9[%arg6] : memref<3xf32>
            %4 = arith.subf %0, %1 : f32
            %5 = arith.mulf %4, %4 : f32
            %6 = arith.addf %2, %4 fastmath<reassoc> : f32
            %7 = arith.addf %3, %5 fastmath<reassoc> : f32
            memref.store %6, %alloc_8[%arg6] : memref<3xf32>
            memref.store %7, %alloc_9[%arg6] : memref<3xf32>
          }
        }
      }
    }
    %alloc_10 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    %alloc_11 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    %alloc_12 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    scf.for %arg5 = %c0 to %c3 step %c1 {
      %0 = memref.load %alloc_7[%arg5] : memref<3xf32>
      %1 = memref.load %alloc_8[%arg5] : memref<3xf32>
      %2 = memref.load %alloc_9[%arg5] : memref<3xf32>
      %3 = arith.divf %1, %cst_5 : f32
      %4 = arith.addf %0, %3 : f32
      %5 = arith.divf %2, %cst_5 : f32
      %6 = arith.mulf %3, %3 : f32
      %7 = arith.subf %5, %6 : f32
      %8 = arith.maximumf %7, %cst_4 : f32
      memref.store %4, %alloc_10[%arg5] : memref<3xf32>
      memref.store %8, %alloc_11[%arg5] : memref<3xf32>
      memref.store %3, %alloc_12[%arg5] : memref<3xf32>
    }
    scf.for %arg5 = %c0 to %c3 step %c1 {
      %0 = memref.load %alloc_11[%arg5] : memref<3xf32>
      %1 = arith.addf %0, %cst_3 : f32
      %2 = math.sqrt %1 : f32
      %3 = arith.divf %cst_2, %2 : f32
      memref.store %3, %alloc[%arg5] : memref<3xf32>
    }
    %alloc_13 = memref.alloc() {alignment = 64 : i64} : memref<2x3x4x4xf32>
    scf.for %arg5 = %c0 to %c2 step %c1 {
      scf.for %arg6 = %c0 to %c3 step %c1 {
        scf.for %arg7 = %c0 to %c4 step %c1 {
          scf.for %arg8 = %c0 to %c4 step %c1 {
            %0 = memref.load %arg0[%arg5, %arg6, %arg7, %arg8] : memref<2x3x4x4xf32>
            %1 = memref.load %alloc_7[%arg6] : memref<3xf32>
            %2 = memref.load %alloc_12[%arg6] : memref<3xf32>
            %3 = memref.load %alloc[%arg6] : memref<3xf32>
            %4 = memref.load %arg1[%arg6] : memref<3xf32>
            %5 = memref.load %arg2[%arg6] : memref<3xf32>
            %6 = arith.subf %0, %1 : f32
            %7 = arith.subf %6, %2 : f32
            %8 = arith.mulf %7, %3 : f32
            %9 = arith.mulf %8, %4 : f32
            %10 = arith.addf %9, %5 : f32
            memref.store %10, %alloc_13[%arg5, %arg6, %arg7, %arg8] : memref<2x3x4x4xf32>
          }
        }
      }
    }
    %alloc_14 = memref.alloc() {alignment = 64 : i64} : memref<3xf32>
    scf.for %arg5 = %c0 to %c3 step %c1 {
      %0 = memref.load %arg3[%arg5] : memref<3xf32>
      %1 = memref.load %arg4[%arg5] : memref<3xf32>
      %2 = memref.load %alloc_10[%arg5] : memref<3xf32>
      %3 = memref.load %alloc_11[%arg5] : memref<3xf32>
      %4 = arith.mulf %3, %cst_5 : f32
      %5 = arith.divf %4, %cst : f32
      %6 = arith.mulf %0, %cst_1 : f32
      %7 = arith.mulf %2, %cst_0 : f32
      %8 = arith.addf %6, %7 : f32
      %9 = arith.mulf %1, %cst_1 : f32
      %10 = arith.mulf %5, %cst_0 : f32
      %11 = arith.addf %9, %10 : f32
      memref.store %8, %alloc[%arg5] : memref<3xf32>
      memref.store %11, %alloc_14[%arg5] : memref<3xf32>
    }
    memref.dealloc %alloc_6 : memref<3xf32>
    memref.dealloc %alloc_7 : memref<3xf32>
    memref.dealloc %alloc_8 : memref<3xf32>
    memref.dealloc %alloc_9 : memref<3xf32>
    memref.dealloc %alloc_10 : memref<3xf32>
    memref.dealloc %alloc_11 : memref<3xf32>
    memref.dealloc %alloc_12 : memref<3xf32>
    return %alloc_13, %alloc, %alloc_14 : memref<2x3x4x4xf32>, memref<3xf32>, memref<3xf32>
  }
}

