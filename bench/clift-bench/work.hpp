#pragma once

#include <cstddef>

#include "runtime/model_config.hpp"

namespace clift::bench {

// What a test must do at least, from the model's shape alone: the bytes it has to move between
// memory and the cores and the floating-point operations it has to perform. The roofline divides
// them by the measured bandwidth and peak to get the least time this machine could take.
struct Work {
  double bytes = 0;
  double flops = 0;

  Work& operator+=(const Work& other) {
    bytes += other.bytes;
    flops += other.flops;
    return *this;
  }
};

// One forward call over n_tokens at positions [pos, pos + n_tokens), producing n_logits rows of
// logits. Every weight is streamed once per call (a GEMM reuses it across the call's tokens), the
// KV cache is read once and the new positions are written; the flops are the matmuls (2 per
// weight and token) plus attention (4 per cached position, head element and token).
Work forward_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                  std::size_t pos, std::size_t n_logits);

// A prompt of n_tokens from pos, run in chunks of up to `batch`, logits for its last token only.
Work prefill_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                  std::size_t pos, std::size_t batch);

// n_tokens generated one forward call each, the first at pos.
Work decode_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                 std::size_t pos);

}  // namespace clift::bench
