"""Float64 references of the norm ops, forward and backward: the spec the
execution tests (test/Execution) and the GPU emulator checks (test/GPU)
compare the compiled kernels with, written once.

Every function takes and returns float64 NumPy arrays (inputs of narrower
types are widened first; long doubles stay long doubles) and follows docs/ops.md:
  * the statistics are the biased moments, mean = sum(x) / n and
    var = sum((x - mean)^2) / n, and inv_std_dev = 1 / sqrt(var + epsilon);
  * with `guard` (the default), a zero deviation normalizes to exactly 0
    (the epsilon = 0 guard of docs/numerics.md: 0 * inf would be NaN), so
    that a constant instance gives exactly its bias; without, IEEE
    arithmetic (the execution harness, whose callers treat degenerate
    instances themselves);
  * statistics of empty instances are NaN (0 / 0), without warnings.
The gradients return, next to each result, the magnitude of the terms that
make it up (their absolute values, summed the way the result is), against
which a test judges the rounding errors of a kernel.

Import it from a test script with
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
    import norm_reference as ref
"""

import warnings

import numpy as np


def f64(array):
    """`array` (or None) as float64, or as it is when it is wider (the
    extended-precision long doubles of the differential test)."""
    if array is None:
        return None
    array = np.asarray(array)
    if array.dtype == np.longdouble:
        return array
    return array.astype(np.float64, copy=False)


def quiet():
    """A context that silences the NumPy warnings of empty or zero-variance
    instances (their NaN and inf are the spec's)."""
    class _Quiet:
        def __enter__(self):
            self._errstate = np.errstate(all="ignore")
            self._errstate.__enter__()
            self._warnings = warnings.catch_warnings()
            self._warnings.__enter__()
            warnings.simplefilter("ignore")

        def __exit__(self, *exc):
            self._warnings.__exit__(*exc)
            self._errstate.__exit__(*exc)
            return False
    return _Quiet()


#===-----------------------------------------------------------------------===#
# Statistics
#===-----------------------------------------------------------------------===#


def mean(x, dims):
    """The mean over `dims`, the dims kept as 1."""
    with quiet():
        return np.mean(f64(x), axis=dims, keepdims=True)


def moments(x, dims):
    """(mean, biased variance) over `dims`, the dims kept as 1."""
    x = f64(x)
    m = mean(x, dims)
    return m, mean((x - m) ** 2, dims)


def inv_sqrt(variance, epsilon):
    """1 / sqrt(variance + epsilon)."""
    with quiet():
        return 1.0 / np.sqrt(f64(variance) + epsilon)


def normalize(x, mean, inv_std_dev, guard=True):
    """(x - mean) * inv_std_dev (x * inv_std_dev without a mean); with
    `guard`, exactly 0 where the deviation is 0."""
    x = f64(x)
    deviation = x if mean is None else x - mean
    with quiet():
        scaled = deviation * inv_std_dev
        return np.where(deviation == 0, 0.0, scaled) if guard else scaled


def channel_view(vector, rank, axis):
    """A per-channel vector shaped to broadcast against a rank-`rank` tensor
    whose channel dim is `axis`."""
    shape = [1] * rank
    shape[axis] = -1
    return np.reshape(f64(vector), shape)


def affine(xhat, scale, bias):
    """xhat * scale + bias (either may be None)."""
    y = xhat if scale is None else xhat * scale
    return y if bias is None else y + bias


def running_statistics(running_mean, running_var, batch_mean, batch_var,
                       count, momentum, unbiased):
    """The ONNX momentum update of batch_norm_train's running statistics:
        new_mean = running_mean * momentum + batch_mean * (1 - momentum)
        new_var  = running_var * momentum + v * (1 - momentum)
    v = batch_var, or batch_var * m / (m - 1) (`count` m) when `unbiased`."""
    with quiet():
        v = f64(batch_var) * count / (count - 1) if unbiased else f64(batch_var)
        return (f64(running_mean) * momentum + f64(batch_mean) * (1 - momentum),
                f64(running_var) * momentum + v * (1 - momentum))


#===-----------------------------------------------------------------------===#
# The forward ops
#===-----------------------------------------------------------------------===#


def row_dims(x, axis):
    """The normalized dims [axis, rank) of a row norm."""
    x = np.asarray(x)
    return tuple(range(axis % x.ndim, x.ndim))


def layer_norm(x, scale, bias, axis, epsilon, guard=True):
    """LayerNorm over the dims [axis, rank):
        y = (x - mean) * inv_std_dev * scale + bias.
    Returns (y, mean, inv_std_dev), the statistics with the normalized dims
    kept as 1."""
    m, var = moments(x, row_dims(x, axis))
    inv_std_dev = inv_sqrt(var, epsilon)
    return (affine(normalize(x, m, inv_std_dev, guard), f64(scale), f64(bias)),
            m,
            inv_std_dev)


def rms_norm(x, scale, axis, epsilon, guard=True):
    """RMSNorm over the dims [axis, rank):
        inv_rms = 1 / sqrt(sum(x^2) / n + epsilon), y = x * inv_rms * scale.
    Returns (y, inv_rms), inv_rms with the normalized dims kept as 1."""
    x = f64(x)
    inv_rms = inv_sqrt(mean(x * x, row_dims(x, axis)), epsilon)
    return (affine(normalize(x, None, inv_rms, guard), f64(scale), None),
            inv_rms)


def channel_dims(x, axis):
    """Every dim but the channel dim `axis`."""
    x = np.asarray(x)
    return tuple(d for d in range(x.ndim) if d != axis % x.ndim)


def batch_norm(x, scale, bias, mean, var, axis, epsilon, guard=True):
    """BatchNorm with given per-channel statistics (channel dim `axis`):
        y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]."""
    x = f64(x)
    view = lambda v: None if v is None else channel_view(v, x.ndim,
                                                         axis % x.ndim)
    xhat = normalize(x, view(mean), view(inv_sqrt(var, epsilon)), guard)
    return affine(xhat, view(scale), view(bias))


def batch_norm_train(x, scale, bias, axis, epsilon, guard=True):
    """BatchNorm with the batch statistics over every dim but `axis`.
    Returns (y, batch_mean, batch_var), the statistics per channel (1-D)."""
    x = f64(x)
    m, var = moments(x, channel_dims(x, axis))
    view = lambda v: None if v is None else channel_view(v, x.ndim,
                                                         axis % x.ndim)
    xhat = normalize(x, m, inv_sqrt(var, epsilon), guard)
    return (affine(xhat, view(scale), view(bias)), m.reshape(-1),
            var.reshape(-1))


def grouped(x, groups):
    """The (N, G, C/G * S) view of an (N, C, ...) array (S the product of the
    spatial dims; an empty last dim without channels)."""
    x = f64(x)
    n = x.shape[0]
    size = x.size // (n * groups) if n * groups else 0
    return x.reshape(n, groups, size)


def group_norm(x, scale, bias, groups, epsilon, guard=True):
    """GroupNorm of an (N, C, ...) input: for every (n, g), over the C/G
    channels of group g and the spatial dims,
        y[n, c, ...] = (x - mean[n, g]) * inv_std_dev[n, g] * scale[c] + bias[c].
    Returns (y, mean, inv_std_dev), the statistics shaped (N, G)."""
    x = f64(x)
    view = grouped(x, groups)
    m, var = moments(view, (2,))
    inv_std_dev = inv_sqrt(var, epsilon)
    xhat = normalize(view, m, inv_std_dev, guard).reshape(x.shape)
    channel = lambda v: None if v is None else channel_view(v, x.ndim, 1)
    return (affine(xhat, channel(scale), channel(bias)), m[..., 0],
            inv_std_dev[..., 0])


def instance_norm(x, scale, bias, epsilon, guard=True):
    """InstanceNorm: group_norm with one channel per group. Returns y."""
    return group_norm(x, scale, bias, np.shape(x)[1], epsilon, guard)[0]


#===-----------------------------------------------------------------------===#
# The gradient ops
#===-----------------------------------------------------------------------===#


class Gradient:
    """dx, dscale and dbias of a gradient op with the magnitudes of their
    terms: `dx_terms` per element of dx (rounding errors of dx scale with
    it), `dscale_terms` = sum |dy * xhat| and `dbias_terms` = sum |dy|."""

    def __init__(self, dx, dx_terms, dscale, dscale_terms, dbias,
                 dbias_terms):
        self.dx, self.dx_terms = dx, dx_terms
        self.dscale, self.dscale_terms = dscale, dscale_terms
        self.dbias, self.dbias_terms = dbias, dbias_terms


def _instance_gradient(g, xhat, inv_std_dev, dims, centred):
    """dx of instances over `dims` with g = dy * scale:
        dx = inv_std_dev * (g - sum(g) / n - xhat * sum(g * xhat) / n)
    (without the sum(g) term when not `centred`: rms_norm_grad), and the
    magnitude inv_std_dev * (|g| + |sum(g) / n| + |xhat * sum(g xhat) / n|)."""
    with quiet():
        n = max(int(np.prod([g.shape[d] for d in dims], dtype=np.int64)), 1)
        mgx = (g * xhat).sum(axis=dims, keepdims=True) / n
        inner = g - xhat * mgx
        terms = np.abs(g) + np.abs(xhat * mgx)
        if centred:
            mg = g.sum(axis=dims, keepdims=True) / n
            inner = inner - mg
            terms = terms + np.abs(mg)
        return inv_std_dev * inner, np.abs(inv_std_dev) * terms


def _parameter_gradients(dy, xhat, dims):
    """dscale = sum(dy * xhat) and dbias = sum(dy) over `dims`, with the sums
    of the absolute values."""
    with quiet():
        return ((dy * xhat).sum(axis=dims), np.abs(dy * xhat).sum(axis=dims),
                dy.sum(axis=dims), np.abs(dy).sum(axis=dims))


def row_norm_grad(dy, x, mean, inv_std_dev, scale, axis):
    """layer_norm_grad (`mean` given) or rms_norm_grad (`mean` None,
    `inv_std_dev` the inv_rms) over the dims [axis, rank), the statistics
    with those dims kept as 1: xhat = (x - mean) * inv_std_dev, g = dy *
    scale, dx as in _instance_gradient; dscale = sum over the rows of
    dy * xhat, dbias = sum of dy."""
    dy, x, inv_std_dev = f64(dy), f64(x), f64(inv_std_dev)
    dims = row_dims(x, axis)
    with quiet():
        xhat = (x if mean is None else x - f64(mean)) * inv_std_dev
    g = dy if scale is None else dy * f64(scale)
    dx, terms = _instance_gradient(g, xhat, inv_std_dev, dims,
                                   mean is not None)
    return Gradient(dx, terms,
                    *_parameter_gradients(dy, xhat, tuple(range(dims[0]))))


def batch_norm_grad(dy, x, mean, inv_std_dev, scale, axis, training):
    """batch_norm_grad with the per-channel statistics (channel dim `axis`):
    xhat = (x - mean[c]) * inv_std_dev[c]; training: dx as in
    _instance_gradient over every dim but `axis` with g = dy * scale[c];
    inference (the statistics are constants): dx = dy * scale[c] *
    inv_std_dev[c]. dscale and dbias sum over every dim but `axis`."""
    dy, x = f64(dy), f64(x)
    axis %= dy.ndim
    dims = channel_dims(dy, axis)
    view = lambda v: channel_view(v, dy.ndim, axis)
    inv = view(inv_std_dev)
    with quiet():
        xhat = (x - view(mean)) * inv
    g = dy if scale is None else dy * view(scale)
    if training:
        dx, terms = _instance_gradient(g, xhat, inv, dims, True)
    else:
        dx, terms = g * inv, np.abs(g * inv)
    return Gradient(dx, terms, *_parameter_gradients(dy, xhat, dims))


def group_norm_grad(dy, x, mean, inv_std_dev, scale, groups):
    """group_norm_grad of an (N, C, ...) dy with (N, G) statistics: per
    (n, g), dx as in _instance_gradient with g = dy * scale[c] and xhat =
    (x - mean[n, g]) * inv_std_dev[n, g]; dscale and dbias sum over every
    dim but the channels."""
    dy = f64(dy)
    shape = dy.shape
    inv = f64(inv_std_dev)[..., None]
    with quiet():
        xhat = (grouped(x, groups) - f64(mean)[..., None]) * inv
    g = dy if scale is None else dy * channel_view(scale, dy.ndim, 1)
    dx, terms = _instance_gradient(grouped(g, groups), xhat, inv, (2,), True)
    return Gradient(dx.reshape(shape), terms.reshape(shape),
                    *_parameter_gradients(dy, xhat.reshape(shape),
                                          channel_dims(dy, 1)))
