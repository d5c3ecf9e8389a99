#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/model_config.hpp"

namespace clift {

// Pointers into one layer's weights, each row-major with its shape beside it.
struct LayerWeights {
  const float* attention_norm;  // [dim]
  const float* wq;              // [n_heads * head_dim][dim]
  const float* wk;              // [kv_dim][dim]
  const float* wv;              // [kv_dim][dim]
  const float* wo;              // [dim][n_heads * head_dim]
  const float* ffn_norm;        // [dim]
  const float* w1;              // [hidden_dim][dim]  gate
  const float* w2;              // [dim][hidden_dim]  down
  const float* w3;              // [hidden_dim][dim]  up
};

struct ModelWeights {
  const float* token_embedding;  // [vocab_size][dim]
  std::vector<LayerWeights> layers;
  const float* final_norm;  // [dim]
  const float* classifier;  // [vocab_size][dim], the embedding table when shared
};

// A model ready to run: its configuration, pointers to its weights, and whatever owns the memory
// behind them (a file mapping or a buffer of synthetic weights).
struct Model {
  ModelConfig config;
  ModelWeights weights;
  std::string source;  // the file path, or "synthetic:PRESET"
  std::shared_ptr<const void> storage;

  std::size_t weight_bytes() const { return config.parameter_count() * sizeof(float); }
};

}  // namespace clift
