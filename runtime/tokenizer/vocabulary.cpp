#include "runtime/tokenizer/vocabulary.hpp"

#include <algorithm>
#include <cstring>

#include "platform/error.hpp"
#include "platform/mapped_file.hpp"
#include "runtime/tokenizer/token_index.hpp"

namespace clift {

namespace {

bool starts_like_json(std::string_view content) {
  const auto first = content.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && content[first] == '{';
}

// tiktoken lines are "base64 rank"; the first one decides, its errors are the reader's to report.
bool starts_like_tiktoken(std::string_view content) {
  const std::string_view line = content.substr(0, content.find('\n'));
  const auto space = line.find(' ');
  if (space == 0 || space == std::string_view::npos || space + 1 == line.size()) return false;
  const std::string_view rank = line.substr(space + 1);
  return std::all_of(rank.begin(), rank.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A llama2.c tokenizer.bin opens with a small positive int32 (the longest token), which no text
// format can: four printable bytes make a number above 2^29.
bool starts_like_llama2c_bin(std::string_view content) {
  if (content.size() < 4) return false;
  std::int32_t max_token_length = 0;
  std::memcpy(&max_token_length, content.data(), 4);
  return max_token_length > 0 && max_token_length <= 1 << 16;
}

}  // namespace

Vocabulary load_vocabulary(const std::string& path) {
  const MappedFile file(path);
  const std::string_view content(reinterpret_cast<const char*>(file.bytes().data()), file.size());
  if (content.empty()) {
    throw Error(path + ": empty file, expected a vocabulary (tokenizer.model, tokenizer.json or " +
                "tokenizer.bin)");
  }
  if (starts_like_json(content)) return read_hf_json(content, path);
  if (starts_like_tiktoken(content)) return read_tiktoken(content, path);
  if (starts_like_llama2c_bin(content)) return read_llama2c_bin(content, path);
  throw Error(path +
              ": unrecognized vocabulary format, expected tokenizer.model (\"base64 rank\" lines), "
              "tokenizer.json (a JSON object) or tokenizer.bin (int32 max_token_length, then "
              "float32 score, int32 length and bytes per token)");
}

std::vector<Merge> merges_from_ranks(const std::vector<std::string>& tokens,
                                     const std::vector<bool>& special, const std::string& path) {
  const TokenIndex ids(tokens, special, path);

  std::vector<Merge> merges;
  for (std::size_t id = 0; id < tokens.size(); ++id) {
    const std::string_view token = tokens[id];
    if (special[id]) continue;
    for (std::size_t split = 1; split < token.size(); ++split) {
      const auto left = ids.find(token.substr(0, split));
      const auto right = left ? ids.find(token.substr(split)) : std::nullopt;
      if (right) {
        const auto merged = static_cast<std::int32_t>(id);
        merges.push_back({*left, *right, merged, merged});
      }
    }
  }
  return merges;
}

}  // namespace clift
