#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "platform/mapped_file.hpp"
#include "runtime/model.hpp"

namespace clift {

// Clift v0, the original export format: seven int32 (dim, hidden_dim, n_layers, n_heads,
// n_kv_heads, vocab_size, seq_len; a negative vocab_size means an untied classifier stored after
// the two freq_cis tables), then float32 tensors in the order tok_embeddings, attention_norm, wq,
// wk, wv, wo, ffn_norm, w1, w2, w3, norm, freq_cis_real, freq_cis_imag, [output]. The format cannot
// say rope theta or scaling; the caller's config supplies them.
inline constexpr std::size_t kV0HeaderBytes = 7 * sizeof(std::int32_t);

// One tensor of a v0 file, in file order. fan_in is the length each of its rows is dotted with
// (0 for vectors and tables), which sets the scale of synthetic weights.
struct V0Tensor {
  const char* name;
  std::size_t count;  // floats, all layers together
  std::size_t fan_in;
};

// The tensors of a v0 file for a config; throws clift::Error naming `where` if sizes overflow.
std::vector<V0Tensor> v0_layout(const ModelConfig& config, const std::string& where);

// Weight pointers into a v0 body (the floats after the header), laid out as v0_layout says.
ModelWeights bind_v0_weights(const float* body, const ModelConfig& config);

// Maps and validates a v0 file: every count is checked against the others and against the file's
// length before any weight is touched. `rope` supplies what the file cannot say.
Model load_v0_model(const std::string& path, float rope_theta, const RopeScaling& rope_scaling);
// The same for a file already mapped (by a caller that looked at its first bytes).
Model load_v0_model(std::shared_ptr<const MappedFile> file, float rope_theta,
                    const RopeScaling& rope_scaling);

// Parses and validates a v0 header from the file's bytes; `where` names the file in errors.
ModelConfig parse_v0_header(std::span<const std::byte> bytes, const std::string& where);

// Float count of a v0 body for a config, freq_cis tables included.
std::size_t v0_float_count(const ModelConfig& config);

// Bytes of a whole v0 file for a config: the header and the float32 body.
inline std::size_t v0_file_bytes(const ModelConfig& config) {
  return kV0HeaderBytes + v0_float_count(config) * sizeof(float);
}

}  // namespace clift
