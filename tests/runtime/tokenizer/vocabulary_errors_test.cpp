// Malformed vocabulary files: each is a clift::Error that names the file and what was expected,
// never a crash.
#include <algorithm>
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "runtime/tokenizer/tokenizer.hpp"
#include "tests/runtime/tokenizer/test_vocabularies.hpp"

namespace clift {
namespace {

using testing::TempFile;

// The message of the Error that loading content raises ("" and a test failure when none).
std::string load_error(const std::string& name, const std::string& content) {
  const TempFile file(name, content);
  try {
    Tokenizer::load(file.path());
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file.path()), std::string::npos) << "the message names no file: " << what;
    return what;
  }
  ADD_FAILURE() << name << " loaded without an error";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(VocabularyErrors, EmptyFile) {
  EXPECT_TRUE(contains(load_error("empty", ""), "empty file"));
}

TEST(VocabularyErrors, MissingFile) {
  EXPECT_THROW(Tokenizer::load("/nonexistent/clift/tokenizer.model"), Error);
}

// The layout has no token count, so a cut between two tokens is a shorter vocabulary, which
// loads once it has every byte and <|begin_of_text|> (the first special); every other cut fails.
TEST(VocabularyErrors, EveryTruncationOfTokenizerBin) {
  const testing::TinyVocabulary tiny;
  const std::string bin = tiny.llama2c_bin();
  std::vector<std::size_t> token_ends;  // file size after each token
  std::size_t end = 4;
  for (const auto& t : tiny.ordinary)
    token_ends.push_back(end += 8 + t.size());
  for (const auto& t : tiny.special)
    token_ends.push_back(end += 8 + t.size());
  ASSERT_EQ(end, bin.size());

  for (std::size_t size = 1; size < bin.size(); ++size) {
    const auto boundary = std::find(token_ends.begin(), token_ends.end(), size);
    const auto tokens = static_cast<std::size_t>(boundary - token_ends.begin()) + 1;
    if (boundary != token_ends.end() && tokens > tiny.ordinary.size()) {
      const TempFile file("shorter.bin", bin.substr(0, size));
      EXPECT_EQ(Tokenizer::load(file.path()).vocab_size(), tokens) << "cut at " << size;
    } else {
      ASSERT_FALSE(load_error("truncated.bin", bin.substr(0, size)).empty()) << "cut at " << size;
    }
  }
  EXPECT_TRUE(contains(load_error("truncated.bin", bin.substr(0, 10)), "truncated"));
  EXPECT_TRUE(contains(load_error("truncated.bin", bin.substr(0, bin.size() - 3)), "truncated"));
}

TEST(VocabularyErrors, TokenizerBinWithAnImpossibleLength) {
  std::string bin = testing::TinyVocabulary().llama2c_bin();
  const std::int32_t huge = 1 << 30;
  std::memcpy(bin.data() + 8, &huge, 4);  // the first token's length
  EXPECT_TRUE(contains(load_error("length.bin", bin), "length 1073741824"));
}

TEST(VocabularyErrors, BadBase64) {
  const std::string what = load_error("bad.model", "IQ== 0\n!!!! 1\n");
  EXPECT_TRUE(contains(what, ":2:")) << what;
  EXPECT_TRUE(contains(what, "invalid base64")) << what;
  EXPECT_TRUE(contains(load_error("pad.model", "IQ=A 0\n"), "invalid base64"));
  EXPECT_TRUE(contains(load_error("rank.model", "IQ== 0\nIg== 5\n"), "rank 5, expected 1"));
  EXPECT_TRUE(contains(load_error("missing.model", "IQ== 0\nIg==\n"), "base64bytes rank"));
}

TEST(VocabularyErrors, TiktokenWithoutEveryByte) {
  EXPECT_TRUE(contains(load_error("bytes.model", "IQ== 0\nIg== 1\n"), "no token for byte 0x00"));
}

TEST(VocabularyErrors, JsonThatIsNotJson) {
  EXPECT_TRUE(contains(load_error("bad.json", "{ \"model\": { \"vocab\": "), "not valid JSON"));
  EXPECT_TRUE(contains(load_error("bad.json", "{ this is not json }"), "not valid JSON"));
}

TEST(VocabularyErrors, JsonWithoutModelVocab) {
  EXPECT_TRUE(contains(load_error("novocab.json", R"({"model": {"merges": []}})"), "model.vocab"));
  EXPECT_TRUE(contains(load_error("nomodel.json", R"({"added_tokens": []})"), "lacks model"));
  EXPECT_TRUE(
      contains(load_error("type.json", R"({"model": {"type": "Unigram", "vocab": {}}})"), "BPE"));
}

TEST(VocabularyErrors, JsonWithBadEntries) {
  EXPECT_TRUE(
      contains(load_error("id.json", R"({"model": {"vocab": {"a": -1}, "merges": []}})"), "id -1"));
  EXPECT_TRUE(contains(load_error("gap.json", R"({"model": {"vocab": {"a": 1}, "merges": []}})"),
                       "id 0 is neither"));
  EXPECT_TRUE(contains(
      load_error("merge.json", R"({"model": {"vocab": {"a": 0, "b": 1}, "merges": ["a c"]}})"),
      "model.merges[0]"));
  EXPECT_TRUE(
      contains(load_error("merged.json",
                          R"({"model": {"vocab": {"a": 0, "b": 1}, "merges": [["a", "b"]]}})"),
               "merged token"));
}

TEST(VocabularyErrors, UnrecognizedFormat) {
  EXPECT_TRUE(contains(load_error("text.txt", "just some words\n"), "unrecognized"));
}

TEST(VocabularyErrors, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string junk(std::uniform_int_distribution<std::size_t>(1, 600)(rng), '\0');
    for (char& c : junk)
      c = static_cast<char>(rng());
    if (i % 2 == 0)
      std::memcpy(junk.data(), "\x20\x00\x00\x00", std::min<std::size_t>(4, junk.size()));
    EXPECT_FALSE(load_error("junk", junk).empty());
  }
}

}  // namespace
}  // namespace clift
