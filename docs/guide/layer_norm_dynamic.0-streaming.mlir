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
    %c131072 = arith.constant 131072 : index
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
      %24 = arith.cmpi ule, %dim, %c131072 : index
      scf.for %arg4 = %c0 to %9 step %c1 {
        %25 = arith.addi %arg4, %c1 : index
        %26 = arith.cmpi ult, %25, %9 : index
        %27 = arith.andi %24, %26 : i1
        %28 = arith.select %27, %25, %arg4 : index
        %29:4 = scf.for %arg5 = %c0 to %11 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.addf %arg6, %66 fastmath<reassoc,contract> : vector<8xf32>
          %68 = arith.addi %arg5, %c8 : index
          %69 = vector.transfer_read %subview[%arg4, %68], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %70 = arith.addf %arg7, %69 fastmath<reassoc,contract> : vector<8xf32>
          %71 = arith.addi %arg5, %c16 : index
          %72 = vector.transfer_read %subview[%arg4, %71], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %73 = arith.addf %arg8, %72 fastmath<reassoc,contract> : vector<8xf32>
          %74 = arith.addi %arg5, %c24 : index
          %75 = vector.transfer_read %subview[%arg4, %74], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %76 = arith.addf %arg9, %75 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %67, %70, %73, %76 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %30 = scf.for %arg5 = %11 to %13 step %c8 iter_args(%arg6 = %29#0) -> (vector<8xf32>) {
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.addf %arg6, %66 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %67 : vector<8xf32>
        }
        %31 = arith.cmpi ult, %13, %dim : index
        %32 = scf.if %31 -> (vector<8xf32>) {
          %66 = arith.subi %dim, %13 : index
          %67 = vector.create_mask %66 : vector<8xi1>
          %68 = vector.transfer_read %subview[%arg4, %13], %cst_1, %67 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %69 = arith.select %67, %68, %cst_2 : vector<8xi1>, vector<8xf32>
          %70 = arith.addf %30, %69 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %70 : vector<8xf32>
        } else {
          scf.yield %30 : vector<8xf32>
        }
        %33 = arith.addf %32, %29#1 fastmath<reassoc,contract> : vector<8xf32>
        %34 = arith.addf %33, %29#2 fastmath<reassoc,contract> : vector<8xf32>
        %35 = arith.addf %34, %29#3 fastmath<reassoc,contract> : vector<8xf32>
        %36 = vector.reduction <add>, %35 fastmath<reassoc> : vector<8xf32> into f32
        %37 = arith.divf %36, %23 : f32
        %38 = vector.broadcast %37 : f32 to vector<8xf32>
        %39:8 = scf.for %arg5 = %c0 to %11 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.subf %66, %38 : vector<8xf32>
          %68 = arith.mulf %67, %67 fastmath<contract> : vector<8xf32>
          %69 = arith.addf %arg6, %67 fastmath<reassoc,contract> : vector<8xf32>
          %70 = arith.addf %arg10, %68 fastmath<reassoc,contract> : vector<8xf32>
          %71 = arith.addi %arg5, %c8 : index
          %72 = vector.transfer_read %subview[%arg4, %71], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %73 = arith.subf %72, %38 : vector<8xf32>
          %74 = arith.mulf %73, %73 fastmath<contract> : vector<8xf32>
          %75 = arith.addf %arg7, %73 fastmath<reassoc,contract> : vector<8xf32>
          %76 = arith.addf %arg11, %74 fastmath<reassoc,contract> : vector<8xf32>
          %77 = arith.addi %arg5, %c16 : index
          %78 = vector.transfer_read %subview[%arg4, %77], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %79 = arith.subf %78, %38 : vector<8xf32>
          %80 = arith.mulf %79, %79 fastmath<contract> : vector<8xf32>
          %81 = arith.addf %arg8, %79 fastmath<reassoc,contract> : vector<8xf32>
          %82 = arith.addf %arg12, %80 fastmath<reassoc,contract> : vector<8xf32>
          %83 = arith.addi %arg5, %c24 : index
          %84 = vector.transfer_read %subview[%arg4, %83], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %85 = arith.subf %84, %38 : vector<8xf32>
          %86 = arith.mulf %85, %85 fastmath<contract> : vector<8xf32>
          %87 = arith.addf %arg9, %85 fastmath<reassoc,contract> : vector<8xf32>
          %88 = arith.addf %arg13, %86 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %69, %75, %81, %87, %70, %76, %82, %88 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %40:2 = scf.for %arg5 = %11 to %13 step %c8 iter_args(%arg6 = %39#0, %arg7 = %39#4) -> (vector<8xf32>, vector<8xf32>) {
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.subf %66, %38 : vector<8xf32>
          %68 = arith.mulf %67, %67 fastmath<contract> : vector<8xf32>
          %69 = arith.addf %arg6, %67 fastmath<reassoc,contract> : vector<8xf32>
          %70 = arith.addf %arg7, %68 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %69, %70 : vector<8xf32>, vector<8xf32>
        }
        %41:2 = scf.if %31 -> (vector<8xf32>, vector<8xf32>) {
          %66 = arith.subi %dim, %13 : index
          %67 = vector.create_mask %66 : vector<8xi1>
          %68 = vector.transfer_read %subview[%arg4, %13], %cst_1, %67 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %69 = arith.subf %68, %38 : vector<8xf32>
          %70 = arith.mulf %69, %69 fastmath<contract> : vector<8xf32>
          %71 = arith.select %67, %69, %cst_2 : vector<8xi1>, vector<8xf32>
          %72 = arith.addf %40#0, %71 fastmath<reassoc,contract> : vector<8xf32>
          %73 = arith.select %67, %70, %cst_2 : vector<8xi1>, vector<8xf32>
          %74 = arith.addf %40#1, %73 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %72, %74 : vector<8xf32>, vector<8xf32>
        } else {
          scf.yield %40#0, %40#1 : vector<8xf32>, vector<8xf32>
        }
        %42 = arith.addf %41#0, %39#1 fastmath<reassoc,contract> : vector<8xf32>
        %43 = arith.addf %42, %39#2 fastmath<reassoc,contract> : vector<8xf32>
        %44 = arith.addf %43, %39#3 fastmath<reassoc,contract> : vector<8xf32>
        %45 = arith.addf %41#1, %39#5 fastmath<reassoc,contract> : vector<8xf32>
        %46 = arith.addf %45, %39#6 fastmath<reassoc,contract> : vector<8xf32>
        %47 = arith.addf %46, %39#7 fastmath<reassoc,contract> : vector<8xf32>
        %48 = vector.reduction <add>, %44 fastmath<reassoc> : vector<8xf32> into f32
        %49 = vector.reduction <add>, %47 fastmath<reassoc> : vector<8xf32> into f32
        %50 = arith.divf %48, %23 : f32
        %51 = arith.divf %49, %23 : f32
        %52 = arith.mulf %50, %50 : f32
        %53 = arith.subf %51, %52 : f32
        %54 = arith.maximumf %53, %cst_1 : f32
        %55 = arith.addf %54, %cst : f32
        %56 = math.sqrt %55 : f32
        %57 = arith.divf %cst_0, %56 : f32
        %58 = vector.broadcast %50 : f32 to vector<8xf32>
        %59 = vector.broadcast %57 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %60 = arith.muli %arg4, %strides#0 : index
        %61 = arith.addi %offset, %60 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4_5 = arith.constant 4 : index
        %62 = arith.muli %61, %c4_5 : index
        %63 = arith.addi %intptr, %62 : index
        %c32_6 = arith.constant 32 : index
        %64 = arith.remui %63, %c32_6 : index
        %c0_7 = arith.constant 0 : index
        %65 = arith.cmpi eq, %64, %c0_7 : index
        scf.if %65 {
          scf.for %arg5 = %c0 to %21 step %c32 {
            memref.prefetch %subview[%28, %arg5], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
            %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %67 = arith.subf %66, %38 : vector<8xf32>
            %68 = arith.subf %67, %58 : vector<8xf32>
            %69 = arith.mulf %68, %59 : vector<8xf32>
            %70 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %71 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %72 = math.fma %69, %70, %71 : vector<8xf32>
            vector.store %72, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %73 = arith.addi %arg5, %c8 : index
            %74 = vector.transfer_read %subview[%arg4, %73], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %75 = arith.subf %74, %38 : vector<8xf32>
            %76 = arith.subf %75, %58 : vector<8xf32>
            %77 = arith.mulf %76, %59 : vector<8xf32>
            %78 = vector.transfer_read %arg1[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %79 = vector.transfer_read %arg2[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %80 = math.fma %77, %78, %79 : vector<8xf32>
            vector.store %80, %subview_4[%arg4, %73] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %81 = arith.addi %arg5, %c16 : index
            memref.prefetch %subview[%28, %81], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
            %82 = vector.transfer_read %subview[%arg4, %81], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %83 = arith.subf %82, %38 : vector<8xf32>
            %84 = arith.subf %83, %58 : vector<8xf32>
            %85 = arith.mulf %84, %59 : vector<8xf32>
            %86 = vector.transfer_read %arg1[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %87 = vector.transfer_read %arg2[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %88 = math.fma %85, %86, %87 : vector<8xf32>
            vector.store %88, %subview_4[%arg4, %81] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %89 = arith.addi %arg5, %c24 : index
            %90 = vector.transfer_read %subview[%arg4, %89], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %91 = arith.subf %90, %38 : vector<8xf32>
            %92 = arith.subf %91, %58 : vector<8xf32>
            %93 = arith.mulf %92, %59 : vector<8xf32>
            %94 = vector.transfer_read %arg1[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %95 = vector.transfer_read %arg2[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %96 = math.fma %93, %94, %95 : vector<8xf32>
            vector.store %96, %subview_4[%arg4, %89] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %21 step %c32 {
            memref.prefetch %subview[%28, %arg5], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
            %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %67 = arith.subf %66, %38 : vector<8xf32>
            %68 = arith.subf %67, %58 : vector<8xf32>
            %69 = arith.mulf %68, %59 : vector<8xf32>
            %70 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %71 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %72 = math.fma %69, %70, %71 : vector<8xf32>
            vector.transfer_write %72, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %73 = arith.addi %arg5, %c8 : index
            %74 = vector.transfer_read %subview[%arg4, %73], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %75 = arith.subf %74, %38 : vector<8xf32>
            %76 = arith.subf %75, %58 : vector<8xf32>
            %77 = arith.mulf %76, %59 : vector<8xf32>
            %78 = vector.transfer_read %arg1[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %79 = vector.transfer_read %arg2[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %80 = math.fma %77, %78, %79 : vector<8xf32>
            vector.transfer_write %80, %subview_4[%arg4, %73] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %81 = arith.addi %arg5, %c16 : index
            memref.prefetch %subview[%28, %81], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
            %82 = vector.transfer_read %subview[%arg4, %81], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %83 = arith.subf %82, %38 : vector<8xf32>
            %84 = arith.subf %83, %58 : vector<8xf32>
            %85 = arith.mulf %84, %59 : vector<8xf32>
            %86 = vector.transfer_read %arg1[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %87 = vector.transfer_read %arg2[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %88 = math.fma %85, %86, %87 : vector<8xf32>
            vector.transfer_write %88, %subview_4[%arg4, %81] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %89 = arith.addi %arg5, %c24 : index
            %90 = vector.transfer_read %subview[%arg4, %89], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %91 = arith.subf %90, %38 : vector<8xf32>
            %92 = arith.subf %91, %58 : vector<8xf32>
            %93 = arith.mulf %92, %59 : vector<8xf32>
            %94 = vector.transfer_read %arg1[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %95 = vector.transfer_read %arg2[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %96 = math.fma %93, %94, %95 : vector<8xf32>
            vector.transfer_write %96, %subview_4[%arg4, %89] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %21 to %11 step %c32 {
          memref.prefetch %subview[%28, %arg5], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.subf %66, %38 : vector<8xf32>
          %68 = arith.subf %67, %58 : vector<8xf32>
          %69 = arith.mulf %68, %59 : vector<8xf32>
          %70 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %71 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %72 = math.fma %69, %70, %71 : vector<8xf32>
          vector.transfer_write %72, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %73 = arith.addi %arg5, %c8 : index
          %74 = vector.transfer_read %subview[%arg4, %73], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %75 = arith.subf %74, %38 : vector<8xf32>
          %76 = arith.subf %75, %58 : vector<8xf32>
          %77 = arith.mulf %76, %59 : vector<8xf32>
          %78 = vector.transfer_read %arg1[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %79 = vector.transfer_read %arg2[%73], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %80 = math.fma %77, %78, %79 : vector<8xf32>
          vector.transfer_write %80, %subview_4[%arg4, %73] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %81 = arith.addi %arg5, %c16 : index
          memref.prefetch %subview[%28, %81], read, locality<3>, data : memref<?x?xf32, strided<[?, 1], offset: ?>>
          %82 = vector.transfer_read %subview[%arg4, %81], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %83 = arith.subf %82, %38 : vector<8xf32>
          %84 = arith.subf %83, %58 : vector<8xf32>
          %85 = arith.mulf %84, %59 : vector<8xf32>
          %86 = vector.transfer_read %arg1[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %87 = vector.transfer_read %arg2[%81], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %88 = math.fma %85, %86, %87 : vector<8xf32>
          vector.transfer_write %88, %subview_4[%arg4, %81] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %89 = arith.addi %arg5, %c24 : index
          %90 = vector.transfer_read %subview[%arg4, %89], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %91 = arith.subf %90, %38 : vector<8xf32>
          %92 = arith.subf %91, %58 : vector<8xf32>
          %93 = arith.mulf %92, %59 : vector<8xf32>
          %94 = vector.transfer_read %arg1[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %95 = vector.transfer_read %arg2[%89], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %96 = math.fma %93, %94, %95 : vector<8xf32>
          vector.transfer_write %96, %subview_4[%arg4, %89] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.for %arg5 = %11 to %13 step %c8 {
          %66 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %67 = arith.subf %66, %38 : vector<8xf32>
          %68 = arith.subf %67, %58 : vector<8xf32>
          %69 = arith.mulf %68, %59 : vector<8xf32>
          %70 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %71 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %72 = math.fma %69, %70, %71 : vector<8xf32>
          vector.transfer_write %72, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.if %31 {
          %66 = arith.subi %dim, %13 : index
          %67 = vector.create_mask %66 : vector<8xi1>
          %68 = vector.transfer_read %subview[%arg4, %13], %cst_1, %67 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %69 = arith.subf %68, %38 : vector<8xf32>
          %70 = arith.subf %69, %58 : vector<8xf32>
          %71 = arith.mulf %70, %59 : vector<8xf32>
          %72 = vector.transfer_read %arg1[%13], %cst_1, %67 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %73 = vector.transfer_read %arg2[%13], %cst_1, %67 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %74 = math.fma %71, %72, %73 : vector<8xf32>
          vector.transfer_write %74, %subview_4[%arg4, %13], %67 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


