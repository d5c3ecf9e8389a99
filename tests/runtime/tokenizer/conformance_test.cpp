// Every case of the conformance tokenization files through every vocabulary file that holds it.
#include <algorithm>
#include <fstream>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "runtime/tokenizer/tokenizer.hpp"
#include "runtime/tokenizer/vocabulary.hpp"
#include "tests/runtime/tokenizer/test_vocabularies.hpp"
#include "tests/support/conformance.hpp"

namespace clift {
namespace {

using testing::cached_tokenizer;

struct Case {
  std::string text;
  std::vector<std::int32_t> ids;
};

std::vector<Case> read_cases(const std::filesystem::path& file) {
  std::ifstream in(file);
  const auto cases = nlohmann::json::parse(in);
  std::vector<Case> out;
  for (const auto& c : cases)
    out.push_back({c["text"], c["ids"]});
  return out;
}

void expect_cases(const std::filesystem::path& vocab_file,
                  const std::filesystem::path& cases_file) {
  const Tokenizer& tokenizer = cached_tokenizer(vocab_file);
  const auto cases = read_cases(cases_file);
  ASSERT_GE(cases.size(), 30u) << cases_file;
  for (const Case& c : cases) {
    EXPECT_EQ(tokenizer.encode(c.text, false), c.ids) << vocab_file << ": \"" << c.text << "\"";
    EXPECT_EQ(tokenizer.encode_reference(c.text, false), c.ids)
        << vocab_file << " (reference BPE): \"" << c.text << "\"";
    EXPECT_EQ(tokenizer.decode(c.ids), c.text) << vocab_file;
  }
}

TEST(TokenizerConformance, TiktokenModel) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_cases(dir / "tokenizer/tokenizer.model", dir / "tokenizer/tokenization.json");
}

TEST(TokenizerConformance, HuggingFaceJson) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_cases(dir / "tokenizer/tokenizer.json", dir / "tokenizer/tokenization.json");
}

TEST(TokenizerConformance, Llama2cBin) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_cases(dir / "tokenizer/tokenizer.bin", dir / "tokenizer/tokenization.json");
}

TEST(TokenizerConformance, SmallVocabulary) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const std::filesystem::path vocab = dir / "models/a-hf/tokenizer.json";
  expect_cases(vocab, dir / "tokenizer/tokenization-small.json");
  const Tokenizer& tokenizer = cached_tokenizer(vocab);
  EXPECT_EQ(tokenizer.vocab_size(), 1024u);
  EXPECT_EQ(tokenizer.bos_id(), 1016);
  EXPECT_EQ(tokenizer.special_id("<|eot_id|>"), 1020);
  EXPECT_EQ(tokenizer.end_of_generation_ids(), (std::vector<std::int32_t>{1017, 1020}));
}

TEST(TokenizerConformance, FormatsAgreeOnEveryToken) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const Tokenizer& model = cached_tokenizer(dir / "tokenizer/tokenizer.model");
  const Tokenizer& json = cached_tokenizer(dir / "tokenizer/tokenizer.json");
  const Tokenizer& bin = cached_tokenizer(dir / "tokenizer/tokenizer.bin");
  ASSERT_EQ(model.vocab_size(), 128256u);
  ASSERT_EQ(json.vocab_size(), 128256u);
  ASSERT_EQ(bin.vocab_size(), 128256u);
  for (std::int32_t id = 0; id < 128256; ++id) {
    ASSERT_EQ(json.is_special(id), id >= 128000) << id;
    ASSERT_EQ(bin.is_special(id), id >= 128000) << id;
    ASSERT_EQ(model.is_special(id), id >= 128000) << id;
    ASSERT_EQ(json.token_bytes(id), bin.token_bytes(id)) << id;
    // tokenizer.model names its specials as Llama 3.1 does; the conformance tokenizer.json is
    // Llama 3.0's, which calls 128004, 128005, 128008, 128010 and up reserved.
    if (id < 128000) {
      ASSERT_EQ(model.token_bytes(id), json.token_bytes(id)) << id;
    }
  }
  EXPECT_EQ(model.special_id("<|eom_id|>"), 128008);
  EXPECT_EQ(model.special_id("<|python_tag|>"), 128010);
  EXPECT_EQ(model.special_id("<|reserved_special_token_247|>"), 128255);
  EXPECT_EQ(json.special_id("<|reserved_special_token_4|>"), 128008);
  EXPECT_EQ(model.end_of_generation_ids(), (std::vector<std::int32_t>{128001, 128009, 128008}));
  EXPECT_EQ(json.end_of_generation_ids(), (std::vector<std::int32_t>{128001, 128009}));
}

// The merges that tiktoken ranks imply are exactly the pairs Hugging Face's converter wrote.
TEST(TokenizerConformance, DerivedMergesMatchTokenizerJson) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const std::string model_path = (dir / "tokenizer/tokenizer.model").string();
  const std::string json_path = (dir / "tokenizer/tokenizer.json").string();
  auto triples = [](const Vocabulary& v) {
    std::vector<std::tuple<std::int32_t, std::int32_t, std::int32_t>> out;
    for (const Merge& m : v.merges)
      out.emplace_back(m.merged, m.left, m.right);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto derived = triples(load_vocabulary(model_path));
  const auto written = triples(load_vocabulary(json_path));
  EXPECT_EQ(derived.size(), 280147u);
  EXPECT_TRUE(derived == written);
}

}  // namespace
}  // namespace clift
