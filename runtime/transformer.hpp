#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "kernels/kernel_set.hpp"
#include "runtime/model.hpp"
#include "runtime/profile.hpp"

namespace clift {

struct TransformerOptions {
  std::size_t context_len = 0;  // KV cache positions; 0 takes the model's seq_len
  std::size_t batch = 512;      // prompt tokens per prefill chunk
  std::size_t threads = 0;      // workers; 0 takes the physical cores
};

// Throws clift::Error naming the first id outside [0, vocab_size) and its index.
void check_token_ids(std::span<const std::int32_t> tokens, std::size_t vocab_size);

// The forward pass over a KV cache. Prefill runs chunks of up to `batch` tokens, so each matmul is
// a GEMM; decode runs one token, a GEMV. Work runs on a oneTBB arena of `threads` workers.
class Transformer {
 public:
  Transformer(const Model& model, const kernels::KernelSet& kernels,
              const TransformerOptions& options);
  ~Transformer();
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;

  // Runs `tokens` at positions [pos, pos + tokens.size()) and returns the logits of the last
  // `n_logits` of them, [n_logits][vocab_size]; valid until the next call. Throws clift::Error when
  // the positions would pass the context or a token id is outside the vocabulary.
  std::span<const float> forward(std::span<const std::int32_t> tokens, std::size_t pos,
                                 std::size_t n_logits);

  const ModelConfig& config() const;
  const kernels::KernelSet& kernels() const;
  std::size_t context_len() const;
  std::size_t batch() const;
  std::size_t threads() const;

  // Attach (or detach with nullptr) a per-operator profile that each forward adds to.
  void set_profile(Profile* profile);

  // Runs f on this transformer's worker arena, for code that wants the same threads (sampling).
  void run_on_workers(const std::function<void()>& f);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clift
