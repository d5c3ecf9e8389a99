#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model.hpp"

namespace clift {

// Real Llama 3 shapes (and small ones for tests) with seeded random weights: the same seed gives
// the same weights in memory and in a file written by clift-synth, so either can be measured.
std::optional<ModelConfig> synthetic_preset(std::string_view name);
std::vector<std::string> synthetic_preset_names();

// Builds the model in memory (float32, filled on all cores).
Model make_synthetic_model(const ModelConfig& config, std::uint64_t seed, std::string_view label);

// Writes the same weights as a Clift v0 file, streaming block by block.
void write_synthetic_v0(const std::string& path, const ModelConfig& config, std::uint64_t seed);

}  // namespace clift
