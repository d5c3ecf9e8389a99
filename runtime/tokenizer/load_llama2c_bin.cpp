// tokenizer.bin in the llama2.c layout of the original Clift: int32 max_token_length, then per
// token float32 score, int32 length and the bytes. Ids are positions; the rank is the id.
#include <cstring>

#include "platform/error.hpp"
#include "runtime/tokenizer/vocabulary.hpp"

namespace clift {

namespace {

std::int32_t read_int32(std::string_view content, std::size_t offset) {
  std::int32_t v = 0;
  std::memcpy(&v, content.data() + offset, sizeof v);
  return v;
}

bool looks_special(std::string_view token) {
  return token.size() >= 4 && token.starts_with("<|") && token.ends_with("|>");
}

}  // namespace

Vocabulary read_llama2c_bin(std::string_view content, const std::string& path) {
  if (content.size() < 4) throw Error(path + ": truncated header, expected int32 max_token_length");
  const std::int32_t max_token_length = read_int32(content, 0);
  if (max_token_length <= 0) {
    throw Error(path + ": max_token_length " + std::to_string(max_token_length) +
                " at offset 0, expected a positive length");
  }

  Vocabulary vocab;
  std::size_t offset = 4;
  while (offset < content.size()) {
    const std::string where = path + ": token " + std::to_string(vocab.tokens.size()) +
                              " at offset " + std::to_string(offset) + ": ";
    if (content.size() - offset < 8) {
      throw Error(where + "truncated, expected float32 score and int32 length");
    }
    const std::int32_t length = read_int32(content, offset + 4);
    offset += 8;
    if (length < 0 || length > max_token_length) {
      throw Error(where + "length " + std::to_string(length) + ", expected 0.." +
                  std::to_string(max_token_length) + " (max_token_length)");
    }
    if (content.size() - offset < static_cast<std::size_t>(length)) {
      throw Error(where + "truncated, expected " + std::to_string(length) + " bytes, found " +
                  std::to_string(content.size() - offset));
    }
    vocab.tokens.emplace_back(content.substr(offset, static_cast<std::size_t>(length)));
    offset += static_cast<std::size_t>(length);
  }
  if (vocab.tokens.empty()) throw Error(path + ": no tokens after the header");

  // The layout has no flag for special tokens: they are the run of <|...|> names after the last
  // ordinary token, as the exporter appends them.
  vocab.special.assign(vocab.tokens.size(), false);
  for (std::size_t id = vocab.tokens.size(); id > 0 && looks_special(vocab.tokens[id - 1]); --id) {
    vocab.special[id - 1] = true;
  }
  vocab.merges = merges_from_ranks(vocab.tokens, vocab.special, path);
  return vocab;
}

}  // namespace clift
