#include "tools/clift/session.hpp"

#include <cstdio>

#include "kernels/dispatch.hpp"
#include "platform/cpu_features.hpp"
#include "platform/error.hpp"
#include "runtime/model_loader.hpp"
#include "runtime/synthetic.hpp"

namespace clift::cli {
namespace {

Model open_model(const Options& o) {
  if (!o.model_path.empty()) return load_model(o.model_path, o.rope);
  std::optional<ModelConfig> config = synthetic_preset(o.synthetic_preset);
  if (!config) {
    std::string names;
    for (const auto& n : synthetic_preset_names())
      names += " " + n;
    throw Error("--synthetic " + o.synthetic_preset + ": unknown preset (known:" + names + ")");
  }
  apply_rope_overrides(*config, o.rope);
  return make_synthetic_model(*config, o.synthetic_seed, o.synthetic_preset);
}

std::optional<Tokenizer> open_tokenizer(const Options& o, const ModelConfig& config) {
  std::string path = o.tokenizer_path;
  // --tokens without -z is for checking from outside: ids in, ids out, whatever is installed.
  if (path.empty() && o.prompt_tokens) return std::nullopt;
  if (path.empty() && !o.synthetic_preset.empty()) path = default_vocabulary_path();
  if (path.empty())
    throw Error("a text prompt needs a vocabulary: give -z FILE (or --tokens ID,...)");
  Tokenizer tokenizer = Tokenizer::load(path);
  if (tokenizer.vocab_size() > config.vocab_size) {
    throw Error("-z " + path + ": the vocabulary has " + std::to_string(tokenizer.vocab_size()) +
                " tokens but the model only " + std::to_string(config.vocab_size) +
                "; they do not belong together");
  }
  return tokenizer;
}

}  // namespace

Session open_session(const Options& o) {
  const kernels::KernelSet& kernels = kernels::select_backend(o.backend);
  Model model = open_model(o);
  std::optional<Tokenizer> tokenizer = open_tokenizer(o, model.config);
  Session s{std::move(model), &kernels, std::move(tokenizer), nullptr, nullptr};
  s.transformer = std::make_unique<Transformer>(s.model, kernels, o.transformer);
  s.sampler = std::make_unique<Sampler>(kernels, s.model.config.vocab_size, o.sampler);
  return s;
}

void print_configuration(const Session& s, const Options& o) {
  const ModelConfig& c = s.model.config;
  std::fprintf(stderr,
               "transformer configuration (%s):\n"
               "- dim:            %zu\n"
               "- hidden_dim:     %zu\n"
               "- n_layers:       %zu\n"
               "- n_heads:        %zu\n"
               "- n_kv_heads:     %zu\n"
               "- vocab_size:     %zu\n"
               "- seq_len:        %zu\n"
               "- classifier:     %s\n"
               "- rope:           theta %g, llama3 scaling %s (factor %g, low %g, high %g, "
               "original context %g)\n"
               "run: backend %s, %zu threads, context %zu, batch %zu, temp %g, top-k %zu, "
               "top-p %g, seed %llu\n",
               s.model.source.c_str(), c.dim, c.hidden_dim, c.n_layers, c.n_heads, c.n_kv_heads,
               c.vocab_size, c.seq_len, c.shared_classifier ? "tied" : "untied",
               static_cast<double>(c.rope_theta), c.rope_scaling.enabled() ? "on" : "off",
               static_cast<double>(c.rope_scaling.factor),
               static_cast<double>(c.rope_scaling.low_freq_factor),
               static_cast<double>(c.rope_scaling.high_freq_factor),
               static_cast<double>(c.rope_scaling.original_context), s.kernels->name,
               s.transformer->threads(), s.transformer->context_len(), s.transformer->batch(),
               static_cast<double>(o.sampler.temperature), o.sampler.top_k,
               static_cast<double>(o.sampler.top_p),
               static_cast<unsigned long long>(o.sampler.seed));
  if (o.verbose) {
    std::fprintf(stderr, "cpu: %s; tokenizer: %s\n", cpu_features().model_name.c_str(),
                 s.tokenizer ? s.tokenizer->path().c_str() : "none (token ids in and out)");
  }
}

}  // namespace clift::cli
