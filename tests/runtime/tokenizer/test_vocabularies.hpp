#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "runtime/tokenizer/tokenizer.hpp"

namespace clift::testing {

// Each vocabulary file is loaded once per test process: a full Llama 3 one takes a moment.
inline const Tokenizer& cached_tokenizer(const std::filesystem::path& file) {
  static std::map<std::string, Tokenizer> cache;
  auto it = cache.find(file.string());
  if (it == cache.end()) it = cache.emplace(file.string(), Tokenizer::load(file.string())).first;
  return it->second;
}

// A scratch file under the system's temporary folder, removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("clift-tokenizer-test-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A tiny byte-level vocabulary written by hand: the 256 bytes, a few merges, then the specials,
// so that format and error tests need no conformance data.
struct TinyVocabulary {
  std::vector<std::string> ordinary;  // rank order
  std::vector<std::string> special;

  TinyVocabulary() {
    for (int b = 0; b < 256; ++b)
      ordinary.emplace_back(1, static_cast<char>(b));
    for (const char* t : {"he", "ll", "hell", "hello", " w", "or", " wor", " world", "\n\n"}) {
      ordinary.emplace_back(t);
    }
    special = {"<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>",
               "<|eot_id|>"};
  }

  std::string llama2c_bin() const {
    std::string out;
    auto put_i32 = [&out](std::int32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    put_i32(32);
    std::int32_t id = 0;
    auto put_token = [&](const std::string& t) {
      const auto score = static_cast<float>(id++);
      out.append(reinterpret_cast<const char*>(&score), 4);
      put_i32(static_cast<std::int32_t>(t.size()));
      out += t;
    };
    for (const auto& t : ordinary)
      put_token(t);
    for (const auto& t : special)
      put_token(t);
    return out;
  }

  // Hugging Face's form; merges as "left right" strings or as [left, right] pairs.
  std::string hf_json(bool pair_merges) const {
    nlohmann::json vocab = nlohmann::json::object();
    for (std::size_t id = 0; id < ordinary.size(); ++id)
      vocab[byte_level(ordinary[id])] = id;
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"},
        {" ", "w"}, {"o", "r"}, {" w", "or"}, {"\n", "\n"}};
    nlohmann::json merge_list = nlohmann::json::array();
    for (const auto& [left, right] : merges) {
      if (pair_merges) {
        merge_list.push_back({byte_level(left), byte_level(right)});
      } else {
        merge_list.push_back(byte_level(left) + " " + byte_level(right));
      }
    }
    nlohmann::json added = nlohmann::json::array();
    for (std::size_t i = 0; i < special.size(); ++i) {
      added.push_back({{"id", ordinary.size() + i}, {"content", special[i]}, {"special", true}});
    }
    return nlohmann::json{{"added_tokens", added},
                          {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merge_list}}}}
        .dump();
  }

  // GPT-2's byte-level alphabet: printable bytes as themselves, the others from U+0100 in order.
  static std::string byte_level(const std::string& bytes) {
    std::string out;
    for (const char c : bytes) {
      const int b = static_cast<unsigned char>(c);
      int code_point = b;
      if (!((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174)) {
        code_point = 256;
        for (int other = 0; other < b; ++other) {
          if (!((other >= 33 && other <= 126) || (other >= 161 && other <= 172) || other >= 174)) {
            ++code_point;
          }
        }
      }
      if (code_point < 0x80) {
        out += static_cast<char>(code_point);
      } else {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
      }
    }
    return out;
  }

  std::string tiktoken() const {
    static constexpr char kDigits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t rank = 0; rank < ordinary.size(); ++rank) {
      const std::string& t = ordinary[rank];
      for (std::size_t i = 0; i < t.size(); i += 3) {
        std::uint32_t bits = static_cast<std::uint8_t>(t[i]) << 16;
        if (i + 1 < t.size()) bits |= static_cast<std::uint8_t>(t[i + 1]) << 8;
        if (i + 2 < t.size()) bits |= static_cast<std::uint8_t>(t[i + 2]);
        out += kDigits[(bits >> 18) & 63];
        out += kDigits[(bits >> 12) & 63];
        out += i + 1 < t.size() ? kDigits[(bits >> 6) & 63] : '=';
        out += i + 2 < t.size() ? kDigits[bits & 63] : '=';
      }
      out += ' ';
      out += std::to_string(rank);
      out += '\n';
    }
    return out;
  }
};

}  // namespace clift::testing
