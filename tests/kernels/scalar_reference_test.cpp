// The scalar reference set against the contracts computed in double (reference.hpp). The other
// backends are then tested against the scalar set (backend_test.cpp).
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/dispatch.hpp"
#include "tests/kernels/kernel_test_util.hpp"
#include "tests/kernels/reference.hpp"

namespace clift::kernels::test {
namespace {

const KernelSet& scalar_set() {
  return select_backend("scalar");
}

TEST(ScalarReference, Matmul) {
  std::mt19937 rng(1);
  for (const std::size_t n_tokens : {1, 3}) {
    for (const std::size_t n_cols : {0, 1, 9, 100}) {
      const std::size_t n_rows = 7;
      const Buffer w = random_buffer(rng, n_rows * n_cols);
      const Buffer x = random_buffer(rng, n_tokens * n_cols);
      Buffer y(n_tokens * n_rows);
      scalar_set().matmul(y.data(), n_rows, w.data(), x.data(), n_tokens, n_cols, 0, n_rows);
      const MatmulReference ref = matmul_reference(w.data(), x.data(), n_tokens, n_cols, n_rows);
      std::vector<double> tolerance(ref.y.size());
      for (std::size_t i = 0; i < tolerance.size(); i++) {
        tolerance[i] = static_cast<double>(n_cols) * kEps * ref.magnitude[i];
      }
      EXPECT_TRUE(all_near(y.data(), ref.y, tolerance)) << n_tokens << " x " << n_cols;
    }
  }
}

TEST(ScalarReference, Rmsnorm) {
  std::mt19937 rng(2);
  for (const std::size_t n : {1, 17, 1000}) {
    const Buffer x = random_buffer(rng, n);
    const Buffer weight = random_buffer(rng, n);
    Buffer out(n);
    scalar_set().rmsnorm(out.data(), x.data(), weight.data(), n, 1e-5f);
    double sum_squares = 0.0;
    for (std::size_t i = 0; i < n; i++)
      sum_squares += x.at(i) * x.at(i);
    const double inv_rms = 1.0 / std::sqrt(sum_squares / static_cast<double>(n) + 1e-5);
    std::vector<double> want(n), tolerance(n);
    for (std::size_t i = 0; i < n; i++) {
      want[i] = weight.at(i) * (x.at(i) * inv_rms);
      tolerance[i] = static_cast<double>(n + 4) * kEps * std::fabs(want[i]);
    }
    EXPECT_TRUE(all_near(out.data(), want, tolerance)) << n;
  }
}

TEST(ScalarReference, Rope) {
  std::mt19937 rng(3);
  const std::size_t n_heads = 3;
  const std::size_t head_dim = 18;
  Buffer x = random_buffer(rng, n_heads * head_dim);
  const std::vector<double> before = to_double(x.data(), n_heads * head_dim);
  std::vector<double> cos(head_dim / 2), sin(head_dim / 2);
  std::vector<float> cos_f(head_dim / 2), sin_f(head_dim / 2);
  for (std::size_t i = 0; i < head_dim / 2; i++) {
    cos_f[i] = std::cos(0.3f * static_cast<float>(i + 1));
    sin_f[i] = std::sin(0.3f * static_cast<float>(i + 1));
    cos[i] = cos_f[i];
    sin[i] = sin_f[i];
  }
  scalar_set().rope(x.data(), n_heads, head_dim, cos_f.data(), sin_f.data());
  std::vector<double> want(before.size()), tolerance(before.size());
  for (std::size_t h = 0; h < n_heads; h++) {
    for (std::size_t i = 0; i < head_dim / 2; i++) {
      const double re = before[h * head_dim + 2 * i];
      const double im = before[h * head_dim + 2 * i + 1];
      want[h * head_dim + 2 * i] = re * cos[i] - im * sin[i];
      want[h * head_dim + 2 * i + 1] = re * sin[i] + im * cos[i];
      tolerance[h * head_dim + 2 * i] = 3 * kEps * (std::fabs(re) + std::fabs(im));
      tolerance[h * head_dim + 2 * i + 1] = tolerance[h * head_dim + 2 * i];
    }
  }
  EXPECT_TRUE(all_near(x.data(), want, tolerance));
}

// Two tokens of two heads at positions 7 and 8: each query sees its own causal prefix, and the
// heads share one key/value head.
TEST(ScalarReference, Attention) {
  std::mt19937 rng(4);
  const std::size_t n_tokens = 2, n_heads = 2, first_pos = 7;
  const std::size_t n_pos = first_pos + n_tokens;
  const std::size_t head_dim = 16;
  const std::size_t kv_stride = 20;
  const std::size_t row_stride = n_heads * head_dim;
  const float scale = 0.25f;
  const Buffer q = random_buffer(rng, n_tokens * row_stride);
  const Buffer k = random_buffer(rng, n_pos * kv_stride);
  const Buffer v = random_buffer(rng, n_pos * kv_stride);
  Buffer out(n_tokens * row_stride);
  scalar_set().attention(out.data(), q.data(), row_stride, n_tokens, n_heads, first_pos, k.data(),
                         v.data(), kv_stride, head_dim, scale);
  std::vector<double> want(n_tokens * row_stride);
  for (std::size_t t = 0; t < n_tokens; t++) {
    for (std::size_t g = 0; g < n_heads; g++) {
      const std::size_t row = t * row_stride + g * head_dim;
      std::vector<double> logits(first_pos + t + 1);
      for (std::size_t p = 0; p < logits.size(); p++) {
        for (std::size_t d = 0; d < head_dim; d++) {
          logits[p] += q.at(row + d) * k.at(p * kv_stride + d);
        }
        logits[p] *= static_cast<double>(scale);
      }
      const std::vector<double> probabilities = softmax_reference(logits);
      for (std::size_t d = 0; d < head_dim; d++) {
        for (std::size_t p = 0; p < logits.size(); p++) {
          want[row + d] += probabilities[p] * v.at(p * kv_stride + d);
        }
      }
    }
  }
  const std::vector<double> tolerance(want.size(),
                                      8 * static_cast<double>(head_dim + n_pos) * kEps);
  EXPECT_TRUE(all_near(out.data(), want, tolerance));
}

TEST(ScalarReference, ElementwiseOps) {
  std::mt19937 rng(5);
  const std::size_t n = 33;
  Buffer gate = random_buffer(rng, n, -8.0f, 8.0f);
  const Buffer up = random_buffer(rng, n);
  std::vector<double> want(n), tolerance(n);
  for (std::size_t i = 0; i < n; i++) {
    const double g = gate.at(i);
    want[i] = g / (1.0 + std::exp(-g)) * up.at(i);
    tolerance[i] = 8 * kEps * std::fabs(want[i]);
  }
  scalar_set().swiglu(gate.data(), up.data(), n);
  EXPECT_TRUE(all_near(gate.data(), want, tolerance)) << "swiglu";

  Buffer y = random_buffer(rng, n);
  const Buffer x = random_buffer(rng, n);
  for (std::size_t i = 0; i < n; i++) {
    want[i] = y.at(i) + x.at(i);
    tolerance[i] = kEps * std::fabs(want[i]);
  }
  scalar_set().add(y.data(), x.data(), n);
  EXPECT_TRUE(all_near(y.data(), want, tolerance)) << "add";

  for (std::size_t i = 0; i < n; i++) {
    want[i] = y.at(i) * static_cast<double>(0.7f);
    tolerance[i] = kEps * std::fabs(want[i]);
  }
  scalar_set().scale(y.data(), n, 0.7f);
  EXPECT_TRUE(all_near(y.data(), want, tolerance)) << "scale";
}

TEST(ScalarReference, Embed) {
  std::mt19937 rng(6);
  const std::size_t dim = 5;
  const Buffer table = random_buffer(rng, 4 * dim);
  const std::vector<std::int32_t> ids = {3, 0, 3};
  Buffer out(ids.size() * dim);
  scalar_set().embed(out.data(), table.data(), ids.data(), ids.size(), dim);
  for (std::size_t t = 0; t < ids.size(); t++) {
    for (std::size_t d = 0; d < dim; d++) {
      EXPECT_EQ(out[t * dim + d], table[static_cast<std::size_t>(ids[t]) * dim + d]);
    }
  }
}

TEST(ScalarReference, Sampling) {
  std::mt19937 rng(7);
  const std::size_t n = 100;
  Buffer x = random_buffer(rng, n, -10.0f, 10.0f);
  x[71] = 11.0f;
  x[80] = 11.0f;
  EXPECT_EQ(scalar_set().argmax(x.data(), n), 71u);
  EXPECT_EQ(scalar_set().argmax(x.data(), 0), 0u);

  std::vector<std::uint32_t> ids(n);
  const std::size_t count = scalar_set().select_at_least(ids.data(), x.data(), n, 8.0f);
  std::vector<std::uint32_t> want;
  for (std::size_t i = 0; i < n; i++) {
    if (x[i] >= 8.0f) want.push_back(static_cast<std::uint32_t>(i));
  }
  ASSERT_EQ(count, want.size());
  EXPECT_EQ(std::vector<std::uint32_t>(ids.begin(), ids.begin() + static_cast<long>(count)), want);

  const std::vector<double> p = softmax_reference(to_double(x.data(), n));
  std::vector<double> tolerance(n);
  for (std::size_t i = 0; i < n; i++)
    tolerance[i] = static_cast<double>(n + 4) * kEps * p[i];
  scalar_set().softmax(x.data(), n);
  EXPECT_TRUE(all_near(x.data(), p, tolerance));
}

TEST(ScalarReference, Probes) {
  std::mt19937 rng(8);
  const Buffer x = random_buffer(rng, 1000);
  double sum = 0.0;
  double magnitude = 0.0;
  for (std::size_t i = 0; i < x.size(); i++) {
    sum += x.at(i);
    magnitude += std::fabs(x.at(i));
  }
  EXPECT_NEAR(scalar_set().read_probe(x.data(), x.size()), sum, 1000 * kEps * magnitude);
  EXPECT_EQ(scalar_set().fma_probe(1000), 2 * 8 * 1000.0);
}

}  // namespace
}  // namespace clift::kernels::test
