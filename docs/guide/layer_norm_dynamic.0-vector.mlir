module {
  func.func @layer_norm(%arg0: tensor<?x?xf32>, %arg1: tensor<?xf32>, %arg2: tensor<?xf32>) -> tensor<?x?xf32> {
    %cst = arith.constant 9.99999974E-6 : f32
    %cst_0 = arith.constant 1.000000e+00 : f32
    %c8 = arith.constant 8 : index
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant dense<0.000000e+00> : vector<8xf32>
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %c1 = arith.constant 1 : index
    %dim = tensor.dim %arg0, %c1 : tensor<?x?xf32>
    %0 = arith.index_castui %dim : index to i64
    %1 = arith.uitofp %0 : i64 to f32
    %2 = arith.remui %dim, %c16 : index
    %3 = arith.subi %dim, %2 : index
    %dim_3 = tensor.dim %arg0, %c0 : tensor<?x?xf32>
    %4 = tensor.empty(%dim_3, %dim) : tensor<?x?xf32>
    %5 = scf.for %arg3 = %c0 to %dim_3 step %c1 iter_args(%arg4 = %4) -> (tensor<?x?xf32>) {
      %6:2 = scf.for %arg5 = %c0 to %3 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2) -> (vector<8xf32>, vector<8xf32>) {
        %30 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %31 = arith.addf %arg6, %30 fastmath<reassoc> : vector<8xf32>
        %32 = arith.addi %arg5, %c8 : index
        %33 = vector.transfer_read %arg0[%arg3, %32], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %34 = arith.addf %arg7, %33 fastmath<reassoc> : vector<8xf32>
        scf.yield %31, %34 : vector<8xf32>, vector<8xf32>
      }
      %7 = scf.for %arg5 = %3 to %dim step %c8 iter_args(%arg6 = %6#0) -> (vector<8xf32>) {
        %30 = arith.subi %dim, %arg5 : index
        %31 = vector.create_mask %30 : vector<8xi1>
        %32 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1, %31 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %33 = arith.addf %arg6, %32 fastmath<reassoc> : vector<8xf32>
        scf.yield %33 : vector<8xf32>
      }
      %8 = arith.addf %7, %6#1 fastmath<reassoc> : vector<8xf32>
      %9 = vector.reduction <add>, %8 fastmath<reassoc> : vector<8xf32> into f32
      %10 = arith.divf %9, %1 : f32
      %11 = vector.broadcast %10 : f32 to vector<8xf32>
      %12:4 = scf.for %arg5 = %c0 to %3 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
        %30 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %31 = arith.subf %30, %11 : vector<8xf32>
        %32 = arith.mulf %31, %31 : vector<8xf32>
        %33 = arith.addf %arg6, %31 fastmath<reassoc> : vector<8xf32>
        %34 = arith.addf %arg8, %32 fastmath<reassoc> : vector<8xf32>
        %35 = arith.addi %arg5, %c8 : index
        %36 = vector.transfer_read %arg0[%arg3, %35], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %37 = arith.subf %36, %11 : vector<8xf32>
        %38 = arith.mulf %37, %37 : vector<8xf32>
        %39 = arith.addf %arg7, %37 fastmath<reassoc> : vector<8xf32>
        %40 = arith.addf %arg9, %38 fastmath<reassoc> : vector<8xf32>
        scf.yield %33, %39, %34, %40 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
      }
      %13:2 = scf.for %arg5 = %3 to %dim step %c8 iter_args(%arg6 = %12#0, %arg7 = %12#2) -> (vector<8xf32>, vector<8xf32>) {
        %30 = arith.subi %dim, %arg5 : index
        %31 = vector.create_mask %30 : vector<8xi1>
        %32 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1, %31 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %33 = arith.subf %32, %11 : vector<8xf32>
        %34 = arith.select %31, %33, %cst_2 : vector<8xi1>, vector<8xf32>
        %35 = arith.mulf %34, %34 : vector<8xf32>
        %36 = arith.addf %arg6, %34 fastmath<reassoc> : vector<8xf32>
        %37 = arith.addf %arg7, %35 fastmath<reassoc> : vector<8xf32>
        scf.yield %36, %37 : vector<8xf32>, vector<8xf32>
      }
      %14 = arith.addf %13#0, %12#1 fastmath<reassoc> : vector<8xf32>
      %15 = vector.reduction <add>, %14 fastmath<reassoc> : vector<8xf32> into f32
      %16 = arith.addf %13#1, %12#3 fastmath<reassoc> : vector<8xf32>
      %17 = vector.reduction <add>, %16 fastmath<reassoc> : vector<8xf32> into f32
      %18 = arith.divf %15, %1 : f32
      %19 = arith.divf %17, %1 : f32
      %20 = arith.mulf %18, %18 : f32
      %21 = arith.subf %19, %20 : f32
      %22 = arith.maximumf %21, %cst_1 : f32
      %23 = arith.addf %22, %cst : f32
      %24 = math.sqrt %23 : f32
      %25 = arith.divf %cst_0, %24 : f32
      %26 = vector.broadcast %18 : f32 to vector<8xf32>
      %27 = vector.broadcast %25 : f32 to vector<8xf32>
      %28 = scf.for %arg5 = %c0 to %3 step %c16 iter_args(%arg6 = %arg4) -> (tensor<?x?xf32>) {
        %30 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %31 = arith.subf %30, %11 : vector<8xf32>
        %32 = arith.subf %31, %26 : vector<8xf32>
        %33 = arith.mulf %32, %27 : vector<8xf32>
        %34 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %35 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %36 = math.fma %33, %34, %35 : vector<8xf32>
        %37 = vector.transfer_write %36, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        %38 = arith.addi %arg5, %c8 : index
        %39 = vector.transfer_read %arg0[%arg3, %38], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %40 = arith.subf %39, %11 : vector<8xf32>
        %41 = arith.subf %40, %26 : vector<8xf32>
        %42 = arith.mulf %41, %27 : vector<8xf32>
        %43 = vector.transfer_read %arg1[%38], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %44 = vector.transfer_read %arg2[%38], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %45 = math.fma %42, %43, %44 : vector<8xf32>
        %46 = vector.transfer_write %45, %37[%arg3, %38] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %46 : tensor<?x?xf32>
      } {norm.stream_stores}
      %29 = scf.for %arg5 = %3 to %dim step %c8 iter_args(%arg6 = %28) -> (tensor<?x?xf32>) {
        %30 = arith.subi %dim, %arg5 : index
        %31 = vector.create_mask %30 : vector<8xi1>
        %32 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1, %31 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %33 = arith.subf %32, %11 : vector<8xf32>
        %34 = arith.subf %33, %26 : vector<8xf32>
        %35 = arith.mulf %34, %27 : vector<8xf32>
        %36 = vector.transfer_read %arg1[%arg5], %cst_1, %31 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %37 = vector.transfer_read %arg2[%arg5], %cst_1, %31 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %38 = math.fma %35, %36, %37 : vector<8xf32>
        %39 = vector.transfer_write %38, %arg6[%arg3, %arg5], %31 {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %39 : tensor<?x?xf32>
      }
      scf.yield %29 : tensor<?x?xf32>
    }
    return %5 : tensor<?x?xf32>
  }
}

