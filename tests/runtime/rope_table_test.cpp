#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "runtime/rope_table.hpp"

namespace clift {
namespace {

TEST(RopeTableTest, UnscaledFrequenciesAreThetaPowers) {
  const auto f = rope_frequencies(64, 500000.0f, RopeScaling{});
  ASSERT_EQ(f.size(), 32u);
  for (std::size_t i = 0; i < f.size(); i++) {
    EXPECT_NEAR(f[i], std::pow(500000.0, -2.0 * static_cast<double>(i) / 64.0), 1e-15);
  }
}

TEST(RopeTableTest, Llama3ScalingKeepsHighStretchesLowBlendsBetween) {
  const RopeScaling s{
      .factor = 32, .low_freq_factor = 1, .high_freq_factor = 4, .original_context = 8192};
  const auto plain = rope_frequencies(64, 500000.0f, RopeScaling{});
  const auto scaled = rope_frequencies(64, 500000.0f, s);
  int kept = 0, stretched = 0, blended = 0;
  for (std::size_t i = 0; i < plain.size(); i++) {
    const double wavelength = 2 * std::numbers::pi / plain[i];
    if (wavelength < 8192.0 / 4) {
      EXPECT_DOUBLE_EQ(scaled[i], plain[i]);
      kept++;
    } else if (wavelength > 8192.0) {
      EXPECT_DOUBLE_EQ(scaled[i], plain[i] / 32);
      stretched++;
    } else {
      EXPECT_LT(scaled[i], plain[i]);
      EXPECT_GT(scaled[i], plain[i] / 32);
      blended++;
    }
  }
  EXPECT_GT(kept, 0);
  EXPECT_GT(stretched, 0);
  EXPECT_GT(blended, 0);
}

TEST(RopeTableTest, TableHoldsCosineAndSineOfPositionTimesFrequency) {
  ModelConfig c;
  c.dim = 16, c.n_heads = 2;
  const RopeTable table(c, 10);
  const auto f = rope_frequencies(8, c.rope_theta, c.rope_scaling);
  for (std::size_t pos : {0u, 1u, 9u}) {
    for (std::size_t i = 0; i < 4; i++) {
      EXPECT_NEAR(table.cos_at(pos)[i], std::cos(static_cast<double>(pos) * f[i]), 1e-7);
      EXPECT_NEAR(table.sin_at(pos)[i], std::sin(static_cast<double>(pos) * f[i]), 1e-7);
    }
  }
}

}  // namespace
}  // namespace clift
