#include "runtime/formats/hf_import.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>

#include "platform/error.hpp"
#include "runtime/formats/hf_config.hpp"
#include "runtime/formats/json_file.hpp"
#include "runtime/formats/v0_writer.hpp"
#include "runtime/model_v0.hpp"
#include "runtime/rope_table.hpp"

namespace clift {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kNoWeights =
    ": has neither model.safetensors nor model.safetensors.index.json (Meta's consolidated.*.pth "
    "checkpoints are not read: convert them with Hugging Face's convert_llama_weights_to_hf.py)";

// 4 MB of floats: large enough that fwrite is not the cost, small enough not to matter.
constexpr std::size_t kBlockFloats = 1 << 20;

// One Hugging Face tensor that goes into a v0 tensor.
struct Source {
  std::string name;
  std::vector<std::size_t> shape;  // what config.json implies
  std::size_t rope_head_dim;       // nonzero: rows permuted by HF for rotate-half RoPE
};

// The Hugging Face tensors of v0 tensor `v0_name`, in file order (layer by layer for per-layer
// ones); empty for the freq_cis tables, which are computed.
std::vector<Source> sources_of(const std::string& v0_name, const ModelConfig& c) {
  const std::size_t dim = c.dim, kv_dim = c.kv_dim(), hidden = c.hidden_dim;
  struct PerLayer {
    const char* v0_name;
    const char* hf_name;
    std::vector<std::size_t> shape;
    std::size_t rope_head_dim;
  };
  const PerLayer per_layer[] = {
      {"attention_norm", "input_layernorm", {dim}, 0},
      {"wq", "self_attn.q_proj", {dim, dim}, c.head_dim()},
      {"wk", "self_attn.k_proj", {kv_dim, dim}, c.head_dim()},
      {"wv", "self_attn.v_proj", {kv_dim, dim}, 0},
      {"wo", "self_attn.o_proj", {dim, dim}, 0},
      {"ffn_norm", "post_attention_layernorm", {dim}, 0},
      {"w1", "mlp.gate_proj", {hidden, dim}, 0},
      {"w2", "mlp.down_proj", {dim, hidden}, 0},
      {"w3", "mlp.up_proj", {hidden, dim}, 0},
  };
  for (const PerLayer& p : per_layer) {
    if (v0_name != p.v0_name) continue;
    std::vector<Source> sources;
    for (std::size_t l = 0; l < c.n_layers; l++) {
      sources.push_back({"model.layers." + std::to_string(l) + "." + p.hf_name + ".weight", p.shape,
                         p.rope_head_dim});
    }
    return sources;
  }
  if (v0_name == "tok_embeddings") return {{"model.embed_tokens.weight", {c.vocab_size, dim}, 0}};
  if (v0_name == "norm") return {{"model.norm.weight", {dim}, 0}};
  if (v0_name == "output") return {{"lm_head.weight", {c.vocab_size, dim}, 0}};
  return {};
}

void copy_tensor(const SafetensorsTensor& tensor, const Source& source, V0Writer& out) {
  if (source.rope_head_dim == 0) {
    std::vector<float> block(std::min(kBlockFloats, tensor.element_count()));
    for (std::size_t begin = 0; begin < tensor.element_count(); begin += block.size()) {
      const std::span<float> part(block.data(),
                                  std::min(block.size(), tensor.element_count() - begin));
      read_as_f32(tensor, begin, part);
      out.write(part);
    }
    return;
  }
  const std::size_t rows = source.shape[0], cols = source.shape[1];
  std::vector<float> row(cols);  // [dim]
  for (std::size_t r = 0; r < rows; r++) {
    read_as_f32(tensor, hf_rope_row(r, source.rope_head_dim) * cols, row);
    out.write(row);
  }
}

// cos (or sin) of pos * theta^(-2i / head_dim), without scaling: the runtime computes its own
// table from the options it is given, and other v0 readers expect the plain angles.
void write_freq_cis(const ModelConfig& c, bool imag, V0Writer& out) {
  const std::vector<double> freqs = rope_frequencies(c.head_dim(), c.rope_theta, RopeScaling{});
  std::vector<float> row(freqs.size());  // [head_dim / 2]
  for (std::size_t pos = 0; pos < c.seq_len; pos++) {
    for (std::size_t i = 0; i < freqs.size(); i++) {
      const double angle = static_cast<double>(pos) * freqs[i];
      row[i] = static_cast<float>(imag ? std::sin(angle) : std::cos(angle));
    }
    out.write(row);
  }
}

// A tied checkpoint may still carry lm_head.weight; v0 stores one table, so it must be the same.
void check_tied(const SafetensorsTensor& embed, const SafetensorsTensor& head,
                const fs::path& dir) {
  std::vector<float> a(std::min(kBlockFloats, embed.element_count())), b(a.size());
  for (std::size_t begin = 0; begin < embed.element_count(); begin += a.size()) {
    const std::size_t n = std::min(a.size(), embed.element_count() - begin);
    read_as_f32(embed, begin, {a.data(), n});
    read_as_f32(head, begin, {b.data(), n});
    if (std::memcmp(a.data(), b.data(), n * sizeof(float)) != 0) {
      throw Error(dir.string() + ": config.json sets tie_word_embeddings, but lm_head.weight " +
                  "differs from model.embed_tokens.weight (in elements from " +
                  std::to_string(begin) + ")");
    }
  }
}

}  // namespace

HfCheckpoint::HfCheckpoint(const fs::path& dir) : dir_(dir) {
  if (!fs::is_directory(dir)) throw Error(dir.string() + ": not a folder");
  config_ = read_hf_config((dir / "config.json").string());
  // transformers too prefers the single file when both are present.
  if (fs::exists(dir / "model.safetensors")) {
    const SafetensorsFile& shard = open_shard("model.safetensors");
    for (const auto& [name, tensor] : shard.tensors()) {
      tensors_.emplace(name, Entry{&shard, &tensor});
    }
    return;
  }
  const fs::path index_path = dir / "model.safetensors.index.json";
  if (!fs::exists(index_path)) throw Error(dir.string() + kNoWeights);
  const std::string index = index_path.string();
  const json j = read_json_file(index_path);
  const auto map = j.find("weight_map");
  if (!j.is_object() || map == j.end() || !map->is_object()) {
    throw Error(index + ": weight_map is missing or not an object");
  }
  std::map<std::string, std::vector<std::string>> names_by_shard;
  for (const auto& [name, file] : map->items()) {
    // A bare file name in the same folder, so the index cannot point elsewhere on the disk.
    if (!file.is_string() ||
        fs::path(file.get<std::string>()).filename() != file.get<std::string>() || file == "." ||
        file == "..") {
      throw Error(index + ": weight_map['" + name + "'] is " + file.dump() +
                  ", expected a file name in the same folder");
    }
    names_by_shard[file.get<std::string>()].push_back(name);
  }
  for (const auto& [file, names] : names_by_shard) {
    const SafetensorsFile& shard = open_shard(file);
    for (const std::string& name : names) {
      const SafetensorsTensor* tensor = shard.find(name);
      if (tensor == nullptr) {
        throw Error(shard.path() + ": tensor '" + name + "' is missing, though " + index +
                    " places it in this file");
      }
      tensors_.emplace(name, Entry{&shard, tensor});
    }
  }
}

const SafetensorsFile& HfCheckpoint::open_shard(const std::string& file_name) {
  shards_.push_back(std::make_unique<SafetensorsFile>((dir_ / file_name).string()));
  return *shards_.back();
}

const SafetensorsTensor& HfCheckpoint::tensor(const std::string& name,
                                              const std::vector<std::size_t>& shape) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) {
    throw Error(dir_.string() + ": tensor '" + name + "' is missing from the checkpoint");
  }
  if (it->second.tensor->shape != shape) {
    throw Error(it->second.file->path() + ": tensor '" + name + "' has shape " +
                shape_string(it->second.tensor->shape) + ", but config.json implies " +
                shape_string(shape));
  }
  return *it->second.tensor;
}

std::size_t hf_rope_row(std::size_t row, std::size_t head_dim) {
  const std::size_t head = row / head_dim, pair = row % head_dim / 2, half = row % 2;
  return head * head_dim + half * (head_dim / 2) + pair;
}

void export_v0(const HfCheckpoint& checkpoint, const std::string& out_path,
               const ExportProgress& progress) {
  const ModelConfig& c = checkpoint.config();
  const std::vector<V0Tensor> layout = v0_layout(c, out_path);

  // Every tensor is looked up before the first byte is written, so a missing or misshapen one
  // fails at once rather than after gigabytes.
  std::vector<std::vector<std::pair<Source, const SafetensorsTensor*>>> parts(layout.size());
  for (std::size_t i = 0; i < layout.size(); i++) {
    for (Source& s : sources_of(layout[i].name, c)) {
      const SafetensorsTensor& tensor = checkpoint.tensor(s.name, s.shape);
      parts[i].emplace_back(std::move(s), &tensor);
    }
  }
  if (c.shared_classifier && checkpoint.contains("lm_head.weight")) {
    check_tied(*parts[0][0].second, checkpoint.tensor("lm_head.weight", {c.vocab_size, c.dim}),
               checkpoint.dir());
  }

  V0Writer out(out_path, c);
  for (std::size_t i = 0; i < layout.size(); i++) {
    const std::string name = layout[i].name;
    if (parts[i].empty()) {
      write_freq_cis(c, name == "freq_cis_imag", out);
      progress(name, out.fraction_done());
    }
    for (const auto& [source, tensor] : parts[i]) {
      copy_tensor(*tensor, source, out);
      progress(source.name, out.fraction_done());
    }
  }
  out.finish();
}

}  // namespace clift
