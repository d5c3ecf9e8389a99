// clift-synth: writes a Clift v0 model with seeded random weights, for a preset shape or a given
// one, so the real shapes can be measured without downloading a checkpoint.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include <charconv>

#include "platform/error.hpp"
#include "runtime/model_v0.hpp"
#include "runtime/synthetic.hpp"

namespace {

constexpr const char* kUsage =
    R"(usage: clift-synth (--preset NAME | --shape D,H,L,NH,NKV,V,S) [options] -o FILE

  --preset NAME        llama3.2-1b, llama3.2-3b, llama3.1-8b, small, tiny
  --shape D,H,L,NH,NKV,V,S
                       dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len
  --untied             separate classifier matrix (default for --shape: tied)
  --seed N             seed of the weights (default 42, as clift --synthetic-seed)
  -o FILE              output file
  -h, --help           this text
)";

std::size_t parse_size(std::string_view what, std::string_view text) {
  std::size_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty()) {
    throw clift::Error(std::string(what) + ": '" + std::string(text) + "' is not a valid count");
  }
  return v;
}

clift::ModelConfig parse_shape(std::string_view text) {
  std::size_t v[7];
  std::size_t start = 0;
  for (int i = 0; i < 7; i++) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    if (start > text.size()) throw clift::Error("--shape: expected 7 comma-separated counts");
    v[i] = parse_size("--shape", text.substr(start, comma - start));
    start = comma + 1;
  }
  if (start <= text.size()) throw clift::Error("--shape: expected 7 comma-separated counts");
  clift::ModelConfig c;
  c.dim = v[0];
  c.hidden_dim = v[1];
  c.n_layers = v[2];
  c.n_heads = v[3];
  c.n_kv_heads = v[4];
  c.vocab_size = v[5];
  c.seq_len = v[6];
  return c;
}

int run(int argc, char** argv) {
  std::optional<clift::ModelConfig> config;
  bool untied = false;
  std::uint64_t seed = 42;
  std::string out;
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) throw clift::Error(std::string(arg) + ": missing value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--preset") {
      const std::string_view name = value();
      config = clift::synthetic_preset(name);
      if (!config) throw clift::Error("--preset " + std::string(name) + ": unknown preset");
    } else if (arg == "--shape") {
      config = parse_shape(value());
    } else if (arg == "--untied") {
      untied = true;
    } else if (arg == "--seed") {
      seed = parse_size(arg, value());
    } else if (arg == "-o") {
      out = value();
    } else {
      throw clift::Error("unknown option '" + std::string(arg) + "' (see clift-synth -h)");
    }
  }
  if (!config) throw clift::Error("give --preset NAME or --shape ... (see clift-synth -h)");
  if (out.empty()) throw clift::Error("give the output file with -o FILE");
  if (untied) config->shared_classifier = false;

  std::fprintf(stderr, "clift-synth: writing %s (%s, %s classifier, %.2f GB)\n", out.c_str(),
               config->shape_string().c_str(), config->shared_classifier ? "tied" : "untied",
               static_cast<double>(clift::v0_file_bytes(*config)) / 1e9);
  clift::write_synthetic_v0(out, *config, seed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clift-synth: error: %s\n", e.what());
    return 1;
  }
}
