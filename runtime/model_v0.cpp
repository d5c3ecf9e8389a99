#include "runtime/model_v0.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>

#include "platform/error.hpp"
#include "platform/mapped_file.hpp"

namespace clift {
namespace {

// Multiplication and addition that refuse to wrap, so a lying header cannot produce a small
// expected size that happens to match the file.
std::size_t checked_mul(std::size_t a, std::size_t b, const std::string& where) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    throw Error(where + ": header sizes overflow when multiplied (" + std::to_string(a) + " x " +
                std::to_string(b) + ")");
  }
  return a * b;
}

std::size_t checked_add(std::size_t a, std::size_t b, const std::string& where) {
  if (b > std::numeric_limits<std::size_t>::max() - a) {
    throw Error(where + ": header sizes overflow when added");
  }
  return a + b;
}

}  // namespace

ModelConfig parse_v0_header(std::span<const std::byte> bytes, const std::string& where) {
  if (bytes.size() < kV0HeaderBytes) {
    throw Error(where + ": file is " + std::to_string(bytes.size()) +
                " bytes, shorter than the 28-byte Clift v0 header");
  }
  std::int32_t h[7];
  std::memcpy(h, bytes.data(), sizeof h);
  static constexpr const char* kFields[7] = {"dim",        "hidden_dim", "n_layers", "n_heads",
                                             "n_kv_heads", "vocab_size", "seq_len"};
  for (int i = 0; i < 7; i++) {
    const bool ok =
        i == 5 ? h[i] != 0 && h[i] != std::numeric_limits<std::int32_t>::min() : h[i] > 0;
    if (!ok) {
      throw Error(where + ": header field " + kFields[i] + " (offset " + std::to_string(4 * i) +
                  ") is " + std::to_string(h[i]) + ", expected a positive count");
    }
  }
  ModelConfig c;
  c.dim = static_cast<std::size_t>(h[0]);
  c.hidden_dim = static_cast<std::size_t>(h[1]);
  c.n_layers = static_cast<std::size_t>(h[2]);
  c.n_heads = static_cast<std::size_t>(h[3]);
  c.n_kv_heads = static_cast<std::size_t>(h[4]);
  c.shared_classifier = h[5] > 0;
  c.vocab_size = static_cast<std::size_t>(h[5] > 0 ? h[5] : -h[5]);
  c.seq_len = static_cast<std::size_t>(h[6]);
  if (c.dim % c.n_heads != 0) {
    throw Error(where + ": dim " + std::to_string(c.dim) + " is not divisible by n_heads " +
                std::to_string(c.n_heads));
  }
  if (c.n_heads % c.n_kv_heads != 0) {
    throw Error(where + ": n_heads " + std::to_string(c.n_heads) +
                " is not divisible by n_kv_heads " + std::to_string(c.n_kv_heads));
  }
  if (c.head_dim() % 2 != 0) {
    throw Error(where + ": head_dim " + std::to_string(c.head_dim()) +
                " is odd; rotary embedding needs pairs");
  }
  return c;
}

std::vector<V0Tensor> v0_layout(const ModelConfig& c, const std::string& where) {
  const std::size_t layer_norm = checked_mul(c.n_layers, c.dim, where);
  const std::size_t wq = checked_mul(layer_norm, c.dim, where);
  const std::size_t wkv = checked_mul(checked_mul(c.n_layers, c.kv_dim(), where), c.dim, where);
  const std::size_t ffn = checked_mul(checked_mul(c.n_layers, c.hidden_dim, where), c.dim, where);
  const std::size_t freq_cis = checked_mul(c.seq_len, c.head_dim() / 2, where);
  std::vector<V0Tensor> layout{
      {"tok_embeddings", checked_mul(c.vocab_size, c.dim, where), c.dim},
      {"attention_norm", layer_norm, 0},
      {"wq", wq, c.dim},
      {"wk", wkv, c.dim},
      {"wv", wkv, c.dim},
      {"wo", wq, c.dim},
      {"ffn_norm", layer_norm, 0},
      {"w1", ffn, c.dim},
      {"w2", ffn, c.hidden_dim},
      {"w3", ffn, c.dim},
      {"norm", c.dim, 0},
      {"freq_cis_real", freq_cis, 0},
      {"freq_cis_imag", freq_cis, 0},
  };
  if (!c.shared_classifier) layout.push_back({"output", layout[0].count, c.dim});
  std::size_t total = 0;
  for (const V0Tensor& t : layout)
    total = checked_add(total, t.count, where);
  checked_add(kV0HeaderBytes, checked_mul(total, sizeof(float), where), where);
  return layout;
}

std::size_t v0_float_count(const ModelConfig& config) {
  std::size_t total = 0;
  for (const V0Tensor& t : v0_layout(config, "v0 config"))
    total += t.count;
  return total;
}

ModelWeights bind_v0_weights(const float* body, const ModelConfig& c) {
  const std::vector<V0Tensor> layout = v0_layout(c, "v0 config");
  std::array<const float*, 14> tensor{};  // the untied classifier is the 14th
  for (std::size_t i = 0; i < layout.size(); i++) {
    tensor[i] = body;
    body += layout[i].count;
  }
  // Indices follow v0_layout; the freq_cis tables (11, 12) are not used: the rope table is
  // computed from theta and the scaling, which those tables cannot express.
  ModelWeights w;
  w.token_embedding = tensor[0];
  w.final_norm = tensor[10];
  w.classifier = c.shared_classifier ? tensor[0] : tensor[13];
  const std::size_t dim = c.dim, kv_dim = c.kv_dim(), hidden = c.hidden_dim;
  for (std::size_t l = 0; l < c.n_layers; l++) {
    w.layers.push_back(LayerWeights{
        .attention_norm = tensor[1] + l * dim,
        .wq = tensor[2] + l * dim * dim,
        .wk = tensor[3] + l * kv_dim * dim,
        .wv = tensor[4] + l * kv_dim * dim,
        .wo = tensor[5] + l * dim * dim,
        .ffn_norm = tensor[6] + l * dim,
        .w1 = tensor[7] + l * hidden * dim,
        .w2 = tensor[8] + l * dim * hidden,
        .w3 = tensor[9] + l * hidden * dim,
    });
  }
  return w;
}

Model load_v0_model(const std::string& path, float rope_theta, const RopeScaling& rope_scaling) {
  return load_v0_model(std::make_shared<const MappedFile>(path), rope_theta, rope_scaling);
}

Model load_v0_model(std::shared_ptr<const MappedFile> file, float rope_theta,
                    const RopeScaling& rope_scaling) {
  const std::string& path = file->path();
  ModelConfig c = parse_v0_header(file->bytes(), path);
  c.rope_theta = rope_theta;
  c.rope_scaling = rope_scaling;

  std::size_t floats = 0;
  for (const V0Tensor& t : v0_layout(c, path))
    floats += t.count;
  const std::size_t expected = kV0HeaderBytes + floats * sizeof(float);
  if (file->size() != expected) {
    throw Error(path + ": file is " + std::to_string(file->size()) + " bytes but its header (" +
                c.shape_string() + (c.shared_classifier ? ", tied" : ", untied") +
                " classifier) needs exactly " + std::to_string(expected));
  }

  Model m;
  m.config = c;
  m.source = path;
  // The header is 28 bytes, so every tensor is 4-byte aligned within the page-aligned mapping.
  m.weights =
      bind_v0_weights(reinterpret_cast<const float*>(file->bytes().data() + kV0HeaderBytes), c);
  m.storage = std::move(file);
  return m;
}

}  // namespace clift
