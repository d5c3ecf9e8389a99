#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

#include "kernels/dispatch.hpp"
#include "platform/error.hpp"
#include "runtime/sampler.hpp"

namespace clift {
namespace {

std::vector<float> random_logits(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0f, 3.0f);
  std::vector<float> v(n);
  for (float& x : v)
    x = dist(gen);
  return v;
}

std::vector<std::int32_t> draw(const SamplerOptions& options, std::size_t n_draws) {
  Sampler sampler(kernels::select_backend("scalar"), 1000, options);
  std::vector<std::int32_t> out;
  for (std::size_t i = 0; i < n_draws; i++) {
    std::vector<float> logits = random_logits(1000, static_cast<unsigned>(i));
    out.push_back(sampler.sample(logits));
  }
  return out;
}

TEST(SamplerTest, GreedyTakesTheArgmax) {
  std::vector<float> logits = random_logits(1000, 3);
  const auto best = std::max_element(logits.begin(), logits.end()) - logits.begin();
  Sampler sampler(kernels::select_backend("scalar"), 1000, SamplerOptions{.temperature = 0});
  EXPECT_EQ(sampler.sample(logits), best);
}

TEST(SamplerTest, SameSeedSameTokensOtherSeedOtherTokens) {
  const SamplerOptions a{.temperature = 1.0f, .top_k = 0, .top_p = 0.9f, .seed = 1234};
  SamplerOptions b = a;
  b.seed = 4321;
  EXPECT_EQ(draw(a, 64), draw(a, 64));
  EXPECT_NE(draw(a, 64), draw(b, 64));
}

TEST(SamplerTest, TopKOneIsGreedy) {
  std::vector<float> logits = random_logits(1000, 5);
  const auto best = std::max_element(logits.begin(), logits.end()) - logits.begin();
  for (std::uint64_t seed = 0; seed < 20; seed++) {
    std::vector<float> copy = logits;
    Sampler sampler(kernels::select_backend("scalar"), 1000,
                    SamplerOptions{.temperature = 1.5f, .top_k = 1, .top_p = 1.0f, .seed = seed});
    EXPECT_EQ(sampler.sample(copy), best);
  }
}

TEST(SamplerTest, TopPKeepsOnlyTheNucleus) {
  // Token 7 holds ~90% of the mass, token 3 ~10%: top-p 0.5 must always give 7, top-p 1 both.
  std::vector<float> logits(50, -30.0f);
  logits[7] = 2.2f;
  logits[3] = 0.0f;
  std::set<std::int32_t> seen_narrow, seen_wide;
  for (std::uint64_t seed = 0; seed < 200; seed++) {
    std::vector<float> a = logits, b = logits;
    Sampler narrow(kernels::select_backend("scalar"), 50,
                   SamplerOptions{.temperature = 1.0f, .top_k = 0, .top_p = 0.5f, .seed = seed});
    Sampler wide(kernels::select_backend("scalar"), 50,
                 SamplerOptions{.temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .seed = seed});
    seen_narrow.insert(narrow.sample(a));
    seen_wide.insert(wide.sample(b));
  }
  EXPECT_EQ(seen_narrow, std::set<std::int32_t>{7});
  EXPECT_EQ(seen_wide, (std::set<std::int32_t>{3, 7}));
}

TEST(SamplerTest, BadOptionsAreErrors) {
  const auto& k = kernels::select_backend("scalar");
  EXPECT_THROW(Sampler(k, 10, SamplerOptions{.temperature = -1.0f}), Error);
  EXPECT_THROW(Sampler(k, 10, SamplerOptions{.top_p = 0.0f}), Error);
  EXPECT_THROW(Sampler(k, 10, SamplerOptions{.top_p = 1.5f}), Error);
}

}  // namespace
}  // namespace clift
