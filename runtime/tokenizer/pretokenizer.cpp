#include "runtime/tokenizer/pretokenizer.hpp"

#include <memory>
#include <string>

#include "platform/error.hpp"

namespace clift {

namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof buffer);
  return reinterpret_cast<const char*>(buffer);
}

struct MatchDataFree {
  void operator()(pcre2_match_data* md) const { pcre2_match_data_free(md); }
};

}  // namespace

Pretokenizer::Pretokenizer() {
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kLlama3Pattern.data()), kLlama3Pattern.size(),
                        PCRE2_UTF | PCRE2_UCP, &error, &error_offset, nullptr);
  if (code_ == nullptr) {
    throw Error("pre-tokenizer pattern, offset " + std::to_string(error_offset) + ": " +
                pcre2_message(error));
  }
  // Without JIT (a CPU PCRE2 has no JIT for) the interpreter gives the same pieces, slower.
  jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
}

Pretokenizer::~Pretokenizer() {
  pcre2_code_free(code_);
}

void Pretokenizer::split(std::string_view text, std::vector<std::string_view>& pieces) const {
  const std::unique_ptr<pcre2_match_data, MatchDataFree> md(
      pcre2_match_data_create_from_pattern(code_, nullptr));
  const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(md.get());

  std::size_t pos = 0;
  while (pos < text.size()) {
    int rc = jit_ ? pcre2_jit_match(code_, subject, text.size(), pos, 0, md.get(), nullptr)
                  : PCRE2_ERROR_JIT_BADOPTION;
    // The JIT's default stack (32 KiB) can run out on very long runs of spaces; the interpreter
    // keeps its backtracking on the heap.
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_JIT_BADOPTION) {
      rc = pcre2_match(code_, subject, text.size(), pos, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT,
                       md.get(), nullptr);
    }
    if (rc == PCRE2_ERROR_NOMATCH) {
      pieces.push_back(text.substr(pos));
      return;
    }
    if (rc < 0) {
      throw Error("pre-tokenizer, text offset " + std::to_string(pos) + ": " + pcre2_message(rc));
    }
    const std::size_t start = ovector[0];
    const std::size_t end = ovector[1];
    if (start > pos) pieces.push_back(text.substr(pos, start - pos));
    // Every alternative of the pattern consumes a character, so end > start always.
    pieces.push_back(text.substr(start, end - start));
    pos = end;
  }
}

}  // namespace clift
