// Properties of the forward pass that hold for any weights: chunked prefill equals token-by-token
// decode, thread counts agree, and bad positions or ids are errors.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/dispatch.hpp"
#include "platform/error.hpp"
#include "runtime/synthetic.hpp"
#include "runtime/transformer.hpp"

namespace clift {
namespace {

ModelConfig small_vocab_tiny() {
  ModelConfig c = *synthetic_preset("tiny");
  c.vocab_size = 256;
  return c;
}

std::vector<std::int32_t> prompt_of(std::size_t n) {
  std::vector<std::int32_t> p(n);
  for (std::size_t i = 0; i < n; i++)
    p[i] = static_cast<std::int32_t>((i * 37 + 11) % 256);
  return p;
}

float max_abs_diff(std::span<const float> a, std::span<const float> b) {
  float worst = 0;
  for (std::size_t i = 0; i < a.size(); i++)
    worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

TEST(TransformerTest, ChunkedPrefillMatchesOneTokenAtATime) {
  const Model model = make_synthetic_model(small_vocab_tiny(), 1, "tiny");
  const auto& k = kernels::select_backend("scalar");
  const auto prompt = prompt_of(37);

  Transformer chunked(model, k, TransformerOptions{.batch = 8});
  const auto all = chunked.forward(prompt, 0, prompt.size());
  const std::vector<float> rows(all.begin(), all.end());

  Transformer stepwise(model, k, TransformerOptions{.batch = 1});
  for (std::size_t t = 0; t < prompt.size(); t++) {
    const auto row = stepwise.forward(std::span(prompt).subspan(t, 1), t, 1);
    EXPECT_LT(max_abs_diff(row, std::span(rows).subspan(t * 256, 256)), 1e-4f) << "position " << t;
  }
}

TEST(TransformerTest, ThreadCountDoesNotChangeTheResult) {
  const Model model = make_synthetic_model(small_vocab_tiny(), 2, "tiny");
  const auto prompt = prompt_of(20);
  Transformer one(model, kernels::select_backend("auto"), TransformerOptions{.threads = 1});
  Transformer two(model, kernels::select_backend("auto"), TransformerOptions{.threads = 2});
  const auto a = one.forward(prompt, 0, 3);
  const std::vector<float> first(a.begin(), a.end());
  EXPECT_EQ(max_abs_diff(first, two.forward(prompt, 0, 3)), 0.0f);
}

TEST(TransformerTest, PositionsPastTheContextAreErrors) {
  const Model model = make_synthetic_model(small_vocab_tiny(), 3, "tiny");
  Transformer t(model, kernels::select_backend("scalar"), TransformerOptions{.context_len = 16});
  EXPECT_THROW(t.forward(prompt_of(17), 0, 1), Error);
  EXPECT_THROW(t.forward(prompt_of(1), 16, 1), Error);
  EXPECT_NO_THROW(t.forward(prompt_of(16), 0, 1));
  EXPECT_THROW(Transformer(model, kernels::select_backend("scalar"),
                           TransformerOptions{.context_len = model.config.seq_len + 1}),
               Error);
}

TEST(TransformerTest, TokenIdsOutsideTheVocabularyAreErrors) {
  const Model model = make_synthetic_model(small_vocab_tiny(), 4, "tiny");
  Transformer t(model, kernels::select_backend("scalar"), TransformerOptions{});
  const std::vector<std::int32_t> too_big{1, 256};
  const std::vector<std::int32_t> negative{-1};
  EXPECT_THROW(t.forward(too_big, 0, 1), Error);
  EXPECT_THROW(t.forward(negative, 0, 1), Error);
}

}  // namespace
}  // namespace clift
