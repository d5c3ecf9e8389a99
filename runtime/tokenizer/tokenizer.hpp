#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.hpp"

namespace clift {

// The Llama 3 tokenizer: Llama 3's pre-tokenizer pattern, then byte-level BPE by rank inside each
// piece, with special tokens written in the text recognized as such. Reads tokenizer.model
// (tiktoken), tokenizer.json (Hugging Face) and tokenizer.bin (llama2.c), of any vocabulary size.
// Immutable once loaded: copies share the tables, and encode may run on several threads at once.
class Tokenizer {
 public:
  // Detects the format by content; throws clift::Error naming the file, the field and what was
  // expected.
  static Tokenizer load(const std::string& path);

  // The ids of text, with BOS first when add_bos; special tokens written in the text become those
  // tokens. Throws clift::Error when text is not valid UTF-8.
  std::vector<std::int32_t> encode(std::string_view text, bool add_bos) const;
  // As encode without BOS, but text that spells a special token stays text: for content that must
  // not be able to end a chat turn.
  std::vector<std::int32_t> encode_ordinary(std::string_view text) const;
  // As encode, through the plain O(n^2) merge loop: the baseline that encode is tested and
  // benchmarked against.
  std::vector<std::int32_t> encode_reference(std::string_view text, bool add_bos) const;

  // The raw bytes of an ordinary token, the name of a special one.
  const std::string& token_bytes(std::int32_t id) const;
  // The concatenated token_bytes of ids (special tokens as their names), so that
  // decode(encode(text, false)) == text. Throws clift::Error on an id out of range.
  std::string decode(std::span<const std::int32_t> ids) const;

  bool is_special(std::int32_t id) const;
  std::size_t vocab_size() const;  // ordinary + special
  std::int32_t bos_id() const;
  std::optional<std::int32_t> special_id(std::string_view name) const;
  // <|end_of_text|>, <|eot_id|> and <|eom_id|>, those the vocabulary has.
  bool is_end_of_generation(std::int32_t id) const;
  const std::vector<std::int32_t>& end_of_generation_ids() const;
  const std::string& path() const;

 private:
  struct Impl;
  explicit Tokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::vector<std::int32_t> encode_with(std::string_view text, bool add_bos, bool specials,
                                        bool reference) const;

  std::shared_ptr<const Impl> impl_;
};

// Streams decoded text: push(id) returns the bytes now complete enough to print, never half a
// UTF-8 character (bytes of an incomplete one wait for the rest, which BPE tokens often split).
// Special tokens give "" unless print_special; finish() flushes what is left, invalid leftovers
// as U+FFFD. Invalid bytes are replaced as soon as they cannot start a character.
class TokenStreamDecoder {
 public:
  explicit TokenStreamDecoder(const Tokenizer& tokenizer, bool print_special = false);
  std::string push(std::int32_t id);
  std::string finish();

 private:
  const Tokenizer* tokenizer_;
  bool print_special_;
  std::string pending_;  // at most 3 bytes: the start of a character
};

// The vocabulary that synthetic models use when -z is not given: $CLIFT_VOCAB, else the path built
// in (CLIFT_DEFAULT_VOCAB, where tools/install-deps.sh puts the Llama 3 tokenizer.json). Throws
// clift::Error saying how to get one when the file is missing.
std::string default_vocabulary_path();

// Llama 3 instruct chat. A turn is <|start_header_id|>role<|end_header_id|>\n\n content
// <|eot_id|>, the content trimmed of surrounding whitespace and encoded with encode_ordinary, as
// Meta's reference chat format does. Throws clift::Error when the vocabulary lacks those tokens.
std::vector<std::int32_t> chat_turn_tokens(const Tokenizer& tokenizer, std::string_view role,
                                           std::string_view content);
// The header that opens the assistant's reply: <|start_header_id|>assistant<|end_header_id|>\n\n.
// The reply ends at any of Tokenizer::end_of_generation_ids().
std::vector<std::int32_t> chat_reply_header_tokens(const Tokenizer& tokenizer);

}  // namespace clift
