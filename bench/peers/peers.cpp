//===- peers.cpp - Peer implementations for the CPU benchmark ----*- C++ -*-===//
//
// Times one implementation of one normalization op on one shape, with the
// method of `norm-run --benchmark-repetitions=N`: one warm-up call, then N
// calls each timed with std::chrono::steady_clock; prints the minimum and the
// median.
//
//   peers --op=layer_norm|rms_norm|batch_norm|batch_norm_train
//         --impl=onednn|loop|memcpy --dtype=f32|bf16
//         --shape=ROWSxHIDDEN | NxCxHxW [--layout=nchw|nhwc] --reps=N
//
// Implementations:
//   onednn  oneDNN layer_normalization (forward inference, scale + shift) or
//           batch_normalization (forward inference with global statistics,
//           or forward training), both with scale + shift. RMSNorm needs the
//           `rms_norm` normalization flag (oneDNN >= 3.5); older versions
//           print `status=na`.
//   loop    plain C++: two-pass statistics, then the normalization, OpenMP
//           parallel over rows (LayerNorm/RMSNorm, BatchNorm NHWC) or channels
//           (BatchNorm NCHW), `omp simd` reductions.
//   memcpy  a copy of the input's bytes into an output buffer of the same
//           size (reads + writes = the op's input + output bytes), split in
//           one contiguous chunk per thread: the bandwidth roofline.
//
// Threads come from OMP_NUM_THREADS. The Debian libdnnl is built on GNU
// OpenMP (libgomp) and honours it; `loop` and `memcpy` are compiled with
// clang's -fopenmp (LLVM libomp), which honours it too. Run one
// implementation per process so that the two runtimes never spin against
// each other.
//
// The row gradients (runRowGradientPeer, below):
//   peers --op=layer_norm_grad|rms_norm_grad --impl=onednn|roofline|roofline-nt
//         --dtype=f32|bf16 --shape=ROWSxHIDDEN --reps=N
//   onednn       oneDNN layer_normalization_backward (prop_kind::backward:
//                diff_src, diff_scale, diff_shift) with the forward
//                statistics; RMSNorm needs the `rms_norm` flag (oneDNN >= 3.5),
//                older versions print `status=na`.
//   roofline     z = x + y over two inputs and one output of the data's size
//                (the gradient's dy, x -> dx traffic), one contiguous chunk per
//                thread, plain stores.
//   roofline-nt  the same with non-temporal (streaming) stores.
//   bytes = 3 x the data's bytes (two reads, one write).
//
// Output (one line):
//   peer: op=.. impl=.. dtype=.. layout=.. shape=.. threads=T reps=N
//         min_ms=.. median_ms=.. bytes=.. gbps=.. status=ok|na [note=..]
// where bytes = input bytes + output bytes (parameters are not counted).
//
//===----------------------------------------------------------------------===//

#include <dnnl.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <immintrin.h>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

/// The options of every peer (`--name=value`). `impl` is empty when not
/// given: each op family has its default (resolveImpl).
struct Options {
  std::string op = "layer_norm";
  std::string impl;
  std::string dtype = "f32";
  std::string layout = "nchw";
  std::vector<int64_t> shape;
  int64_t groups = 1;
  int reps = 20;
  float epsilon = 1e-5f;

  /// `impl`, or `fallback` when it was not given.
  void resolveImpl(const char *fallback) {
    if (impl.empty())
      impl = fallback;
  }
};

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "peers: error: %s\n", message.c_str());
  std::exit(1);
}

std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> dims;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("x,", start);
    if (end == std::string::npos)
      end = text.size();
    std::string dim = text.substr(start, end - start);
    if (dim.empty())
      fail("bad --shape '" + text + "'");
    dims.push_back(std::stoll(dim));
    start = end + 1;
  }
  return dims;
}

/// Reads every option; the checks are each op family's.
Options parseOptions(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *name) -> const char * {
      size_t length = std::strlen(name);
      if (arg.compare(0, length, name) == 0 && arg.size() > length &&
          arg[length] == '=')
        return arg.c_str() + length + 1;
      return nullptr;
    };
    if (const char *v = value("--op"))
      options.op = v;
    else if (const char *v = value("--impl"))
      options.impl = v;
    else if (const char *v = value("--dtype"))
      options.dtype = v;
    else if (const char *v = value("--layout"))
      options.layout = v;
    else if (const char *v = value("--shape"))
      options.shape = parseShape(v);
    else if (const char *v = value("--groups"))
      options.groups = std::stoll(v);
    else if (const char *v = value("--reps"))
      options.reps = std::atoi(v);
    else if (const char *v = value("--epsilon"))
      options.epsilon = std::strtof(v, nullptr);
    else if (arg == "--version") {
      std::printf("oneDNN %d.%d.%d\n", DNNL_VERSION_MAJOR, DNNL_VERSION_MINOR,
                  DNNL_VERSION_PATCH);
      std::exit(0);
    } else
      fail("unknown argument '" + arg + "'");
  }
  return options;
}

/// Checks the options of the forward op `op` (the row gradients are checked
/// as their forward op); `--impl` defaults to loop.
Options checkForwardOptions(Options options, const std::string &op) {
  options.resolveImpl("loop");
  bool rowOp = op == "layer_norm" || op == "rms_norm";
  bool batchOp = op == "batch_norm" || op == "batch_norm_train";
  if (!rowOp && !batchOp)
    fail("unknown --op '" + op + "'");
  if (rowOp && options.shape.size() != 2)
    fail("--shape must be ROWSxHIDDEN for " + op);
  if (batchOp && options.shape.size() != 4)
    fail("--shape must be NxCxHxW for " + op);
  if (options.dtype != "f32" && options.dtype != "bf16")
    fail("--dtype must be f32 or bf16");
  if (batchOp && options.dtype != "f32")
    fail("batch norms are benchmarked in f32 only");
  if (options.layout != "nchw" && options.layout != "nhwc")
    fail("--layout must be nchw or nhwc");
  if (options.reps < 1)
    fail("--reps must be positive");
  return options;
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

/// bf16 raw bits <-> f32 (round to nearest even; inputs here are finite).
inline float bf16ToF32(uint16_t bits) {
  uint32_t word = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &word, sizeof(value));
  return value;
}
inline uint16_t f32ToBF16(float value) {
  uint32_t word;
  std::memcpy(&word, &value, sizeof(word));
  word += 0x7fffu + ((word >> 16) & 1u);
  return static_cast<uint16_t>(word >> 16);
}

/// Fills `n` floats with values in [offset - 2, offset + 2) from a cheap
/// xorshift generator. Serial on purpose: a libomp parallel region here would
/// leave libomp's workers spinning while oneDNN's libgomp threads are timed.
void fillRandom(float *data, size_t n, float offset, uint64_t seed) {
  for (size_t block = 0; block < (n + 4095) / 4096; ++block) {
    uint64_t state = seed ^ (0x9e3779b97f4a7c15ull * (block + 1));
    size_t end = std::min(n, (block + 1) * 4096);
    for (size_t i = block * 4096; i < end; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      data[i] = offset + 4.0f * static_cast<float>(state >> 40) /
                             static_cast<float>(1ull << 24) - 2.0f;
    }
  }
}

/// An aligned byte buffer.
struct Buffer {
  void *data = nullptr;
  size_t bytes = 0;
  explicit Buffer(size_t bytes) : bytes(bytes) {
    data = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!data)
      fail("out of memory");
  }
  ~Buffer() { std::free(data); }
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  template <typename T> T *as() const { return static_cast<T *>(data); }
};

//===----------------------------------------------------------------------===//
// Plain loops
//===----------------------------------------------------------------------===//

template <typename T> inline float load(const T *p, size_t i);
template <> inline float load<float>(const float *p, size_t i) { return p[i]; }
template <> inline float load<uint16_t>(const uint16_t *p, size_t i) {
  return bf16ToF32(p[i]);
}
template <typename T> inline void store(T *p, size_t i, float v);
template <> inline void store<float>(float *p, size_t i, float v) { p[i] = v; }
template <> inline void store<uint16_t>(uint16_t *p, size_t i, float v) {
  p[i] = f32ToBF16(v);
}

template <typename T>
void loopLayerNorm(const T *x, T *y, const float *gamma, const float *beta,
                   int64_t rows, int64_t hidden, float epsilon) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const T *xr = x + r * hidden;
    T *yr = y + r * hidden;
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < hidden; ++i)
      sum += load(xr, i);
    float mean = sum / static_cast<float>(hidden);
    float squares = 0.0f;
#pragma omp simd reduction(+ : squares)
    for (int64_t i = 0; i < hidden; ++i) {
      float d = load(xr, i) - mean;
      squares += d * d;
    }
    float rstd = 1.0f / std::sqrt(squares / static_cast<float>(hidden) + epsilon);
#pragma omp simd
    for (int64_t i = 0; i < hidden; ++i)
      store(yr, i, (load(xr, i) - mean) * rstd * gamma[i] + beta[i]);
  }
}

template <typename T>
void loopRMSNorm(const T *x, T *y, const float *gamma, int64_t rows,
                 int64_t hidden, float epsilon) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const T *xr = x + r * hidden;
    T *yr = y + r * hidden;
    float squares = 0.0f;
#pragma omp simd reduction(+ : squares)
    for (int64_t i = 0; i < hidden; ++i) {
      float v = load(xr, i);
      squares += v * v;
    }
    float rrms = 1.0f / std::sqrt(squares / static_cast<float>(hidden) + epsilon);
#pragma omp simd
    for (int64_t i = 0; i < hidden; ++i)
      store(yr, i, load(xr, i) * rrms * gamma[i]);
  }
}

/// y = x * a[c] + b[c] with a = gamma * rstd, b = beta - mean * a.
void batchNormApply(const float *x, float *y, const float *a, const float *b,
                    int64_t n, int64_t c, int64_t hw, bool nhwc) {
  if (nhwc) {
#pragma omp parallel for schedule(static)
    for (int64_t row = 0; row < n * hw; ++row) {
      const float *xr = x + row * c;
      float *yr = y + row * c;
#pragma omp simd
      for (int64_t k = 0; k < c; ++k)
        yr[k] = xr[k] * a[k] + b[k];
    }
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t plane = 0; plane < n * c; ++plane) {
    int64_t k = plane % c;
    const float *xp = x + plane * hw;
    float *yp = y + plane * hw;
    float ak = a[k], bk = b[k];
#pragma omp simd
    for (int64_t i = 0; i < hw; ++i)
      yp[i] = xp[i] * ak + bk;
  }
}

/// Inference: per-channel affine from the stored statistics, then one pass.
void loopBatchNorm(const float *x, float *y, const float *gamma,
                   const float *beta, const float *mean, const float *var,
                   int64_t n, int64_t c, int64_t hw, bool nhwc, float epsilon,
                   std::vector<float> &a, std::vector<float> &b) {
  for (int64_t k = 0; k < c; ++k) {
    a[k] = gamma[k] / std::sqrt(var[k] + epsilon);
    b[k] = beta[k] - mean[k] * a[k];
  }
  batchNormApply(x, y, a.data(), b.data(), n, c, hw, nhwc);
}

/// Training: two passes of statistics (mean, then squares about the mean;
/// f32 lanes summed into f64 per plane or per thread), then the
/// normalization pass; writes the batch mean and biased variance.
void loopBatchNormTrain(const float *x, float *y, const float *gamma,
                        const float *beta, float *meanOut, float *varOut,
                        int64_t n, int64_t c, int64_t hw, bool nhwc,
                        float epsilon, std::vector<float> &a,
                        std::vector<float> &b) {
  double count = static_cast<double>(n * hw);
  if (!nhwc) {
#pragma omp parallel for schedule(static)
    for (int64_t k = 0; k < c; ++k) {
      double sum = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        const float *xp = x + (i * c + k) * hw;
        float part = 0.0f;
#pragma omp simd reduction(+ : part)
        for (int64_t j = 0; j < hw; ++j)
          part += xp[j];
        sum += part;
      }
      float mean = static_cast<float>(sum / count);
      double squares = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        const float *xp = x + (i * c + k) * hw;
        float part = 0.0f;
#pragma omp simd reduction(+ : part)
        for (int64_t j = 0; j < hw; ++j) {
          float d = xp[j] - mean;
          part += d * d;
        }
        squares += part;
      }
      float var = static_cast<float>(squares / count);
      meanOut[k] = mean;
      varOut[k] = var;
      a[k] = gamma[k] / std::sqrt(var + epsilon);
      b[k] = beta[k] - mean * a[k];
    }
    batchNormApply(x, y, a.data(), b.data(), n, c, hw, nhwc);
    return;
  }
  int threads = omp_get_max_threads();
  std::vector<double> partial(static_cast<size_t>(threads) * c);
  int64_t rows = n * hw;
  auto reduceRows = [&](const float *shift) {
    std::fill(partial.begin(), partial.end(), 0.0);
#pragma omp parallel
    {
      double *acc = partial.data() + static_cast<size_t>(omp_get_thread_num()) * c;
#pragma omp for schedule(static)
      for (int64_t row = 0; row < rows; ++row) {
        const float *xr = x + row * c;
        if (shift) {
#pragma omp simd
          for (int64_t k = 0; k < c; ++k) {
            double d = xr[k] - shift[k];
            acc[k] += d * d;
          }
        } else {
#pragma omp simd
          for (int64_t k = 0; k < c; ++k)
            acc[k] += xr[k];
        }
      }
    }
  };
  reduceRows(nullptr);
  for (int64_t k = 0; k < c; ++k) {
    double sum = 0.0;
    for (int t = 0; t < threads; ++t)
      sum += partial[static_cast<size_t>(t) * c + k];
    meanOut[k] = static_cast<float>(sum / count);
  }
  reduceRows(meanOut);
  for (int64_t k = 0; k < c; ++k) {
    double squares = 0.0;
    for (int t = 0; t < threads; ++t)
      squares += partial[static_cast<size_t>(t) * c + k];
    varOut[k] = static_cast<float>(squares / count);
    a[k] = gamma[k] / std::sqrt(varOut[k] + epsilon);
    b[k] = beta[k] - meanOut[k] * a[k];
  }
  batchNormApply(x, y, a.data(), b.data(), n, c, hw, nhwc);
}

/// Copies `bytes` with one contiguous chunk per thread.
void parallelCopy(void *dst, const void *src, size_t bytes) {
#pragma omp parallel
  {
    size_t threads = static_cast<size_t>(omp_get_num_threads());
    size_t id = static_cast<size_t>(omp_get_thread_num());
    size_t chunk = (bytes / threads + 63) / 64 * 64;
    size_t begin = std::min(bytes, id * chunk);
    size_t end = std::min(bytes, begin + chunk);
    if (end > begin)
      std::memcpy(static_cast<char *>(dst) + begin,
                  static_cast<const char *>(src) + begin, end - begin);
  }
}

//===----------------------------------------------------------------------===//
// oneDNN
//===----------------------------------------------------------------------===//

using dnnl::memory;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;
using flags = dnnl::normalization_flags;

#if DNNL_VERSION_MAJOR > 3 || (DNNL_VERSION_MAJOR == 3 && DNNL_VERSION_MINOR >= 5)
#define PEERS_HAVE_ONEDNN_RMS_NORM 1
#endif

/// A primitive and its arguments, ready to execute.
struct OneDNNCall {
  dnnl::primitive primitive;
  std::unordered_map<int, memory> args;
};

OneDNNCall makeLayerNorm(const dnnl::engine &engine, const Options &options,
                         void *x, void *y, float *gamma, float *beta,
                         float *mean, float *var, bool rms) {
  memory::dims dims = {options.shape[0], options.shape[1]};
  dt type = options.dtype == "bf16" ? dt::bf16 : dt::f32;
  memory::desc data(dims, type, tag::ab);
  memory::desc stats({options.shape[0]}, dt::f32, tag::a);
  memory::desc params({options.shape[1]}, dt::f32, tag::a);
  flags f = flags::use_scale | (rms ? flags::none : flags::use_shift);
#ifdef PEERS_HAVE_ONEDNN_RMS_NORM
  if (rms)
    f = f | flags::rms_norm;
#endif
#if DNNL_VERSION_MAJOR >= 3
  dnnl::layer_normalization_forward::primitive_desc pd(
      engine, dnnl::prop_kind::forward_inference, data, data, stats,
      options.epsilon, f);
#else
  dnnl::layer_normalization_forward::desc desc(
      dnnl::prop_kind::forward_inference, data, stats, options.epsilon, f);
  dnnl::layer_normalization_forward::primitive_desc pd(desc, engine);
#endif
  OneDNNCall call{dnnl::layer_normalization_forward(pd), {}};
  call.args[DNNL_ARG_SRC] = memory(data, engine, x);
  call.args[DNNL_ARG_DST] = memory(data, engine, y);
  call.args[DNNL_ARG_SCALE] = memory(params, engine, gamma);
  if (!rms)
    call.args[DNNL_ARG_SHIFT] = memory(params, engine, beta);
  call.args[DNNL_ARG_MEAN] = memory(stats, engine, mean);
  call.args[DNNL_ARG_VARIANCE] = memory(stats, engine, var);
  return call;
}

OneDNNCall makeBatchNorm(const dnnl::engine &engine, const Options &options,
                         void *x, void *y, float *gamma, float *beta,
                         float *mean, float *var, bool training) {
  const std::vector<int64_t> &s = options.shape;
  memory::dims dims = {s[0], s[1], s[2], s[3]};
  memory::desc data(dims, dt::f32,
                    options.layout == "nhwc" ? tag::nhwc : tag::nchw);
  memory::desc channels({s[1]}, dt::f32, tag::a);
  flags f = flags::use_scale | flags::use_shift;
  if (!training)
    f = f | flags::use_global_stats;
  dnnl::prop_kind prop = training ? dnnl::prop_kind::forward_training
                                  : dnnl::prop_kind::forward_inference;
#if DNNL_VERSION_MAJOR >= 3
  dnnl::batch_normalization_forward::primitive_desc pd(engine, prop, data, data,
                                                       options.epsilon, f);
#else
  dnnl::batch_normalization_forward::desc desc(prop, data, options.epsilon, f);
  dnnl::batch_normalization_forward::primitive_desc pd(desc, engine);
#endif
  OneDNNCall call{dnnl::batch_normalization_forward(pd), {}};
  call.args[DNNL_ARG_SRC] = memory(data, engine, x);
  call.args[DNNL_ARG_DST] = memory(data, engine, y);
  call.args[DNNL_ARG_SCALE] = memory(channels, engine, gamma);
  call.args[DNNL_ARG_SHIFT] = memory(channels, engine, beta);
  call.args[DNNL_ARG_MEAN] = memory(channels, engine, mean);
  call.args[DNNL_ARG_VARIANCE] = memory(channels, engine, var);
  if (pd.workspace_desc().get_size() != 0)
    call.args[DNNL_ARG_WORKSPACE] = memory(pd.workspace_desc(), engine);
  return call;
}

//===----------------------------------------------------------------------===//
// Timing
//===----------------------------------------------------------------------===//

struct Timing {
  double minMs = 0, medianMs = 0;
};

/// One warm-up call, then `reps` timed calls (norm-run's method).
Timing timeIt(const std::function<void()> &body, int reps) {
  using Clock = std::chrono::steady_clock;
  body();
  std::vector<double> times;
  times.reserve(reps);
  for (int rep = 0; rep < reps; ++rep) {
    Clock::time_point start = Clock::now();
    body();
    Clock::time_point end = Clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  double median =
      n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  return {times.front(), median};
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

//===----------------------------------------------------------------------===//
// Channel gradients (batch_norm_grad, group_norm_grad): oneDNN backward
//===----------------------------------------------------------------------===//

/// The peers of the channel gradients:
///   peers --op=batch_norm_grad|group_norm_grad --impl=onednn
///         --shape=NxCxHxW [--layout=nchw|nhwc] [--groups=G] --reps=N
/// oneDNN batch_normalization_backward (prop_kind::backward: diff_src,
/// diff_scale and diff_shift from src, diff_dst, the saved mean and
/// variance, and the scale), f32; group_normalization_backward where the
/// library has it (oneDNN >= 3.3), else status=na. One line as the others
/// print, with bytes = 3 x the tensor (dy and x read, dx written).
/// Returns -1 when `--op` is not one of them.
int runChannelGradientPeer(Options options) {
  const std::string &op = options.op;
  if (op != "batch_norm_grad" && op != "group_norm_grad")
    return -1;
  options.resolveImpl("onednn");
  const std::string &impl = options.impl, &layout = options.layout;
  const std::vector<int64_t> &s = options.shape;
  int64_t groups = options.groups;
  int reps = options.reps;
  float epsilon = options.epsilon;
  if (s.size() != 4 || impl != "onednn" || reps < 1)
    fail("--op=" + op + " takes --impl=onednn and --shape=NxCxHxW");
  bool nhwc = layout == "nhwc";
  size_t elements = 1;
  for (int64_t dim : s)
    elements *= static_cast<size_t>(dim);
  size_t bytes = elements * sizeof(float);
  auto report = [&](const char *status, Timing timing, const char *note) {
    double moved = 3.0 * static_cast<double>(bytes);
    std::printf("peer: op=%s impl=%s dtype=f32 layout=%s shape=%s threads=%d "
                "reps=%d min_ms=%.6f median_ms=%.6f bytes=%.0f gbps=%.3f "
                "status=%s%s%s\n",
                op.c_str(), impl.c_str(), layout.c_str(), shapeString(s).c_str(),
                omp_get_max_threads(), reps, timing.minMs, timing.medianMs,
                moved,
                timing.medianMs > 0 ? moved / (timing.medianMs * 1e6) : 0.0,
                status, note[0] ? " note=" : "", note);
  };
  int64_t statSize = op == "batch_norm_grad" ? s[1] : s[0] * groups;
  Buffer x(bytes), dy(bytes), dx(bytes);
  fillRandom(x.as<float>(), elements, 0.5f, 1);
  fillRandom(dy.as<float>(), elements, 0.0f, 6);
  std::memset(dx.data, 0, bytes);
  std::vector<float> scale(s[1]), shift(s[1]), dscale(s[1]), dshift(s[1]),
      mean(statSize),
      var(statSize);
  fillRandom(scale.data(), scale.size(), 1.0f, 2);
  fillRandom(mean.data(), mean.size(), 0.5f, 4);
  fillRandom(var.data(), var.size(), 2.5f, 5); // in [0.5, 4.5)

  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  memory::desc data({s[0], s[1], s[2], s[3]}, dt::f32,
                    nhwc ? tag::nhwc : tag::nchw);
  memory::desc channels({s[1]}, dt::f32, tag::a);
  flags f = flags::use_scale | flags::use_shift;
  dnnl::primitive primitive;
  std::unordered_map<int, memory> args;
  if (op == "batch_norm_grad") {
#if DNNL_VERSION_MAJOR >= 3
    dnnl::batch_normalization_forward::primitive_desc hint(
        engine, dnnl::prop_kind::forward_training, data, data, epsilon, f);
    dnnl::batch_normalization_backward::primitive_desc pd(
        engine, dnnl::prop_kind::backward, data, data, data, epsilon, f, hint);
#else
    dnnl::batch_normalization_forward::desc hintDesc(
        dnnl::prop_kind::forward_training, data, epsilon, f);
    dnnl::batch_normalization_forward::primitive_desc hint(hintDesc, engine);
    dnnl::batch_normalization_backward::desc desc(dnnl::prop_kind::backward,
                                                  data, data, epsilon, f);
    dnnl::batch_normalization_backward::primitive_desc pd(desc, engine, hint);
#endif
    primitive = dnnl::batch_normalization_backward(pd);
    if (pd.workspace_desc().get_size() != 0)
      args[DNNL_ARG_WORKSPACE] = memory(pd.workspace_desc(), engine);
  } else {
#if DNNL_VERSION_MAJOR > 3 || (DNNL_VERSION_MAJOR == 3 && DNNL_VERSION_MINOR >= 3)
    dnnl::group_normalization_forward::primitive_desc hint(
        engine, dnnl::prop_kind::forward_training, data, data, groups, epsilon,
        f);
    dnnl::group_normalization_backward::primitive_desc pd(
        engine, dnnl::prop_kind::backward, data, data, data, groups, epsilon, f,
        hint);
    primitive = dnnl::group_normalization_backward(pd);
#else
    report("na", Timing{}, "oneDNN<3.3_has_no_group_normalization");
    return 0;
#endif
  }
  memory::desc stats = op == "batch_norm_grad"
                           ? channels
                           : memory::desc({s[0], groups}, dt::f32, tag::ab);
  args[DNNL_ARG_SRC] = memory(data, engine, x.data);
  args[DNNL_ARG_DIFF_DST] = memory(data, engine, dy.data);
  args[DNNL_ARG_DIFF_SRC] = memory(data, engine, dx.data);
  args[DNNL_ARG_MEAN] = memory(stats, engine, mean.data());
  args[DNNL_ARG_VARIANCE] = memory(stats, engine, var.data());
  args[DNNL_ARG_SCALE] = memory(channels, engine, scale.data());
  // Read by some versions' backward with use_shift (the forward's shift).
  args[DNNL_ARG_SHIFT] = memory(channels, engine, shift.data());
  args[DNNL_ARG_DIFF_SCALE] = memory(channels, engine, dscale.data());
  args[DNNL_ARG_DIFF_SHIFT] = memory(channels, engine, dshift.data());
  Timing timing = timeIt(
      [&] {
        primitive.execute(stream, args);
        stream.wait();
      },
      reps);
  double checksum = 0;
  for (size_t i = 0; i < elements; i += 4099)
    checksum += std::fabs(dx.as<float>()[i]);
  report(std::isfinite(checksum) && checksum != 0 ? "ok" : "bad_output", timing,
         "");
  return 0;
}

//===----------------------------------------------------------------------===//
// Row gradients: layer_norm_grad / rms_norm_grad
//===----------------------------------------------------------------------===//

/// z = x + y over `bytes` bytes of each (as 32-bit words; the arithmetic is
/// irrelevant, the traffic is two reads and one write), one contiguous chunk
/// per thread; with `stream`, non-temporal stores.
void parallelAddRoofline(uint32_t *z, const uint32_t *x, const uint32_t *y,
                         size_t bytes, bool stream) {
  size_t words = bytes / 4;
#pragma omp parallel
  {
    size_t threads = static_cast<size_t>(omp_get_num_threads());
    size_t id = static_cast<size_t>(omp_get_thread_num());
    size_t chunk = (words / threads + 15) / 16 * 16;
    size_t begin = std::min(words, id * chunk);
    size_t end = std::min(words, begin + chunk);
    if (!stream) {
#pragma omp simd
      for (size_t i = begin; i < end; ++i)
        z[i] = x[i] + y[i];
    } else {
      size_t i = begin;
#ifdef __AVX512F__
      for (; i + 16 <= end; i += 16) {
        __m512i a = _mm512_load_si512(x + i);
        __m512i b = _mm512_load_si512(y + i);
        _mm512_stream_si512(reinterpret_cast<__m512i *>(z + i),
                            _mm512_add_epi32(a, b));
      }
      _mm_sfence();
#endif
      for (; i < end; ++i)
        z[i] = x[i] + y[i];
    }
  }
}

/// oneDNN's layer_normalization_backward (prop_kind::backward: diff_src,
/// diff_scale, diff_shift; RMS: diff_scale) of `dy` at `x` with the forward
/// statistics `mean` and `var`, its forward training primitive as the hint.
OneDNNCall makeLayerNormBackward(const dnnl::engine &engine,
                                 const Options &options, void *dy, void *x,
                                 void *dx, float *gamma, float *dgamma,
                                 float *dbeta, float *mean, float *var,
                                 bool rms) {
  memory::dims dims = {options.shape[0], options.shape[1]};
  dt type = options.dtype == "bf16" ? dt::bf16 : dt::f32;
  memory::desc data(dims, type, tag::ab);
  memory::desc stats({options.shape[0]}, dt::f32, tag::a);
  memory::desc params({options.shape[1]}, dt::f32, tag::a);
  flags f = flags::use_scale | (rms ? flags::none : flags::use_shift);
#ifdef PEERS_HAVE_ONEDNN_RMS_NORM
  if (rms)
    f = f | flags::rms_norm;
#endif
#if DNNL_VERSION_MAJOR >= 3
  dnnl::layer_normalization_forward::primitive_desc hint(
      engine, dnnl::prop_kind::forward_training, data, data, stats,
      options.epsilon, f);
  dnnl::layer_normalization_backward::primitive_desc pd(
      engine, dnnl::prop_kind::backward, data, data, data, stats,
      options.epsilon, f, hint);
#else
  dnnl::layer_normalization_forward::desc hintDesc(
      dnnl::prop_kind::forward_training, data, stats, options.epsilon, f);
  dnnl::layer_normalization_forward::primitive_desc hint(hintDesc, engine);
  dnnl::layer_normalization_backward::desc desc(
      dnnl::prop_kind::backward, data, data, stats, options.epsilon, f);
  dnnl::layer_normalization_backward::primitive_desc pd(desc, engine, hint);
#endif
  OneDNNCall call{dnnl::layer_normalization_backward(pd), {}};
  call.args[DNNL_ARG_SRC] = memory(data, engine, x);
  call.args[DNNL_ARG_DIFF_DST] = memory(data, engine, dy);
  call.args[DNNL_ARG_DIFF_SRC] = memory(data, engine, dx);
  call.args[DNNL_ARG_MEAN] = memory(stats, engine, mean);
  call.args[DNNL_ARG_VARIANCE] = memory(stats, engine, var);
  call.args[DNNL_ARG_SCALE] = memory(params, engine, gamma);
  call.args[DNNL_ARG_DIFF_SCALE] = memory(params, engine, dgamma);
  if (!rms) {
    // The primitive checks that every argument its flags name is present,
    // the (unused) shift included.
    call.args[DNNL_ARG_SHIFT] = memory(params, engine, dbeta);
    call.args[DNNL_ARG_DIFF_SHIFT] = memory(params, engine, dbeta);
  }
  if (pd.scratchpad_desc().get_size() != 0)
    call.args[DNNL_ARG_SCRATCHPAD] = memory(pd.scratchpad_desc(), engine);
  return call;
}

/// The peers of layer_norm_grad / rms_norm_grad (see the file comment), or
/// nothing when --op names another op.
std::optional<int> runRowGradientPeer(const Options &parsed) {
  const std::string &op = parsed.op;
  if (op != "layer_norm_grad" && op != "rms_norm_grad")
    return std::nullopt;
  // The forward op's options (shape, dtype) are checked alike.
  Options options = checkForwardOptions(parsed, op.substr(0, op.size() - 5));
  bool rms = op == "rms_norm_grad";
  bool bf16 = options.dtype == "bf16";
  int64_t rows = options.shape[0], hidden = options.shape[1];
  size_t elements = static_cast<size_t>(rows) * static_cast<size_t>(hidden);
  size_t dataBytes = elements * (bf16 ? 2 : 4);
  auto report = [&](const char *status, Timing timing, const char *note) {
    double bytes = 3.0 * static_cast<double>(dataBytes);
    std::printf("peer: op=%s impl=%s dtype=%s layout=- shape=%s threads=%d "
                "reps=%d min_ms=%.6f median_ms=%.6f bytes=%.0f gbps=%.3f "
                "status=%s%s%s\n",
                op.c_str(), options.impl.c_str(), options.dtype.c_str(),
                shapeString(options.shape).c_str(), omp_get_max_threads(),
                options.reps, timing.minMs, timing.medianMs, bytes,
                timing.medianMs > 0 ? bytes / (timing.medianMs * 1e6) : 0.0,
                status, note[0] ? " note=" : "", note);
  };

  // dy in [-2, 2), x in [-1.5, 2.5); the statistics of x's rows.
  Buffer dyBuffer(dataBytes), xBuffer(dataBytes), dxBuffer(dataBytes);
  std::vector<float> mean(rows), var(rows), gamma(hidden), dgamma(hidden),
      dbeta(hidden);
  {
    std::vector<float> values(elements);
    for (int which = 0; which < 2; ++which) {
      fillRandom(values.data(), elements, which ? 0.5f : 0.0f, 11 + which);
      Buffer &buffer = which ? xBuffer : dyBuffer;
      if (bf16) {
        uint16_t *bits = buffer.as<uint16_t>();
        for (size_t i = 0; i < elements; ++i)
          bits[i] = f32ToBF16(values[i]);
      } else {
        std::memcpy(buffer.data, values.data(), dataBytes);
      }
    }
    for (int64_t r = 0; r < rows; ++r) {
      double sum = 0, squares = 0;
      for (int64_t i = 0; i < hidden; ++i) {
        size_t k = static_cast<size_t>(r * hidden + i);
        double v = bf16 ? bf16ToF32(xBuffer.as<uint16_t>()[k])
                        : xBuffer.as<float>()[k];
        sum += v;
        squares += v * v;
      }
      double m = rms ? 0.0 : sum / hidden;
      mean[r] = static_cast<float>(m);
      var[r] = static_cast<float>(squares / hidden - m * m);
    }
  }
  std::memset(dxBuffer.data, 0, dataBytes);
  fillRandom(gamma.data(), gamma.size(), 1.0f, 2);

  std::function<void()> body;
  dnnl::engine engine;
  dnnl::stream stream;
  OneDNNCall dnnlCall;
  if (options.impl == "onednn") {
#ifndef PEERS_HAVE_ONEDNN_RMS_NORM
    if (rms) {
      report("na", Timing{}, "oneDNN<3.5_has_no_rms_norm_flag");
      return 0;
    }
#endif
    engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream = dnnl::stream(engine);
    try {
      dnnlCall = makeLayerNormBackward(
          engine, options, dyBuffer.data, xBuffer.data, dxBuffer.data,
          gamma.data(), dgamma.data(), dbeta.data(), mean.data(), var.data(),
          rms);
    } catch (const dnnl::error &error) {
      report("na", Timing{}, "oneDNN_has_no_implementation_for_this_CPU");
      return 0;
    }
    body = [&] {
      dnnlCall.primitive.execute(stream, dnnlCall.args);
      stream.wait();
    };
  } else if (options.impl == "roofline" || options.impl == "roofline-nt") {
    bool streaming = options.impl == "roofline-nt";
    body = [&, streaming] {
      parallelAddRoofline(dxBuffer.as<uint32_t>(), dyBuffer.as<uint32_t>(),
                          xBuffer.as<uint32_t>(), dataBytes, streaming);
    };
  } else {
    fail("unknown --impl '" + options.impl + "' for " + op);
  }
  Timing timing = timeIt(body, options.reps);
  if (options.impl != "onednn") {
    report("ok", timing, "");
    return 0;
  }
  double checksum = 0;
  for (size_t i = 0; i < elements; i += 4099)
    checksum += bf16 ? bf16ToF32(dxBuffer.as<uint16_t>()[i])
                     : dxBuffer.as<float>()[i];
  report(std::isfinite(checksum) && checksum != 0 ? "ok" : "bad_output", timing,
         "");
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  Options parsed = parseOptions(argc, argv);
  if (int status = runChannelGradientPeer(parsed); status >= 0)
    return status;
  if (std::optional<int> status = runRowGradientPeer(parsed))
    return *status;
  Options options = checkForwardOptions(parsed, parsed.op);
  bool rowOp = options.op == "layer_norm" || options.op == "rms_norm";
  bool bf16 = options.dtype == "bf16";
  bool nhwc = options.layout == "nhwc";
  const std::vector<int64_t> &s = options.shape;
  size_t elements = 1;
  for (int64_t dim : s)
    elements *= static_cast<size_t>(dim);
  size_t elementBytes = bf16 ? 2 : 4;
  size_t dataBytes = elements * elementBytes;
  int64_t paramSize = s[1];
  int64_t statSize = rowOp ? s[0] : s[1];

  auto report = [&](const char *status, Timing timing, const char *note) {
    double bytes = 2.0 * static_cast<double>(dataBytes);
    std::printf("peer: op=%s impl=%s dtype=%s layout=%s shape=%s threads=%d "
                "reps=%d min_ms=%.6f median_ms=%.6f bytes=%.0f gbps=%.3f "
                "status=%s%s%s\n",
                options.op.c_str(), options.impl.c_str(), options.dtype.c_str(),
                rowOp ? "-" : options.layout.c_str(),
                shapeString(s).c_str(), omp_get_max_threads(), options.reps,
                timing.minMs, timing.medianMs, bytes,
                timing.medianMs > 0 ? bytes / (timing.medianMs * 1e6) : 0.0,
                status, note[0] ? " note=" : "", note);
  };

#ifndef PEERS_HAVE_ONEDNN_RMS_NORM
  if (options.impl == "onednn" && options.op == "rms_norm") {
    report("na", Timing{}, "oneDNN<3.5_has_no_rms_norm_flag");
    return 0;
  }
#endif

  // Inputs: x in [-2, 2) around 0.5 (LayerNorm/RMSNorm) or around a per-run
  // offset (BatchNorm); scale in [0.5, 1.5), shift in [-0.5, 0.5).
  Buffer xBuffer(dataBytes), yBuffer(dataBytes);
  {
    std::vector<float> values(elements);
    fillRandom(values.data(), elements, 0.5f, 1);
    if (bf16) {
      uint16_t *bits = xBuffer.as<uint16_t>();
      for (size_t i = 0; i < elements; ++i)
        bits[i] = f32ToBF16(values[i]);
    } else {
      std::memcpy(xBuffer.data, values.data(), dataBytes);
    }
  }
  std::memset(yBuffer.data, 0, dataBytes);
  std::vector<float> gamma(paramSize), beta(paramSize), mean(statSize),
      var(statSize), a(paramSize), b(paramSize);
  fillRandom(gamma.data(), gamma.size(), 1.0f, 2);
  for (float &g : gamma)
    g = 1.0f + 0.25f * (g - 1.0f);
  fillRandom(beta.data(), beta.size(), 0.0f, 3);
  for (float &v : beta)
    v *= 0.25f;
  fillRandom(mean.data(), mean.size(), 0.5f, 4);
  fillRandom(var.data(), var.size(), 2.5f, 5); // in [0.5, 4.5)

  std::function<void()> body;
  dnnl::engine engine;
  dnnl::stream stream;
  OneDNNCall dnnlCall;
  if (options.impl == "onednn") {
    engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream = dnnl::stream(engine);
    try {
      if (rowOp)
        dnnlCall = makeLayerNorm(engine, options, xBuffer.data, yBuffer.data,
                                 gamma.data(), beta.data(), mean.data(),
                                 var.data(), options.op == "rms_norm");
      else
        dnnlCall = makeBatchNorm(engine, options, xBuffer.data, yBuffer.data,
                                 gamma.data(), beta.data(), mean.data(),
                                 var.data(), options.op == "batch_norm_train");
    } catch (const dnnl::error &error) {
      // E.g. oneDNN 2.x has bf16 normalizations only with AVX-512.
      report("na", Timing{}, "oneDNN_has_no_implementation_for_this_CPU");
      return 0;
    }
    body = [&] {
      dnnlCall.primitive.execute(stream, dnnlCall.args);
      stream.wait();
    };
  } else if (options.impl == "loop") {
    int64_t hw = rowOp ? 0 : s[2] * s[3];
    if (options.op == "layer_norm")
      body = bf16 ? std::function<void()>([&] {
        loopLayerNorm(xBuffer.as<uint16_t>(), yBuffer.as<uint16_t>(),
                      gamma.data(), beta.data(), s[0], s[1], options.epsilon);
      })
                  : std::function<void()>([&] {
                      loopLayerNorm(xBuffer.as<float>(), yBuffer.as<float>(),
                                    gamma.data(), beta.data(), s[0], s[1],
                                    options.epsilon);
                    });
    else if (options.op == "rms_norm")
      body = bf16 ? std::function<void()>([&] {
        loopRMSNorm(xBuffer.as<uint16_t>(), yBuffer.as<uint16_t>(),
                    gamma.data(), s[0], s[1], options.epsilon);
      })
                  : std::function<void()>([&] {
                      loopRMSNorm(xBuffer.as<float>(), yBuffer.as<float>(),
                                  gamma.data(), s[0], s[1], options.epsilon);
                    });
    else if (options.op == "batch_norm")
      body = [&, hw] {
        loopBatchNorm(xBuffer.as<float>(), yBuffer.as<float>(), gamma.data(),
                      beta.data(), mean.data(), var.data(), s[0], s[1], hw,
                      nhwc, options.epsilon, a, b);
      };
    else
      body = [&, hw] {
        loopBatchNormTrain(xBuffer.as<float>(), yBuffer.as<float>(),
                           gamma.data(), beta.data(), mean.data(), var.data(),
                           s[0], s[1], hw, nhwc, options.epsilon, a, b);
      };
  } else if (options.impl == "memcpy") {
    body = [&] { parallelCopy(yBuffer.data, xBuffer.data, dataBytes); };
  } else {
    fail("unknown --impl '" + options.impl + "'");
  }

  Timing timing = timeIt(body, options.reps);
  // A cheap guard against a peer that silently wrote nothing.
  double checksum = 0;
  for (size_t i = 0; i < elements; i += 4099)
    checksum += bf16 ? bf16ToF32(yBuffer.as<uint16_t>()[i])
                     : yBuffer.as<float>()[i];
  report(std::isfinite(checksum) && checksum != 0 ? "ok" : "bad_output", timing,
         "");
  return 0;
}
