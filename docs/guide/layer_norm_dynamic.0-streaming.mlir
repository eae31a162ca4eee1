// -----// IR Dump After NormStreamStoresPass (norm-stream-stores) //----- //
#map = affine_map<(d0)[s0] -> (-d0 + s0, 8)>
module {
  llvm.mlir.global internal constant @norm_check_message_1("norm.layer_norm at layer_norm_dynamic.mlir:2:8: 'bias' has %lld elements but the normalized dim has %lld\0A\00") {addr_space = 0 : i32}
  llvm.mlir.global internal constant @norm_check_message_0("norm.layer_norm at layer_norm_dynamic.mlir:2:8: 'scale' has %lld elements but the normalized dim has %lld\0A\00") {addr_space = 0 : i32}
  llvm.func @abort()
  llvm.func @dprintf(i32, !llvm.ptr, ...) -> i32
  func.func @layer_norm(%arg0: memref<?x?xf32>, %arg1: memref<?xf32>, %arg2: memref<?xf32>) -> memref<?x?xf32> {
    %cst = arith.constant 9.99999974E-6 : f32
    %cst_0 = arith.constant 1.000000e+00 : f32
    %c24 = arith.constant 24 : index
    %c16 = arith.constant 16 : index
    %c8 = arith.constant 8 : index
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant dense<0.000000e+00> : vector<8xf32>
    %c32 = arith.constant 32 : index
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %dim = memref.dim %arg0, %c1 : memref<?x?xf32>
    %dim_3 = memref.dim %arg1, %c0 : memref<?xf32>
    %0 = arith.cmpi ne, %dim_3, %dim : index
    scf.if %0 {
      %2 = llvm.mlir.addressof @norm_check_message_0 : !llvm.ptr
      %3 = llvm.mlir.constant(2 : i32) : i32
      %4 = arith.index_cast %dim_3 : index to i64
      %5 = arith.index_cast %dim : index to i64
      %6 = llvm.call @dprintf(%3, %2, %4, %5) vararg(!llvm.func<i32 (i32, ptr, ...)>) : (i32, !llvm.ptr, i64, i64) -> i32
      llvm.call @abort() : () -> ()
    }
    %dim_4 = memref.dim %arg2, %c0 : memref<?xf32>
    %1 = arith.cmpi ne, %dim_4, %dim : index
    scf.if %1 {
      %2 = llvm.mlir.addressof @norm_check_message_1 : !llvm.ptr
      %3 = llvm.mlir.constant(2 : i32) : i32
      %4 = arith.index_cast %dim_4 : index to i64
      %5 = arith.index_cast %dim : index to i64
      %6 = llvm.call @dprintf(%3, %2, %4, %5) vararg(!llvm.func<i32 (i32, ptr, ...)>) : (i32, !llvm.ptr, i64, i64) -> i32
      llvm.call @abort() : () -> ()
    }
    %dim_5 = memref.dim %arg0, %c0 : memref<?x?xf32>
    %alloc = memref.alloc(%dim_5, %dim) {alignment = 64 : i64} : memref<?x?xf32>
    scf.forall (%arg3) = (0) to (%dim_5) step (8) {
      %2 = affine.min #map(%arg3)[%dim_5]
      %subview = memref.subview %arg0[%arg3, 0] [%2, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %3 = arith.index_castui %dim : index to i64
      %4 = arith.uitofp %3 : i64 to f32
      %5 = arith.remui %dim, %c32 : index
      %6 = arith.subi %dim, %5 : index
      %subview_6 = memref.subview %alloc[%arg3, 0] [%2, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %2 step %c1 {
        %7:4 = scf.for %arg5 = %c0 to %6 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %42 = arith.addf %arg6, %41 fastmath<reassoc> : vector<8xf32>
          %43 = arith.addi %arg5, %c8 : index
          %44 = vector.transfer_read %subview[%arg4, %43], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.addf %arg7, %44 fastmath<reassoc> : vector<8xf32>
          %46 = arith.addi %arg5, %c16 : index
          %47 = vector.transfer_read %subview[%arg4, %46], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %48 = arith.addf %arg8, %47 fastmath<reassoc> : vector<8xf32>
          %49 = arith.addi %arg5, %c24 : index
          %50 = vector.transfer_read %subview[%arg4, %49], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %51 = arith.addf %arg9, %50 fastmath<reassoc> : vector<8xf32>
          scf.yield %42, %45, %48, %51 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %8 = scf.for %arg5 = %6 to %dim step %c8 iter_args(%arg6 = %7#0) -> (vector<8xf32>) {
          %41 = arith.subi %dim, %arg5 : index
          %42 = vector.create_mask %41 : vector<8xi1>
          %43 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %42 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %44 = arith.addf %arg6, %43 fastmath<reassoc> : vector<8xf32>
          scf.yield %44 : vector<8xf32>
        }
        %9 = arith.addf %8, %7#1 fastmath<reassoc> : vector<8xf32>
        %10 = arith.addf %9, %7#2 fastmath<reassoc> : vector<8xf32>
        %11 = arith.addf %10, %7#3 fastmath<reassoc> : vector<8xf32>
        %12 = vector.reduction <add>, %11 fastmath<reassoc> : vector<8xf32> into f32
        %13 = arith.divf %12, %4 : f32
        %14 = vector.broadcast %13 : f32 to vector<8xf32>
        %15:8 = scf.for %arg5 = %c0 to %6 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %42 = arith.subf %41, %14 : vector<8xf32>
          %43 = arith.mulf %42, %42 : vector<8xf32>
          %44 = arith.addf %arg6, %42 fastmath<reassoc> : vector<8xf32>
          %45 = arith.addf %arg10, %43 fastmath<reassoc> : vector<8xf32>
          %46 = arith.addi %arg5, %c8 : index
          %47 = vector.transfer_read %subview[%arg4, %46], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %48 = arith.subf %47, %14 : vector<8xf32>
          %49 = arith.mulf %48, %48 : vector<8xf32>
          %50 = arith.addf %arg7, %48 fastmath<reassoc> : vector<8xf32>
          %51 = arith.addf %arg11, %49 fastmath<reassoc> : vector<8xf32>
          %52 = arith.addi %arg5, %c16 : index
          %53 = vector.transfer_read %subview[%arg4, %52], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %54 = arith.subf %53, %14 : vector<8xf32>
          %55 = arith.mulf %54, %54 : vector<8xf32>
          %56 = arith.addf %arg8, %54 fastmath<reassoc> : vector<8xf32>
          %57 = arith.addf %arg12, %55 fastmath<reassoc> : vector<8xf32>
          %58 = arith.addi %arg5, %c24 : index
          %59 = vector.transfer_read %subview[%arg4, %58], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.subf %59, %14 : vector<8xf32>
          %61 = arith.mulf %60, %60 : vector<8xf32>
          %62 = arith.addf %arg9, %60 fastmath<reassoc> : vector<8xf32>
          %63 = arith.addf %arg13, %61 fastmath<reassoc> : vector<8xf32>
          scf.yield %44, %50, %56, %62, %45, %51, %57, %63 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %16:2 = scf.for %arg5 = %6 to %dim step %c8 iter_args(%arg6 = %15#0, %arg7 = %15#4) -> (vector<8xf32>, vector<8xf32>) {
          %41 = arith.subi %dim, %arg5 : index
          %42 = vector.create_mask %41 : vector<8xi1>
          %43 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %42 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %44 = arith.subf %43, %14 : vector<8xf32>
          %45 = arith.select %42, %44, %cst_2 : vector<8xi1>, vector<8xf32>
          %46 = arith.mulf %45, %45 : vector<8xf32>
          %47 = arith.addf %arg6, %45 fastmath<reassoc> : vector<8xf32>
          %48 = arith.addf %arg7, %46 fastmath<reassoc> : vector<8xf32>
          scf.yield %47, %48 : vector<8xf32>, vector<8xf32>
        }
        %17 = arith.addf %16#0, %15#1 fastmath<reassoc> : vector<8xf32>
        %18 = arith.addf %17, %15#2 fastmath<reassoc> : vector<8xf32>
        %19 = arith.addf %18, %15#3 fastmath<reassoc> : vector<8xf32>
        %20 = vector.reduction <add>, %19 fastmath<reassoc> : vector<8xf32> into f32
        %21 = arith.addf %16#1, %15#5 fastmath<reassoc> : vector<8xf32>
        %22 = arith.addf %21, %15#6 fastmath<reassoc> : vector<8xf32>
        %23 = arith.addf %22, %15#7 fastmath<reassoc> : vector<8xf32>
        %24 = vector.reduction <add>, %23 fastmath<reassoc> : vector<8xf32> into f32
        %25 = arith.divf %20, %4 : f32
        %26 = arith.divf %24, %4 : f32
        %27 = arith.mulf %25, %25 : f32
        %28 = arith.subf %26, %27 : f32
        %29 = arith.maximumf %28, %cst_1 : f32
        %30 = arith.addf %29, %cst : f32
        %31 = math.sqrt %30 : f32
        %32 = arith.divf %cst_0, %31 : f32
        %33 = vector.broadcast %25 : f32 to vector<8xf32>
        %34 = vector.broadcast %32 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_6 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %35 = arith.muli %arg4, %strides#0 : index
        %36 = arith.addi %offset, %35 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_6 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4 = arith.constant 4 : index
        %37 = arith.muli %36, %c4 : index
        %38 = arith.addi %intptr, %37 : index
        %c32_7 = arith.constant 32 : index
        %39 = arith.remui %38, %c32_7 : index
        %c0_8 = arith.constant 0 : index
        %40 = arith.cmpi eq, %39, %c0_8 : index
        scf.if %40 {
          scf.for %arg5 = %c0 to %6 step %c32 {
            %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %42 = arith.subf %41, %14 : vector<8xf32>
            %43 = arith.subf %42, %33 : vector<8xf32>
            %44 = arith.mulf %43, %34 : vector<8xf32>
            %45 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %46 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %47 = math.fma %44, %45, %46 : vector<8xf32>
            vector.store %47, %subview_6[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %48 = arith.addi %arg5, %c8 : index
            %49 = vector.transfer_read %subview[%arg4, %48], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %50 = arith.subf %49, %14 : vector<8xf32>
            %51 = arith.subf %50, %33 : vector<8xf32>
            %52 = arith.mulf %51, %34 : vector<8xf32>
            %53 = vector.transfer_read %arg1[%48], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %54 = vector.transfer_read %arg2[%48], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %55 = math.fma %52, %53, %54 : vector<8xf32>
            vector.store %55, %subview_6[%arg4, %48] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %56 = arith.addi %arg5, %c16 : index
            %57 = vector.transfer_read %subview[%arg4, %56], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %58 = arith.subf %57, %14 : vector<8xf32>
            %59 = arith.subf %58, %33 : vector<8xf32>
            %60 = arith.mulf %59, %34 : vector<8xf32>
            %61 = vector.transfer_read %arg1[%56], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %62 = vector.transfer_read %arg2[%56], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %63 = math.fma %60, %61, %62 : vector<8xf32>
            vector.store %63, %subview_6[%arg4, %56] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %64 = arith.addi %arg5, %c24 : index
            %65 = vector.transfer_read %subview[%arg4, %64], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %66 = arith.subf %65, %14 : vector<8xf32>
            %67 = arith.subf %66, %33 : vector<8xf32>
            %68 = arith.mulf %67, %34 : vector<8xf32>
            %69 = vector.transfer_read %arg1[%64], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %70 = vector.transfer_read %arg2[%64], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %71 = math.fma %68, %69, %70 : vector<8xf32>
            vector.store %71, %subview_6[%arg4, %64] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %6 step %c32 {
            %41 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %42 = arith.subf %41, %14 : vector<8xf32>
            %43 = arith.subf %42, %33 : vector<8xf32>
            %44 = arith.mulf %43, %34 : vector<8xf32>
            %45 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %46 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %47 = math.fma %44, %45, %46 : vector<8xf32>
            vector.transfer_write %47, %subview_6[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %48 = arith.addi %arg5, %c8 : index
            %49 = vector.transfer_read %subview[%arg4, %48], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %50 = arith.subf %49, %14 : vector<8xf32>
            %51 = arith.subf %50, %33 : vector<8xf32>
            %52 = arith.mulf %51, %34 : vector<8xf32>
            %53 = vector.transfer_read %arg1[%48], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %54 = vector.transfer_read %arg2[%48], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %55 = math.fma %52, %53, %54 : vector<8xf32>
            vector.transfer_write %55, %subview_6[%arg4, %48] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %56 = arith.addi %arg5, %c16 : index
            %57 = vector.transfer_read %subview[%arg4, %56], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %58 = arith.subf %57, %14 : vector<8xf32>
            %59 = arith.subf %58, %33 : vector<8xf32>
            %60 = arith.mulf %59, %34 : vector<8xf32>
            %61 = vector.transfer_read %arg1[%56], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %62 = vector.transfer_read %arg2[%56], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %63 = math.fma %60, %61, %62 : vector<8xf32>
            vector.transfer_write %63, %subview_6[%arg4, %56] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %64 = arith.addi %arg5, %c24 : index
            %65 = vector.transfer_read %subview[%arg4, %64], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %66 = arith.subf %65, %14 : vector<8xf32>
            %67 = arith.subf %66, %33 : vector<8xf32>
            %68 = arith.mulf %67, %34 : vector<8xf32>
            %69 = vector.transfer_read %arg1[%64], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %70 = vector.transfer_read %arg2[%64], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %71 = math.fma %68, %69, %70 : vector<8xf32>
            vector.transfer_write %71, %subview_6[%arg4, %64] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %6 to %dim step %c8 {
          %41 = arith.subi %dim, %arg5 : index
          %42 = vector.create_mask %41 : vector<8xi1>
          %43 = vector.transfer_read %subview[%arg4, %arg5], %cst_1, %42 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %44 = arith.subf %43, %14 : vector<8xf32>
          %45 = arith.subf %44, %33 : vector<8xf32>
          %46 = arith.mulf %45, %34 : vector<8xf32>
          %47 = vector.transfer_read %arg1[%arg5], %cst_1, %42 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %48 = vector.transfer_read %arg2[%arg5], %cst_1, %42 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %49 = math.fma %46, %47, %48 : vector<8xf32>
          vector.transfer_write %49, %subview_6[%arg4, %arg5], %42 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


