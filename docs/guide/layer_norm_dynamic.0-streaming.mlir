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
    %c8388608 = arith.constant 8388608 : index
    %c4 = arith.constant 4 : index
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
      %5 = arith.subi %dim_3, %2 : index
      %6 = arith.muli %5, %c8 : index
      %7 = arith.cmpi ule, %6, %dim_3 : index
      %8 = arith.muli %dim, %c4 : index
      %9 = arith.muli %8, %dim_3 : index
      %10 = arith.cmpi uge, %9, %c8388608 : index
      %11 = arith.andi %7, %10 : i1
      %12 = arith.select %11, %2, %c0 : index
      %13 = arith.index_castui %dim_3 : index to i64
      %14 = arith.uitofp %13 : i64 to f32
      %subview_4 = memref.subview %alloc[%arg3, 0] [%0, %dim_3] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %0 step %c1 {
        %15:4 = scf.for %arg5 = %c0 to %2 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.addf %arg6, %52 fastmath<reassoc> : vector<8xf32>
          %54 = arith.addi %arg5, %c8 : index
          %55 = vector.transfer_read %subview[%arg4, %54], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %56 = arith.addf %arg7, %55 fastmath<reassoc> : vector<8xf32>
          %57 = arith.addi %arg5, %c16 : index
          %58 = vector.transfer_read %subview[%arg4, %57], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %59 = arith.addf %arg8, %58 fastmath<reassoc> : vector<8xf32>
          %60 = arith.addi %arg5, %c24 : index
          %61 = vector.transfer_read %subview[%arg4, %60], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.addf %arg9, %61 fastmath<reassoc> : vector<8xf32>
          scf.yield %53, %56, %59, %62 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %16 = scf.for %arg5 = %2 to %4 step %c8 iter_args(%arg6 = %15#0) -> (vector<8xf32>) {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.addf %arg6, %52 fastmath<reassoc> : vector<8xf32>
          scf.yield %53 : vector<8xf32>
        }
        %17 = arith.cmpi ult, %4, %dim_3 : index
        %18 = scf.if %17 -> (vector<8xf32>) {
          %52 = arith.subi %dim_3, %4 : index
          %53 = vector.create_mask %52 : vector<8xi1>
          %54 = vector.transfer_read %subview[%arg4, %4], %cst_1, %53 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %55 = arith.select %53, %54, %cst_2 : vector<8xi1>, vector<8xf32>
          %56 = arith.addf %16, %55 fastmath<reassoc> : vector<8xf32>
          scf.yield %56 : vector<8xf32>
        } else {
          scf.yield %16 : vector<8xf32>
        }
        %19 = arith.addf %18, %15#1 fastmath<reassoc> : vector<8xf32>
        %20 = arith.addf %19, %15#2 fastmath<reassoc> : vector<8xf32>
        %21 = arith.addf %20, %15#3 fastmath<reassoc> : vector<8xf32>
        %22 = vector.reduction <add>, %21 fastmath<reassoc> : vector<8xf32> into f32
        %23 = arith.divf %22, %14 : f32
        %24 = vector.broadcast %23 : f32 to vector<8xf32>
        %25:8 = scf.for %arg5 = %c0 to %2 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.subf %52, %24 : vector<8xf32>
          %54 = arith.mulf %53, %53 : vector<8xf32>
          %55 = arith.addf %arg6, %53 fastmath<reassoc> : vector<8xf32>
          %56 = arith.addf %arg10, %54 fastmath<reassoc> : vector<8xf32>
          %57 = arith.addi %arg5, %c8 : index
          %58 = vector.transfer_read %subview[%arg4, %57], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %59 = arith.subf %58, %24 : vector<8xf32>
          %60 = arith.mulf %59, %59 : vector<8xf32>
          %61 = arith.addf %arg7, %59 fastmath<reassoc> : vector<8xf32>
          %62 = arith.addf %arg11, %60 fastmath<reassoc> : vector<8xf32>
          %63 = arith.addi %arg5, %c16 : index
          %64 = vector.transfer_read %subview[%arg4, %63], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %65 = arith.subf %64, %24 : vector<8xf32>
          %66 = arith.mulf %65, %65 : vector<8xf32>
          %67 = arith.addf %arg8, %65 fastmath<reassoc> : vector<8xf32>
          %68 = arith.addf %arg12, %66 fastmath<reassoc> : vector<8xf32>
          %69 = arith.addi %arg5, %c24 : index
          %70 = vector.transfer_read %subview[%arg4, %69], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %71 = arith.subf %70, %24 : vector<8xf32>
          %72 = arith.mulf %71, %71 : vector<8xf32>
          %73 = arith.addf %arg9, %71 fastmath<reassoc> : vector<8xf32>
          %74 = arith.addf %arg13, %72 fastmath<reassoc> : vector<8xf32>
          scf.yield %55, %61, %67, %73, %56, %62, %68, %74 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %26:2 = scf.for %arg5 = %2 to %4 step %c8 iter_args(%arg6 = %25#0, %arg7 = %25#4) -> (vector<8xf32>, vector<8xf32>) {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.subf %52, %24 : vector<8xf32>
          %54 = arith.mulf %53, %53 : vector<8xf32>
          %55 = arith.addf %arg6, %53 fastmath<reassoc> : vector<8xf32>
          %56 = arith.addf %arg7, %54 fastmath<reassoc> : vector<8xf32>
          scf.yield %55, %56 : vector<8xf32>, vector<8xf32>
        }
        %27:2 = scf.if %17 -> (vector<8xf32>, vector<8xf32>) {
          %52 = arith.subi %dim_3, %4 : index
          %53 = vector.create_mask %52 : vector<8xi1>
          %54 = vector.transfer_read %subview[%arg4, %4], %cst_1, %53 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %55 = arith.subf %54, %24 : vector<8xf32>
          %56 = arith.mulf %55, %55 : vector<8xf32>
          %57 = arith.select %53, %55, %cst_2 : vector<8xi1>, vector<8xf32>
          %58 = arith.addf %26#0, %57 fastmath<reassoc> : vector<8xf32>
          %59 = arith.select %53, %56, %cst_2 : vector<8xi1>, vector<8xf32>
          %60 = arith.addf %26#1, %59 fastmath<reassoc> : vector<8xf32>
          scf.yield %58, %60 : vector<8xf32>, vector<8xf32>
        } else {
          scf.yield %26#0, %26#1 : vector<8xf32>, vector<8xf32>
        }
        %28 = arith.addf %27#0, %25#1 fastmath<reassoc> : vector<8xf32>
        %29 = arith.addf %28, %25#2 fastmath<reassoc> : vector<8xf32>
        %30 = arith.addf %29, %25#3 fastmath<reassoc> : vector<8xf32>
        %31 = arith.addf %27#1, %25#5 fastmath<reassoc> : vector<8xf32>
        %32 = arith.addf %31, %25#6 fastmath<reassoc> : vector<8xf32>
        %33 = arith.addf %32, %25#7 fastmath<reassoc> : vector<8xf32>
        %34 = vector.reduction <add>, %30 fastmath<reassoc> : vector<8xf32> into f32
        %35 = vector.reduction <add>, %33 fastmath<reassoc> : vector<8xf32> into f32
        %36 = arith.divf %34, %14 : f32
        %37 = arith.divf %35, %14 : f32
        %38 = arith.mulf %36, %36 : f32
        %39 = arith.subf %37, %38 : f32
        %40 = arith.maximumf %39, %cst_1 : f32
        %41 = arith.addf %40, %cst : f32
        %42 = math.sqrt %41 : f32
        %43 = arith.divf %cst_0, %42 : f32
        %44 = vector.broadcast %36 : f32 to vector<8xf32>
        %45 = vector.broadcast %43 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %46 = arith.muli %arg4, %strides#0 : index
        %47 = arith.addi %offset, %46 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4_5 = arith.constant 4 : index
        %48 = arith.muli %47, %c4_5 : index
        %49 = arith.addi %intptr, %48 : index
        %c32_6 = arith.constant 32 : index
        %50 = arith.remui %49, %c32_6 : index
        %c0_7 = arith.constant 0 : index
        %51 = arith.cmpi eq, %50, %c0_7 : index
        scf.if %51 {
          scf.for %arg5 = %c0 to %12 step %c32 {
            %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %53 = arith.subf %52, %24 : vector<8xf32>
            %54 = arith.subf %53, %44 : vector<8xf32>
            %55 = arith.mulf %54, %45 : vector<8xf32>
            %56 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %57 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %58 = math.fma %55, %56, %57 : vector<8xf32>
            vector.store %58, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %59 = arith.addi %arg5, %c8 : index
            %60 = vector.transfer_read %subview[%arg4, %59], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %61 = arith.subf %60, %24 : vector<8xf32>
            %62 = arith.subf %61, %44 : vector<8xf32>
            %63 = arith.mulf %62, %45 : vector<8xf32>
            %64 = vector.transfer_read %arg1[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = vector.transfer_read %arg2[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = math.fma %63, %64, %65 : vector<8xf32>
            vector.store %66, %subview_4[%arg4, %59] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %67 = arith.addi %arg5, %c16 : index
            %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %69 = arith.subf %68, %24 : vector<8xf32>
            %70 = arith.subf %69, %44 : vector<8xf32>
            %71 = arith.mulf %70, %45 : vector<8xf32>
            %72 = vector.transfer_read %arg1[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = vector.transfer_read %arg2[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = math.fma %71, %72, %73 : vector<8xf32>
            vector.store %74, %subview_4[%arg4, %67] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %75 = arith.addi %arg5, %c24 : index
            %76 = vector.transfer_read %subview[%arg4, %75], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %77 = arith.subf %76, %24 : vector<8xf32>
            %78 = arith.subf %77, %44 : vector<8xf32>
            %79 = arith.mulf %78, %45 : vector<8xf32>
            %80 = vector.transfer_read %arg1[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %81 = vector.transfer_read %arg2[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %82 = math.fma %79, %80, %81 : vector<8xf32>
            vector.store %82, %subview_4[%arg4, %75] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %12 step %c32 {
            %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %53 = arith.subf %52, %24 : vector<8xf32>
            %54 = arith.subf %53, %44 : vector<8xf32>
            %55 = arith.mulf %54, %45 : vector<8xf32>
            %56 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %57 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %58 = math.fma %55, %56, %57 : vector<8xf32>
            vector.transfer_write %58, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %59 = arith.addi %arg5, %c8 : index
            %60 = vector.transfer_read %subview[%arg4, %59], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %61 = arith.subf %60, %24 : vector<8xf32>
            %62 = arith.subf %61, %44 : vector<8xf32>
            %63 = arith.mulf %62, %45 : vector<8xf32>
            %64 = vector.transfer_read %arg1[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = vector.transfer_read %arg2[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = math.fma %63, %64, %65 : vector<8xf32>
            vector.transfer_write %66, %subview_4[%arg4, %59] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %67 = arith.addi %arg5, %c16 : index
            %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %69 = arith.subf %68, %24 : vector<8xf32>
            %70 = arith.subf %69, %44 : vector<8xf32>
            %71 = arith.mulf %70, %45 : vector<8xf32>
            %72 = vector.transfer_read %arg1[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = vector.transfer_read %arg2[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = math.fma %71, %72, %73 : vector<8xf32>
            vector.transfer_write %74, %subview_4[%arg4, %67] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %75 = arith.addi %arg5, %c24 : index
            %76 = vector.transfer_read %subview[%arg4, %75], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %77 = arith.subf %76, %24 : vector<8xf32>
            %78 = arith.subf %77, %44 : vector<8xf32>
            %79 = arith.mulf %78, %45 : vector<8xf32>
            %80 = vector.transfer_read %arg1[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %81 = vector.transfer_read %arg2[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %82 = math.fma %79, %80, %81 : vector<8xf32>
            vector.transfer_write %82, %subview_4[%arg4, %75] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %12 to %2 step %c32 {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.subf %52, %24 : vector<8xf32>
          %54 = arith.subf %53, %44 : vector<8xf32>
          %55 = arith.mulf %54, %45 : vector<8xf32>
          %56 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %57 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %58 = math.fma %55, %56, %57 : vector<8xf32>
          vector.transfer_write %58, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %59 = arith.addi %arg5, %c8 : index
          %60 = vector.transfer_read %subview[%arg4, %59], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %61 = arith.subf %60, %24 : vector<8xf32>
          %62 = arith.subf %61, %44 : vector<8xf32>
          %63 = arith.mulf %62, %45 : vector<8xf32>
          %64 = vector.transfer_read %arg1[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %65 = vector.transfer_read %arg2[%59], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %66 = math.fma %63, %64, %65 : vector<8xf32>
          vector.transfer_write %66, %subview_4[%arg4, %59] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %67 = arith.addi %arg5, %c16 : index
          %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %69 = arith.subf %68, %24 : vector<8xf32>
          %70 = arith.subf %69, %44 : vector<8xf32>
          %71 = arith.mulf %70, %45 : vector<8xf32>
          %72 = vector.transfer_read %arg1[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %73 = vector.transfer_read %arg2[%67], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %74 = math.fma %71, %72, %73 : vector<8xf32>
          vector.transfer_write %74, %subview_4[%arg4, %67] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %75 = arith.addi %arg5, %c24 : index
          %76 = vector.transfer_read %subview[%arg4, %75], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %77 = arith.subf %76, %24 : vector<8xf32>
          %78 = arith.subf %77, %44 : vector<8xf32>
          %79 = arith.mulf %78, %45 : vector<8xf32>
          %80 = vector.transfer_read %arg1[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %81 = vector.transfer_read %arg2[%75], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %82 = math.fma %79, %80, %81 : vector<8xf32>
          vector.transfer_write %82, %subview_4[%arg4, %75] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.for %arg5 = %2 to %4 step %c8 {
          %52 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %53 = arith.subf %52, %24 : vector<8xf32>
          %54 = arith.subf %53, %44 : vector<8xf32>
          %55 = arith.mulf %54, %45 : vector<8xf32>
          %56 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %57 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %58 = math.fma %55, %56, %57 : vector<8xf32>
          vector.transfer_write %58, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.if %17 {
          %52 = arith.subi %dim_3, %4 : index
          %53 = vector.create_mask %52 : vector<8xi1>
          %54 = vector.transfer_read %subview[%arg4, %4], %cst_1, %53 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %55 = arith.subf %54, %24 : vector<8xf32>
          %56 = arith.subf %55, %44 : vector<8xf32>
          %57 = arith.mulf %56, %45 : vector<8xf32>
          %58 = vector.transfer_read %arg1[%4], %cst_1, %53 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %59 = vector.transfer_read %arg2[%4], %cst_1, %53 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %60 = math.fma %57, %58, %59 : vector<8xf32>
          vector.transfer_write %60, %subview_4[%arg4, %4], %53 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


