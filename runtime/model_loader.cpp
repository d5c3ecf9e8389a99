#include "runtime/model_loader.hpp"

#include <cstring>
#include <memory>
#include <utility>

#include "platform/error.hpp"
#include "platform/mapped_file.hpp"
#include "runtime/model_v0.hpp"

namespace clift {

void apply_rope_overrides(ModelConfig& config, const RopeOverrides& overrides) {
  if (overrides.theta) config.rope_theta = *overrides.theta;
  RopeScaling& s = config.rope_scaling;
  if (overrides.factor) s.factor = *overrides.factor;
  if (overrides.low_freq_factor) s.low_freq_factor = *overrides.low_freq_factor;
  if (overrides.high_freq_factor) s.high_freq_factor = *overrides.high_freq_factor;
  if (overrides.original_context) s.original_context = *overrides.original_context;
  if (!(config.rope_theta > 0.0f)) throw Error("--rope-theta must be positive");
  if (!(s.factor >= 1.0f)) throw Error("--rope-factor must be at least 1");
  if (s.enabled() && !(s.high_freq_factor > s.low_freq_factor && s.low_freq_factor > 0.0f)) {
    throw Error("--rope-high-freq must exceed --rope-low-freq, and both be positive");
  }
  if (!(s.original_context > 0.0f)) throw Error("--rope-original-ctx must be positive");
}

Model load_model(const std::string& path, const RopeOverrides& overrides) {
  // Formats with a magic are told apart by it; a v0 file has none and is the fallback.
  auto file = std::make_shared<const MappedFile>(path);
  const auto bytes = file->bytes();
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), "GGUF", 4) == 0) {
    throw Error(path + ": GGUF files are not supported yet; convert to Clift v0");
  }
  ModelConfig defaults;
  apply_rope_overrides(defaults, overrides);
  return load_v0_model(std::move(file), defaults.rope_theta, defaults.rope_scaling);
}

}  // namespace clift
