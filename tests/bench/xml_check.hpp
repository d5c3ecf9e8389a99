#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace clift::bench::testing {

// A strict well-formedness check for the XML the plots write: one root element, every tag closed
// in order, attributes quoted and unique, '<' never in text or values, and '&' only as one of
// the five predefined entities or a numeric reference. Returns an empty string when well formed,
// otherwise what is wrong and at which offset.
class XmlChecker {
 public:
  explicit XmlChecker(std::string_view text) : s_(text) {}

  std::string check() {
    if (s_.starts_with("<?xml")) {
      const std::size_t end = s_.find("?>");
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      i_ = end + 2;
    }
    skip_space();
    if (peek() != '<') return fail("no root element");
    if (!element()) return error_;
    skip_space();
    if (i_ != s_.size()) return fail("content after the root element");
    return "";
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
      i_++;
  }
  std::string fail(const std::string& what) {
    error_ = what + " at offset " + std::to_string(i_);
    return error_;
  }
  bool failed(const std::string& what) {
    fail(what);
    return false;
  }

  std::string name() {
    const std::size_t begin = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '_' || s_[i_] == ':' || s_[i_] == '.')) {
      i_++;
    }
    return std::string(s_.substr(begin, i_ - begin));
  }

  // At '&': one entity or character reference.
  bool reference() {
    const std::size_t semicolon = s_.find(';', i_);
    if (semicolon == std::string_view::npos || semicolon - i_ > 10) {
      return failed("bare '&'");
    }
    const std::string_view ref = s_.substr(i_ + 1, semicolon - i_ - 1);
    const bool named = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
    const bool numeric = ref.size() > 1 && ref[0] == '#';
    if (!named && !numeric) return failed("unknown entity '&" + std::string(ref) + ";'");
    i_ = semicolon + 1;
    return true;
  }

  bool attributes(bool& self_closing) {
    std::vector<std::string> seen;
    while (true) {
      skip_space();
      if (peek() == '/' || peek() == '>') break;
      const std::string attribute = name();
      if (attribute.empty()) return failed("bad attribute name");
      for (const auto& a : seen) {
        if (a == attribute) return failed("duplicate attribute '" + attribute + "'");
      }
      seen.push_back(attribute);
      skip_space();
      if (peek() != '=') return failed("attribute '" + attribute + "' without '='");
      i_++;
      skip_space();
      const char quote = peek();
      if (quote != '"' && quote != '\'') return failed("unquoted attribute '" + attribute + "'");
      i_++;
      while (peek() != quote) {
        if (i_ >= s_.size() || peek() == '<') return failed("bad value of '" + attribute + "'");
        if (peek() == '&') {
          if (!reference()) return false;
        } else {
          i_++;
        }
      }
      i_++;
    }
    self_closing = peek() == '/';
    if (self_closing) i_++;
    if (peek() != '>') return failed("tag not closed by '>'");
    i_++;
    return true;
  }

  // At '<' of a start tag: the element with its content and end tag.
  bool element() {
    i_++;
    const std::string tag = name();
    if (tag.empty()) return failed("bad tag name");
    bool self_closing = false;
    if (!attributes(self_closing)) return false;
    if (self_closing) return true;
    while (true) {
      if (i_ >= s_.size()) return failed("<" + tag + "> never closed");
      if (peek() == '&') {
        if (!reference()) return false;
      } else if (peek() != '<') {
        i_++;
      } else if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        const std::string end = name();
        if (end != tag) return failed("</" + end + "> closes <" + tag + ">");
        skip_space();
        if (peek() != '>') return failed("end tag not closed by '>'");
        i_++;
        return true;
      } else if (!element()) {
        return false;
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

inline std::string xml_error(std::string_view text) {
  return XmlChecker(text).check();
}

// How many times `needle` occurs in `text`.
inline std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    n++;
  }
  return n;
}

}  // namespace clift::bench::testing
