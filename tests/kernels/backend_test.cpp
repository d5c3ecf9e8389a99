// Every kernel of every compiled backend against the scalar set, on seeded random data, lengths
// around each vector width, misaligned starts and NaN-poisoned outputs. Backends this CPU cannot
// run are skipped with the reason.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/dispatch.hpp"
#include "tests/kernels/kernel_test_util.hpp"

namespace clift::kernels::test {
namespace {

std::string missing_feature(const std::string& backend) {
  if (backend == "avx2") return "AVX2 + FMA + F16C";
  if (backend == "avx512") return "AVX-512";
  if (backend == "neon") return "NEON";
  return backend;
}

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::vector<std::string> supported = supported_backends();
    if (std::find(supported.begin(), supported.end(), GetParam()) == supported.end()) {
      GTEST_SKIP() << "skipped: no " << missing_feature(GetParam());
    }
    set_ = &select_backend(GetParam());
  }

  const KernelSet& simd() const { return *set_; }
  static const KernelSet& scalar() { return select_backend("scalar"); }

 private:
  const KernelSet* set_ = nullptr;
};

// A float result computed two ways differs by at most twice the rounding bound of either; for a
// reduction that bound grows with the length, n * eps * sum |terms|.
std::vector<double> relative_tolerance(const float* want, std::size_t n, double ulps) {
  std::vector<double> tolerance(n);
  for (std::size_t i = 0; i < n; i++) {
    tolerance[i] = ulps * kEps * std::fabs(static_cast<double>(want[i])) + 1e-37;
  }
  return tolerance;
}

struct MatmulShape {
  std::size_t n_tokens, n_cols, n_rows, row_begin, row_end;
};

// GEMV (1 token) and GEMM (several), with reductions across the GEMM's column blocks (with 32 KiB
// of L1d and 512 KiB of L2, kc is 96 on AVX-512, 384 on AVX2) and row blocks (mc 678 and 168),
// tiles cut short in rows and tokens, and empty ranges. 37 x 777 packs w (more than 2 panels of
// tokens on AVX2) over three column blocks, the last one 9 columns: one register transpose and a
// column left over, with the last panel's tokens ending inside a group of 8.
const std::vector<MatmulShape> kMatmulShapes = {
    {1, 0, 5, 0, 5},        {1, 1, 1, 0, 1},      {1, 7, 9, 2, 7},       {1, 33, 13, 1, 12},
    {1, 100, 10, 0, 10},    {1, 257, 6, 0, 6},    {1, 16, 8, 3, 3},      {2, 0, 4, 0, 4},
    {2, 1, 3, 0, 3},        {3, 17, 7, 1, 6},     {5, 64, 13, 0, 13},    {17, 31, 20, 3, 19},
    {33, 100, 11, 0, 11},   {65, 300, 40, 5, 37}, {20, 70, 300, 1, 299}, {4, 520, 9, 0, 9},
    {3, 10, 1100, 5, 1095}, {6, 800, 14, 0, 14},  {37, 777, 20, 1, 20}};

// A shape's random operands and a backend's y = w x of them, y's rows n_rows + 3 floats apart.
struct MatmulRun {
  std::size_t ldy;
  Buffer w, x, y;
};

MatmulRun run_matmul(const KernelSet& kernels, std::mt19937& rng, const MatmulShape& s) {
  MatmulRun run{s.n_rows + 3, random_buffer(rng, s.n_rows * s.n_cols),
                random_buffer(rng, s.n_tokens * s.n_cols), Buffer(s.n_tokens * (s.n_rows + 3))};
  kernels.matmul(run.y.data(), run.ldy, run.w.data(), run.x.data(), s.n_tokens, s.n_cols,
                 s.row_begin, s.row_end);
  return run;
}

TEST_P(BackendTest, Matmul) {
  std::mt19937 rng(11);
  for (const MatmulShape& s : kMatmulShapes) {
    const auto [ldy, w, x, y] = run_matmul(simd(), rng, s);
    Buffer want(s.n_tokens * ldy);
    scalar().matmul(want.data(), ldy, w.data(), x.data(), s.n_tokens, s.n_cols, s.row_begin,
                    s.row_end);

    std::vector<double> expected, tolerance;
    std::vector<float> got;
    for (std::size_t t = 0; t < s.n_tokens; t++) {
      for (std::size_t r = 0; r < s.n_rows; r++) {
        const float value = y[t * ldy + r];
        if (r < s.row_begin || r >= s.row_end) {
          EXPECT_TRUE(std::isnan(value)) << "wrote row " << r << " outside [" << s.row_begin << ", "
                                         << s.row_end << ") for token " << t;
          continue;
        }
        double magnitude = 0.0;
        for (std::size_t k = 0; k < s.n_cols; k++) {
          magnitude += std::fabs(w.at(r * s.n_cols + k) * x.at(t * s.n_cols + k));
        }
        got.push_back(value);
        expected.push_back(want[t * ldy + r]);
        tolerance.push_back(2.0 * static_cast<double>(s.n_cols) * kEps * magnitude);
      }
    }
    EXPECT_TRUE(all_near(got.data(), expected, tolerance))
        << s.n_tokens << " tokens x " << s.n_cols << " cols, rows [" << s.row_begin << ", "
        << s.row_end << ")";
    EXPECT_TRUE(y.guards_untouched());
  }
}

// x packed in parts, as workers pack one shared copy, then matmul_packed: the same sums, bit for
// bit, as matmul, which packs in one part. The packed buffer starts as NaN, so a piece no part
// wrote would show.
TEST_P(BackendTest, MatmulPackedInParts) {
  std::mt19937 rng(16);
  for (const MatmulShape& s : kMatmulShapes) {
    const auto [ldy, w, x, want] = run_matmul(simd(), rng, s);
    for (const std::size_t n_parts : {1, 2, 3, 7}) {
      // The packed copy is aligned, as the contract asks; its last element is followed by a guard.
      const std::size_t n_packed = simd().packed_x_floats(s.n_tokens, s.n_cols);
      std::vector<float> storage(n_packed + 17, kNaN);
      void* start = storage.data();
      std::size_t space = storage.size() * sizeof(float);
      float* packed = static_cast<float*>(std::align(64, n_packed * sizeof(float), start, space));
      for (std::size_t part = 0; part < n_parts; part++) {
        simd().pack_x(packed, x.data(), s.n_tokens, s.n_cols, part, n_parts);
      }
      Buffer y(s.n_tokens * ldy);
      simd().matmul_packed(y.data(), ldy, w.data(), packed, s.n_tokens, s.n_cols, s.row_begin,
                           s.row_end);
      std::size_t mismatches = 0;
      for (std::size_t i = 0; i < s.n_tokens * ldy; i++) {
        const bool both_nan = std::isnan(y[i]) && std::isnan(want[i]);
        mismatches += both_nan || y[i] == want[i] ? 0 : 1;
      }
      EXPECT_EQ(mismatches, 0u) << s.n_tokens << " tokens x " << s.n_cols << " cols, rows ["
                                << s.row_begin << ", " << s.row_end << "), " << n_parts << " parts";
      EXPECT_TRUE(std::isnan(packed[n_packed]) && y.guards_untouched());
    }
  }
}

TEST_P(BackendTest, Rmsnorm) {
  std::mt19937 rng(12);
  for (const std::size_t n : kLengths) {
    const Buffer x = random_buffer(rng, n);
    const Buffer weight = random_buffer(rng, n);
    Buffer out(n), want(n);
    simd().rmsnorm(out.data(), x.data(), weight.data(), n, 1e-5f);
    scalar().rmsnorm(want.data(), x.data(), weight.data(), n, 1e-5f);
    EXPECT_TRUE(all_near(out.data(), to_double(want.data(), n),
                         relative_tolerance(want.data(), n, 2.0 * static_cast<double>(n + 4))))
        << "n = " << n;
    EXPECT_TRUE(out.guards_untouched()) << "n = " << n;
  }
}

TEST_P(BackendTest, Rope) {
  std::mt19937 rng(13);
  for (const std::size_t head_dim : {2, 4, 6, 8, 14, 16, 18, 32, 34, 64, 66, 128}) {
    const std::size_t n_heads = 3;
    const Buffer cos = random_buffer(rng, head_dim / 2);
    const Buffer sin = random_buffer(rng, head_dim / 2);
    Buffer x = random_buffer(rng, n_heads * head_dim);
    Buffer want(n_heads * head_dim);
    std::copy(x.data(), x.data() + x.size(), want.data());
    std::vector<double> tolerance(x.size());
    for (std::size_t i = 0; i < x.size(); i += 2) {
      // Two products and a sum, each rounded once per side (or fused on one).
      tolerance[i] = tolerance[i + 1] = 6 * kEps * (std::fabs(x.at(i)) + std::fabs(x.at(i + 1)));
    }
    simd().rope(x.data(), n_heads, head_dim, cos.data(), sin.data());
    scalar().rope(want.data(), n_heads, head_dim, cos.data(), sin.data());
    EXPECT_TRUE(all_near(x.data(), to_double(want.data(), want.size()), tolerance))
        << "head_dim = " << head_dim;
    EXPECT_TRUE(x.guards_untouched());
  }
}

struct AttentionShape {
  std::size_t n_tokens, n_heads, first_pos, head_dim;
};

// Decode (one token) and prefill chunks; groups of 1 to 5 heads, so the rows fill the tiles of 6
// unevenly; up to one vector of rows (the narrow panels decode gets) and more; positions that
// cross the 192-key softmax blocks, also inside one call (2 x 4 at 191: on AVX2 one narrow panel
// whose second token's keys cross); head_dim around each vector width.
const std::vector<AttentionShape> kAttentionShapes = {
    {1, 1, 0, 8},     {1, 4, 0, 64},    {1, 4, 99, 64},   {1, 3, 300, 17},
    {1, 1, 600, 128}, {2, 1, 0, 1},     {3, 2, 5, 3},     {5, 4, 0, 9},
    {7, 5, 250, 65},  {16, 4, 0, 64},   {16, 4, 240, 64}, {17, 2, 20, 33},
    {40, 1, 230, 8},  {9, 4, 513, 128}, {4, 4, 1, 16},    {2, 4, 191, 64},
};

TEST_P(BackendTest, Attention) {
  std::mt19937 rng(14);
  for (const AttentionShape& s : kAttentionShapes) {
    const std::size_t n_pos = s.first_pos + s.n_tokens;
    const std::size_t kv_stride = s.head_dim + 3;
    const std::size_t row_stride = s.n_heads * s.head_dim + 5;
    const std::size_t n = (s.n_tokens - 1) * row_stride + s.n_heads * s.head_dim;
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));
    // Logits of a few units, so the probabilities range widely, as trained models' do.
    Buffer q = random_buffer(rng, n);
    for (std::size_t i = 0; i < n; i++)
      q[i] *= 4.0f;
    const Buffer k = random_buffer(rng, n_pos * kv_stride);
    const Buffer v = random_buffer(rng, n_pos * kv_stride);
    Buffer out(n), want(n);
    simd().attention(out.data(), q.data(), row_stride, s.n_tokens, s.n_heads, s.first_pos, k.data(),
                     v.data(), kv_stride, s.head_dim, scale);
    scalar().attention(want.data(), q.data(), row_stride, s.n_tokens, s.n_heads, s.first_pos,
                       k.data(), v.data(), kv_stride, s.head_dim, scale);
    // A logit's error (head_dim * eps * |q||k| * scale) becomes a relative error of its
    // probability; the weighted sum adds n_pos roundings of terms bounded by max |v| = 1.
    const double bound =
        32 * kEps *
        (static_cast<double>(s.head_dim) * std::sqrt(static_cast<double>(s.head_dim)) +
         static_cast<double>(n_pos) + 4);
    // The rows side by side; the gaps between tokens' rows must still hold their NaN.
    std::vector<float> got_rows;
    std::vector<double> want_rows;
    for (std::size_t i = 0; i < n; i++) {
      if (i % row_stride < s.n_heads * s.head_dim) {
        got_rows.push_back(out[i]);
        want_rows.push_back(want.at(i));
      } else {
        EXPECT_TRUE(std::isnan(out[i])) << "element " << i << " between rows was written";
      }
    }
    EXPECT_TRUE(all_near(got_rows.data(), want_rows, std::vector<double>(want_rows.size(), bound)))
        << "n_tokens = " << s.n_tokens << ", n_heads = " << s.n_heads
        << ", first_pos = " << s.first_pos << ", head_dim = " << s.head_dim;
    EXPECT_TRUE(out.guards_untouched());
  }
}

TEST_P(BackendTest, Swiglu) {
  std::mt19937 rng(15);
  for (const std::size_t n : kLengths) {
    Buffer gate = random_buffer(rng, n, -20.0f, 20.0f);
    const Buffer up = random_buffer(rng, n);
    Buffer want(n);
    std::copy(gate.data(), gate.data() + n, want.data());
    simd().swiglu(gate.data(), up.data(), n);
    scalar().swiglu(want.data(), up.data(), n);
    // exp to a few ulp, then a division and two products.
    EXPECT_TRUE(
        all_near(gate.data(), to_double(want.data(), n), relative_tolerance(want.data(), n, 16)))
        << "n = " << n;
    EXPECT_TRUE(gate.guards_untouched()) << "n = " << n;
  }
}

TEST_P(BackendTest, AddAndScale) {
  std::mt19937 rng(16);
  for (const std::size_t n : kLengths) {
    Buffer y = random_buffer(rng, n);
    const Buffer x = random_buffer(rng, n);
    Buffer want(n);
    std::copy(y.data(), y.data() + n, want.data());
    // One correctly rounded operation per element: the results are identical.
    simd().add(y.data(), x.data(), n);
    scalar().add(want.data(), x.data(), n);
    EXPECT_TRUE(all_near(y.data(), to_double(want.data(), n), std::vector<double>(n, 0.0)))
        << "add, n = " << n;
    simd().scale(y.data(), n, -1.7f);
    scalar().scale(want.data(), n, -1.7f);
    EXPECT_TRUE(all_near(y.data(), to_double(want.data(), n), std::vector<double>(n, 0.0)))
        << "scale, n = " << n;
    EXPECT_TRUE(y.guards_untouched()) << "n = " << n;
  }
}

TEST_P(BackendTest, Embed) {
  std::mt19937 rng(17);
  for (const std::size_t dim : kLengths) {
    const std::size_t vocab_size = 7;
    const Buffer table = random_buffer(rng, vocab_size * dim);
    const std::vector<std::int32_t> ids = {6, 0, 3, 3};
    Buffer out(ids.size() * dim), want(ids.size() * dim);
    simd().embed(out.data(), table.data(), ids.data(), ids.size(), dim);
    scalar().embed(want.data(), table.data(), ids.data(), ids.size(), dim);
    EXPECT_TRUE(all_near(out.data(), to_double(want.data(), want.size()),
                         std::vector<double>(want.size(), 0.0)))
        << "dim = " << dim;
    EXPECT_TRUE(out.guards_untouched());
  }
}

TEST_P(BackendTest, Softmax) {
  std::mt19937 rng(18);
  for (const std::size_t n : kLengths) {
    Buffer x = random_buffer(rng, n, -30.0f, 30.0f);
    Buffer want(n);
    std::copy(x.data(), x.data() + n, want.data());
    simd().softmax(x.data(), n);
    scalar().softmax(want.data(), n);
    EXPECT_TRUE(all_near(x.data(), to_double(want.data(), n),
                         relative_tolerance(want.data(), n, 2.0 * static_cast<double>(n + 8))))
        << "n = " << n;
    EXPECT_TRUE(x.guards_untouched()) << "n = " << n;
  }
}

TEST_P(BackendTest, Argmax) {
  std::mt19937 rng(19);
  for (const std::size_t n : kLengths) {
    Buffer x = random_buffer(rng, n);
    EXPECT_EQ(simd().argmax(x.data(), n), scalar().argmax(x.data(), n)) << "n = " << n;
    if (n >= 3) {
      // A tie: the first of the equal maxima wins, wherever the vectors split them.
      x[n / 3] = 2.0f;
      x[n - 1] = 2.0f;
      EXPECT_EQ(simd().argmax(x.data(), n), n / 3) << "tie, n = " << n;
    }
  }
}

TEST_P(BackendTest, SelectAtLeast) {
  std::mt19937 rng(20);
  for (const std::size_t n : kLengths) {
    const Buffer x = random_buffer(rng, n);
    for (const float threshold : {0.9f, -2.0f, 2.0f, x.size() > 0 ? x[n - 1] : 0.0f}) {
      std::vector<std::uint32_t> ids(n + 1, 0xdeadbeef), want(n + 1, 0xdeadbeef);
      const std::size_t count = simd().select_at_least(ids.data(), x.data(), n, threshold);
      const std::size_t want_count = scalar().select_at_least(want.data(), x.data(), n, threshold);
      ASSERT_EQ(count, want_count) << "n = " << n << ", threshold " << threshold;
      EXPECT_TRUE(std::equal(ids.begin(), ids.begin() + static_cast<long>(count), want.begin()))
          << "n = " << n << ", threshold " << threshold;
      EXPECT_EQ(ids[n], 0xdeadbeef) << "wrote past n = " << n;
    }
  }
}

TEST_P(BackendTest, Probes) {
  std::mt19937 rng(21);
  for (const std::size_t n : kLengths) {
    const Buffer x = random_buffer(rng, n);
    double magnitude = 0.0;
    for (std::size_t i = 0; i < n; i++)
      magnitude += std::fabs(x.at(i));
    EXPECT_NEAR(simd().read_probe(x.data(), n), scalar().read_probe(x.data(), n),
                2.0 * static_cast<double>(n) * kEps * magnitude)
        << "n = " << n;
  }
  // The flop count is linear in the iterations and at least the scalar probe's.
  const double flops = simd().fma_probe(1000);
  EXPECT_EQ(simd().fma_probe(2000), 2 * flops);
  EXPECT_GE(flops, scalar().fma_probe(1000));
}

INSTANTIATE_TEST_SUITE_P(AllCompiled, BackendTest, ::testing::ValuesIn(compiled_backends()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace clift::kernels::test
