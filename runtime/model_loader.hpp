#pragma once

#include <optional>
#include <string>

#include "runtime/model.hpp"

namespace clift {

// What the user may say about a model that its file might not: RoPE theta and Llama 3 scaling.
// Options given here override the file; for formats that cannot say them (v0) they are the only
// source, with the Llama 3 defaults for what is left unset.
struct RopeOverrides {
  std::optional<float> theta;
  std::optional<float> factor;
  std::optional<float> low_freq_factor;
  std::optional<float> high_freq_factor;
  std::optional<float> original_context;
};

void apply_rope_overrides(ModelConfig& config, const RopeOverrides& overrides);

// Opens a model file, recognizing its format by content.
Model load_model(const std::string& path, const RopeOverrides& overrides);

}  // namespace clift
