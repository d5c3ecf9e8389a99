#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "runtime/sampler.hpp"
#include "runtime/transformer.hpp"

namespace clift {

struct GenerationStats {
  std::size_t prompt_tokens = 0;
  double prefill_seconds = 0;  // forward passes over the prompt
  std::size_t decode_tokens = 0;
  double decode_seconds = 0;  // one-token forward passes after the prompt
};

// Logits kept for checking from outside (--logits-out): the last `keep_last` prompt positions.
struct LogitsCapture {
  std::size_t keep_last = 0;
  std::size_t first_position = 0;  // set by generate
  std::vector<float> rows;         // [kept][vocab_size]
};

// Feeds `prompt` at positions [pos, pos + prompt.size()), then generates up to `n_generate` tokens
// in all, the first from the prompt's last logits (as the original program counts). `on_token` sees
// each generated token and returns false to stop (end of text, end of turn). Sampling is outside
// the timings. The prompt must not be empty.
GenerationStats generate(Transformer& transformer, Sampler& sampler,
                         std::span<const std::int32_t> prompt, std::size_t pos,
                         std::size_t n_generate, const std::function<bool(std::int32_t)>& on_token,
                         LogitsCapture* capture = nullptr);

}  // namespace clift
