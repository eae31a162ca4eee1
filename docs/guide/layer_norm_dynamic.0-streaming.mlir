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
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant dense<0.000000e+00> : vector<8xf32>
    %c8 = arith.constant 8 : index
    %c32 = arith.constant 32 : index
    %c1 = arith.constant 1 : index
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?x?xf32>
    %dim_3 = memref.dim %arg0, %c1 : memref<?x?xf32>
    %alloc = memref.alloc(%dim, %dim_3) {alignment = 64 : i64} : memref<?x?xf32>
    scf.forall (%arg3) = (0) to (%dim) step (8) {
      %0 = affine.min #map(%arg3)[%dim]
      %subview = memref.subview %arg0[%arg3, 0] [%0, %dim_3] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %1 = arith.remui %dim_3, %c32 : index
      %2 = arith.subi %dim_3, %1 : index
      %3 = arith.remui %dim_3, %c8 : index
      %4 = arith.subi %dim_3, %3 : index
      %5 = arith.index_castui %dim_3 : index to i64
      %6 = arith.uitofp %5 : i64 to f32
      %subview_4 = memref.subview %alloc[%arg3, 0] [%0, %dim_3] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %0 step %c1 {
        %7:4 = scf.for %arg5 = %c0 to %2 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.addf %arg6, %44 fastmath<reassoc> : vector<8xf32>
          %46 = arith.addi %arg5, %c8 : index
          %47 = vector.transfer_read %subview[%arg4, %46], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %48 = arith.addf %arg7, %47 fastmath<reassoc> : vector<8xf32>
          %49 = arith.addi %arg5, %c16 : index
          %50 = vector.transfer_read %subview[%arg4, %49], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %51 = arith.addf %arg8, %50 fastmath<reassoc> : vector<8xf32>
          %52 = arith.addi %arg5, %c24 : index
          %53 = vector.transfer_read %subview[%arg4, %52], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %54 = arith.addf %arg9, %53 fastmath<reassoc> : vector<8xf32>
          scf.yield %45, %48, %51, %54 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %8 = scf.for %arg5 = %2 to %4 step %c8 iter_args(%arg6 = %7#0) -> (vector<8xf32>) {
          %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.addf %arg6, %44 fastmath<reassoc> : vector<8xf32>
          scf.yield %45 : vector<8xf32>
        }
        %9 = arith.cmpi ult, %4, %dim_3 : index
        %10 = scf.if %9 -> (vector<8xf32>) {
          %44 = arith.subi %dim_3, %4 : index
          %45 = vector.create_mask %44 : vector<8xi1>
          %46 = vector.transfer_read %subview[%arg4, %4], %cst_1, %45 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %47 = arith.select %45, %46, %cst_2 : vector<8xi1>, vector<8xf32>
          %48 = arith.addf %8, %47 fastmath<reassoc> : vector<8xf32>
          scf.yield %48 : vector<8xf32>
        } else {
          scf.yield %8 : vector<8xf32>
        }
        %11 = arith.addf %10, %7#1 fastmath<reassoc> : vector<8xf32>
        %12 = arith.addf %11, %7#2 fastmath<reassoc> : vector<8xf32>
        %13 = arith.addf %12, %7#3 fastmath<reassoc> : vector<8xf32>
        %14 = vector.reduction <add>, %13 fastmath<reassoc> : vector<8xf32> into f32
        %15 = arith.divf %14, %6 : f32
        %16 = vector.broadcast %15 : f32 to vector<8xf32>
        %17:8 = scf.for %arg5 = %c0 to %2 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.subf %44, %16 : vector<8xf32>
          %46 = arith.mulf %45, %45 : vector<8xf32>
          %47 = arith.addf %arg6, %45 fastmath<reassoc> : vector<8xf32>
          %48 = arith.addf %arg10, %46 fastmath<reassoc> : vector<8xf32>
          %49 = arith.addi %arg5, %c8 : index
          %50 = vector.transfer_read %subview[%arg4, %49], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %51 = arith.subf %50, %16 : vector<8xf32>
          %52 = arith.mulf %51, %51 : vector<8xf32>
          %53 = arith.addf %arg7, %51 fastmath<reassoc> : vector<8xf32>
          %54 = arith.addf %arg11, %52 fastmath<reassoc> : vector<8xf32>
          %55 = arith.addi %arg5, %c16 : index
          %56 = vector.transfer_read %subview[%arg4, %55], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %57 = arith.subf %56, %16 : vector<8xf32>
          %58 = arith.mulf %57, %57 : vector<8xf32>
          %59 = arith.addf %arg8, %57 fastmath<reassoc> : vector<8xf32>
          %60 = arith.addf %arg12, %58 fastmath<reassoc> : vector<8xf32>
          %61 = arith.addi %arg5, %c24 : index
          %62 = vector.transfer_read %subview[%arg4, %61], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %63 = arith.subf %62, %16 : vector<8xf32>
          %64 = arith.mulf %63, %63 : vector<8xf32>
          %65 = arith.addf %arg9, %63 fastmath<reassoc> : vector<8xf32>
          %66 = arith.addf %arg13, %64 fastmath<reassoc> : vector<8xf32>
          scf.yield %47, %53, %59, %65, %48, %54, %60, %66 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %18:2 = scf.for %arg5 = %2 to %4 step %c8 iter_args(%arg6 = %17#0, %arg7 = %17#4) -> (vector<8xf32>, vector<8xf32>) {
          %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.subf %44, %16 : vector<8xf32>
          %46 = arith.mulf %45, %45 : vector<8xf32>
          %47 = arith.addf %arg6, %45 fastmath<reassoc> : vector<8xf32>
          %48 = arith.addf %arg7, %46 fastmath<reassoc> : vector<8xf32>
          scf.yield %47, %48 : vector<8xf32>, vector<8xf32>
        }
        %19:2 = scf.if %9 -> (vector<8xf32>, vector<8xf32>) {
          %44 = arith.subi %dim_3, %4 : index
          %45 = vector.create_mask %44 : vector<8xi1>
          %46 = vector.transfer_read %subview[%arg4, %4], %cst_1, %45 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %47 = arith.subf %46, %16 : vector<8xf32>
          %48 = arith.mulf %47, %47 : vector<8xf32>
          %49 = arith.select %45, %47, %cst_2 : vector<8xi1>, vector<8xf32>
          %50 = arith.addf %18#0, %49 fastmath<reassoc> : vector<8xf32>
          %51 = arith.select %45, %48, %cst_2 : vector<8xi1>, vector<8xf32>
          %52 = arith.addf %18#1, %51 fastmath<reassoc> : vector<8xf32>
          scf.yield %50, %52 : vector<8xf32>, vector<8xf32>
        } else {
          scf.yield %18#0, %18#1 : vector<8xf32>, vector<8xf32>
        }
        %20 = arith.addf %19#0, %17#1 fastmath<reassoc> : vector<8xf32>
        %21 = arith.addf %20, %17#2 fastmath<reassoc> : vector<8xf32>
        %22 = arith.addf %21, %17#3 fastmath<reassoc> : vector<8xf32>
        %23 = arith.addf %19#1, %17#5 fastmath<reassoc> : vector<8xf32>
        %24 = arith.addf %23, %17#6 fastmath<reassoc> : vector<8xf32>
        %25 = arith.addf %24, %17#7 fastmath<reassoc> : vector<8xf32>
        %26 = vector.reduction <add>, %22 fastmath<reassoc> : vector<8xf32> into f32
        %27 = vector.reduction <add>, %25 fastmath<reassoc> : vector<8xf32> into f32
        %28 = arith.divf %26, %6 : f32
        %29 = arith.divf %27, %6 : f32
        %30 = arith.mulf %28, %28 : f32
        %31 = arith.subf %29, %30 : f32
        %32 = arith.maximumf %31, %cst_1 : f32
        %33 = arith.addf %32, %cst : f32
        %34 = math.sqrt %33 : f32
        %35 = arith.divf %cst_0, %34 : f32
        %36 = vector.broadcast %28 : f32 to vector<8xf32>
        %37 = vector.broadcast %35 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %38 = arith.muli %arg4, %strides#0 : index
        %39 = arith.addi %offset, %38 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4 = arith.constant 4 : index
        %40 = arith.muli %39, %c4 : index
        %41 = arith.addi %intptr, %40 : index
        %c32_5 = arith.constant 32 : index
        %42 = arith.remui %41, %c32_5 : index
        %c0_6 = arith.constant 0 : index
        %43 = arith.cmpi eq, %42, %c0_6 : index
        scf.if %43 {
          scf.for %arg5 = %c0 to %2 step %c32 {
            %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %45 = arith.subf %44, %16 : vector<8xf32>
            %46 = arith.subf %45, %36 : vector<8xf32>
            %47 = arith.mulf %46, %37 : vector<8xf32>
            %48 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %49 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %50 = math.fma %47, %48, %49 : vector<8xf32>
            vector.store %50, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %51 = arith.addi %arg5, %c8 : index
            %52 = vector.transfer_read %subview[%arg4, %51], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %53 = arith.subf %52, %16 : vector<8xf32>
            %54 = arith.subf %53, %36 : vector<8xf32>
            %55 = arith.mulf %54, %37 : vector<8xf32>
            %56 = vector.transfer_read %arg1[%51], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %57 = vector.transfer_read %arg2[%51], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %58 = math.fma %55, %56, %57 : vector<8xf32>
            vector.store %58, %subview_4[%arg4, %51] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %59 = arith.addi %arg5, %c16 : index
            %60 = vector.transfer_read %subview[%arg4, %59], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %61 = arith.subf %60, %16 : vector<8xf32>
            %62 = arith.subf %61, %36 : vector<8xf32>
            %63 = arith.mulf %62, %37 : vector<8xf32>
            %64 = vector.transfer_read %arg1[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = vector.transfer_read %arg2[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = math.fma %63, %64, %65 : vector<8xf32>
            vector.store %66, %subview_4[%arg4, %59] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %67 = arith.addi %arg5, %c24 : index
            %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %69 = arith.subf %68, %16 : vector<8xf32>
            %70 = arith.subf %69, %36 : vector<8xf32>
            %71 = arith.mulf %70, %37 : vector<8xf32>
            %72 = vector.transfer_read %arg1[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = vector.transfer_read %arg2[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = math.fma %71, %72, %73 : vector<8xf32>
            vector.store %74, %subview_4[%arg4, %67] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %2 step %c32 {
            %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %45 = arith.subf %44, %16 : vector<8xf32>
            %46 = arith.subf %45, %36 : vector<8xf32>
            %47 = arith.mulf %46, %37 : vector<8xf32>
            %48 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %49 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %50 = math.fma %47, %48, %49 : vector<8xf32>
            vector.transfer_write %50, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %51 = arith.addi %arg5, %c8 : index
            %52 = vector.transfer_read %subview[%arg4, %51], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %53 = arith.subf %52, %16 : vector<8xf32>
            %54 = arith.subf %53, %36 : vector<8xf32>
            %55 = arith.mulf %54, %37 : vector<8xf32>
            %56 = vector.transfer_read %arg1[%51], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %57 = vector.transfer_read %arg2[%51], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %58 = math.fma %55, %56, %57 : vector<8xf32>
            vector.transfer_write %58, %subview_4[%arg4, %51] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %59 = arith.addi %arg5, %c16 : index
            %60 = vector.transfer_read %subview[%arg4, %59], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %61 = arith.subf %60, %16 : vector<8xf32>
            %62 = arith.subf %61, %36 : vector<8xf32>
            %63 = arith.mulf %62, %37 : vector<8xf32>
            %64 = vector.transfer_read %arg1[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = vector.transfer_read %arg2[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = math.fma %63, %64, %65 : vector<8xf32>
            vector.transfer_write %66, %subview_4[%arg4, %59] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %67 = arith.addi %arg5, %c24 : index
            %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %69 = arith.subf %68, %16 : vector<8xf32>
            %70 = arith.subf %69, %36 : vector<8xf32>
            %71 = arith.mulf %70, %37 : vector<8xf32>
            %72 = vector.transfer_read %arg1[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = vector.transfer_read %arg2[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = math.fma %71, %72, %73 : vector<8xf32>
            vector.transfer_write %74, %subview_4[%arg4, %67] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %2 to %4 step %c8 {
          %44 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %45 = arith.subf %44, %16 : vector<8xf32>
          %46 = arith.subf %45, %36 : vector<8xf32>
          %47 = arith.mulf %46, %37 : vector<8xf32>
          %48 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %49 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %50 = math.fma %47, %48, %49 : vector<8xf32>
          vector.transfer_write %50, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.if %9 {
          %44 = arith.subi %dim_3, %4 : index
          %45 = vector.create_mask %44 : vector<8xi1>
          %46 = vector.transfer_read %subview[%arg4, %4], %cst_1, %45 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %47 = arith.subf %46, %16 : vector<8xf32>
          %48 = arith.subf %47, %36 : vector<8xf32>
          %49 = arith.mulf %48, %37 : vector<8xf32>
          %50 = vector.transfer_read %arg1[%4], %cst_1, %45 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %51 = vector.transfer_read %arg2[%4], %cst_1, %45 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %52 = math.fma %49, %50, %51 : vector<8xf32>
          vector.transfer_write %52, %subview_4[%arg4, %4], %45 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


