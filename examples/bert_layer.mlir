// A BERT-style post-LN transformer encoder layer (seq 16, hidden 64, 2 heads
// of 32, FFN 256), in linalg on tensors as torch-mlir's TorchToLinalg emits a
// traced torch.nn.TransformerEncoderLayer(norm_first=False, activation="gelu")
// after its Torch-level decompositions (batch 1, folded into the rows):
//   - aten.linear: aten.t(W) as linalg.transpose, aten.mm as linalg.matmul
//     into a zero-filled tensor, the bias as a broadcasting linalg.generic
//     (indexing map (d0, d1) -> (d1));
//   - aten.view / aten.transpose of the heads: tensor.expand_shape,
//     linalg.transpose, tensor.collapse_shape; aten.bmm: linalg.batch_matmul;
//   - aten._softmax (decomposed): amax (linalg.generic, arith.maximumf into a
//     -inf fill, keepdim map (d0, d1, 0)), sub, exp, sum (keepdim), div;
//   - aten.gelu (approximate="none"): one linalg.generic with math.erf;
//   - aten.native_layer_norm (decomposed): mean as sum / N, x - mean,
//     variance as the mean of the squared centred values, + eps, rsqrt,
//     then * weight and + bias, each a linalg.generic; size-1 (keepdim)
//     operands broadcast through the constant 0 in their indexing maps.
// No norm op appears: norm-cpu-pipeline compiles it as it is, and with
// raise=true norm-raise replaces the two LayerNorms by norm.layer_norm.
//
// Weights are in PyTorch's [out, in] layout. The float64 NumPy reference is
// examples/reference.py; the inputs come from examples/make_inputs.py.

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#keep3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>

func.func @bert_layer(
    %x: tensor<16x64xf32>,
    %wq: tensor<64x64xf32>,
    %bq: tensor<64xf32>,
    %wk: tensor<64x64xf32>,
    %bk: tensor<64xf32>,
    %wv: tensor<64x64xf32>,
    %bv: tensor<64xf32>,
    %wo: tensor<64x64xf32>,
    %bo: tensor<64xf32>,
    %ln1_weight: tensor<64xf32>,
    %ln1_bias: tensor<64xf32>,
    %w1: tensor<256x64xf32>,
    %b1: tensor<256xf32>,
    %w2: tensor<64x256xf32>,
    %b2: tensor<64xf32>,
    %ln2_weight: tensor<64xf32>,
    %ln2_bias: tensor<64xf32>)
    -> tensor<16x64xf32> {
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_1 = arith.constant 1.000000e+00 : f32
  %cst_ninf = arith.constant 0xFF800000 : f32
  %cst_hidden = arith.constant 6.400000e+01 : f32
  %cst_eps = arith.constant 9.99999996E-13 : f32
  %cst_sqrt_d = arith.constant 5.65685415 : f32
  %cst_half = arith.constant 5.000000e-01 : f32
  %cst_sqrt2 = arith.constant 1.41421354 : f32

  // Self-attention: projections, heads split as [heads, seq, head_dim].

  // q: x @ wq^T + bq
  %q_proj_wt_init = tensor.empty() : tensor<64x64xf32>
  %q_proj_wt = linalg.transpose ins(%wq : tensor<64x64xf32>)
      outs(%q_proj_wt_init : tensor<64x64xf32>) permutation = [1, 0]
  %q_proj_init = tensor.empty() : tensor<16x64xf32>
  %q_proj_zero = linalg.fill ins(%cst_0 : f32) outs(%q_proj_init : tensor<16x64xf32>) -> tensor<16x64xf32>
  %q_proj_mm = linalg.matmul ins(%x, %q_proj_wt : tensor<16x64xf32>, tensor<64x64xf32>)
      outs(%q_proj_zero : tensor<16x64xf32>) -> tensor<16x64xf32>
  %q_proj = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%q_proj_mm, %bq : tensor<16x64xf32>, tensor<64xf32>) outs(%q_proj_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // k: x @ wk^T + bk
  %k_proj_wt_init = tensor.empty() : tensor<64x64xf32>
  %k_proj_wt = linalg.transpose ins(%wk : tensor<64x64xf32>)
      outs(%k_proj_wt_init : tensor<64x64xf32>) permutation = [1, 0]
  %k_proj_init = tensor.empty() : tensor<16x64xf32>
  %k_proj_zero = linalg.fill ins(%cst_0 : f32) outs(%k_proj_init : tensor<16x64xf32>) -> tensor<16x64xf32>
  %k_proj_mm = linalg.matmul ins(%x, %k_proj_wt : tensor<16x64xf32>, tensor<64x64xf32>)
      outs(%k_proj_zero : tensor<16x64xf32>) -> tensor<16x64xf32>
  %k_proj = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%k_proj_mm, %bk : tensor<16x64xf32>, tensor<64xf32>) outs(%k_proj_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // v: x @ wv^T + bv
  %v_proj_wt_init = tensor.empty() : tensor<64x64xf32>
  %v_proj_wt = linalg.transpose ins(%wv : tensor<64x64xf32>)
      outs(%v_proj_wt_init : tensor<64x64xf32>) permutation = [1, 0]
  %v_proj_init = tensor.empty() : tensor<16x64xf32>
  %v_proj_zero = linalg.fill ins(%cst_0 : f32) outs(%v_proj_init : tensor<16x64xf32>) -> tensor<16x64xf32>
  %v_proj_mm = linalg.matmul ins(%x, %v_proj_wt : tensor<16x64xf32>, tensor<64x64xf32>)
      outs(%v_proj_zero : tensor<16x64xf32>) -> tensor<16x64xf32>
  %v_proj = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%v_proj_mm, %bv : tensor<16x64xf32>, tensor<64xf32>) outs(%v_proj_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  %qh_split = tensor.expand_shape %q_proj [[0], [1, 2]] output_shape [16, 2, 32]
      : tensor<16x64xf32> into tensor<16x2x32xf32>
  %qh_init = tensor.empty() : tensor<2x16x32xf32>
  %qh = linalg.transpose ins(%qh_split : tensor<16x2x32xf32>)
      outs(%qh_init : tensor<2x16x32xf32>) permutation = [1, 0, 2]

  %kt_split = tensor.expand_shape %k_proj [[0], [1, 2]] output_shape [16, 2, 32]
      : tensor<16x64xf32> into tensor<16x2x32xf32>
  %kt_init = tensor.empty() : tensor<2x32x16xf32>
  %kt = linalg.transpose ins(%kt_split : tensor<16x2x32xf32>)
      outs(%kt_init : tensor<2x32x16xf32>) permutation = [1, 2, 0]

  %vh_split = tensor.expand_shape %v_proj [[0], [1, 2]] output_shape [16, 2, 32]
      : tensor<16x64xf32> into tensor<16x2x32xf32>
  %vh_init = tensor.empty() : tensor<2x16x32xf32>
  %vh = linalg.transpose ins(%vh_split : tensor<16x2x32xf32>)
      outs(%vh_init : tensor<2x16x32xf32>) permutation = [1, 0, 2]

  // scores = q k^T / sqrt(head_dim)
  %scores_init = tensor.empty() : tensor<2x16x16xf32>
  %scores_zero = linalg.fill ins(%cst_0 : f32) outs(%scores_init : tensor<2x16x16xf32>) -> tensor<2x16x16xf32>
  %scores_mm = linalg.batch_matmul ins(%qh, %kt : tensor<2x16x32xf32>, tensor<2x32x16xf32>)
      outs(%scores_zero : tensor<2x16x16xf32>) -> tensor<2x16x16xf32>
  %scores = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%scores_mm : tensor<2x16x16xf32>) outs(%scores_init : tensor<2x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.divf %in, %cst_sqrt_d : f32
    linalg.yield %s : f32
  } -> tensor<2x16x16xf32>
  // aten._softmax(scores, -1) decomposed: exp(x - amax) / sum.
  %max_init = tensor.empty() : tensor<2x16x1xf32>
  %max_fill = linalg.fill ins(%cst_ninf : f32) outs(%max_init : tensor<2x16x1xf32>) -> tensor<2x16x1xf32>
  %max = linalg.generic {indexing_maps = [#id3, #keep3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%scores : tensor<2x16x16xf32>) outs(%max_fill : tensor<2x16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %m = arith.maximumf %in, %acc : f32
    linalg.yield %m : f32
  } -> tensor<2x16x1xf32>
  %shifted = linalg.generic {indexing_maps = [#id3, #keep3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%scores, %max : tensor<2x16x16xf32>, tensor<2x16x1xf32>) outs(%scores_init : tensor<2x16x16xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.mulf %m, %cst_1 : f32
    %d = arith.subf %in, %alpha : f32
    linalg.yield %d : f32
  } -> tensor<2x16x16xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%shifted : tensor<2x16x16xf32>) outs(%scores_init : tensor<2x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<2x16x16xf32>
  %expsum_zero = linalg.fill ins(%cst_0 : f32) outs(%max_init : tensor<2x16x1xf32>) -> tensor<2x16x1xf32>
  %expsum = linalg.generic {indexing_maps = [#id3, #keep3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%exp : tensor<2x16x16xf32>) outs(%expsum_zero : tensor<2x16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<2x16x1xf32>
  %probs = linalg.generic {indexing_maps = [#id3, #keep3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%exp, %expsum : tensor<2x16x16xf32>, tensor<2x16x1xf32>) outs(%scores_init : tensor<2x16x16xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %p = arith.divf %in, %s : f32
    linalg.yield %p : f32
  } -> tensor<2x16x16xf32>
  // context = probs v, heads merged back to [seq, hidden].
  %ctx_init = tensor.empty() : tensor<2x16x32xf32>
  %ctx_zero = linalg.fill ins(%cst_0 : f32) outs(%ctx_init : tensor<2x16x32xf32>) -> tensor<2x16x32xf32>
  %ctx = linalg.batch_matmul ins(%probs, %vh : tensor<2x16x16xf32>, tensor<2x16x32xf32>)
      outs(%ctx_zero : tensor<2x16x32xf32>) -> tensor<2x16x32xf32>
  %ctx_t_init = tensor.empty() : tensor<16x2x32xf32>
  %ctx_t = linalg.transpose ins(%ctx : tensor<2x16x32xf32>)
      outs(%ctx_t_init : tensor<16x2x32xf32>) permutation = [1, 0, 2]
  %attn_in = tensor.collapse_shape %ctx_t [[0], [1, 2]] : tensor<16x2x32xf32> into tensor<16x64xf32>

  // attn: attn_in @ wo^T + bo
  %attn_wt_init = tensor.empty() : tensor<64x64xf32>
  %attn_wt = linalg.transpose ins(%wo : tensor<64x64xf32>)
      outs(%attn_wt_init : tensor<64x64xf32>) permutation = [1, 0]
  %attn_init = tensor.empty() : tensor<16x64xf32>
  %attn_zero = linalg.fill ins(%cst_0 : f32) outs(%attn_init : tensor<16x64xf32>) -> tensor<16x64xf32>
  %attn_mm = linalg.matmul ins(%attn_in, %attn_wt : tensor<16x64xf32>, tensor<64x64xf32>)
      outs(%attn_zero : tensor<16x64xf32>) -> tensor<16x64xf32>
  %attn = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%attn_mm, %bo : tensor<16x64xf32>, tensor<64xf32>) outs(%attn_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // Residual: x + attention (aten.add.Tensor, alpha 1).
  %res1_init = tensor.empty() : tensor<16x64xf32>
  %res1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %attn : tensor<16x64xf32>, tensor<16x64xf32>) outs(%res1_init : tensor<16x64xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %alpha = arith.mulf %b, %cst_1 : f32
    %s = arith.addf %a, %alpha : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // ln1: aten.native_layer_norm(res1, [64], ln1_weight, ln1_bias, eps) decomposed.
  %ln1_sum_init = tensor.empty() : tensor<16x1xf32>
  %ln1_sum_zero = linalg.fill ins(%cst_0 : f32) outs(%ln1_sum_init : tensor<16x1xf32>) -> tensor<16x1xf32>
  %ln1_sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%res1 : tensor<16x64xf32>) outs(%ln1_sum_zero : tensor<16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16x1xf32>
  %ln1_mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_sum : tensor<16x1xf32>) outs(%ln1_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.divf %in, %cst_hidden : f32
    linalg.yield %m : f32
  } -> tensor<16x1xf32>
  %ln1_xc_init = tensor.empty() : tensor<16x64xf32>
  %ln1_xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%res1, %ln1_mean : tensor<16x64xf32>, tensor<16x1xf32>) outs(%ln1_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.mulf %m, %cst_1 : f32
    %d = arith.subf %in, %alpha : f32
    linalg.yield %d : f32
  } -> tensor<16x64xf32>
  %ln1_sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_xc, %ln1_xc : tensor<16x64xf32>, tensor<16x64xf32>) outs(%ln1_xc_init : tensor<16x64xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<16x64xf32>
  %ln1_sqsum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%ln1_sq : tensor<16x64xf32>) outs(%ln1_sum_zero : tensor<16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16x1xf32>
  %ln1_var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_sqsum : tensor<16x1xf32>) outs(%ln1_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %var = arith.divf %in, %cst_hidden : f32
    linalg.yield %var : f32
  } -> tensor<16x1xf32>
  %ln1_var_eps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_var : tensor<16x1xf32>) outs(%ln1_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.mulf %cst_eps, %cst_1 : f32
    %var = arith.addf %in, %e : f32
    linalg.yield %var : f32
  } -> tensor<16x1xf32>
  %ln1_rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_var_eps : tensor<16x1xf32>) outs(%ln1_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.rsqrt %in : f32
    linalg.yield %r : f32
  } -> tensor<16x1xf32>
  %ln1_normed = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_xc, %ln1_rstd : tensor<16x64xf32>, tensor<16x1xf32>) outs(%ln1_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %y = arith.mulf %in, %r : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>
  %ln1_scaled = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_normed, %ln1_weight : tensor<16x64xf32>, tensor<64xf32>) outs(%ln1_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %w: f32, %out: f32):
    %y = arith.mulf %in, %w : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>
  %ln1 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1_scaled, %ln1_bias : tensor<16x64xf32>, tensor<64xf32>) outs(%ln1_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %alpha = arith.mulf %bias, %cst_1 : f32
    %y = arith.addf %in, %alpha : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>

  // Feed-forward: linear, GELU (erf), linear.

  // ff1: ln1 @ w1^T + b1
  %ff1_wt_init = tensor.empty() : tensor<64x256xf32>
  %ff1_wt = linalg.transpose ins(%w1 : tensor<256x64xf32>)
      outs(%ff1_wt_init : tensor<64x256xf32>) permutation = [1, 0]
  %ff1_init = tensor.empty() : tensor<16x256xf32>
  %ff1_zero = linalg.fill ins(%cst_0 : f32) outs(%ff1_init : tensor<16x256xf32>) -> tensor<16x256xf32>
  %ff1_mm = linalg.matmul ins(%ln1, %ff1_wt : tensor<16x64xf32>, tensor<64x256xf32>)
      outs(%ff1_zero : tensor<16x256xf32>) -> tensor<16x256xf32>
  %ff1 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ff1_mm, %b1 : tensor<16x256xf32>, tensor<256xf32>) outs(%ff1_init : tensor<16x256xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x256xf32>

  %gelu_init = tensor.empty() : tensor<16x256xf32>
  %gelu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ff1 : tensor<16x256xf32>) outs(%gelu_init : tensor<16x256xf32>) {
  ^bb0(%in: f32, %out: f32):
    // x * 0.5 * (1 + erf(x / sqrt(2)))
    %t = arith.divf %in, %cst_sqrt2 : f32
    %e = math.erf %t : f32
    %one_e = arith.addf %e, %cst_1 : f32
    %cdf = arith.mulf %one_e, %cst_half : f32
    %g = arith.mulf %in, %cdf : f32
    linalg.yield %g : f32
  } -> tensor<16x256xf32>

  // ff2: gelu @ w2^T + b2
  %ff2_wt_init = tensor.empty() : tensor<256x64xf32>
  %ff2_wt = linalg.transpose ins(%w2 : tensor<64x256xf32>)
      outs(%ff2_wt_init : tensor<256x64xf32>) permutation = [1, 0]
  %ff2_init = tensor.empty() : tensor<16x64xf32>
  %ff2_zero = linalg.fill ins(%cst_0 : f32) outs(%ff2_init : tensor<16x64xf32>) -> tensor<16x64xf32>
  %ff2_mm = linalg.matmul ins(%gelu, %ff2_wt : tensor<16x256xf32>, tensor<256x64xf32>)
      outs(%ff2_zero : tensor<16x64xf32>) -> tensor<16x64xf32>
  %ff2 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ff2_mm, %b2 : tensor<16x64xf32>, tensor<64xf32>) outs(%ff2_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // Residual: ln1 + feed-forward.
  %res2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln1, %ff2 : tensor<16x64xf32>, tensor<16x64xf32>) outs(%res1_init : tensor<16x64xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %alpha = arith.mulf %b, %cst_1 : f32
    %s = arith.addf %a, %alpha : f32
    linalg.yield %s : f32
  } -> tensor<16x64xf32>

  // ln2: aten.native_layer_norm(res2, [64], ln2_weight, ln2_bias, eps) decomposed.
  %ln2_sum_init = tensor.empty() : tensor<16x1xf32>
  %ln2_sum_zero = linalg.fill ins(%cst_0 : f32) outs(%ln2_sum_init : tensor<16x1xf32>) -> tensor<16x1xf32>
  %ln2_sum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%res2 : tensor<16x64xf32>) outs(%ln2_sum_zero : tensor<16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16x1xf32>
  %ln2_mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_sum : tensor<16x1xf32>) outs(%ln2_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.divf %in, %cst_hidden : f32
    linalg.yield %m : f32
  } -> tensor<16x1xf32>
  %ln2_xc_init = tensor.empty() : tensor<16x64xf32>
  %ln2_xc = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%res2, %ln2_mean : tensor<16x64xf32>, tensor<16x1xf32>) outs(%ln2_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %alpha = arith.mulf %m, %cst_1 : f32
    %d = arith.subf %in, %alpha : f32
    linalg.yield %d : f32
  } -> tensor<16x64xf32>
  %ln2_sq = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_xc, %ln2_xc : tensor<16x64xf32>, tensor<16x64xf32>) outs(%ln2_xc_init : tensor<16x64xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<16x64xf32>
  %ln2_sqsum = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%ln2_sq : tensor<16x64xf32>) outs(%ln2_sum_zero : tensor<16x1xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16x1xf32>
  %ln2_var = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_sqsum : tensor<16x1xf32>) outs(%ln2_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %var = arith.divf %in, %cst_hidden : f32
    linalg.yield %var : f32
  } -> tensor<16x1xf32>
  %ln2_var_eps = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_var : tensor<16x1xf32>) outs(%ln2_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = arith.mulf %cst_eps, %cst_1 : f32
    %var = arith.addf %in, %e : f32
    linalg.yield %var : f32
  } -> tensor<16x1xf32>
  %ln2_rstd = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_var_eps : tensor<16x1xf32>) outs(%ln2_sum_init : tensor<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.rsqrt %in : f32
    linalg.yield %r : f32
  } -> tensor<16x1xf32>
  %ln2_normed = linalg.generic {indexing_maps = [#id, #keep, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_xc, %ln2_rstd : tensor<16x64xf32>, tensor<16x1xf32>) outs(%ln2_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %r: f32, %out: f32):
    %y = arith.mulf %in, %r : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>
  %ln2_scaled = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_normed, %ln2_weight : tensor<16x64xf32>, tensor<64xf32>) outs(%ln2_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %w: f32, %out: f32):
    %y = arith.mulf %in, %w : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>
  %ln2 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ln2_scaled, %ln2_bias : tensor<16x64xf32>, tensor<64xf32>) outs(%ln2_xc_init : tensor<16x64xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %alpha = arith.mulf %bias, %cst_1 : f32
    %y = arith.addf %in, %alpha : f32
    linalg.yield %y : f32
  } -> tensor<16x64xf32>

  return %ln2 : tensor<16x64xf32>
}
