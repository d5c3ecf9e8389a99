#pragma once

#include <cstddef>
#include <vector>

#include "runtime/model_config.hpp"

namespace clift {

// The rotation angles of RoPE, precomputed once per context: the kernels only multiply.
class RopeTable {
 public:
  RopeTable(const ModelConfig& config, std::size_t context_len);

  const float* cos_at(std::size_t pos) const { return cos_.data() + pos * half_; }  // [head_dim/2]
  const float* sin_at(std::size_t pos) const { return sin_.data() + pos * half_; }  // [head_dim/2]

 private:
  std::size_t half_;
  std::vector<float> cos_;  // [context_len][head_dim / 2]
  std::vector<float> sin_;  // [context_len][head_dim / 2]
};

// Frequency of pair i, theta^(-2i / head_dim), with Llama 3 scaling applied when enabled.
std::vector<double> rope_frequencies(std::size_t head_dim, float theta, const RopeScaling& scaling);

}  // namespace clift
