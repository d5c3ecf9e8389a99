#pragma once

#include <string_view>
#include <vector>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace clift {

// Splits text into the pieces that BPE encodes one by one, with Llama 3's pattern. PCRE2 in UTF
// mode with Unicode properties (UCP) gives \p{L}, \p{N} and \s their real categories; the pattern
// is JIT-compiled once. Safe to use from several threads: each call has its own match data.
class Pretokenizer {
 public:
  static constexpr std::string_view kLlama3Pattern =
      R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

  Pretokenizer();
  ~Pretokenizer();
  Pretokenizer(const Pretokenizer&) = delete;
  Pretokenizer& operator=(const Pretokenizer&) = delete;

  // Appends the pieces of text, which must be valid UTF-8 (the caller checked it once; PCRE2 is
  // told not to check it again at every match). Text the pattern skips becomes a piece too.
  void split(std::string_view text, std::vector<std::string_view>& pieces) const;

 private:
  pcre2_code* code_ = nullptr;
  bool jit_ = false;
};

}  // namespace clift
