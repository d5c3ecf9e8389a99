#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "runtime/generation.hpp"

namespace clift::cli {

// Writes the --logits-out report: {"prompt", "logits_from", "logits", "greedy"}, the layout of
// the conformance golden files, so outputs can be compared with them directly.
void write_logits_json(const std::string& path, std::span<const std::int32_t> prompt,
                       const LogitsCapture& capture, std::size_t vocab_size,
                       std::span<const std::int32_t> generated);

}  // namespace clift::cli
