// tokenizer.model as Meta ships it: one "base64bytes rank" line per token, ranks from 0 up.
#include <array>
#include <charconv>
#include <optional>

#include "platform/error.hpp"
#include "runtime/tokenizer/vocabulary.hpp"

namespace clift {

namespace {

constexpr int kLlama3SpecialCount = 256;

// The file names no special tokens: Llama 3 appends 256 after the last rank. These are the names of
// Llama 3.1 and later (Hugging Face's 3.1 tokenizer.json), whose eom_id and python_tag the
// tool-calling models use. Llama 3.0 (the conformance tokenizer.json) has no finetune_right_pad_id,
// eom_id or python_tag and numbers its reserved tokens differently from 128004 on.
std::string llama3_special_name(int index) {
  static constexpr std::array<const char*, 11> kNamed = {"<|begin_of_text|>",
                                                         "<|end_of_text|>",
                                                         "<|reserved_special_token_0|>",
                                                         "<|reserved_special_token_1|>",
                                                         "<|finetune_right_pad_id|>",
                                                         "<|reserved_special_token_2|>",
                                                         "<|start_header_id|>",
                                                         "<|end_header_id|>",
                                                         "<|eom_id|>",
                                                         "<|eot_id|>",
                                                         "<|python_tag|>"};
  if (index < static_cast<int>(kNamed.size())) return kNamed[index];
  return "<|reserved_special_token_" + std::to_string(index - 8) + "|>";
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict base64: length a multiple of 4, '=' only as the last one or two characters.
std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=')
    ++padding;
  std::string out;
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    const int v = base64_value(text[i]);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

}  // namespace

Vocabulary read_tiktoken(std::string_view content, const std::string& path) {
  Vocabulary vocab;
  std::size_t line_no = 0;
  while (!content.empty()) {
    ++line_no;
    const auto end = content.find('\n');
    const std::string_view line = content.substr(0, end);
    content = end == std::string_view::npos ? std::string_view{} : content.substr(end + 1);
    const std::string where = path + ":" + std::to_string(line_no) + ": ";

    const auto space = line.find(' ');
    if (space == std::string_view::npos) throw Error(where + "expected \"base64bytes rank\"");
    const std::string_view encoded = line.substr(0, space);
    const std::string_view rank_text = line.substr(space + 1);

    auto bytes = decode_base64(encoded);
    if (!bytes) throw Error(where + "invalid base64 \"" + std::string(encoded) + "\"");
    std::size_t rank = 0;
    const auto [rank_end, ec] =
        std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
    if (ec != std::errc{} || rank_end != rank_text.data() + rank_text.size()) {
      throw Error(where + "invalid rank \"" + std::string(rank_text) + "\", expected an integer");
    }
    if (rank != vocab.tokens.size()) {
      throw Error(where + "rank " + std::to_string(rank) + ", expected " +
                  std::to_string(vocab.tokens.size()) + " (ranks count up from 0)");
    }
    vocab.tokens.push_back(std::move(*bytes));
  }
  if (vocab.tokens.empty()) throw Error(path + ": no tokens");

  vocab.special.assign(vocab.tokens.size(), false);
  for (int i = 0; i < kLlama3SpecialCount; ++i) {
    vocab.tokens.push_back(llama3_special_name(i));
    vocab.special.push_back(true);
  }
  vocab.merges = merges_from_ranks(vocab.tokens, vocab.special, path);
  return vocab;
}

}  // namespace clift
