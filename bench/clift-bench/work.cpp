#include "bench/clift-bench/work.hpp"

#include <algorithm>

namespace clift::bench {
namespace {

// TODO(kv-cache-dtype): the KV cache is float32 today; take its element size from the runtime
// once it can hold others.
constexpr double kKvElementBytes = 4;

double d(std::size_t n) {
  return static_cast<double>(n);
}

}  // namespace

Work forward_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                  std::size_t pos, std::size_t n_logits) {
  const double dim = d(config.dim);
  const double kv_dim = d(config.kv_dim());
  const double layers = d(config.n_layers);
  const double n = d(n_tokens);

  // wq and wo are [dim][dim], wk and wv [kv_dim][dim], gate, up and down [hidden_dim][dim].
  const double layer_matmul_params =
      2 * dim * dim + 2 * kv_dim * dim + 3 * dim * d(config.hidden_dim);
  const double classifier_params = d(config.vocab_size) * dim;

  // An untied embedding table is only gathered from, one row per token; everything else the
  // parameter count holds (the classifier, or the shared table serving as one) is streamed whole.
  const double untied_embedding = config.shared_classifier ? 0 : classifier_params;
  const double streamed_params = d(config.parameter_count()) - untied_embedding;
  const double gathered_params = config.shared_classifier ? 0 : n * dim;

  const double cached_positions = d(pos + n_tokens);
  const double kv_bytes_per_position = 2 * kv_dim * layers * kKvElementBytes;

  // Each token at position p attends to p + 1 positions: sum over the call's tokens.
  const double attended = n * d(pos) + n * (n + 1) / 2;

  Work w;
  w.bytes = (streamed_params + gathered_params) * d(weight_element_bytes) +
            (cached_positions + n) * kv_bytes_per_position;
  w.flops = 2 * n * layers * layer_matmul_params + 2 * d(n_logits) * classifier_params +
            4 * dim * layers * attended;
  return w;
}

Work prefill_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                  std::size_t pos, std::size_t batch) {
  Work total;
  for (std::size_t done = 0; done < n_tokens; done += batch) {
    const std::size_t chunk = std::min(batch, n_tokens - done);
    const std::size_t n_logits = done + chunk == n_tokens ? 1 : 0;
    total += forward_work(config, weight_element_bytes, chunk, pos + done, n_logits);
  }
  return total;
}

Work decode_work(const ModelConfig& config, std::size_t weight_element_bytes, std::size_t n_tokens,
                 std::size_t pos) {
  Work total;
  for (std::size_t i = 0; i < n_tokens; i++) {
    total += forward_work(config, weight_element_bytes, 1, pos + i, 1);
  }
  return total;
}

}  // namespace clift::bench
