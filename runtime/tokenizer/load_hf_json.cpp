// tokenizer.json as Hugging Face writes it: a byte-level BPE model (model.vocab, model.merges) and
// added_tokens, which are the special tokens.
#include <algorithm>
#include <array>
#include <optional>

#include <nlohmann/json.hpp>

#include "platform/error.hpp"
#include "runtime/tokenizer/token_index.hpp"
#include "runtime/tokenizer/utf8.hpp"
#include "runtime/tokenizer/vocabulary.hpp"

namespace clift {

namespace {

using nlohmann::json;

// Vocabulary keys are written in GPT-2's byte-level alphabet: printable bytes stand for themselves,
// the 68 others for U+0100 onwards, in byte order. This table maps a code point back to its byte.
constexpr std::size_t kAlphabetSize = 256 + 68;

std::array<std::int16_t, kAlphabetSize> make_alphabet() {
  std::array<std::int16_t, kAlphabetSize> byte_of{};
  byte_of.fill(-1);
  std::size_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    byte_of[printable ? static_cast<std::size_t>(b) : next++] = static_cast<std::int16_t>(b);
  }
  return byte_of;
}

std::optional<std::string> byte_level_decode(std::string_view key) {
  static const auto byte_of = make_alphabet();
  std::string bytes;
  while (!key.empty()) {
    const utf8::Char c = utf8::next_char(key);
    if (c.kind != utf8::Char::Kind::complete || c.code_point >= kAlphabetSize ||
        byte_of[c.code_point] < 0) {
      return std::nullopt;
    }
    bytes.push_back(static_cast<char>(byte_of[c.code_point]));
    key.remove_prefix(c.size);
  }
  return bytes;
}

// What the reader needs from the file, as it is lexed. The 9 MB Llama 3 file has 128k vocabulary
// entries and 280k merges; a document of them (std::map nodes, one string each) costs more than
// all the rest of the load, so the parse keeps only these.
struct TokenizerJson {
  struct Added {
    std::optional<std::int64_t> id;
    std::optional<std::string> content;
  };
  bool top_is_object = false;
  bool has_model = false, has_vocab = false, has_merges = false;
  std::optional<std::string> model_type;
  std::vector<std::pair<std::string, std::int64_t>> vocab;  // key as written, id
  std::vector<std::pair<std::string, std::string>> merges;  // left, right as written
  std::vector<Added> added;
};

// nlohmann's SAX interface over the few paths above; everything else is lexed and dropped.
class TokenizerJsonSax {
 public:
  TokenizerJsonSax(TokenizerJson& out, const std::string& path) : out_(out), path_(path) {}

  bool null() { return scalar("null"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool number_integer(json::number_integer_t v) { return number(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    return number(v > std::uint64_t{INT64_MAX} ? -1 : static_cast<std::int64_t>(v));
  }
  bool number_float(json::number_float_t, const json::string_t&) { return scalar("a float"); }
  bool binary(json::binary_t&) { return scalar("binary"); }

  bool string(json::string_t& s) {
    if (frames_.empty()) return true;
    Frame& top = frames_.back();
    switch (top.role) {
      case Role::model:
        if (top.key == "type") out_.model_type = s;
        break;
      case Role::merges:
        add_merge_text(s, top.count);
        break;
      case Role::merge_pair:
        top.parts.push_back(std::move(s));
        break;
      case Role::added_token:
        if (top.key == "content") out_.added.back().content = std::move(s);
        break;
      case Role::vocab:
        fail("model.vocab[\"" + top.key + "\"]: id \"" + s + "\", expected an integer");
      default:
        break;
    }
    ++top.count;
    return true;
  }

  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool key(json::string_t& k) {
    frames_.back().key = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    throw Error(path_ + ": not valid JSON: " + e.what());
  }

 private:
  enum class Role { root, model, vocab, merges, merge_pair, added, added_token, other };
  struct Frame {
    Role role;
    std::string key;  // the object's current key
    std::size_t count = 0;
    std::vector<std::string> parts;  // merge_pair
  };

  [[noreturn]] void fail(const std::string& what) const { throw Error(path_ + ": " + what); }

  Role child_role(bool object) const {
    if (frames_.empty()) return object ? Role::root : Role::other;
    const Frame& parent = frames_.back();
    switch (parent.role) {
      case Role::root:
        if (parent.key == "model" && object) return Role::model;
        if (parent.key == "added_tokens" && !object) return Role::added;
        return Role::other;
      case Role::model:
        if (parent.key == "vocab" && object) return Role::vocab;
        if (parent.key == "merges" && !object) return Role::merges;
        return Role::other;
      case Role::merges:
        if (object) bad_merge(parent.count);
        return Role::merge_pair;
      case Role::added:
        if (!object) fail("added_tokens[" + std::to_string(parent.count) + "]: expected an object");
        return Role::added_token;
      case Role::vocab:
        fail("model.vocab[\"" + parent.key + "\"]: expected an integer id");
      default:
        return Role::other;
    }
  }

  bool open(bool object) {
    const Role role = child_role(object);
    if (frames_.empty()) out_.top_is_object = object;
    if (role == Role::model) out_.has_model = true;
    if (role == Role::vocab) out_.has_vocab = true;
    if (role == Role::merges) out_.has_merges = true;
    if (role == Role::added_token) out_.added.emplace_back();
    frames_.push_back({role, {}, 0, {}});
    return true;
  }

  bool close() {
    Frame done = std::move(frames_.back());
    frames_.pop_back();
    if (done.role == Role::merge_pair) {
      if (done.parts.size() != 2 || done.count != 2) bad_merge(frames_.back().count);
      out_.merges.emplace_back(std::move(done.parts[0]), std::move(done.parts[1]));
    }
    if (!frames_.empty()) ++frames_.back().count;
    return true;
  }

  bool number(std::int64_t v) {
    if (frames_.empty()) return true;
    Frame& top = frames_.back();
    if (top.role == Role::vocab) {
      out_.vocab.emplace_back(std::move(top.key), v);
    } else if (top.role == Role::added_token && top.key == "id") {
      out_.added.back().id = v;
    } else {
      return scalar("a number");
    }
    ++top.count;
    return true;
  }

  // A value that none of the kept paths can hold.
  bool scalar(const char* what) {
    if (frames_.empty()) return true;
    Frame& top = frames_.back();
    if (top.role == Role::vocab) {
      fail("model.vocab[\"" + top.key + "\"]: id is " + what + ", expected an integer");
    }
    if (top.role == Role::merges || top.role == Role::merge_pair) bad_merge(top.count);
    ++top.count;
    return true;
  }

  void add_merge_text(const std::string& text, std::size_t index) {
    const auto space = text.find(' ');
    if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos) {
      bad_merge(index);
    }
    out_.merges.emplace_back(text.substr(0, space), text.substr(space + 1));
  }

  [[noreturn]] void bad_merge(std::size_t index) const {
    fail("model.merges[" + std::to_string(index) + "]: expected \"left right\" or [\"left\", " +
         "\"right\"]");
  }

  TokenizerJson& out_;
  const std::string& path_;
  std::vector<Frame> frames_;
};

}  // namespace

Vocabulary read_hf_json(std::string_view content, const std::string& path) {
  TokenizerJson file;
  TokenizerJsonSax sax(file, path);
  json::sax_parse(content.begin(), content.end(), &sax);
  if (!file.top_is_object) throw Error(path + ": expected a JSON object at the top level");
  if (!file.has_model)
    throw Error(path + ": lacks model, expected an object with vocab and merges");
  if (file.model_type && *file.model_type != "BPE") {
    throw Error(path + ": model.type is \"" + *file.model_type + "\", expected \"BPE\"");
  }
  if (!file.has_vocab) throw Error(path + ": lacks model.vocab, expected an object of token: id");
  if (!file.has_merges) throw Error(path + ": lacks model.merges, expected an array");

  // Ids must fill 0..n-1. An added token may also be in model.vocab (GPT-2 lists <|endoftext|> in
  // both); it is special all the same.
  constexpr std::int64_t kMaxVocabSize = std::int64_t{1} << 24;
  auto check_id = [&](std::int64_t id, const auto& where) {
    if (id < 0 || id >= kMaxVocabSize) {
      throw Error(path + ": " + where() + ": id " + std::to_string(id) +
                  ", expected an integer in 0.." + std::to_string(kMaxVocabSize - 1));
    }
    return static_cast<std::size_t>(id);
  };
  std::size_t vocab_size = 0;
  for (const auto& [key, id] : file.vocab) {
    const auto where = [&] { return "model.vocab[\"" + key + "\"]"; };
    vocab_size = std::max(vocab_size, check_id(id, where) + 1);
  }
  for (std::size_t i = 0; i < file.added.size(); ++i) {
    const auto where = [&] { return "added_tokens[" + std::to_string(i) + "]"; };
    if (!file.added[i].id || !file.added[i].content) {
      throw Error(path + ": " + where() + ": expected an object with id and content");
    }
    vocab_size = std::max(vocab_size, check_id(*file.added[i].id, where) + 1);
  }

  Vocabulary vocab;
  vocab.tokens.resize(vocab_size);
  vocab.special.assign(vocab_size, false);
  std::vector<bool> seen(vocab_size, false);
  for (const auto& [key, id] : file.vocab) {
    const std::string where = path + ": model.vocab[\"" + key + "\"]";
    if (seen[id]) throw Error(where + ": id " + std::to_string(id) + " is used twice");
    seen[id] = true;
    auto bytes = byte_level_decode(key);
    if (!bytes) throw Error(where + ": not in the byte-level alphabet of GPT-2");
    vocab.tokens[id] = std::move(*bytes);
  }
  for (TokenizerJson::Added& token : file.added) {
    const auto id = static_cast<std::size_t>(*token.id);
    seen[id] = true;
    // TODO(non-special added tokens): every added token is treated as special (matched in text,
    // hidden when decoding); Llama 3 has only special ones.
    vocab.tokens[id] = std::move(*token.content);
    vocab.special[id] = true;
  }
  if (const auto hole = std::find(seen.begin(), seen.end(), false); hole != seen.end()) {
    throw Error(path + ": id " + std::to_string(hole - seen.begin()) +
                " is neither in model.vocab nor in added_tokens, expected ids 0.." +
                std::to_string(vocab_size - 1) + " without gaps");
  }

  const TokenIndex ids(vocab.tokens, vocab.special, path);
  auto id_of = [&](const std::string& key, std::size_t rank) {
    const auto bytes = byte_level_decode(key);
    const auto id = bytes ? ids.find(*bytes) : std::nullopt;
    if (!id) {
      throw Error(path + ": model.merges[" + std::to_string(rank) + "]: \"" + key +
                  "\" is not in model.vocab");
    }
    return *id;
  };
  vocab.merges.reserve(file.merges.size());
  for (std::size_t rank = 0; rank < file.merges.size(); ++rank) {
    const std::int32_t left = id_of(file.merges[rank].first, rank);
    const std::int32_t right = id_of(file.merges[rank].second, rank);
    const auto merged = ids.find(vocab.tokens[left] + vocab.tokens[right]);
    if (!merged) {
      throw Error(path + ": model.merges[" + std::to_string(rank) +
                  "]: the merged token is not in model.vocab");
    }
    vocab.merges.push_back({left, right, *merged, static_cast<std::int32_t>(rank)});
  }
  return vocab;
}

}  // namespace clift
