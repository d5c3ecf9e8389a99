#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/kernel_set.hpp"

namespace clift {

struct SamplerOptions {
  float temperature = 0.8f;  // 0 is greedy
  std::size_t top_k = 40;    // 0 keeps every token
  float top_p = 0.95f;       // 1 keeps every token
  std::uint64_t seed = 0;
};

// Picks the next token from logits: greedy at temperature 0, otherwise temperature, softmax,
// top-k, then top-p (nucleus), then a draw from the seeded generator, so a seed replays a run.
class Sampler {
 public:
  Sampler(const kernels::KernelSet& kernels, std::size_t vocab_size, const SamplerOptions& options);

  // Overwrites logits (scaled and normalized in place).
  std::int32_t sample(std::span<float> logits);

 private:
  float next_uniform();  // [0, 1)

  const kernels::KernelSet& kernels_;
  SamplerOptions options_;
  std::uint64_t rng_state_;
  std::vector<std::uint32_t> candidates_;  // [vocab_size]
};

}  // namespace clift
