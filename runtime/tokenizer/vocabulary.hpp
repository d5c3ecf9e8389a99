#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clift {

// One BPE merge: the adjacent tokens left and right become merged. The lowest rank is applied
// first, the leftmost among equal ranks.
struct Merge {
  std::int32_t left;
  std::int32_t right;
  std::int32_t merged;
  std::int32_t rank;
};

// What a vocabulary file says, whatever its format. Ids are indices into tokens.
struct Vocabulary {
  std::vector<std::string> tokens;  // [vocab_size] raw bytes; the name for a special token
  std::vector<bool> special;        // [vocab_size]
  std::vector<Merge> merges;
};

// Reads tokenizer.model, tokenizer.json or tokenizer.bin, told apart by their content.
Vocabulary load_vocabulary(const std::string& path);

// Each format's reader; content is the whole file and path names it in errors.
Vocabulary read_tiktoken(std::string_view content, const std::string& path);
Vocabulary read_hf_json(std::string_view content, const std::string& path);
Vocabulary read_llama2c_bin(std::string_view content, const std::string& path);

// The merges that rank-ordered files (tiktoken, tokenizer.bin) imply: every split of a token into
// two tokens merges into it, at the token's rank (its id), as tiktoken merges. Hugging Face's
// converter writes the same pairs into tokenizer.json, ranked by their order there.
std::vector<Merge> merges_from_ranks(const std::vector<std::string>& tokens,
                                     const std::vector<bool>& special, const std::string& path);

}  // namespace clift
