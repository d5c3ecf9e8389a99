#include "runtime/formats/hf_config.hpp"

#include <cstdint>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "platform/error.hpp"
#include "runtime/formats/json_file.hpp"

namespace clift {
namespace {

using nlohmann::json;

// Counts go into the int32 fields of the v0 header.
std::size_t count(const json& config, const char* field, const std::string& where) {
  const auto it = config.find(field);
  if (it == config.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() == 0 ||
      it->get<std::uint64_t>() > std::numeric_limits<std::int32_t>::max()) {
    throw Error(where + ": " + field + " is " + (it == config.end() ? "missing" : it->dump()) +
                ", expected a positive integer below 2^31");
  }
  return it->get<std::size_t>();
}

double number(const json& object, const char* field, double fallback, const std::string& where) {
  const auto it = object.find(field);
  if (it == object.end()) return fallback;
  if (!it->is_number()) {
    throw Error(where + ": " + field + " is " + it->dump() + ", expected a number");
  }
  return it->get<double>();
}

double required_number(const json& object, const char* field, const std::string& where) {
  if (!object.contains(field)) throw Error(where + ": " + field + " is missing");
  return number(object, field, 0.0, where);
}

bool flag(const json& config, const char* field, bool fallback, const std::string& where) {
  const auto it = config.find(field);
  if (it == config.end()) return fallback;
  if (!it->is_boolean()) {
    throw Error(where + ": " + field + " is " + it->dump() + ", expected a boolean");
  }
  return it->get<bool>();
}

// A string field that must be absent or equal to `expected`.
void expect_string(const json& config, const char* field, const char* expected,
                   const std::string& where) {
  const auto it = config.find(field);
  if (it != config.end() && *it != expected) {
    throw Error(where + ": " + field + " is " + it->dump() + ", expected \"" + expected +
                "\" (Clift runs Llama models)");
  }
}

void expect_no_bias(const json& config, const char* field, const std::string& where) {
  if (flag(config, field, false, where)) {
    throw Error(where + ": " + field + " is set; Llama 3 has no biases and v0 cannot store them");
  }
}

RopeScaling read_rope_scaling(const json& config, const std::string& where) {
  const auto it = config.find("rope_scaling");
  if (it == config.end() || it->is_null()) return {};
  const std::string field = where + ": rope_scaling";
  if (!it->is_object()) throw Error(field + " is " + it->dump() + ", expected an object or null");
  // transformers wrote "type" before it wrote "rope_type".
  const json type = it->value("rope_type", it->value("type", json()));
  if (type == "default") return {};
  if (type != "llama3") {
    throw Error(field + " type " + type.dump() + " is not supported (Clift implements llama3)");
  }
  return RopeScaling{
      .factor = static_cast<float>(required_number(*it, "factor", field)),
      .low_freq_factor = static_cast<float>(required_number(*it, "low_freq_factor", field)),
      .high_freq_factor = static_cast<float>(required_number(*it, "high_freq_factor", field)),
      .original_context =
          static_cast<float>(required_number(*it, "original_max_position_embeddings", field)),
  };
}

}  // namespace

ModelConfig read_hf_config(const std::string& path) {
  const json j = read_json_file(path);
  if (!j.is_object()) throw Error(path + ": expected a JSON object");
  expect_string(j, "model_type", "llama", path);
  expect_string(j, "hidden_act", "silu", path);
  expect_no_bias(j, "attention_bias", path);
  expect_no_bias(j, "mlp_bias", path);

  ModelConfig c;
  c.dim = count(j, "hidden_size", path);
  c.hidden_dim = count(j, "intermediate_size", path);
  c.n_layers = count(j, "num_hidden_layers", path);
  c.n_heads = count(j, "num_attention_heads", path);
  c.n_kv_heads =
      j.contains("num_key_value_heads") ? count(j, "num_key_value_heads", path) : c.n_heads;
  c.vocab_size = count(j, "vocab_size", path);
  c.seq_len = count(j, "max_position_embeddings", path);
  c.shared_classifier = flag(j, "tie_word_embeddings", false, path);
  c.norm_eps = static_cast<float>(number(j, "rms_norm_eps", 1e-6, path));
  c.rope_theta = static_cast<float>(number(j, "rope_theta", 10000.0, path));
  c.rope_scaling = read_rope_scaling(j, path);

  if (c.dim % c.n_heads != 0 || c.n_heads % c.n_kv_heads != 0 || c.head_dim() % 2 != 0) {
    throw Error(path + ": hidden_size " + std::to_string(c.dim) + ", num_attention_heads " +
                std::to_string(c.n_heads) + " and num_key_value_heads " +
                std::to_string(c.n_kv_heads) +
                " do not split into whole heads of an even head_dim");
  }
  if (j.contains("head_dim") && count(j, "head_dim", path) != c.head_dim()) {
    throw Error(path + ": head_dim " + j["head_dim"].dump() + " differs from hidden_size / " +
                "num_attention_heads = " + std::to_string(c.head_dim()) +
                ", which the v0 format implies");
  }
  return c;
}

std::string v0_run_options(const ModelConfig& config) {
  std::string options;
  const auto add = [&](const char* option, double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%s%s %.9g", options.empty() ? "" : " ", option, value);
    options += text;
  };
  if (config.rope_scaling.enabled()) {
    // All four, though some may equal Clift's defaults: the line is for copying, not decoding.
    add("--rope-factor", config.rope_scaling.factor);
    add("--rope-low-freq", config.rope_scaling.low_freq_factor);
    add("--rope-high-freq", config.rope_scaling.high_freq_factor);
    add("--rope-original-ctx", config.rope_scaling.original_context);
  }
  if (config.rope_theta != ModelConfig{}.rope_theta) add("--rope-theta", config.rope_theta);
  return options;
}

}  // namespace clift
