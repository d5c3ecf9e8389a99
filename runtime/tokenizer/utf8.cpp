#include "runtime/tokenizer/utf8.hpp"

#include <cstdint>

namespace clift::utf8 {

namespace {

struct Lead {
  std::size_t size;
  std::uint8_t second_min, second_max;  // the second byte is narrowed to exclude overlongs,
                                        // surrogates and code points above U+10FFFF
  char32_t bits;
};

std::optional<Lead> classify(std::uint8_t b) {
  if (b < 0x80) return Lead{1, 0, 0, b};
  if (b >= 0xC2 && b <= 0xDF) return Lead{2, 0x80, 0xBF, b & 0x1Fu};
  if (b == 0xE0) return Lead{3, 0xA0, 0xBF, b & 0x0Fu};
  if (b == 0xED) return Lead{3, 0x80, 0x9F, b & 0x0Fu};
  if (b >= 0xE1 && b <= 0xEF) return Lead{3, 0x80, 0xBF, b & 0x0Fu};
  if (b == 0xF0) return Lead{4, 0x90, 0xBF, b & 0x07u};
  if (b >= 0xF1 && b <= 0xF3) return Lead{4, 0x80, 0xBF, b & 0x07u};
  if (b == 0xF4) return Lead{4, 0x80, 0x8F, b & 0x07u};
  return std::nullopt;
}

}  // namespace

Char next_char(std::string_view s) {
  const auto lead = classify(static_cast<std::uint8_t>(s[0]));
  if (!lead) return {Char::Kind::invalid, 1, 0};
  char32_t cp = lead->bits;
  for (std::size_t i = 1; i < lead->size; ++i) {
    if (i >= s.size()) return {Char::Kind::incomplete, s.size(), 0};
    const auto b = static_cast<std::uint8_t>(s[i]);
    const std::uint8_t lo = i == 1 ? lead->second_min : 0x80;
    const std::uint8_t hi = i == 1 ? lead->second_max : 0xBF;
    if (b < lo || b > hi) return {Char::Kind::invalid, i, 0};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return {Char::Kind::complete, lead->size, cp};
}

std::optional<std::size_t> first_invalid_byte(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {  // most text is ASCII: no call per byte
      ++pos;
      continue;
    }
    const Char c = next_char(s.substr(pos));
    if (c.kind != Char::Kind::complete) return pos;
    pos += c.size;
  }
  return std::nullopt;
}

void append(std::string& out, char32_t cp) {
  auto put = [&out](char32_t byte) { out.push_back(static_cast<char>(byte)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

}  // namespace clift::utf8
