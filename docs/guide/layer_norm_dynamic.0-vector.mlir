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
    %4 = arith.subi %dim, %1 : index
    %5 = arith.muli %4, %c8 : index
    %6 = arith.cmpi ule, %5, %dim : index
    %7 = arith.select %6, %1, %c0 : index
    %8 = arith.index_castui %dim : index to i64
    %9 = arith.uitofp %8 : i64 to f32
    %dim_3 = tensor.dim %arg0, %c0 : tensor<?x?xf32>
    %10 = tensor.empty(%dim_3, %dim) : tensor<?x?xf32>
    %11 = scf.for %arg3 = %c0 to %dim_3 step %c1 iter_args(%arg4 = %10) -> (tensor<?x?xf32>) {
      %12:2 = scf.for %arg5 = %c0 to %1 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2) -> (vector<8xf32>, vector<8xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.addf %arg6, %41 fastmath<reassoc,contract> : vector<8xf32>
        %43 = arith.addi %arg5, %c8 : index
        %44 = vector.transfer_read %arg0[%arg3, %43], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %45 = arith.addf %arg7, %44 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %42, %45 : vector<8xf32>, vector<8xf32>
      }
      %13 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %12#0) -> (vector<8xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.addf %arg6, %41 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %42 : vector<8xf32>
      }
      %14 = arith.cmpi ult, %3, %dim : index
      %15 = scf.if %14 -> (vector<8xf32>) {
        %41 = arith.subi %dim, %3 : index
        %42 = vector.create_mask %41 : vector<8xi1>
        %43 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %42 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %44 = arith.select %42, %43, %cst_2 : vector<8xi1>, vector<8xf32>
        %45 = arith.addf %13, %44 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %45 : vector<8xf32>
      } else {
        scf.yield %13 : vector<8xf32>
      }
      %16 = arith.addf %15, %12#1 fastmath<reassoc,contract> : vector<8xf32>
      %17 = vector.reduction <add>, %16 fastmath<reassoc> : vector<8xf32> into f32
      %18 = arith.divf %17, %9 : f32
      %19 = vector.broadcast %18 : f32 to vector<8xf32>
      %20:4 = scf.for %arg5 = %c0 to %1 step %c16 iter_args(%arg6 = %cst_2, %arg7 = %cst_2, %arg8 = %cst_2, %arg9 = %cst_2) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.subf %41, %19 : vector<8xf32>
        %43 = arith.mulf %42, %42 fastmath<contract> : vector<8xf32>
        %44 = arith.addf %arg6, %42 fastmath<reassoc,contract> : vector<8xf32>
        %45 = arith.addf %arg8, %43 fastmath<reassoc,contract> : vector<8xf32>
        %46 = arith.addi %arg5, %c8 : index
        %47 = vector.transfer_read %arg0[%arg3, %46], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %48 = arith.subf %47, %19 : vector<8xf32>
        %49 = arith.mulf %48, %48 fastmath<contract> : vector<8xf32>
        %50 = arith.addf %arg7, %48 fastmath<reassoc,contract> : vector<8xf32>
        %51 = arith.addf %arg9, %49 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %44, %50, %45, %51 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
      }
      %21:2 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %20#0, %arg7 = %20#2) -> (vector<8xf32>, vector<8xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.subf %41, %19 : vector<8xf32>
        %43 = arith.mulf %42, %42 fastmath<contract> : vector<8xf32>
        %44 = arith.addf %arg6, %42 fastmath<reassoc,contract> : vector<8xf32>
        %45 = arith.addf %arg7, %43 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %44, %45 : vector<8xf32>, vector<8xf32>
      }
      %22:2 = scf.if %14 -> (vector<8xf32>, vector<8xf32>) {
        %41 = arith.subi %dim, %3 : index
        %42 = vector.create_mask %41 : vector<8xi1>
        %43 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %42 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %44 = arith.subf %43, %19 : vector<8xf32>
        %45 = arith.mulf %44, %44 fastmath<contract> : vector<8xf32>
        %46 = arith.select %42, %44, %cst_2 : vector<8xi1>, vector<8xf32>
        %47 = arith.addf %21#0, %46 fastmath<reassoc,contract> : vector<8xf32>
        %48 = arith.select %42, %45, %cst_2 : vector<8xi1>, vector<8xf32>
        %49 = arith.addf %21#1, %48 fastmath<reassoc,contract> : vector<8xf32>
        scf.yield %47, %49 : vector<8xf32>, vector<8xf32>
      } else {
        scf.yield %21#0, %21#1 : vector<8xf32>, vector<8xf32>
      }
      %23 = arith.addf %22#0, %20#1 fastmath<reassoc,contract> : vector<8xf32>
      %24 = arith.addf %22#1, %20#3 fastmath<reassoc,contract> : vector<8xf32>
      %25 = vector.reduction <add>, %23 fastmath<reassoc> : vector<8xf32> into f32
      %26 = vector.reduction <add>, %24 fastmath<reassoc> : vector<8xf32> into f32
      %27 = arith.divf %25, %9 : f32
      %28 = arith.divf %26, %9 : f32
      %29 = arith.mulf %27, %27 : f32
      %30 = arith.subf %28, %29 : f32
      %31 = arith.maximumf %30, %cst_1 : f32
      %32 = arith.addf %31, %cst : f32
      %33 = math.sqrt %32 : f32
      %34 = arith.divf %cst_0, %33 : f32
      %35 = vector.broadcast %27 : f32 to vector<8xf32>
      %36 = vector.broadcast %34 : f32 to vector<8xf32>
      %37 = scf.for %arg5 = %c0 to %7 step %c16 iter_args(%arg6 = %arg4) -> (tensor<?x?xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.subf %41, %19 : vector<8xf32>
        %43 = arith.subf %42, %35 : vector<8xf32>
        %44 = arith.mulf %43, %36 : vector<8xf32>
        %45 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %46 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %47 = math.fma %44, %45, %46 : vector<8xf32>
        %48 = vector.transfer_write %47, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        %49 = arith.addi %arg5, %c8 : index
        %50 = vector.transfer_read %arg0[%arg3, %49], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %51 = arith.subf %50, %19 : vector<8xf32>
        %52 = arith.subf %51, %35 : vector<8xf32>
        %53 = arith.mulf %52, %36 : vector<8xf32>
        %54 = vector.transfer_read %arg1[%49], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %55 = vector.transfer_read %arg2[%49], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %56 = math.fma %53, %54, %55 : vector<8xf32>
        %57 = vector.transfer_write %56, %48[%arg3, %49] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %57 : tensor<?x?xf32>
      } {norm.stream_stores}
      %38 = scf.for %arg5 = %7 to %1 step %c16 iter_args(%arg6 = %37) -> (tensor<?x?xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.subf %41, %19 : vector<8xf32>
        %43 = arith.subf %42, %35 : vector<8xf32>
        %44 = arith.mulf %43, %36 : vector<8xf32>
        %45 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %46 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %47 = math.fma %44, %45, %46 : vector<8xf32>
        %48 = vector.transfer_write %47, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        %49 = arith.addi %arg5, %c8 : index
        %50 = vector.transfer_read %arg0[%arg3, %49], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %51 = arith.subf %50, %19 : vector<8xf32>
        %52 = arith.subf %51, %35 : vector<8xf32>
        %53 = arith.mulf %52, %36 : vector<8xf32>
        %54 = vector.transfer_read %arg1[%49], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %55 = vector.transfer_read %arg2[%49], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %56 = math.fma %53, %54, %55 : vector<8xf32>
        %57 = vector.transfer_write %56, %48[%arg3, %49] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %57 : tensor<?x?xf32>
      }
      %39 = scf.for %arg5 = %1 to %3 step %c8 iter_args(%arg6 = %38) -> (tensor<?x?xf32>) {
        %41 = vector.transfer_read %arg0[%arg3, %arg5], %cst_1 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %42 = arith.subf %41, %19 : vector<8xf32>
        %43 = arith.subf %42, %35 : vector<8xf32>
        %44 = arith.mulf %43, %36 : vector<8xf32>
        %45 = vector.transfer_read %arg1[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %46 = vector.transfer_read %arg2[%arg5], %cst_1 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %47 = math.fma %44, %45, %46 : vector<8xf32>
        %48 = vector.transfer_write %47, %arg6[%arg3, %arg5] {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %48 : tensor<?x?xf32>
      }
      %40 = scf.if %14 -> (tensor<?x?xf32>) {
        %41 = arith.subi %dim, %3 : index
        %42 = vector.create_mask %41 : vector<8xi1>
        %43 = vector.transfer_read %arg0[%arg3, %3], %cst_1, %42 {in_bounds = [true]} : tensor<?x?xf32>, vector<8xf32>
        %44 = arith.subf %43, %19 : vector<8xf32>
        %45 = arith.subf %44, %35 : vector<8xf32>
        %46 = arith.mulf %45, %36 : vector<8xf32>
        %47 = vector.transfer_read %arg1[%3], %cst_1, %42 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %48 = vector.transfer_read %arg2[%3], %cst_1, %42 {in_bounds = [true]} : tensor<?xf32>, vector<8xf32>
        %49 = math.fma %46, %47, %48 : vector<8xf32>
        %50 = vector.transfer_write %49, %39[%arg3, %3], %42 {in_bounds = [true]} : vector<8xf32>, tensor<?x?xf32>
        scf.yield %50 : tensor<?x?xf32>
      } else {
        scf.yield %39 : tensor<?x?xf32>
      }
      scf.yield %40 : tensor<?x?xf32>
    }
    return %11 : tensor<?x?xf32>
  }
}

