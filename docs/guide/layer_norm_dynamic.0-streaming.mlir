// -----// IR Dump After NormStreamStoresPass (norm-stream-stores) //----- //
#map = affine_map<(d0)[s0] -> (-d0 + s0, 8)>
module {
  llvm.mlir.global internal constant @norm_check_message_1("norm.layer_norm at layer_norm_dynamic.mlir:2:8: 'bias' has %lld elements but the normalized dim has %lld\0A\00") {addr_space = 0 : i32}
  llvm.mlir.global internal constant @norm_check_message_0("norm.layer_norm at layer_norm_dynamic.mlir:2:8: 'scale' has %lld elements but the normalized dim has %lld\0A\00") {addr_space = 0 : i32}
  llvm.func @abort()
  llvm.func @dprintf(i32, !llvm.ptr, ...) -> i32
  func.func @layer_norm(%arg0: memref<?x?xf32>, %arg1: memref<?xf32>, %arg2: memref<?xf32>) -> memref<?x?xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %dim = memref.dim %arg0, %c1 : memref<?x?xf32>
    %dim_0 = memref.dim %arg1, %c0 : memref<?xf32>
    %0 = arith.cmpi ne, %dim_0, %dim : index
    scf.if %0 {
      %4 = llvm.mlir.addressof @norm_check_message_0 : !llvm.ptr
      %5 = llvm.mlir.constant(2 : i32) : i32
      %6 = arith.index_cast %dim_0 : index to i64
      %7 = arith.index_cast %dim : index to i64
      %8 = llvm.call @dprintf(%5, %4, %6, %7) vararg(!llvm.func<i32 (i32, ptr, ...)>) : (i32, !llvm.ptr, i64, i64) -> i32
      llvm.call @abort() : () -> ()
    }
    %dim_1 = memref.dim %arg2, %c0 : memref<?xf32>
    %1 = arith.cmpi ne, %dim_1, %dim : index
    scf.if %1 {
      %4 = llvm.mlir.addressof @norm_check_message_1 : !llvm.ptr
      %5 = llvm.mlir.constant(2 : i32) : i32
      %6 = arith.index_cast %dim_1 : index to i64
      %7 = arith.index_cast %dim : index to i64
      %8 = llvm.call @dprintf(%5, %4, %6, %7) vararg(!llvm.func<i32 (i32, ptr, ...)>) : (i32, !llvm.ptr, i64, i64) -> i32
      llvm.call @abort() : () -> ()
    }
    %2 = call @layer_norm_layer_norm(%arg0, %arg1, %arg2) : (memref<?x?xf32>, memref<?xf32>, memref<?xf32>) -> memref<?x?xf32>
    %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %2 : memref<?x?xf32> -> memref<f32>, index, index, index, index, index
    %intptr = memref.extract_aligned_pointer_as_index %base_buffer : memref<f32> -> index
    %intptr_2 = memref.extract_aligned_pointer_as_index %2 : memref<?x?xf32> -> index
    %3 = arith.cmpi ne, %intptr, %intptr_2 : index
    scf.if %3 {
      memref.dealloc %base_buffer : memref<f32>
    }
    return %2 : memref<?x?xf32>
  }
  func.func private @layer_norm_layer_norm(%arg0: memref<?x?xf32>, %arg1: memref<?xf32>, %arg2: memref<?xf32>) -> memref<?x?xf32> attributes {norm.kernel} {
    %cst = arith.constant 9.99999974E-6 : f32
    %cst_0 = arith.constant 1.000000e+00 : f32
    %c24 = arith.constant 24 : index
    %c16 = arith.constant 16 : index
    %c8 = arith.constant 8 : index
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant dense<0.000000e+00> : vector<8xf32>
    %c32 = arith.constant 32 : index
    %c1 = arith.constant 1 : index
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x?xf32>
    %dim_3 = memref.dim %arg0, %c1 : memref<?x?xf32>
    %alloc = memref.alloc(%dim, %dim_3) {alignment = 64 : i64} : memref<?x?xf32>
    scf.forall (%arg3) = (0) to (%dim) step (8) {
      %0 = affine.min #map(%arg3)[%dim]
      %subview = memref.subview %arg0[%arg3, 0] [%0, %dim_3] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %1 = arith.index_castui %dim_3 : index to i64
      %2 = arith.uitofp %1 : i64 to f32
      %3 = arith.remui %dim_3, %c32 : index
      %4 = arith.subi %dim_3, %3 : index
      %subview_4 = memref.subview %alloc[%arg3, 0] [%0, %dim_3] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %0 step %c1 {
        %5:4 = scf.for %arg5 = %c0 to %4 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %39 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %40 = arith.addf %arg6, %39 fastmath<reassoc> : vector<8xf32>
          %41 = arith.addi %arg5, %c8 : index
          %42 = vector.transfer_read %subview[%arg4, %41], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %43 = arith.addf %arg7, %42 fastmath<reassoc> : vector<8xf32>
          %44 = arith.addi %arg5, %c16 : index
          %45 = vector.transfer_read %subview[%arg4, %44], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %46 = arith.addf %arg8, %45 fastmath<reassoc> : vector<8xf32>
          %47 = arith.addi %arg5, %c24 : index
          %48 = vector.transfer_read %subview[%arg4, %47], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %49 = arith.addf %arg9, %48 fastmath<reassoc> : vector<8xf32>
          scf.yield %40, %43, %46, %49 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %6 = scf.for %arg5 = %4 to %dim_3 step %c8 iter_args(%arg6 = %5#0) -> (vector<8xf32>) {
          %39 = arith.subi %dim_3, %arg5 : index
          %40 = vector.create_mask %39 : vector<8xi1>
          %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %40 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %42 = arith.addf %arg6, %41 fastmath<reassoc> : vector<8xf32>
          scf.yield %42 : vector<8xf32>
        }
        %7 = arith.addf %6, %5#1 fastmath<reassoc> : vector<8xf32>
        %8 = arith.addf %7, %5#2 fastmath<reassoc> : vector<8xf32>
        %9 = arith.addf %8, %5#3 fastmath<reassoc> : vector<8xf32>
        %10 = vector.reduction <add>, %9 fastmath<reassoc> : vector<8xf32> into f32
        %11 = arith.divf %10, %2 : f32
        %12 = vector.broadcast %11 : f32 to vector<8xf32>
        %13:8 = scf.for %arg5 = %c0 to %4 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %39 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %40 = arith.subf %39, %12 : vector<8xf32>
          %41 = arith.mulf %40, %40 : vector<8xf32>
          %42 = arith.addf %arg6, %40 fastmath<reassoc> : vector<8xf32>
          %43 = arith.addf %arg10, %41 fastmath<reassoc> : vector<8xf32>
          %44 = arith.addi %arg5, %c8 : index
          %45 = vector.transfer_read %subview[%arg4, %44], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %46 = arith.subf %45, %12 : vector<8xf32>
          %47 = arith.mulf %46, %46 : vector<8xf32>
          %48 = arith.addf %arg7, %46 fastmath<reassoc> : vector<8xf32>
          %49 = arith.addf %arg11, %47 fastmath<reassoc> : vector<8xf32>
          %50 = arith.addi %arg5, %c16 : index
          %51 = vector.transfer_read %subview[%arg4, %50], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %52 = arith.subf %51, %12 : vector<8xf32>
          %53 = arith.mulf %52, %52 : vector<8xf32>
          %54 = arith.addf %arg8, %52 fastmath<reassoc> : vector<8xf32>
          %55 = arith.addf %arg12, %53 fastmath<reassoc> : vector<8xf32>
          %56 = arith.addi %arg5, %c24 : index
          %57 = vector.transfer_read %subview[%arg4, %56], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %58 = arith.subf %57, %12 : vector<8xf32>
          %59 = arith.mulf %58, %58 : vector<8xf32>
          %60 = arith.addf %arg9, %58 fastmath<reassoc> : vector<8xf32>
          %61 = arith.addf %arg13, %59 fastmath<reassoc> : vector<8xf32>
          scf.yield %42, %48, %54, %60, %43, %49, %55, %61 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %14:2 = scf.for %arg5 = %4 to %dim_3 step %c8 iter_args(%arg6 = %13#0, %arg7 = %13#4) -> (vector<8xf32>, vector<8xf32>) {
          %39 = arith.subi %dim_3, %arg5 : index
          %40 = vector.create_mask %39 : vector<8xi1>
          %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %40 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %42 = arith.subf %41, %12 : vector<8xf32>
          %43 = arith.select %40, %42, %cst_2 : vector<8xi1>, vector<8xf32>
          %44 = arith.mulf %43, %43 : vector<8xf32>
          %45 = arith.addf %arg6, %43 fastmath<reassoc> : vector<8xf32>
          %46 = arith.addf %arg7, %44 fastmath<reassoc> : vector<8xf32>
          scf.yield %45, %46 : vector<8xf32>, vector<8xf32>
        }
        %15 = arith.addf %14#0, %13#1 fastmath<reassoc> : vector<8xf32>
        %16 = arith.addf %15, %13#2 fastmath<reassoc> : vector<8xf32>
        %17 = arith.addf %16, %13#3 fastmath<reassoc> : vector<8xf32>
        %18 = vector.reduction <add>, %17 fastmath<reassoc> : vector<8xf32> into f32
        %19 = arith.addf %14#1, %13#5 fastmath<reassoc> : vector<8xf32>
        %20 = arith.addf %19, %13#6 fastmath<reassoc> : vector<8xf32>
        %21 = arith.addf %20, %13#7 fastmath<reassoc> : vector<8xf32>
        %22 = vector.reduction <add>, %21 fastmath<reassoc> : vector<8xf32> into f32
        %23 = arith.divf %18, %2 : f32
        %24 = arith.divf %22, %2 : f32
        %25 = arith.mulf %23, %23 : f32
        %26 = arith.subf %24, %25 : f32
        %27 = arith.maximumf %26, %cst_1 : f32
        %28 = arith.addf %27, %cst : f32
        %29 = math.sqrt %28 : f32
        %30 = arith.divf %cst_0, %29 : f32
        %31 = vector.broadcast %23 : f32 to vector<8xf32>
        %32 = vector.broadcast %30 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %33 = arith.muli %arg4, %strides#0 : index
        %34 = arith.addi %offset, %33 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4 = arith.constant 4 : index
        %35 = arith.muli %34, %c4 : index
        %36 = arith.addi %intptr, %35 : index
        %c32_5 = arith.constant 32 : index
        %37 = arith.remui %36, %c32_5 : index
        %c0_6 = arith.constant 0 : index
        %38 = arith.cmpi eq, %37, %c0_6 : index
        scf.if %38 {
          scf.for %arg5 = %c0 to %4 step %c32 {
            %39 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %40 = arith.subf %39, %12 : vector<8xf32>
            %41 = arith.subf %40, %31 : vector<8xf32>
            %42 = arith.mulf %41, %32 : vector<8xf32>
            %43 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %44 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %45 = math.fma %42, %43, %44 : vector<8xf32>
            vector.store %45, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %46 = arith.addi %arg5, %c8 : index
            %47 = vector.transfer_read %subview[%arg4, %46], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %48 = arith.subf %47, %12 : vector<8xf32>
            %49 = arith.subf %48, %31 : vector<8xf32>
            %50 = arith.mulf %49, %32 : vector<8xf32>
            %51 = vector.transfer_read %arg1[%46], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %52 = vector.transfer_read %arg2[%46], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %53 = math.fma %50, %51, %52 : vector<8xf32>
            vector.store %53, %subview_4[%arg4, %46] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %54 = arith.addi %arg5, %c16 : index
            %55 = vector.transfer_read %subview[%arg4, %54], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %56 = arith.subf %55, %12 : vector<8xf32>
            %57 = arith.subf %56, %31 : vector<8xf32>
            %58 = arith.mulf %57, %32 : vector<8xf32>
            %59 = vector.transfer_read %arg1[%54], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %60 = vector.transfer_read %arg2[%54], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %61 = math.fma %58, %59, %60 : vector<8xf32>
            vector.store %61, %subview_4[%arg4, %54] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %62 = arith.addi %arg5, %c24 : index
            %63 = vector.transfer_read %subview[%arg4, %62], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %64 = arith.subf %63, %12 : vector<8xf32>
            %65 = arith.subf %64, %31 : vector<8xf32>
            %66 = arith.mulf %65, %32 : vector<8xf32>
            %67 = vector.transfer_read %arg1[%62], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %68 = vector.transfer_read %arg2[%62], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %69 = math.fma %66, %67, %68 : vector<8xf32>
            vector.store %69, %subview_4[%arg4, %62] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %4 step %c32 {
            %39 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %40 = arith.subf %39, %12 : vector<8xf32>
            %41 = arith.subf %40, %31 : vector<8xf32>
            %42 = arith.mulf %41, %32 : vector<8xf32>
            %43 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %44 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %45 = math.fma %42, %43, %44 : vector<8xf32>
            vector.transfer_write %45, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %46 = arith.addi %arg5, %c8 : index
            %47 = vector.transfer_read %subview[%arg4, %46], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %48 = arith.subf %47, %12 : vector<8xf32>
            %49 = arith.subf %48, %31 : vector<8xf32>
            %50 = arith.mulf %49, %32 : vector<8xf32>
            %51 = vector.transfer_read %arg1[%46], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %52 = vector.transfer_read %arg2[%46], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %53 = math.fma %50, %51, %52 : vector<8xf32>
            vector.transfer_write %53, %subview_4[%arg4, %46] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %54 = arith.addi %arg5, %c16 : index
            %55 = vector.transfer_read %subview[%arg4, %54], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %56 = arith.subf %55, %12 : vector<8xf32>
            %57 = arith.subf %56, %31 : vector<8xf32>
            %58 = arith.mulf %57, %32 : vector<8xf32>
            %59 = vector.transfer_read %arg1[%54], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %60 = vector.transfer_read %arg2[%54], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %61 = math.fma %58, %59, %60 : vector<8xf32>
            vector.transfer_write %61, %subview_4[%arg4, %54] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %62 = arith.addi %arg5, %c24 : index
            %63 = vector.transfer_read %subview[%arg4, %62], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %64 = arith.subf %63, %12 : vector<8xf32>
            %65 = arith.subf %64, %31 : vector<8xf32>
            %66 = arith.mulf %65, %32 : vector<8xf32>
            %67 = vector.transfer_read %arg1[%62], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %68 = vector.transfer_read %arg2[%62], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %69 = math.fma %66, %67, %68 : vector<8xf32>
            vector.transfer_write %69, %subview_4[%arg4, %62] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %4 to %dim_3 step %c8 {
          %39 = arith.subi %dim_3, %arg5 : index
          %40 = vector.create_mask %39 : vector<8xi1>
          %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %40 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %42 = arith.subf %41, %12 : vector<8xf32>
          %43 = arith.subf %42, %31 : vector<8xf32>
          %44 = arith.mulf %43, %32 : vector<8xf32>
          %45 = vector.transfer_read %arg1[%arg5], %cst_1, %40 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %46 = vector.transfer_read %arg2[%arg5], %cst_1, %40 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %47 = math.fma %44, %45, %46 : vector<8xf32>
          vector.transfer_write %47, %subview_4[%arg4, %arg5], %40 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


