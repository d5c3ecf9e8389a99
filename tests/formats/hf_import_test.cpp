// Hugging Face folder -> v0: tensor order, the q/k permutation, dtypes, shards, lying folders, and
// the conformance models, whose v0 files were written by an independent exporter.
#include "runtime/formats/hf_import.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "runtime/model_v0.hpp"
#include "tests/formats/checkpoint_files.hpp"
#include "tests/support/conformance.hpp"
#include "tests/support/run_command.hpp"

namespace clift {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::bytes_of;
using testing_support::error_of;
using testing_support::expect_mentions;
using testing_support::slurp;
using testing_support::TempDir;
using testing_support::TensorBytes;
using testing_support::write_bytes;
using testing_support::write_safetensors;

const auto ignore_progress = [](const std::string&, double) {};

// A v0 file split into its tensors, named as v0_layout names them.
std::map<std::string, std::vector<float>> read_v0(const fs::path& path) {
  const std::string bytes = slurp(path);
  const ModelConfig c = parse_v0_header(std::as_bytes(std::span(bytes)), path.string());
  std::map<std::string, std::vector<float>> tensors;
  std::size_t offset = kV0HeaderBytes;
  for (const V0Tensor& t : v0_layout(c, path.string())) {
    std::vector<float>& floats = tensors[t.name];
    floats.resize(t.count);
    EXPECT_LE(offset + t.count * sizeof(float), bytes.size()) << t.name;
    if (offset + t.count * sizeof(float) > bytes.size()) return tensors;
    std::memcpy(floats.data(), bytes.data() + offset, t.count * sizeof(float));
    offset += t.count * sizeof(float);
  }
  EXPECT_EQ(offset, bytes.size()) << path;
  return tensors;
}

// cos / sin of pos * theta^(-2i / head_dim), in double, as llama2.c's export defines the tables.
void expect_freq_cis(const std::map<std::string, std::vector<float>>& v0, std::size_t head_dim,
                     double theta) {
  const std::size_t half = head_dim / 2;
  const std::vector<float>& re = v0.at("freq_cis_real");
  const std::vector<float>& im = v0.at("freq_cis_imag");
  double worst = 0;
  for (std::size_t k = 0; k < re.size(); k++) {
    const double angle =
        static_cast<double>(k / half) *
        std::pow(theta, -2.0 * static_cast<double>(k % half) / static_cast<double>(head_dim));
    worst = std::max({worst, std::abs(static_cast<double>(re[k]) - std::cos(angle)),
                      std::abs(static_cast<double>(im[k]) - std::sin(angle))});
  }
  EXPECT_LE(worst, 1e-6);
}

TEST(HfRopeRow, UndoesTheRotateHalfPermutation) {
  // HF's rows of each head are the even members of the pairs, then the odd ones.
  const std::vector<std::size_t> head_dim_4 = {0, 2, 1, 3, 4, 6, 5, 7};
  const std::vector<std::size_t> head_dim_6 = {0, 3, 1, 4, 2, 5};
  for (std::size_t r = 0; r < head_dim_4.size(); r++) {
    EXPECT_EQ(hf_rope_row(r, 4), head_dim_4[r]);
  }
  for (std::size_t r = 0; r < head_dim_6.size(); r++) {
    EXPECT_EQ(hf_rope_row(r, 6), head_dim_6[r]);
  }
}

// A tiny Llama written the way transformers writes one, with its weights kept in Meta's order
// (which v0 uses) to compare against.
struct TinyCheckpoint {
  json config = {{"model_type", "llama"},
                 {"hidden_size", 8},
                 {"intermediate_size", 12},
                 {"num_hidden_layers", 2},
                 {"num_attention_heads", 2},
                 {"num_key_value_heads", 1},
                 {"vocab_size", 16},
                 {"max_position_embeddings", 6},
                 {"rms_norm_eps", 1e-5},
                 {"rope_theta", 10000.0},
                 {"tie_word_embeddings", false}};
  // [name] -> (shape, floats in Meta's row order); all on a grid bfloat16 holds exactly.
  std::map<std::string, std::pair<std::vector<std::size_t>, std::vector<float>>> meta;

  TinyCheckpoint() {
    add("model.embed_tokens.weight", {16, 8});
    add("model.norm.weight", {8});
    add("lm_head.weight", {16, 8});
    for (const std::string l : {"0", "1"}) {
      const std::string p = "model.layers." + l + ".";
      add(p + "input_layernorm.weight", {8});
      add(p + "self_attn.q_proj.weight", {8, 8});
      add(p + "self_attn.k_proj.weight", {4, 8});
      add(p + "self_attn.v_proj.weight", {4, 8});
      add(p + "self_attn.o_proj.weight", {8, 8});
      add(p + "post_attention_layernorm.weight", {8});
      add(p + "mlp.gate_proj.weight", {12, 8});
      add(p + "mlp.down_proj.weight", {8, 12});
      add(p + "mlp.up_proj.weight", {12, 8});
    }
  }

  void add(const std::string& name, std::vector<std::size_t> shape) {
    const std::size_t n = shape.size() == 1 ? shape[0] : shape[0] * shape[1];
    std::vector<float> v(n);
    // k / 64 with |k| <= 125: 8 significant bits, so bfloat16 is exact; rows differ.
    for (std::size_t e = 0; e < n; e++) {
      v[e] = static_cast<float>(static_cast<int>((meta.size() * 31 + e * 7) % 251) - 125) / 64;
    }
    meta[name] = {std::move(shape), std::move(v)};
  }

  // The tensor as the HF file holds it: q_proj and k_proj through transformers' permute(),
  // w.view(n_heads, head_dim / 2, 2, dim).transpose(1, 2).reshape(rows, dim), written out.
  std::vector<float> hf_floats(const std::string& name) const {
    const auto& [shape, v] = meta.at(name);
    const bool q = name.find("q_proj") != std::string::npos;
    if (!q && name.find("k_proj") == std::string::npos) return v;
    const std::size_t head_dim = 4, heads = q ? 2 : 1, dim = shape[1];
    std::vector<float> out(v.size());
    for (std::size_t h = 0; h < heads; h++) {
      for (std::size_t i = 0; i < head_dim / 2; i++) {
        for (std::size_t j = 0; j < 2; j++) {
          const std::size_t from = h * head_dim + i * 2 + j;             // index (h, i, j) before
          const std::size_t to = h * head_dim + j * (head_dim / 2) + i;  // (h, j, i) after
          std::memcpy(&out[to * dim], &v[from * dim], dim * sizeof(float));
        }
      }
    }
    return out;
  }

  TensorBytes tensor(const std::string& name, const std::string& dtype) const {
    const std::vector<float> f = hf_floats(name);
    if (dtype == "F32") return {name, dtype, meta.at(name).first, bytes_of(f)};
    std::vector<std::uint16_t> bf16(f.size());
    for (std::size_t i = 0; i < f.size(); i++) {
      bf16[i] = static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(f[i]) >> 16);
    }
    return {name, dtype, meta.at(name).first, bytes_of(bf16)};
  }

  // config.json and the weights in `shards` files (with an index when more than one).
  void write(const fs::path& dir, const std::string& dtype = "F32", std::size_t shards = 1) const {
    write_bytes(dir / "config.json", config.dump(2));
    if (shards == 1) {
      std::vector<TensorBytes> all;
      for (const auto& entry : meta) {
        all.push_back(tensor(entry.first, dtype));
      }
      write_safetensors(dir / "model.safetensors", all);
      return;
    }
    std::vector<std::vector<TensorBytes>> parts(shards);
    json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", json::object()}};
    std::size_t k = 0;
    for (const auto& entry : meta) {
      const std::string file = "model-0000" + std::to_string(k % shards + 1) + "-of-0000" +
                               std::to_string(shards) + ".safetensors";
      parts[k++ % shards].push_back(tensor(entry.first, dtype));
      index["weight_map"][entry.first] = file;
    }
    for (std::size_t s = 0; s < shards; s++) {
      write_safetensors(dir / ("model-0000" + std::to_string(s + 1) + "-of-0000" +
                               std::to_string(shards) + ".safetensors"),
                        parts[s]);
    }
    write_bytes(dir / "model.safetensors.index.json", index.dump(2));
  }

  // What each v0 tensor must hold, freq_cis apart.
  std::map<std::string, std::vector<float>> expected_v0() const {
    std::map<std::string, std::vector<float>> v0;
    const auto append = [&](const char* v0_name, const std::string& hf_name) {
      const std::vector<float>& v = meta.at(hf_name).second;
      v0[v0_name].insert(v0[v0_name].end(), v.begin(), v.end());
    };
    append("tok_embeddings", "model.embed_tokens.weight");
    const std::pair<const char*, const char*> per_layer[] = {
        {"attention_norm", "input_layernorm"},
        {"wq", "self_attn.q_proj"},
        {"wk", "self_attn.k_proj"},
        {"wv", "self_attn.v_proj"},
        {"wo", "self_attn.o_proj"},
        {"ffn_norm", "post_attention_layernorm"},
        {"w1", "mlp.gate_proj"},
        {"w2", "mlp.down_proj"},
        {"w3", "mlp.up_proj"}};
    for (const auto& [v0_name, hf_name] : per_layer) {
      for (const std::string l : {"0", "1"}) {
        append(v0_name, "model.layers." + l + "." + hf_name + ".weight");
      }
    }
    append("norm", "model.norm.weight");
    if (!config["tie_word_embeddings"].get<bool>()) append("output", "lm_head.weight");
    return v0;
  }
};

void expect_export_matches(const TinyCheckpoint& tiny, const fs::path& out) {
  std::map<std::string, std::vector<float>> got = read_v0(out);
  expect_freq_cis(got, 4, 10000.0);
  got.erase("freq_cis_real");
  got.erase("freq_cis_imag");
  const std::map<std::string, std::vector<float>> expected = tiny.expected_v0();
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [name, floats] : expected) {
    EXPECT_EQ(got[name], floats) << name;
  }
}

TEST(HfImport, ExportsUntiedF32InV0OrderWithQkUnpermuted) {
  TempDir dir;
  const TinyCheckpoint tiny;
  tiny.write(dir.path());
  std::vector<std::pair<std::string, double>> progress;
  export_v0(
      HfCheckpoint(dir.path()), (dir / "out.bin").string(),
      [&](const std::string& tensor, double fraction) { progress.emplace_back(tensor, fraction); });
  expect_export_matches(tiny, dir / "out.bin");
  EXPECT_FALSE(fs::exists(dir / "out.bin.partial"));

  // One report per HF tensor and freq_cis table, rising to exactly 1.
  ASSERT_EQ(progress.size(), 2u + 9 * 2 + 2 + 1);
  EXPECT_EQ(progress.front().first, "model.embed_tokens.weight");
  EXPECT_EQ(progress.back(), (std::pair<std::string, double>{"lm_head.weight", 1.0}));
  for (std::size_t i = 1; i < progress.size(); i++) {
    EXPECT_GT(progress[i].second, progress[i - 1].second);
  }
}

TEST(HfImport, ExportsTiedBf16FromShards) {
  TempDir dir;
  TinyCheckpoint tiny;
  tiny.config["tie_word_embeddings"] = true;
  tiny.meta.erase("lm_head.weight");
  tiny.write(dir.path(), "BF16", 3);
  export_v0(HfCheckpoint(dir.path()), (dir / "out.bin").string(), ignore_progress);
  expect_export_matches(tiny, dir / "out.bin");
  const std::string bytes = slurp(dir / "out.bin");
  EXPECT_TRUE(parse_v0_header(std::as_bytes(std::span(bytes)), "out.bin").shared_classifier);
}

TEST(HfImport, TiedCheckpointMayCarryAnEqualLmHeadButNotAnother) {
  TempDir dir;
  TinyCheckpoint tiny;
  tiny.config["tie_word_embeddings"] = true;
  tiny.meta["lm_head.weight"] = tiny.meta["model.embed_tokens.weight"];
  tiny.write(dir.path());
  export_v0(HfCheckpoint(dir.path()), (dir / "out.bin").string(), ignore_progress);
  expect_export_matches(tiny, dir / "out.bin");

  tiny.meta["lm_head.weight"].second[100] += 1;
  tiny.write(dir.path());
  expect_mentions(error_of([&] {
                    export_v0(HfCheckpoint(dir.path()), (dir / "out2.bin").string(),
                              ignore_progress);
                  }),
                  {dir.path().string(), "tie_word_embeddings", "lm_head.weight differs"});
  EXPECT_FALSE(fs::exists(dir / "out2.bin"));
  EXPECT_FALSE(fs::exists(dir / "out2.bin.partial"));
}

TEST(HfImport, MissingOrMisshapenTensorsFailBeforeWriting) {
  TempDir dir;
  const auto export_error = [&](const TinyCheckpoint& tiny) {
    fs::remove_all(dir.path() / "hf");
    fs::create_directories(dir.path() / "hf");
    tiny.write(dir.path() / "hf");
    const std::string message = error_of([&] {
      export_v0(HfCheckpoint(dir.path() / "hf"), (dir / "out.bin").string(), ignore_progress);
    });
    EXPECT_FALSE(fs::exists(dir / "out.bin.partial"));
    return message;
  };
  TinyCheckpoint missing;
  missing.meta.erase("model.layers.1.self_attn.q_proj.weight");
  expect_mentions(export_error(missing),
                  {"tensor 'model.layers.1.self_attn.q_proj.weight' is missing"});

  TinyCheckpoint untied_without_head;
  untied_without_head.meta.erase("lm_head.weight");
  expect_mentions(export_error(untied_without_head), {"tensor 'lm_head.weight' is missing"});

  TinyCheckpoint misshapen;
  misshapen.meta["model.layers.0.mlp.down_proj.weight"].first = {12, 8};
  expect_mentions(export_error(misshapen),
                  {"model.safetensors", "tensor 'model.layers.0.mlp.down_proj.weight'",
                   "shape [12, 8]", "implies [8, 12]"});
}

TEST(HfImport, LyingFoldersAreClearErrors) {
  TempDir dir;
  expect_mentions(error_of([&] { HfCheckpoint((dir / "absent").string()); }), {"not a folder"});
  expect_mentions(error_of([&] { HfCheckpoint checkpoint(dir.path()); }),
                  {"config.json: cannot open"});

  const TinyCheckpoint tiny;
  tiny.write(dir.path(), "F32", 2);
  fs::rename(dir / "model.safetensors.index.json", dir / "index.json");
  expect_mentions(error_of([&] { HfCheckpoint checkpoint(dir.path()); }),
                  {"neither model.safetensors nor", "convert_llama_weights_to_hf.py"});

  json index = json::parse(slurp(dir / "index.json"));
  // Point one tensor at the shard that does not hold it.
  json& shard = index["weight_map"]["model.norm.weight"];
  shard = shard == "model-00001-of-00002.safetensors" ? "model-00002-of-00002.safetensors"
                                                      : "model-00001-of-00002.safetensors";
  write_bytes(dir / "model.safetensors.index.json", index.dump());
  expect_mentions(
      error_of([&] { HfCheckpoint checkpoint(dir.path()); }),
      {"tensor 'model.norm.weight' is missing, though", "model.safetensors.index.json"});

  index["weight_map"]["model.norm.weight"] = "../elsewhere.safetensors";
  write_bytes(dir / "model.safetensors.index.json", index.dump());
  expect_mentions(error_of([&] { HfCheckpoint checkpoint(dir.path()); }),
                  {"weight_map['model.norm.weight']", "expected a file name in the same folder"});
}

// The conformance v0 files must come out byte for byte, freq_cis apart.
void expect_conformance_export(const fs::path& models, const std::string& name) {
  TempDir dir;
  const HfCheckpoint checkpoint(models / (name + "-hf"));
  export_v0(checkpoint, (dir / "out.bin").string(), ignore_progress);
  std::map<std::string, std::vector<float>> got = read_v0(dir / "out.bin");
  std::map<std::string, std::vector<float>> expected = read_v0(models / (name + ".bin"));
  EXPECT_EQ(slurp(dir / "out.bin").substr(0, kV0HeaderBytes),
            slurp(models / (name + ".bin")).substr(0, kV0HeaderBytes));

  expect_freq_cis(got, checkpoint.config().head_dim(), checkpoint.config().rope_theta);
  for (const char* table : {"freq_cis_real", "freq_cis_imag"}) {
    // The shipped tables are zeros: their exporter left them empty, as the runtime computes its
    // own. Should real tables appear, they must agree with ours.
    const std::vector<float>& shipped = expected.at(table);
    if (std::any_of(shipped.begin(), shipped.end(), [](float x) { return x != 0; })) {
      for (std::size_t k = 0; k < shipped.size(); k++) {
        ASSERT_NEAR(got.at(table)[k], shipped[k], 1e-6) << table << "[" << k << "]";
      }
    }
    got.erase(table);
    expected.erase(table);
  }
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [tensor, floats] : expected) {
    EXPECT_TRUE(bytes_of(got.at(tensor)) == bytes_of(floats)) << name << ": " << tensor;
  }
}

TEST(HfImportConformance, ModelAUntied) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_conformance_export(dir / "models", "a");
}

TEST(HfImportConformance, ModelBTiedScaled) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_conformance_export(dir / "models", "b");
}

}  // namespace
}  // namespace clift
