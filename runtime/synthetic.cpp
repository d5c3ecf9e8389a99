#include "runtime/synthetic.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>

#include "platform/error.hpp"
#include "platform/large_buffer.hpp"
#include "runtime/formats/v0_writer.hpp"
#include "runtime/model_v0.hpp"
#include "runtime/rope_table.hpp"

namespace clift {
namespace {

ModelConfig shape(std::size_t dim, std::size_t hidden_dim, std::size_t n_layers,
                  std::size_t n_heads, std::size_t n_kv_heads, std::size_t vocab_size,
                  std::size_t seq_len, bool shared_classifier, float rope_factor) {
  ModelConfig c;
  c.dim = dim;
  c.hidden_dim = hidden_dim;
  c.n_layers = n_layers;
  c.n_heads = n_heads;
  c.n_kv_heads = n_kv_heads;
  c.vocab_size = vocab_size;
  c.seq_len = seq_len;
  c.shared_classifier = shared_classifier;
  c.rope_scaling.factor = rope_factor;
  return c;
}

constexpr std::size_t kLlama3Vocab = 128256;

// The shapes of Meta's configs; tiny and small keep the Llama 3 vocabulary so the default
// tokenizer fits them.
const std::map<std::string, ModelConfig, std::less<>>& presets() {
  static const std::map<std::string, ModelConfig, std::less<>> table{
      {"llama3.2-1b", shape(2048, 8192, 16, 32, 8, kLlama3Vocab, 131072, true, 32.0f)},
      {"llama3.2-3b", shape(3072, 8192, 28, 24, 8, kLlama3Vocab, 131072, true, 32.0f)},
      {"llama3.1-8b", shape(4096, 14336, 32, 32, 8, kLlama3Vocab, 131072, false, 8.0f)},
      {"small", shape(256, 768, 4, 8, 4, kLlama3Vocab, 1024, true, 1.0f)},
      {"tiny", shape(64, 192, 2, 4, 2, kLlama3Vocab, 512, true, 1.0f)},
  };
  return table;
}

// splitmix64's finalizer: a counter-based generator, so any element can be computed on any core
// in any order and the weights still depend only on the seed.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Fills floats [begin, begin + count) of v0 tensor `index`. Matrices get uniform values scaled by
// their fan-in so activations keep unit variance; norms scatter around 1; the freq_cis tables hold
// the plain (unscaled) rotation a v0 export writes.
void fill_v0_range(float* out, std::size_t begin, std::size_t count, std::size_t index,
                   const V0Tensor& tensor, const ModelConfig& config, std::uint64_t seed) {
  const bool is_freq_cis = std::strncmp(tensor.name, "freq_cis", 8) == 0;
  if (is_freq_cis) {
    const std::size_t half = config.head_dim() / 2;
    const auto freqs = rope_frequencies(config.head_dim(), config.rope_theta, RopeScaling{});
    const bool real = std::strcmp(tensor.name, "freq_cis_real") == 0;
    for (std::size_t i = 0; i < count; i++) {
      const std::size_t e = begin + i;
      const double angle = static_cast<double>(e / half) * freqs[e % half];
      out[i] = static_cast<float>(real ? std::cos(angle) : std::sin(angle));
    }
    return;
  }
  const float amplitude =
      tensor.fan_in > 0 ? std::sqrt(3.0f / static_cast<float>(tensor.fan_in)) : 0.1f;
  const float center = tensor.fan_in > 0 ? 0.0f : 1.0f;
  const std::uint64_t stream = mix(seed ^ mix(index + 1));
  for (std::size_t i = 0; i < count; i++) {
    const std::uint64_t bits = mix(stream + begin + i);
    const float unit = static_cast<float>(bits >> 40) * 0x1p-23f - 1.0f;  // [-1, 1)
    out[i] = center + amplitude * unit;
  }
}

void check_shape(const ModelConfig& c) {
  if (c.dim == 0 || c.hidden_dim == 0 || c.n_layers == 0 || c.n_heads == 0 || c.n_kv_heads == 0 ||
      c.vocab_size == 0 || c.seq_len == 0) {
    throw Error("synthetic model: every size must be positive (" + c.shape_string() + ")");
  }
  if (c.dim % c.n_heads != 0 || c.n_heads % c.n_kv_heads != 0 || c.head_dim() % 2 != 0) {
    throw Error(
        "synthetic model: dim must split into n_heads even-sized heads and n_heads into "
        "n_kv_heads groups (" +
        c.shape_string() + ")");
  }
}

}  // namespace

std::optional<ModelConfig> synthetic_preset(std::string_view name) {
  const auto it = presets().find(name);
  if (it == presets().end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> synthetic_preset_names() {
  std::vector<std::string> names;
  for (const auto& [name, config] : presets())
    names.push_back(name);
  return names;
}

Model make_synthetic_model(const ModelConfig& config, std::uint64_t seed, std::string_view label) {
  check_shape(config);
  const std::vector<V0Tensor> layout = v0_layout(config, "synthetic model");
  std::size_t floats = 0;
  for (const V0Tensor& t : layout)
    floats += t.count;
  auto body = std::make_shared<LargeBuffer>(floats * sizeof(float), "synthetic weights");

  // Filled in blocks on all cores: the 1B shape is five gigabytes.
  constexpr std::size_t kBlock = 1 << 20;
  std::size_t offset = 0;
  for (std::size_t index = 0; index < layout.size(); index++) {
    const V0Tensor& t = layout[index];
    float* base = body->floats() + offset;
    tbb::parallel_for(std::size_t{0}, (t.count + kBlock - 1) / kBlock, [&](std::size_t b) {
      const std::size_t begin = b * kBlock;
      fill_v0_range(base + begin, begin, std::min(kBlock, t.count - begin), index, t, config, seed);
    });
    offset += t.count;
  }

  Model m;
  m.config = config;
  m.source = "synthetic:" + std::string(label);
  m.weights = bind_v0_weights(body->floats(), config);
  m.storage = std::move(body);
  return m;
}

void write_synthetic_v0(const std::string& path, const ModelConfig& config, std::uint64_t seed) {
  check_shape(config);
  const std::vector<V0Tensor> layout = v0_layout(config, path);
  V0Writer writer(path, config);
  constexpr std::size_t kBlock = 1 << 20;
  std::vector<float> block(kBlock);
  for (std::size_t index = 0; index < layout.size(); index++) {
    const V0Tensor& t = layout[index];
    for (std::size_t begin = 0; begin < t.count; begin += kBlock) {
      const std::size_t n = std::min(kBlock, t.count - begin);
      fill_v0_range(block.data(), begin, n, index, t, config, seed);
      writer.write(std::span(block.data(), n));
    }
  }
  writer.finish();
}

}  // namespace clift
