#include "runtime/sampler.hpp"

#include <algorithm>

#include "platform/error.hpp"

namespace clift {

Sampler::Sampler(const kernels::KernelSet& kernels, std::size_t vocab_size,
                 const SamplerOptions& options)
    : kernels_(kernels),
      options_(options),
      rng_state_(options.seed ^ 0x9e3779b97f4a7c15ULL),
      candidates_(vocab_size) {
  if (!(options.temperature >= 0.0f)) throw Error("--temp must be 0 or positive");
  if (!(options.top_p > 0.0f && options.top_p <= 1.0f)) throw Error("--top-p must be in (0, 1]");
  if (rng_state_ == 0) rng_state_ = 1;  // xorshift has no way out of zero
}

// xorshift64*: tiny, fast and the same on every platform, so a seed replays a run anywhere.
float Sampler::next_uniform() {
  rng_state_ ^= rng_state_ >> 12;
  rng_state_ ^= rng_state_ << 25;
  rng_state_ ^= rng_state_ >> 27;
  const std::uint64_t bits = rng_state_ * 0x2545f4914f6cdd1dULL;
  return static_cast<float>(bits >> 40) * 0x1p-24f;
}

std::int32_t Sampler::sample(std::span<float> logits) {
  const std::size_t n = logits.size();
  if (options_.temperature == 0.0f) {
    return static_cast<std::int32_t>(kernels_.argmax(logits.data(), n));
  }
  kernels_.scale(logits.data(), n, 1.0f / options_.temperature);
  kernels_.softmax(logits.data(), n);

  // Tokens below this probability cannot be in any nucleus the walk below stops at, so they are
  // dropped before sorting; with top-p off every token stays.
  const bool nucleus = options_.top_p < 1.0f;
  const float floor = nucleus && n > 1 ? (1.0f - options_.top_p) / static_cast<float>(n - 1) : 0.0f;
  std::size_t count = kernels_.select_at_least(candidates_.data(), logits.data(), n, floor);
  if (count == 0) return static_cast<std::int32_t>(kernels_.argmax(logits.data(), n));

  const auto by_probability = [&](std::uint32_t a, std::uint32_t b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  };
  const auto first = candidates_.begin();
  if (options_.top_k > 0 && options_.top_k < count) {
    std::partial_sort(first, first + static_cast<std::ptrdiff_t>(options_.top_k),
                      first + static_cast<std::ptrdiff_t>(count), by_probability);
    count = options_.top_k;
  } else {
    std::sort(first, first + static_cast<std::ptrdiff_t>(count), by_probability);
  }

  // Keep the smallest prefix whose mass exceeds top_p, then draw within it.
  float mass = 0.0f;
  std::size_t kept = count;
  for (std::size_t i = 0; i < count; i++) {
    mass += logits[candidates_[i]];
    if (nucleus && mass > options_.top_p) {
      kept = i + 1;
      break;
    }
  }
  if (kept < count) {
    mass = 0.0f;
    for (std::size_t i = 0; i < kept; i++)
      mass += logits[candidates_[i]];
  }

  const float target = next_uniform() * mass;
  float cumulative = 0.0f;
  for (std::size_t i = 0; i < kept; i++) {
    cumulative += logits[candidates_[i]];
    if (target < cumulative) return static_cast<std::int32_t>(candidates_[i]);
  }
  return static_cast<std::int32_t>(candidates_[kept - 1]);
}

}  // namespace clift
