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
    %alloc = memref.alloc(%dim_3, %dim) {alignment = 64 : i64} : memref<?x?xf32>
    scf.forall (%arg3) = (0) to (%dim_3) step (%6) {
      %7 = affine.min #map(%arg3)[%dim_3, %6]
      %subview = memref.subview %arg0[%arg3, 0] [%7, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %8 = arith.remui %dim, %c32 : index
      %9 = arith.subi %dim, %8 : index
      %10 = arith.remui %dim, %c8 : index
      %11 = arith.subi %dim, %10 : index
      %12 = arith.subi %dim, %9 : index
      %13 = arith.muli %12, %c8 : index
      %14 = arith.cmpi ule, %13, %dim : index
      %15 = arith.muli %dim_3, %c4 : index
      %16 = arith.muli %15, %dim : index
      %17 = arith.cmpi uge, %16, %c8388608 : index
      %18 = arith.andi %14, %17 : i1
      %19 = arith.select %18, %9, %c0 : index
      %20 = arith.index_castui %dim : index to i64
      %21 = arith.uitofp %20 : i64 to f32
      %subview_4 = memref.subview %alloc[%arg3, 0] [%7, %dim] [1, 1] : memref<?x?xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      scf.for %arg4 = %c0 to %7 step %c1 {
        %22:4 = scf.for %arg5 = %c0 to %9 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.addf %arg6, %59 fastmath<reassoc,contract> : vector<8xf32>
          %61 = arith.addi %arg5, %c8 : index
          %62 = vector.transfer_read %subview[%arg4, %61], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %63 = arith.addf %arg7, %62 fastmath<reassoc,contract> : vector<8xf32>
          %64 = arith.addi %arg5, %c16 : index
          %65 = vector.transfer_read %subview[%arg4, %64], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %66 = arith.addf %arg8, %65 fastmath<reassoc,contract> : vector<8xf32>
          %67 = arith.addi %arg5, %c24 : index
          %68 = vector.transfer_read %subview[%arg4, %67], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %69 = arith.addf %arg9, %68 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %60, %63, %66, %69 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %23 = scf.for %arg5 = %9 to %11 step %c8 iter_args(%arg6 = %22#0) -> (vector<8xf32>) {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.addf %arg6, %59 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %60 : vector<8xf32>
        }
        %24 = arith.cmpi ult, %11, %dim : index
        %25 = scf.if %24 -> (vector<8xf32>) {
          %59 = arith.subi %dim, %11 : index
          %60 = vector.create_mask %59 : vector<8xi1>
          %61 = vector.transfer_read %subview[%arg4, %11], %cst_1, %60 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.select %60, %61, %cst_2 : vector<8xi1>, vector<8xf32>
          %63 = arith.addf %23, %62 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %63 : vector<8xf32>
        } else {
          scf.yield %23 : vector<8xf32>
        }
        %26 = arith.addf %25, %22#1 fastmath<reassoc,contract> : vector<8xf32>
        %27 = arith.addf %26, %22#2 fastmath<reassoc,contract> : vector<8xf32>
        %28 = arith.addf %27, %22#3 fastmath<reassoc,contract> : vector<8xf32>
        %29 = vector.reduction <add>, %28 fastmath<reassoc> : vector<8xf32> into f32
        %30 = arith.divf %29, %21 : f32
        %31 = vector.broadcast %30 : f32 to vector<8xf32>
        %32:8 = scf.for %arg5 = %c0 to %9 step %c32 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2, %arg10 = %cst_2, %arg11 = %cst_2, %arg12 = %cst_2, %arg13 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.subf %59, %31 : vector<8xf32>
          %61 = arith.mulf %60, %60 fastmath<contract> : vector<8xf32>
          %62 = arith.addf %arg6, %60 fastmath<reassoc,contract> : vector<8xf32>
          %63 = arith.addf %arg10, %61 fastmath<reassoc,contract> : vector<8xf32>
          %64 = arith.addi %arg5, %c8 : index
          %65 = vector.transfer_read %subview[%arg4, %64], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %66 = arith.subf %65, %31 : vector<8xf32>
          %67 = arith.mulf %66, %66 fastmath<contract> : vector<8xf32>
          %68 = arith.addf %arg7, %66 fastmath<reassoc,contract> : vector<8xf32>
          %69 = arith.addf %arg11, %67 fastmath<reassoc,contract> : vector<8xf32>
          %70 = arith.addi %arg5, %c16 : index
          %71 = vector.transfer_read %subview[%arg4, %70], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %72 = arith.subf %71, %31 : vector<8xf32>
          %73 = arith.mulf %72, %72 fastmath<contract> : vector<8xf32>
          %74 = arith.addf %arg8, %72 fastmath<reassoc,contract> : vector<8xf32>
          %75 = arith.addf %arg12, %73 fastmath<reassoc,contract> : vector<8xf32>
          %76 = arith.addi %arg5, %c24 : index
          %77 = vector.transfer_read %subview[%arg4, %76], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %78 = arith.subf %77, %31 : vector<8xf32>
          %79 = arith.mulf %78, %78 fastmath<contract> : vector<8xf32>
          %80 = arith.addf %arg9, %78 fastmath<reassoc,contract> : vector<8xf32>
          %81 = arith.addf %arg13, %79 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %62, %68, %74, %80, %63, %69, %75, %81 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
        }
        %33:2 = scf.for %arg5 = %9 to %11 step %c8 iter_args(%arg6 = %32#0, %arg7 = %32#4) -> (vector<8xf32>, vector<8xf32>) {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.subf %59, %31 : vector<8xf32>
          %61 = arith.mulf %60, %60 fastmath<contract> : vector<8xf32>
          %62 = arith.addf %arg6, %60 fastmath<reassoc,contract> : vector<8xf32>
          %63 = arith.addf %arg7, %61 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %62, %63 : vector<8xf32>, vector<8xf32>
        }
        %34:2 = scf.if %24 -> (vector<8xf32>, vector<8xf32>) {
          %59 = arith.subi %dim, %11 : index
          %60 = vector.create_mask %59 : vector<8xi1>
          %61 = vector.transfer_read %subview[%arg4, %11], %cst_1, %60 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %31 : vector<8xf32>
          %63 = arith.mulf %62, %62 fastmath<contract> : vector<8xf32>
          %64 = arith.select %60, %62, %cst_2 : vector<8xi1>, vector<8xf32>
          %65 = arith.addf %33#0, %64 fastmath<reassoc,contract> : vector<8xf32>
          %66 = arith.select %60, %63, %cst_2 : vector<8xi1>, vector<8xf32>
          %67 = arith.addf %33#1, %66 fastmath<reassoc,contract> : vector<8xf32>
          scf.yield %65, %67 : vector<8xf32>, vector<8xf32>
        } else {
          scf.yield %33#0, %33#1 : vector<8xf32>, vector<8xf32>
        }
        %35 = arith.addf %34#0, %32#1 fastmath<reassoc,contract> : vector<8xf32>
        %36 = arith.addf %35, %32#2 fastmath<reassoc,contract> : vector<8xf32>
        %37 = arith.addf %36, %32#3 fastmath<reassoc,contract> : vector<8xf32>
        %38 = arith.addf %34#1, %32#5 fastmath<reassoc,contract> : vector<8xf32>
        %39 = arith.addf %38, %32#6 fastmath<reassoc,contract> : vector<8xf32>
        %40 = arith.addf %39, %32#7 fastmath<reassoc,contract> : vector<8xf32>
        %41 = vector.reduction <add>, %37 fastmath<reassoc> : vector<8xf32> into f32
        %42 = vector.reduction <add>, %40 fastmath<reassoc> : vector<8xf32> into f32
        %43 = arith.divf %41, %21 : f32
        %44 = arith.divf %42, %21 : f32
        %45 = arith.mulf %43, %43 : f32
        %46 = arith.subf %44, %45 : f32
        %47 = arith.maximumf %46, %cst_1 : f32
        %48 = arith.addf %47, %cst : f32
        %49 = math.sqrt %48 : f32
        %50 = arith.divf %cst_0, %49 : f32
        %51 = vector.broadcast %43 : f32 to vector<8xf32>
        %52 = vector.broadcast %50 : f32 to vector<8xf32>
        %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
        %53 = arith.muli %arg4, %strides#0 : index
        %54 = arith.addi %offset, %53 : index
        %intptr = memref.extract_aligned_pointer_as_index %subview_4 : memref<?x?xf32, strided<[?, 1], offset: ?>> -> index
        %c4_5 = arith.constant 4 : index
        %55 = arith.muli %54, %c4_5 : index
        %56 = arith.addi %intptr, %55 : index
        %c32_6 = arith.constant 32 : index
        %57 = arith.remui %56, %c32_6 : index
        %c0_7 = arith.constant 0 : index
        %58 = arith.cmpi eq, %57, %c0_7 : index
        scf.if %58 {
          scf.for %arg5 = %c0 to %19 step %c32 {
            %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %60 = arith.subf %59, %31 : vector<8xf32>
            %61 = arith.subf %60, %51 : vector<8xf32>
            %62 = arith.mulf %61, %52 : vector<8xf32>
            %63 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %64 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = math.fma %62, %63, %64 : vector<8xf32>
            vector.store %65, %subview_4[%arg4, %arg5] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %66 = arith.addi %arg5, %c8 : index
            %67 = vector.transfer_read %subview[%arg4, %66], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %68 = arith.subf %67, %31 : vector<8xf32>
            %69 = arith.subf %68, %51 : vector<8xf32>
            %70 = arith.mulf %69, %52 : vector<8xf32>
            %71 = vector.transfer_read %arg1[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %72 = vector.transfer_read %arg2[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = math.fma %70, %71, %72 : vector<8xf32>
            vector.store %73, %subview_4[%arg4, %66] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %74 = arith.addi %arg5, %c16 : index
            %75 = vector.transfer_read %subview[%arg4, %74], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %76 = arith.subf %75, %31 : vector<8xf32>
            %77 = arith.subf %76, %51 : vector<8xf32>
            %78 = arith.mulf %77, %52 : vector<8xf32>
            %79 = vector.transfer_read %arg1[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %80 = vector.transfer_read %arg2[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %81 = math.fma %78, %79, %80 : vector<8xf32>
            vector.store %81, %subview_4[%arg4, %74] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %82 = arith.addi %arg5, %c24 : index
            %83 = vector.transfer_read %subview[%arg4, %82], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %84 = arith.subf %83, %31 : vector<8xf32>
            %85 = arith.subf %84, %51 : vector<8xf32>
            %86 = arith.mulf %85, %52 : vector<8xf32>
            %87 = vector.transfer_read %arg1[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %88 = vector.transfer_read %arg2[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %89 = math.fma %86, %87, %88 : vector<8xf32>
            vector.store %89, %subview_4[%arg4, %82] {alignment = 32 : i64, nontemporal = true} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          }
        } else {
          scf.for %arg5 = %c0 to %19 step %c32 {
            %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %60 = arith.subf %59, %31 : vector<8xf32>
            %61 = arith.subf %60, %51 : vector<8xf32>
            %62 = arith.mulf %61, %52 : vector<8xf32>
            %63 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %64 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %65 = math.fma %62, %63, %64 : vector<8xf32>
            vector.transfer_write %65, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %66 = arith.addi %arg5, %c8 : index
            %67 = vector.transfer_read %subview[%arg4, %66], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %68 = arith.subf %67, %31 : vector<8xf32>
            %69 = arith.subf %68, %51 : vector<8xf32>
            %70 = arith.mulf %69, %52 : vector<8xf32>
            %71 = vector.transfer_read %arg1[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %72 = vector.transfer_read %arg2[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %73 = math.fma %70, %71, %72 : vector<8xf32>
            vector.transfer_write %73, %subview_4[%arg4, %66] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %74 = arith.addi %arg5, %c16 : index
            %75 = vector.transfer_read %subview[%arg4, %74], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %76 = arith.subf %75, %31 : vector<8xf32>
            %77 = arith.subf %76, %51 : vector<8xf32>
            %78 = arith.mulf %77, %52 : vector<8xf32>
            %79 = vector.transfer_read %arg1[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %80 = vector.transfer_read %arg2[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %81 = math.fma %78, %79, %80 : vector<8xf32>
            vector.transfer_write %81, %subview_4[%arg4, %74] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
            %82 = arith.addi %arg5, %c24 : index
            %83 = vector.transfer_read %subview[%arg4, %82], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
            %84 = arith.subf %83, %31 : vector<8xf32>
            %85 = arith.subf %84, %51 : vector<8xf32>
            %86 = arith.mulf %85, %52 : vector<8xf32>
            %87 = vector.transfer_read %arg1[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %88 = vector.transfer_read %arg2[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
            %89 = math.fma %86, %87, %88 : vector<8xf32>
            vector.transfer_write %89, %subview_4[%arg4, %82] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          }
        }
        scf.for %arg5 = %19 to %9 step %c32 {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.subf %59, %31 : vector<8xf32>
          %61 = arith.subf %60, %51 : vector<8xf32>
          %62 = arith.mulf %61, %52 : vector<8xf32>
          %63 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %64 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %65 = math.fma %62, %63, %64 : vector<8xf32>
          vector.transfer_write %65, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %66 = arith.addi %arg5, %c8 : index
          %67 = vector.transfer_read %subview[%arg4, %66], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %68 = arith.subf %67, %31 : vector<8xf32>
          %69 = arith.subf %68, %51 : vector<8xf32>
          %70 = arith.mulf %69, %52 : vector<8xf32>
          %71 = vector.transfer_read %arg1[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %72 = vector.transfer_read %arg2[%66], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %73 = math.fma %70, %71, %72 : vector<8xf32>
          vector.transfer_write %73, %subview_4[%arg4, %66] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %74 = arith.addi %arg5, %c16 : index
          %75 = vector.transfer_read %subview[%arg4, %74], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %76 = arith.subf %75, %31 : vector<8xf32>
          %77 = arith.subf %76, %51 : vector<8xf32>
          %78 = arith.mulf %77, %52 : vector<8xf32>
          %79 = vector.transfer_read %arg1[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %80 = vector.transfer_read %arg2[%74], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %81 = math.fma %78, %79, %80 : vector<8xf32>
          vector.transfer_write %81, %subview_4[%arg4, %74] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
          %82 = arith.addi %arg5, %c24 : index
          %83 = vector.transfer_read %subview[%arg4, %82], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %84 = arith.subf %83, %31 : vector<8xf32>
          %85 = arith.subf %84, %51 : vector<8xf32>
          %86 = arith.mulf %85, %52 : vector<8xf32>
          %87 = vector.transfer_read %arg1[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %88 = vector.transfer_read %arg2[%82], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %89 = math.fma %86, %87, %88 : vector<8xf32>
          vector.transfer_write %89, %subview_4[%arg4, %82] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.for %arg5 = %9 to %11 step %c8 {
          %59 = vector.transfer_read %subview[%arg4, %arg5], %cst_1 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %60 = arith.subf %59, %31 : vector<8xf32>
          %61 = arith.subf %60, %51 : vector<8xf32>
          %62 = arith.mulf %61, %52 : vector<8xf32>
          %63 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %64 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %65 = math.fma %62, %63, %64 : vector<8xf32>
          vector.transfer_write %65, %subview_4[%arg4, %arg5] {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
        scf.if %24 {
          %59 = arith.subi %dim, %11 : index
          %60 = vector.create_mask %59 : vector<8xi1>
          %61 = vector.transfer_read %subview[%arg4, %11], %cst_1, %60 {in_bounds = [true]} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
          %62 = arith.subf %61, %31 : vector<8xf32>
          %63 = arith.subf %62, %51 : vector<8xf32>
          %64 = arith.mulf %63, %52 : vector<8xf32>
          %65 = vector.transfer_read %arg1[%11], %cst_1, %60 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %66 = vector.transfer_read %arg2[%11], %cst_1, %60 {in_bounds = [true]} : memref<?xf32>, vector<8xf32>
          %67 = math.fma %64, %65, %66 : vector<8xf32>
          vector.transfer_write %67, %subview_4[%arg4, %11], %60 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32, strided<[?, 1], offset: ?>>
        }
      }
      llvm.fence seq_cst
    }
    return %alloc : memref<?x?xf32>
  }
}


