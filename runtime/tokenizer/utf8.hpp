#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF): the encoder checks its
// input with it, the stream decoder uses it to hold back characters whose bytes are still coming.
namespace clift::utf8 {

struct Char {
  enum class Kind { complete, incomplete, invalid };
  Kind kind;
  // complete: the bytes of the character; incomplete: the bytes present (all of s); invalid: the
  // maximal ill-formed subpart, which one U+FFFD replaces.
  std::size_t size;
  char32_t code_point;  // complete only
};

// The character at the start of s (s not empty).
Char next_char(std::string_view s);

// The offset of the first byte that does not belong to a complete character, if any.
std::optional<std::size_t> first_invalid_byte(std::string_view s);

void append(std::string& out, char32_t code_point);

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace clift::utf8
