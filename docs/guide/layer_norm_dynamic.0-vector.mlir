module {
  func.func @layer_norm(%arg0: tensor<?x?xf32>, %arg1: tensor<?xf32>, %arg2: tensor<?xf32>) -> tensor<?x?xf32> {
    %cst = arith.constant 9.99999974E-6 : f32
    %cst_0 = arith.constant 1.000000e+00 : f32
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant dense<0.000000e+00> : vector<8xf32>
    %c0 = arith.constant 0 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %c1 = arith.constant 1 : index
    %dim = tensor.dim %arg0, %c1 : tensor<?x?xf32>
    %0 = arith.remui %dim, %c16 : index
    %1 = arith.subi %dim, %0 : index
    %2 = arith.remui %dim, %c8 : index
    %3 = arith.subi %dim, %2 : index
    %4 = arith.index_castui %dim : index to i64
    %5 = arith.uitofp %4 : i64 to f32
    %dim_3 = tensor.dim %arg0, %c0 : tensor<?x?xf32>
    %6 = tensor.empty(%dim_3, %dim) : tensor<?x?xf32>
    %7 = scf.for %arg3 = %c0 to %dim_3 step %c1 iter_args(%arg4 = %6) -> (tensor<?x?xf32>) {
      %8:2 = scf.for %arg5 = %c0 to %1 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2) -> (vector<8xf32>, vector<8xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.addf %arg6, %36 fastmath<reassoc> : vector<8xf32>
        %38 = arith.addi %arg5, %c8 : index
        %39 = vector.transfer_read %arg0[%arg3, %38], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %40 = arith.addf %arg7, %39 fastmath<reassoc> : vector<8xf32>
        scf.yield %37, %40 : vector<8xf32>, vector<8xf32>
      }
      %9 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %8#0) -> (vector<8xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.addf %arg6, %36 fastmath<reassoc> : vector<8xf32>
        scf.yield %37 : vector<8xf32>
      }
      %10 = arith.cmpi ult, %3, %dim : index
      %11 = scf.if %10 -> (vector<8xf32>) {
        %36 = arith.subi %dim, %3 : index
        %37 = vector.create_mask %36 : vector<8xi1>
        %38 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %37 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %39 = arith.select %37, %38, %cst_2 : vector<8xi1>, vector<8xf32>
        %40 = arith.addf %9, %39 fastmath<reassoc> : vector<8xf32>
        scf.yield %40 : vector<8xf32>
      } else {
        scf.yield %9 : vector<8xf32>
      }
      %12 = arith.addf %11, %8#1 fastmath<reassoc> : vector<8xf32>
      %13 = vector.reduction <add>, %12 fastmath<reassoc> : vector<8xf32> into f32
      %14 = arith.divf %13, %5 : f32
      %15 = vector.broadcast %14 : f32 to vector<8xf32>
      %16:4 = scf.for %arg5 = %c0 to %1 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.subf %36, %15 : vector<8xf32>
        %38 = arith.mulf %37, %37 : vector<8xf32>
        %39 = arith.addf %arg6, %37 fastmath<reassoc> : vector<8xf32>
        %40 = arith.addf %arg8, %38 fastmath<reassoc> : vector<8xf32>
        %41 = arith.addi %arg5, %c8 : index
        %42 = vector.transfer_read %arg0[%arg3, %41], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %43 = arith.subf %42, %15 : vector<8xf32>
        %44 = arith.mulf %43, %43 : vector<8xf32>
        %45 = arith.addf %arg7, %43 fastmath<reassoc> : vector<8xf32>
        %46 = arith.addf %arg9, %44 fastmath<reassoc> : vector<8xf32>
        scf.yield %39, %45, %40, %46 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
      }
      %17:2 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %16#0, %arg7 = %16#2) -> (vector<8xf32>, vector<8xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.subf %36, %15 : vector<8xf32>
        %38 = arith.mulf %37, %37 : vector<8xf32>
        %39 = arith.addf %arg6, %37 fastmath<reassoc> : vector<8xf32>
        %40 = arith.addf %arg7, %38 fastmath<reassoc> : vector<8xf32>
        scf.yield %39, %40 : vector<8xf32>, vector<8xf32>
      }
      %18:2 = scf.if %10 -> (vector<8xf32>, vector<8xf32>) {
        %36 = arith.subi %dim, %3 : index
        %37 = vector.create_mask %36 : vector<8xi1>
        %38 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %37 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %39 = arith.subf %38, %15 : vector<8xf32>
        %40 = arith.mulf %39, %39 : vector<8xf32>
        %41 = arith.select %37, %39, %cst_2 : vector<8xi1>, vector<8xf32>
        %42 = arith.addf %17#0, %41 fastmath<reassoc> : vector<8xf32>
        %43 = arith.select %37, %40, %cst_2 : vector<8xi1>, vector<8xf32>
        %44 = arith.addf %17#1, %43 fastmath<reassoc> : vector<8xf32>
        scf.yield %42, %44 : vector<8xf32>, vector<8xf32>
      } else {
        scf.yield %17#0, %17#1 : vector<8xf32>, vector<8xf32>
      }
      %19 = arith.addf %18#0, %16#1 fastmath<reassoc> : vector<8xf32>
      %20 = arith.addf %18#1, %16#3 fastmath<reassoc> : vector<8xf32>
      %21 = vector.reduction <add>, %19 fastmath<reassoc> : vector<8xf32> into f32
      %22 = vector.reduction <add>, %20 fastmath<reassoc> : vector<8xf32> into f32
      %23 = arith.divf %21, %5 : f32
      %24 = arith.divf %22, %5 : f32
      %25 = arith.mulf %23, %23 : f32
      %26 = arith.subf %24, %25 : f32
      %27 = arith.maximumf %26, %cst_1 : f32
      %28 = arith.addf %27, %cst : f32
      %29 = math.sqrt %28 : f32
      %30 = arith.divf %cst_0, %29 : f32
      %31 = vector.broadcast %23 : f32 to vector<8xf32>
      %32 = vector.broadcast %30 : f32 to vector<8xf32>
      %33 = scf.for %arg5 = %c0 to %1 step %c16 iter_args(%arg6 = %arg4) -> (tensor<?x?xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.subf %36, %15 : vector<8xf32>
        %38 = arith.subf %37, %31 : vector<8xf32>
        %39 = arith.mulf %38, %32 : vector<8xf32>
        %40 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %41 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %42 = math.fma %39, %40, %41 : vector<8xf32>
        %43 = vector.transfer_write %42, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        %44 = arith.addi %arg5, %c8 : index
        %45 = vector.transfer_read %arg0[%arg3, %44], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %46 = arith.subf %45, %15 : vector<8xf32>
        %47 = arith.subf %46, %31 : vector<8xf32>
        %48 = arith.mulf %47, %32 : vector<8xf32>
        %49 = vector.transfer_read %arg1[%44], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %50 = vector.transfer_read %arg2[%44], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %51 = math.fma %48, %49, %50 : vector<8xf32>
        %52 = vector.transfer_write %51, %43[%arg3, %44] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %52 : tensor<?x?xf32>
      } {norm.stream_stores}
      %34 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %33) -> (tensor<?x?xf32>) {
        %36 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.subf %36, %15 : vector<8xf32>
        %38 = arith.subf %37, %31 : vector<8xf32>
        %39 = arith.mulf %38, %32 : vector<8xf32>
        %40 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %41 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %42 = math.fma %39, %40, %41 : vector<8xf32>
        %43 = vector.transfer_write %42, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %43 : tensor<?x?xf32>
      }
      %35 = scf.if %10 -> (tensor<?x?xf32>) {
        %36 = arith.subi %dim, %3 : index
        %37 = vector.create_mask %36 : vector<8xi1>
        %38 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %37 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %39 = arith.subf %38, %15 : vector<8xf32>
        %40 = arith.subf %39, %31 : vector<8xf32>
        %41 = arith.mulf %40, %32 : vector<8xf32>
        %42 = vector.transfer_read %arg1[%3], %cst_1, %37 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %43 = vector.transfer_read %arg2[%3], %cst_1, %37 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %44 = math.fma %41, %42, %43 : vector<8xf32>
        %45 = vector.transfer_write %44, %34[%arg3, %3], %37 {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %45 : tensor<?x?xf32>
      } else {
        scf.yield %34 : tensor<?x?xf32>
      }
      scf.yield %35 : tensor<?x?xf32>
    }
    return %7 : tensor<?x?xf32>
  }
}

