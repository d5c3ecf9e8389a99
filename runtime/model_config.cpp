#include "runtime/model_config.hpp"

#include <sstream>

namespace clift {

std::size_t ModelConfig::parameter_count() const {
  const std::size_t per_layer = 2 * dim + dim * dim * 2 + 2 * kv_dim() * dim + 3 * dim * hidden_dim;
  const std::size_t classifier = shared_classifier ? 0 : vocab_size * dim;
  return vocab_size * dim + n_layers * per_layer + dim + classifier;
}

std::string ModelConfig::shape_string() const {
  std::ostringstream s;
  s << "dim=" << dim << " hidden_dim=" << hidden_dim << " n_layers=" << n_layers
    << " n_heads=" << n_heads << " n_kv_heads=" << n_kv_heads << " vocab_size=" << vocab_size
    << " seq_len=" << seq_len;
  return s.str();
}

}  // namespace clift
