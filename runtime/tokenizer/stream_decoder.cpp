#include "runtime/tokenizer/tokenizer.hpp"
#include "runtime/tokenizer/utf8.hpp"

namespace clift {

namespace {

// Moves the complete characters of pending to out, U+FFFD for each ill-formed subpart; at the end
// of the stream an incomplete character is ill-formed too, otherwise it stays for the next token.
void drain(std::string& pending, std::string& out, bool end_of_stream) {
  std::size_t pos = 0;
  while (pos < pending.size()) {
    const utf8::Char c = utf8::next_char(std::string_view(pending).substr(pos));
    if (c.kind == utf8::Char::Kind::incomplete && !end_of_stream) break;
    if (c.kind == utf8::Char::Kind::complete) {
      out.append(pending, pos, c.size);
    } else {
      out += utf8::kReplacement;
    }
    pos += c.size;
  }
  pending.erase(0, pos);
}

}  // namespace

TokenStreamDecoder::TokenStreamDecoder(const Tokenizer& tokenizer, bool print_special)
    : tokenizer_(&tokenizer), print_special_(print_special) {}

std::string TokenStreamDecoder::push(std::int32_t id) {
  std::string out;
  if (tokenizer_->is_special(id)) {
    // A special token is not text: it cannot finish a character begun before it.
    if (print_special_) {
      drain(pending_, out, true);
      out += tokenizer_->token_bytes(id);
    }
    return out;
  }
  pending_ += tokenizer_->token_bytes(id);
  drain(pending_, out, false);
  return out;
}

std::string TokenStreamDecoder::finish() {
  std::string out;
  drain(pending_, out, true);
  return out;
}

}  // namespace clift
