// -----// IR Dump After NormStreamStoresPass (norm-stream-stores) //----- //
#map = affine_map<(d0)[s0, s1] -> (-d0 + s0, s1)>
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
    %c32 = arith.constant 32 : index
    %c8 = arith.constant 8 : index
    %c65536 = arith.constant 65536 : index
    %c8388608 = arith.constant 8388608 : index
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c1 = arith.constant 1 : index
    %dim = memref.dim %arg0, %c1 : memref<?x?xf32>
    %0 = arith.muli %dim, %c4 : index
    %1 = arith.maxui %0, %c1 : index
    %dim_3 = memref.dim %arg0, %c0 : memref<?x?xf32>
    %2 = arith.muli %dim_3, %1 : index
    %3 = arith.cmpi uge, %2, %c8388608 : index
    %4 = arith.ceildivui %c65536, %1 : index
    %5 = arith.maxui %4, %c8 : index
    %6 = arith.select %3, %5, %c8 : index
    %7 = arith.cmpi uge, %1, %c65536 : index
    %8 = arith.select %7, %c1, %6 : index
    %alloc = memref.alloc(%dim_3, %dim) {alignment = 64 : i64} : memref<?x?xf32>
    scf.forall (%arg3) = (0) to (%dim_3) step (%8) {
      %9 = affine.min #map(%arg3)[%dim_3, %8]
      %subview = memref.subview %arg0[%arg3, 0] [%9, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %10 = arith.remui %dim, %c32 : index
      %11 = arith.subi %dim, %10 : index
      %12 = arith.remui %dim, %c8 : index
      %13 = arith.subi %dim, %12 : index
      %14 = arith.subi %dim, %11 : index
      %15 = arith.muli %14, %c8 : index
      %16 = arith.cmpi ule, %15, %dim : index
      %17 = arith.muli %dim_3, %c4 : index
      %18 = arith.muli %17, %dim : index
      %19 = arith.cmpi uge, %18, %c8388608 : index
      %20 = arith.andi %16, %19 : i1
      %21 = arith.select %20, %11, %c0 : index
      %22 = arith.index_castui %dim : index to i64
      %23 = arith.uitofp %22 : i64 to f32
      %subview_4 = memref.subview %alloc[%arg3, 0] [%9, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %9 step %c1 {
        %24:4 = scf.for %arg5 = %c0 to %11 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.addf %arg6, %61 fastmath<reassoc,contract> : vector<8xf32>
          %63 = arith.addi %arg5, %c8 : index
          %64 = vector.transfer_read %subview[%arg4, %63], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %65 = arith.addf %arg7, %64 fastmath<reassoc,contract> : vector<8xf32>
          %66 = arith.addi %arg5, %c16 : index
          %67 = vector.transfer_read %subview[%arg4, %66], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %68 = arith.addf %arg8, %67 fastmath<reassoc,contract> : vector<8xf32>
          %69 = arith.addi %arg5, %c24 : index
          %70 = vector.transfer_read %subview[%arg4, %69], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %71 = arith.addf %arg9, %70 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %62, %65, %68, %71 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %25 = scf.for %arg5 = %11 to %13 step %c8 iter_args(%arg6 = %24#0) -> (vector<8xf32>) {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.addf %arg6, %61 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %62 : vector<8xf32>
        }
        %26 = arith.cmpi ult, %13, %dim : index
        %27 = scf.if %26 -> (vector<8xf32>) {
          %61 = arith.subi %dim, %13 : index
          %62 = vector.create_mask %61 : vector<8xi1>
          %63 = vector.transfer_read %subview[%arg4, %13], %cst_1, %62 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %64 = arith.select %62, %63, %cst_2 : vector<8xi1>, vector<8xf32>
          %65 = arith.addf %25, %64 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %65 : vector<8xf32>
        } else {
          scf.yield %25 : vector<8xf32>
        }
        %28 = arith.addf %27, %24#1 fastmath<reassoc,contract> : vector<8xf32>
        %29 = arith.addf %28, %24#2 fastmath<reassoc,contract> : vector<8xf32>
        %30 = arith.addf %29, %24#3 fastmath<reassoc,contract> : vector<8xf32>
        %31 = vector.reduction <add>, %30 fastmath<reassoc> : vector<8xf32> into f32
        %32 = arith.divf %31, %23 : f32
        %33 = vector.broadcast %32 : f32 to vector<8xf32>
        %34:8 = scf.for %arg5 = %c0 to %11 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %33 : vector<8xf32>
          %63 = arith.mulf %62, %62 fastmath<contract> : vector<8xf32>
          %64 = arith.addf %arg6, %62 fastmath<reassoc,contract> : vector<8xf32>
          %65 = arith.addf %arg10, %63 fastmath<reassoc,contract> : vector<8xf32>
          %66 = arith.addi %arg5, %c8 : index
          %67 = vector.transfer_read %subview[%arg4, %66], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %68 = arith.subf %67, %33 : vector<8xf32>
          %69 = arith.mulf %68, %68 fastmath<contract> : vector<8xf32>
          %70 = arith.addf %arg7, %68 fastmath<reassoc,contract> : vector<8xf32>
          %71 = arith.addf %arg11, %69 fastmath<reassoc,contract> : vector<8xf32>
          %72 = arith.addi %arg5, %c16 : index
          %73 = vector.transfer_read %subview[%arg4, %72], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %74 = arith.subf %73, %33 : vector<8xf32>
          %75 = arith.mulf %74, %74 fastmath<contract> : vector<8xf32>
          %76 = arith.addf %arg8, %74 fastmath<reassoc,contract> : vector<8xf32>
          %77 = arith.addf %arg12, %75 fastmath<reassoc,contract> : vector<8xf32>
          %78 = arith.addi %arg5, %c24 : index
          %79 = vector.transfer_read %subview[%arg4, %78], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %80 = arith.subf %79, %33 : vector<8xf32>
          %81 = arith.mulf %80, %80 fastmath<contract> : vector<8xf32>
          %82 = arith.addf %arg9, %80 fastmath<reassoc,contract> : vector<8xf32>
          %83 = arith.addf %arg13, %81 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %64, %70, %76, %82, %65, %71, %77, %83 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %35:2 = scf.for %arg5 = %11 to %13 step %c8 iter_args(%arg6 = %34#0, %arg7 = %34#4) -> (vector<8xf32>, vector<8xf32>) {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %33 : vector<8xf32>
          %63 = arith.mulf %62, %62 fastmath<contract> : vector<8xf32>
          %64 = arith.addf %arg6, %62 fastmath<reassoc,contract> : vector<8xf32>
          %65 = arith.addf %arg7, %63 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %64, %65 : vector<8xf32>, vector<8xf32>
        }
        %36:2 = scf.if %26 -> (vector<8xf32>, vector<8xf32>) {
          %61 = arith.subi %dim, %13 : index
          %62 = vector.create_mask %61 : vector<8xi1>
          %63 = vector.transfer_read %subview[%arg4, %13], %cst_1, %62 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %64 = arith.subf %63, %33 : vector<8xf32>
          %65 = arith.mulf %64, %64 fastmath<contract> : vector<8xf32>
          %66 = arith.select %62, %64, %cst_2 : vector<8xi1>, vector<8xf32>
          %67 = arith.addf %35#0, %66 fastmath<reassoc,contract> : vector<8xf32>
          %68 = arith.select %62, %65, %cst_2 : vector<8xi1>, vector<8xf32>
          %69 = arith.addf %35#1, %68 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %67, %69 : vector<8xf32>, vector<8xf32>
        } else {
          scf.yield %35#0, %35#1 : vector<8xf32>, vector<8xf32>
        }
        %37 = arith.addf %36#0, %34#1 fastmath<reassoc,contract> : vector<8xf32>
        %38 = arith.addf %37, %34#2 fastmath<reassoc,contract> : vector<8xf32>
        %39 = arith.addf %38, %34#3 fastmath<reassoc,contract> : vector<8xf32>
        %40 = arith.addf %36#1, %34#5 fastmath<reassoc,contract> : vector<8xf32>
        %41 = arith.addf %40, %34#6 fastmath<reassoc,contract> : vector<8xf32>
        %42 = arith.addf %41, %34#7 fastmath<reassoc,contract> : vector<8xf32>
        %43 = vector.reduction <add>, %39 fastmath<reassoc> : vector<8xf32> into f32
        %44 = vector.reduction <add>, %42 fastmath<reassoc> : vector<8xf32> into f32
        %45 = arith.divf %43, %23 : f32
        %46 = arith.divf %44, %23 : f32
        %47 = arith.mulf %45, %45 : f32
        %48 = arith.subf %46, %47 : f32
        %49 = arith.maximumf %48, %cst_1 : f32
        %50 = arith.addf %49, %cst : f32
        %51 = math.sqrt %50 : f32
        %52 = arith.divf %cst_0, %51 : f32
        %53 = vector.broadcast %45 : f32 to vector<8xf32>
        %54 = vector.broadcast %52 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %55 = arith.muli %arg4, %strides#0 : index
        %56 = arith.addi %offset, %55 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4_5 = arith.constant 4 : index
        %57 = arith.muli %56, %c4_5 : index
        %58 = arith.addi %intptr, %57 : index
        %c32_6 = arith.constant 32 : index
        %59 = arith.remui %58, %c32_6 : index
        %c0_7 = arith.constant 0 : index
        %60 = arith.cmpi eq, %59, %c0_7 : index
        scf.if %60 {
          scf.for %arg5 = %c0 to %21 step %c32 {
            %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %62 = arith.subf %61, %33 : vector<8xf32>
            %63 = arith.subf %62, %53 : vector<8xf32>
            %64 = arith.mulf %63, %54 : vector<8xf32>
            %65 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %67 = math.fma %64, %65, %66 : vector<8xf32>
            vector.store %67, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %68 = arith.addi %arg5, %c8 : index
            %69 = vector.transfer_read %subview[%arg4, %68], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %70 = arith.subf %69, %33 : vector<8xf32>
            %71 = arith.subf %70, %53 : vector<8xf32>
            %72 = arith.mulf %71, %54 : vector<8xf32>
            %73 = vector.transfer_read %arg1[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = vector.transfer_read %arg2[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %75 = math.fma %72, %73, %74 : vector<8xf32>
            vector.store %75, %subview_4[%arg4, %68] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %76 = arith.addi %arg5, %c16 : index
            %77 = vector.transfer_read %subview[%arg4, %76], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %78 = arith.subf %77, %33 : vector<8xf32>
            %79 = arith.subf %78, %53 : vector<8xf32>
            %80 = arith.mulf %79, %54 : vector<8xf32>
            %81 = vector.transfer_read %arg1[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %82 = vector.transfer_read %arg2[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %83 = math.fma %80, %81, %82 : vector<8xf32>
            vector.store %83, %subview_4[%arg4, %76] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %84 = arith.addi %arg5, %c24 : index
            %85 = vector.transfer_read %subview[%arg4, %84], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %86 = arith.subf %85, %33 : vector<8xf32>
            %87 = arith.subf %86, %53 : vector<8xf32>
            %88 = arith.mulf %87, %54 : vector<8xf32>
            %89 = vector.transfer_read %arg1[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %90 = vector.transfer_read %arg2[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %91 = math.fma %88, %89, %90 : vector<8xf32>
            vector.store %91, %subview_4[%arg4, %84] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %21 step %c32 {
            %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %62 = arith.subf %61, %33 : vector<8xf32>
            %63 = arith.subf %62, %53 : vector<8xf32>
            %64 = arith.mulf %63, %54 : vector<8xf32>
            %65 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %66 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %67 = math.fma %64, %65, %66 : vector<8xf32>
            vector.transfer_write %67, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %68 = arith.addi %arg5, %c8 : index
            %69 = vector.transfer_read %subview[%arg4, %68], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %70 = arith.subf %69, %33 : vector<8xf32>
            %71 = arith.subf %70, %53 : vector<8xf32>
            %72 = arith.mulf %71, %54 : vector<8xf32>
            %73 = vector.transfer_read %arg1[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %74 = vector.transfer_read %arg2[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %75 = math.fma %72, %73, %74 : vector<8xf32>
            vector.transfer_write %75, %subview_4[%arg4, %68] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %76 = arith.addi %arg5, %c16 : index
            %77 = vector.transfer_read %subview[%arg4, %76], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %78 = arith.subf %77, %33 : vector<8xf32>
            %79 = arith.subf %78, %53 : vector<8xf32>
            %80 = arith.mulf %79, %54 : vector<8xf32>
            %81 = vector.transfer_read %arg1[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %82 = vector.transfer_read %arg2[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %83 = math.fma %80, %81, %82 : vector<8xf32>
            vector.transfer_write %83, %subview_4[%arg4, %76] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %84 = arith.addi %arg5, %c24 : index
            %85 = vector.transfer_read %subview[%arg4, %84], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %86 = arith.subf %85, %33 : vector<8xf32>
            %87 = arith.subf %86, %53 : vector<8xf32>
            %88 = arith.mulf %87, %54 : vector<8xf32>
            %89 = vector.transfer_read %arg1[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %90 = vector.transfer_read %arg2[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %91 = math.fma %88, %89, %90 : vector<8xf32>
            vector.transfer_write %91, %subview_4[%arg4, %84] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %21 to %11 step %c32 {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %33 : vector<8xf32>
          %63 = arith.subf %62, %53 : vector<8xf32>
          %64 = arith.mulf %63, %54 : vector<8xf32>
          %65 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %66 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %67 = math.fma %64, %65, %66 : vector<8xf32>
          vector.transfer_write %67, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %68 = arith.addi %arg5, %c8 : index
          %69 = vector.transfer_read %subview[%arg4, %68], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %70 = arith.subf %69, %33 : vector<8xf32>
          %71 = arith.subf %70, %53 : vector<8xf32>
          %72 = arith.mulf %71, %54 : vector<8xf32>
          %73 = vector.transfer_read %arg1[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %74 = vector.transfer_read %arg2[%68], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %75 = math.fma %72, %73, %74 : vector<8xf32>
          vector.transfer_write %75, %subview_4[%arg4, %68] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %76 = arith.addi %arg5, %c16 : index
          %77 = vector.transfer_read %subview[%arg4, %76], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %78 = arith.subf %77, %33 : vector<8xf32>
          %79 = arith.subf %78, %53 : vector<8xf32>
          %80 = arith.mulf %79, %54 : vector<8xf32>
          %81 = vector.transfer_read %arg1[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %82 = vector.transfer_read %arg2[%76], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %83 = math.fma %80, %81, %82 : vector<8xf32>
          vector.transfer_write %83, %subview_4[%arg4, %76] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %84 = arith.addi %arg5, %c24 : index
          %85 = vector.transfer_read %subview[%arg4, %84], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %86 = arith.subf %85, %33 : vector<8xf32>
          %87 = arith.subf %86, %53 : vector<8xf32>
          %88 = arith.mulf %87, %54 : vector<8xf32>
          %89 = vector.transfer_read %arg1[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %90 = vector.transfer_read %arg2[%84], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %91 = math.fma %88, %89, %90 : vector<8xf32>
          vector.transfer_write %91, %subview_4[%arg4, %84] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.for %arg5 = %11 to %13 step %c8 {
          %61 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %33 : vector<8xf32>
          %63 = arith.subf %62, %53 : vector<8xf32>
          %64 = arith.mulf %63, %54 : vector<8xf32>
          %65 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %66 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %67 = math.fma %64, %65, %66 : vector<8xf32>
          vector.transfer_write %67, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.if %26 {
          %61 = arith.subi %dim, %13 : index
          %62 = vector.create_mask %61 : vector<8xi1>
          %63 = vector.transfer_read %subview[%arg4, %13], %cst_1, %62 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %64 = arith.subf %63, %33 : vector<8xf32>
          %65 = arith.subf %64, %53 : vector<8xf32>
          %66 = arith.mulf %65, %54 : vector<8xf32>
          %67 = vector.transfer_read %arg1[%13], %cst_1, %62 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %68 = vector.transfer_read %arg2[%13], %cst_1, %62 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %69 = math.fma %66, %67, %68 : vector<8xf32>
          vector.transfer_write %69, %subview_4[%arg4, %13], %62 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


