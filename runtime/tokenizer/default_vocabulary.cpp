#include <cstdlib>
#include <filesystem>

#include "clift/build_info.hpp"
#include "platform/error.hpp"
#include "runtime/tokenizer/tokenizer.hpp"

namespace clift {

std::string default_vocabulary_path() {
  const char* env = std::getenv("CLIFT_VOCAB");
  const bool from_env = env != nullptr && *env != '\0';
  const std::string path = from_env ? env : build_info::kDefaultVocab;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error("no vocabulary at " + path +
                (from_env ? " (set by CLIFT_VOCAB)" : " (the built-in default)") +
                ": run tools/install-deps.sh to fetch the Llama 3 tokenizer.json there, or pass "
                "-z FILE");
  }
  return path;
}

}  // namespace clift
