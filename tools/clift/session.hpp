#pragma once

#include <memory>
#include <optional>

#include "kernels/kernel_set.hpp"
#include "runtime/model.hpp"
#include "runtime/sampler.hpp"
#include "runtime/tokenizer/tokenizer.hpp"
#include "runtime/transformer.hpp"
#include "tools/clift/options.hpp"

namespace clift::cli {

// What one run of clift works with, built from the options in the order that makes errors
// cheap: options, model header, backend, tokenizer, then the large allocations.
struct Session {
  Model model;
  const kernels::KernelSet* kernels;
  std::optional<Tokenizer> tokenizer;
  std::unique_ptr<Transformer> transformer;
  std::unique_ptr<Sampler> sampler;
};

Session open_session(const Options& options);

// Prints the configuration block on stderr, as the original program does.
void print_configuration(const Session& session, const Options& options);

}  // namespace clift::cli
