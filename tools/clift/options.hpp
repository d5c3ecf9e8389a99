#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/model_loader.hpp"
#include "runtime/sampler.hpp"
#include "runtime/transformer.hpp"

namespace clift::cli {

// Everything `clift` can be told: the original program's options plus llama.cpp-style ones.
struct Options {
  std::string model_path;             // -m
  std::string synthetic_preset;       // --synthetic
  std::uint64_t synthetic_seed = 42;  // --synthetic-seed
  std::string tokenizer_path;         // -z
  std::string prompt;                 // -p, or the contents of -f
  bool prompt_given = false;
  std::optional<std::vector<std::int32_t>> prompt_tokens;  // --tokens
  std::size_t n_generate = 256;                            // -n: tokens generated in all
  SamplerOptions sampler;                                  // --temp, --top-k, --top-p, -s
  bool seed_given = false;
  TransformerOptions transformer;  // -c, -b, -t
  std::string backend = "auto";    // --backend
  RopeOverrides rope;              // --rope-*
  bool add_bos = true;             // --no-bos turns it off
  bool print_special = false;      // --special
  bool display_prompt = true;      // --no-display-prompt turns it off
  bool verbose = false;            // -v
  std::string logits_out;          // --logits-out
  std::size_t logits_last = 0;     // --logits-last; 0 keeps every prompt position
  bool chat = false;               // --chat, -cnv
  std::string system_prompt;       // --system
};

// Parses argv; throws clift::Error naming the offending option. Returns nullopt after printing
// the usage for -h / --help.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace clift::cli
