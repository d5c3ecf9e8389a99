// clift-export: converts a Hugging Face clone of a Llama 3.x model into a Clift v0 file, tensor by
// tensor, and says which clift options the file needs for what the format cannot store.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include "platform/error.hpp"
#include "runtime/formats/hf_config.hpp"
#include "runtime/formats/hf_import.hpp"
#include "runtime/model_v0.hpp"

namespace {

constexpr const char* kUsage = R"(usage: clift-export --hf DIR -o FILE [-q]

  --hf DIR     a Hugging Face clone of a Llama 3.x model (git clone
               https://huggingface.co/meta-llama/Llama-3.2-1B): config.json and
               model.safetensors, or shards with model.safetensors.index.json;
               F32, BF16 and F16 weights
  -o FILE      the Clift v0 file to write (float32: 4 bytes per parameter)
  -q           no progress, only the options the model must be run with
  -h, --help   this text

Meta's own checkpoints (consolidated.*.pth) are not read: convert them with
Hugging Face's convert_llama_weights_to_hf.py first.
)";

int run(int argc, char** argv) {
  std::string hf_dir, out;
  bool quiet = false;
  for (int i = 1; i < argc; i++) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw clift::Error(std::string(arg) + ": missing value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--hf") {
      hf_dir = value();
    } else if (arg == "-o") {
      out = value();
    } else if (arg == "-q") {
      quiet = true;
    } else {
      throw clift::Error("unknown option '" + std::string(arg) + "' (see clift-export -h)");
    }
  }
  if (hf_dir.empty()) throw clift::Error("give the Hugging Face folder with --hf DIR");
  if (out.empty()) throw clift::Error("give the output file with -o FILE");

  const clift::HfCheckpoint checkpoint(hf_dir);
  const clift::ModelConfig& config = checkpoint.config();
  std::fprintf(stderr, "clift-export: writing %s (%s, %s classifier, %.2f GB)\n", out.c_str(),
               config.shape_string().c_str(), config.shared_classifier ? "tied" : "untied",
               static_cast<double>(clift::v0_file_bytes(config)) / 1e9);
  clift::export_v0(checkpoint, out, [&](const std::string& tensor, double fraction) {
    if (!quiet) {
      std::fprintf(stderr, "clift-export: %5.1f%% %s\n", 100.0 * fraction, tensor.c_str());
    }
  });

  // What the v0 file cannot say, the user has to: printed even with -q.
  const std::string options = clift::v0_run_options(config);
  if (!options.empty()) std::fprintf(stderr, "clift-export: run with: %s\n", options.c_str());
  if (config.norm_eps != clift::ModelConfig{}.norm_eps) {
    std::fprintf(stderr,
                 "clift-export: warning: rms_norm_eps is %g; clift assumes %g for v0 files, so "
                 "its outputs will differ slightly from the original\n",
                 static_cast<double>(config.norm_eps),
                 static_cast<double>(clift::ModelConfig{}.norm_eps));
  }
  const std::filesystem::path tokenizer = std::filesystem::path(hf_dir) / "tokenizer.json";
  if (std::filesystem::exists(tokenizer)) {
    std::fprintf(stderr, "clift-export: vocabulary: -z %s\n", tokenizer.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clift-export: error: %s\n", e.what());
    return 1;
  }
}
