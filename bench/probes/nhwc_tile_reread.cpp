// Does an NHWC channel tile stay in cache between two passes? (issue 16)
//
// A batch_norm_train that reads its input once must normalize a tile from
// cache: the tile is k channels of every one of the R = N*H*W rows of an
// [R, C] (NHWC) input, i.e. R segments of k floats, C floats apart. This
// probe times, for each tile width k, pass 1 (sum of the tile, from DRAM)
// and pass 2 (sum of squared deviations of the same tile, right after) over
// all C / k tiles, and the same two passes over a contiguous buffer of the
// tile's size. If pass 2 over the strided tile is as slow as pass 1, the
// tile was not kept in cache and a "single read" kernel reads it twice.
//
//   clang++-22 -O3 -march=native -o /tmp/reread bench/probes/nhwc_tile_reread.cpp
//   /tmp/reread [R=6272] [C=2048] [repeats=7]
//
// Prints one line per k: medians of pass 1 and pass 2 (ms, GB/s) for the
// strided tiles and for the contiguous control. Single-threaded.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Sum of k floats of each of `rows` rows `stride` floats apart.
static float sumTile(const float *x, long rows, long stride, long k) {
  float acc[16] = {};
  for (long r = 0; r < rows; ++r) {
    const float *row = x + r * stride;
    for (long j = 0; j < k; j += 16)
      for (int l = 0; l < 16; ++l)
        acc[l] += row[j + l];
  }
  float s = 0;
  for (float a : acc)
    s += a;
  return s;
}

/// Sum of squared deviations from `mean` of the same tile.
static float sumSquaresTile(const float *x, long rows, long stride, long k,
                            float mean) {
  float acc[16] = {};
  for (long r = 0; r < rows; ++r) {
    const float *row = x + r * stride;
    for (long j = 0; j < k; j += 16)
      for (int l = 0; l < 16; ++l) {
        float d = row[j + l] - mean;
        acc[l] += d * d;
      }
  }
  float s = 0;
  for (float a : acc)
    s += a;
  return s;
}

int main(int argc, char **argv) {
  long rows = argc > 1 ? atol(argv[1]) : 6272; // 128 x 7 x 7
  long channels = argc > 2 ? atol(argv[2]) : 2048;
  int repeats = argc > 3 ? atoi(argv[3]) : 7;
  size_t elements = size_t(rows) * channels;
  float *x = static_cast<float *>(aligned_alloc(64, elements * 4));
  float *flush = static_cast<float *>(aligned_alloc(64, 256u << 20));
  for (size_t i = 0; i < elements; ++i)
    x[i] = float((i * 2654435761u) % 1000) * 1e-3f;
  memset(flush, 1, 256u << 20);
  volatile float sink = 0;
  double gb = double(elements) * 4 / 1e9;
  printf("rows=%ld channels=%ld (%.1f MB), single thread\n", rows, channels,
         gb * 1e3);
  printf("| k | tile KB | strided pass1 ms | strided pass2 ms | pass2/pass1 | "
         "contiguous pass1 ms | contiguous pass2 ms | pass2/pass1 |\n");
  printf("|---|---|---|---|---|---|---|---|\n");
  for (long k : {16L, 32L, 64L, 128L, 256L, 512L}) {
    if (channels % k)
      continue;
    std::vector<double> p1, p2, c1, c2;
    for (int rep = 0; rep < repeats; ++rep) {
      // Evict: stream 256 MB.
      for (size_t i = 0; i < (256u << 20) / 4; i += 16)
        sink = sink + flush[i];
      double t1 = 0, t2 = 0;
      for (long c0 = 0; c0 < channels; c0 += k) {
        auto start = Clock::now();
        float s = sumTile(x + c0, rows, channels, k);
        t1 += msSince(start);
        start = Clock::now();
        sink = sink + sumSquaresTile(x + c0, rows, channels, k,
                                     s / float(rows * k));
        t2 += msSince(start);
      }
      p1.push_back(t1);
      p2.push_back(t2);
      // Control: the same bytes as contiguous tiles of rows * k floats.
      for (size_t i = 0; i < (256u << 20) / 4; i += 16)
        sink = sink + flush[i];
      t1 = t2 = 0;
      for (long c0 = 0; c0 < channels; c0 += k) {
        const float *tile = x + c0 * rows;
        auto start = Clock::now();
        float s = sumTile(tile, rows, k, k);
        t1 += msSince(start);
        start = Clock::now();
        sink = sink + sumSquaresTile(tile, rows, k, k, s / float(rows * k));
        t2 += msSince(start);
      }
      c1.push_back(t1);
      c2.push_back(t2);
    }
    double m1 = median(p1), m2 = median(p2), n1 = median(c1), n2 = median(c2);
    printf("| %ld | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", k,
           double(rows * k * 4) / 1024, m1, m2, m2 / m1, n1, n2, n2 / n1);
  }
  free(x);
  free(flush);
  return 0;
}
