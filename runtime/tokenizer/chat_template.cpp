#include "platform/error.hpp"
#include "runtime/tokenizer/tokenizer.hpp"

namespace clift {

namespace {

std::int32_t required_special(const Tokenizer& tokenizer, std::string_view name) {
  const auto id = tokenizer.special_id(name);
  if (!id) {
    throw Error(tokenizer.path() + ": no " + std::string(name) +
                " token, which the Llama 3 chat format needs");
  }
  return *id;
}

void append(std::vector<std::int32_t>& ids, const std::vector<std::int32_t>& more) {
  ids.insert(ids.end(), more.begin(), more.end());
}

// Role and content are encoded apart from the header tokens, so neither can spell one.
std::vector<std::int32_t> header_tokens(const Tokenizer& tokenizer, std::string_view role) {
  std::vector<std::int32_t> ids{required_special(tokenizer, "<|start_header_id|>")};
  append(ids, tokenizer.encode_ordinary(role));
  ids.push_back(required_special(tokenizer, "<|end_header_id|>"));
  append(ids, tokenizer.encode_ordinary("\n\n"));
  return ids;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::vector<std::int32_t> chat_turn_tokens(const Tokenizer& tokenizer, std::string_view role,
                                           std::string_view content) {
  std::vector<std::int32_t> ids = header_tokens(tokenizer, role);
  append(ids, tokenizer.encode_ordinary(trim(content)));
  ids.push_back(required_special(tokenizer, "<|eot_id|>"));
  return ids;
}

std::vector<std::int32_t> chat_reply_header_tokens(const Tokenizer& tokenizer) {
  return header_tokens(tokenizer, "assistant");
}

}  // namespace clift
