module {
  func.func @layer_norm(%arg0: tensor<2x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>) -> tensor<2x8xf32> {
    %0 = tensor.empty() : tensor<2x8xf32>
    %1 = scf.forall (%arg3) in (2) shared_outs(%arg4 = %0) -> (tensor<2x8xf32>) {
      %extracted_slice = tensor.extract_slice %arg0[%arg3, 0] [1, 8] [1, 1] : tensor<2x8xf32> to tensor<1x8xf32>
      %output = norm.layer_norm %extracted_slice scale(%arg1 : tensor<8xf32>) bias(%arg2 : tensor<8xf32>) : tensor<1x8xf32>
      scf.forall.in_parallel {
        tensor.parallel_insert_slice %output into %arg4[%arg3, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<2x8xf32>
      }
    }
    return %1 : tensor<2x8xf32>
  }
}

