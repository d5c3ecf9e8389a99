#pragma once

#include <cstddef>
#include <string>

namespace clift {

// Llama 3 frequency scaling of RoPE: wavelengths beyond the original context are stretched by
// `factor`, short ones are kept, and the band between is interpolated. factor == 1 turns it off.
struct RopeScaling {
  float factor = 1.0f;
  float low_freq_factor = 1.0f;
  float high_freq_factor = 4.0f;
  float original_context = 8192.0f;

  bool enabled() const { return factor != 1.0f; }
};

struct ModelConfig {
  std::size_t dim = 0;         // residual stream width
  std::size_t hidden_dim = 0;  // feed-forward width
  std::size_t n_layers = 0;
  std::size_t n_heads = 0;     // query heads
  std::size_t n_kv_heads = 0;  // key/value heads (grouped-query attention)
  std::size_t vocab_size = 0;
  std::size_t seq_len = 0;        // longest context the model was built for
  bool shared_classifier = true;  // the classifier is the token embedding table
  float norm_eps = 1e-5f;
  float rope_theta = 500000.0f;
  RopeScaling rope_scaling;

  std::size_t head_dim() const { return dim / n_heads; }
  std::size_t kv_dim() const { return n_kv_heads * head_dim(); }
  std::size_t parameter_count() const;  // weights used by the forward pass, classifier included
  std::string shape_string() const;     // "dim=2048 hidden=8192 ..." for logs and reports
};

}  // namespace clift
