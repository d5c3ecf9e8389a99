// Behaviour of the tokenizer beyond the conformance cases: round trips, special tokens, BOS,
// streaming decode, the chat format and long inputs.
#include <algorithm>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/tokenizer/tokenizer.hpp"
#include "runtime/tokenizer/utf8.hpp"
#include "tests/runtime/tokenizer/test_vocabularies.hpp"
#include "tests/support/conformance.hpp"

namespace clift {
namespace {

using testing::cached_tokenizer;

// Random valid UTF-8 from a seeded generator, weighted toward what BPE splits in interesting ways:
// words, digits, runs of spaces and newlines, punctuation, and 2-, 3- and 4-byte characters.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::pair<char32_t, char32_t>> kRanges = {
      {'a', 'z'},       {'A', 'Z'},         {'0', '9'},          {' ', ' '},
      {'\n', '\n'},     {'\r', '\r'},       {'\t', '\t'},        {'!', '/'},
      {0xE0, 0xFF},     {0x300, 0x36F},     {0x400, 0x4FF},      {0x3040, 0x30FF},
      {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},   {0x1F300, 0x1F6FF},  {0x2000, 0x206F},
      {0xFFF0, 0xFFFD}, {0x10000, 0x1000F}, {0x10FFF0, 0x10FFFF}};
  std::uniform_int_distribution<std::size_t> pick(0, kRanges.size() - 1);
  std::uniform_int_distribution<int> length(0, 80);
  std::string text;
  for (int n = length(rng); n > 0; --n) {
    const auto [lo, hi] = kRanges[pick(rng)];
    const int run = std::uniform_int_distribution<int>(1, 6)(rng);
    for (int i = 0; i < run; ++i) {
      utf8::append(text, std::uniform_int_distribution<char32_t>(lo, hi)(rng));
    }
  }
  return text;
}

std::string stream_decode(const Tokenizer& tokenizer, const std::vector<std::int32_t>& ids) {
  TokenStreamDecoder decoder(tokenizer);
  std::string out;
  for (const std::int32_t id : ids) {
    const std::string part = decoder.push(id);
    EXPECT_FALSE(utf8::first_invalid_byte(part)) << "push gave part of a character";
    out += part;
  }
  return out + decoder.finish();
}

void expect_round_trips(const Tokenizer& tokenizer, std::uint32_t seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 300; ++i) {
    const std::string text = random_text(rng);
    const auto ids = tokenizer.encode(text, false);
    ASSERT_EQ(tokenizer.decode(ids), text) << tokenizer.path() << " case " << i;
    ASSERT_EQ(tokenizer.encode_reference(text, false), ids) << tokenizer.path() << " case " << i;
    ASSERT_EQ(stream_decode(tokenizer, ids), text) << tokenizer.path() << " case " << i;
  }
}

TEST(Tokenizer, RandomTextRoundTripsThroughLlama3) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_round_trips(cached_tokenizer(dir / "tokenizer/tokenizer.model"), 1);
}

TEST(Tokenizer, RandomTextRoundTripsThroughSmallVocabulary) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  expect_round_trips(cached_tokenizer(dir / "models/a-hf/tokenizer.json"), 2);
}

TEST(Tokenizer, RandomTextRoundTripsThroughTinyVocabulary) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  expect_round_trips(Tokenizer::load(file.path()), 3);
}

TEST(Tokenizer, TinyFormatsEncodeAlike) {
  const testing::TinyVocabulary tiny;
  const testing::TempFile bin("tiny.bin", tiny.llama2c_bin());
  const testing::TempFile model("tiny.model", tiny.tiktoken());
  const testing::TempFile json("tiny.json", tiny.hf_json(false));
  const testing::TempFile json_pairs("tiny-pairs.json", tiny.hf_json(true));
  const auto from_bin = Tokenizer::load(bin.path());
  const auto from_model = Tokenizer::load(model.path());
  const auto from_json = Tokenizer::load(json.path());
  const auto from_json_pairs = Tokenizer::load(json_pairs.path());
  EXPECT_EQ(from_bin.vocab_size(), 265u + 5u);
  EXPECT_EQ(from_model.vocab_size(), 265u + 256u);
  const std::string text = "hello world\n\nhell  worlds";
  // 258 "hell", 259 "hello", 262 " wor", 263 " world", 264 "\n\n". No merge makes " world"
  // (neither " wor"+"ld" nor " worl"+"d" are tokens): only a whole piece can be it.
  EXPECT_EQ(from_bin.encode(text, false),
            (std::vector<std::int32_t>{259, 263, 264, 258, ' ', 262, 'l', 'd', 's'}));
  EXPECT_EQ(from_model.encode(text, false), from_bin.encode(text, false));
  EXPECT_EQ(from_json.encode(text, false), from_bin.encode(text, false));
  EXPECT_EQ(from_json_pairs.encode(text, false), from_bin.encode(text, false));
  for (std::int32_t id = 0; id < 270; ++id) {
    EXPECT_EQ(from_json.token_bytes(id), from_bin.token_bytes(id)) << id;
    EXPECT_EQ(from_json.is_special(id), from_bin.is_special(id)) << id;
  }
  EXPECT_EQ(from_bin.bos_id(), 265);
  EXPECT_EQ(from_model.bos_id(), 265);
}

TEST(Tokenizer, SpecialTokensInText) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  const std::int32_t eot = *tokenizer.special_id("<|eot_id|>");
  EXPECT_TRUE(tokenizer.is_special(eot));
  EXPECT_FALSE(tokenizer.is_special('a'));
  EXPECT_EQ(tokenizer.encode("<|eot_id|><|eot_id|>a<|eot_id|>", false),
            (std::vector<std::int32_t>{eot, eot, 'a', eot}));
  // A name that is not in the vocabulary, or is cut short, stays text.
  const std::string unknown = "<|not_a_token|><|eot_id|";
  const auto ids = tokenizer.encode(unknown, false);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), eot), 0);
  EXPECT_EQ(tokenizer.decode(ids), unknown);
  // encode_ordinary never makes special tokens.
  const auto plain = tokenizer.encode_ordinary("<|eot_id|>");
  EXPECT_EQ(tokenizer.decode(plain), "<|eot_id|>");
  EXPECT_TRUE(std::none_of(plain.begin(), plain.end(),
                           [&](std::int32_t id) { return tokenizer.is_special(id); }));
}

TEST(Tokenizer, BosIsAddedOnceAndASecondDrawsAWarning) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  const std::int32_t bos = tokenizer.bos_id();
  EXPECT_EQ(tokenizer.encode("hello", true), (std::vector<std::int32_t>{bos, 259}));
  EXPECT_EQ(tokenizer.encode("hello", false), (std::vector<std::int32_t>{259}));
  EXPECT_EQ(tokenizer.encode("", true), (std::vector<std::int32_t>{bos}));
  EXPECT_TRUE(tokenizer.encode("", false).empty());

  ::testing::internal::CaptureStderr();
  const auto ids = tokenizer.encode("<|begin_of_text|>hello", true);
  const std::string warning = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(ids, (std::vector<std::int32_t>{bos, bos, 259}));
  EXPECT_NE(warning.find("two BOS"), std::string::npos) << warning;

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(tokenizer.encode("<|begin_of_text|>hello", false),
            (std::vector<std::int32_t>{bos, 259}));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(Tokenizer, InvalidUtf8IsAnError) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  for (const std::string_view bad :
       {"ab\xFF", "\xC0\x80", "\xED\xA0\x80", "x\xE2\x82", "\xF4\x90\x80\x80"}) {
    EXPECT_THROW(tokenizer.encode(bad, false), Error);
  }
  EXPECT_THROW(tokenizer.token_bytes(-1), Error);
  EXPECT_THROW(tokenizer.token_bytes(static_cast<std::int32_t>(tokenizer.vocab_size())), Error);
}

TEST(TokenStreamDecoder, HoldsBackIncompleteCharacters) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  // In the tiny vocabulary the id of a single byte is the byte.
  TokenStreamDecoder decoder(tokenizer);
  EXPECT_EQ(decoder.push('a'), "a");
  EXPECT_EQ(decoder.push(0xF0), "");  // 🦙 is F0 9F A6 99
  EXPECT_EQ(decoder.push(0x9F), "");
  EXPECT_EQ(decoder.push(0xA6), "");
  EXPECT_EQ(decoder.push(0x99), "\xF0\x9F\xA6\x99");
  EXPECT_EQ(decoder.push(0xE2), "");  // € is E2 82 AC
  EXPECT_EQ(decoder.push(0x82), "");
  EXPECT_EQ(decoder.finish(), "\xEF\xBF\xBD");  // cut short at the end: one U+FFFD
  EXPECT_EQ(decoder.finish(), "");

  // Bytes that cannot start or continue a character are replaced at once.
  EXPECT_EQ(decoder.push(0xFF), "\xEF\xBF\xBD");
  EXPECT_EQ(decoder.push(0xC3), "");
  EXPECT_EQ(decoder.push('b'),
            "\xEF\xBF\xBD"
            "b");
}

TEST(TokenStreamDecoder, SpecialTokensArePrintedOnlyWhenAsked) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  const std::int32_t eot = *tokenizer.special_id("<|eot_id|>");
  TokenStreamDecoder quiet(tokenizer);
  EXPECT_EQ(quiet.push(259), "hello");
  EXPECT_EQ(quiet.push(eot), "");
  TokenStreamDecoder loud(tokenizer, true);
  EXPECT_EQ(loud.push(0xC3), "");
  EXPECT_EQ(loud.push(eot), "\xEF\xBF\xBD<|eot_id|>");
}

// A scripted conversation as a chat loop builds it: BOS, the system and user turns and the reply
// header; the assistant's reply as the model would generate it, up to <|eot_id|>; the next user
// turn and header. Ids from the conformance cases and Llama 3's own role tokens.
TEST(ChatTemplate, TwoTurnConversation) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  for (const char* file : {"tokenizer/tokenizer.json", "tokenizer/tokenizer.model"}) {
    const Tokenizer& tokenizer = cached_tokenizer(dir / file);
    const std::int32_t eot = *tokenizer.special_id("<|eot_id|>");
    std::vector<std::int32_t> ids{tokenizer.bos_id()};
    auto add = [&ids](const std::vector<std::int32_t>& more) {
      ids.insert(ids.end(), more.begin(), more.end());
    };
    add(chat_turn_tokens(tokenizer, "system", "Hello world"));
    add(chat_turn_tokens(tokenizer, "user", "  Hi\n"));
    add(chat_reply_header_tokens(tokenizer));
    const std::size_t reply_start = ids.size() - chat_reply_header_tokens(tokenizer).size();
    add(tokenizer.encode_ordinary("Hello\nworld"));
    ids.push_back(eot);
    // A reply that ends in <|eot_id|> is the assistant's turn, as a history re-rendered would be.
    EXPECT_TRUE(std::equal(ids.begin() + static_cast<std::ptrdiff_t>(reply_start), ids.end(),
                           chat_turn_tokens(tokenizer, "assistant", "Hello\nworld").begin()));
    add(chat_turn_tokens(tokenizer, "user", "<|eot_id|>"));
    add(chat_reply_header_tokens(tokenizer));

    // Content that spells a special token stays text, so a user cannot end the turn.
    const auto name_as_text = tokenizer.encode_ordinary("<|eot_id|>");
    ASSERT_GT(name_as_text.size(), 1u);
    EXPECT_EQ(tokenizer.decode(name_as_text), "<|eot_id|>");
    EXPECT_TRUE(std::none_of(name_as_text.begin(), name_as_text.end(),
                             [&](std::int32_t id) { return tokenizer.is_special(id); }));

    std::vector<std::int32_t> expected = {128000,  // BOS
                                          128006, 9125,  128007, 271,    9906,  1917,
                                          128009,  // system: Hello world
                                          128006, 882,   128007, 271,    13347, 128009,  // user: Hi
                                          128006, 78191, 128007, 271,     // assistant header
                                          9906,   198,   14957,  128009,  // reply: Hello\nworld
                                          128006, 882,   128007, 271};  // user: <|eot_id|> as text
    expected.insert(expected.end(), name_as_text.begin(), name_as_text.end());
    expected.insert(expected.end(), {128009, 128006, 78191, 128007, 271});
    EXPECT_EQ(ids, expected) << file;

    // Rendering the same conversation as text (content without special names) gives the same ids.
    const std::string rendered =
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nHello world<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\nHello\nworld<|eot_id|>";
    const auto rendered_ids = tokenizer.encode(rendered, false);
    ASSERT_LT(rendered_ids.size(), expected.size());
    EXPECT_TRUE(std::equal(rendered_ids.begin(), rendered_ids.end(), expected.begin()));

    for (const std::int32_t stop : tokenizer.end_of_generation_ids()) {
      EXPECT_TRUE(tokenizer.is_end_of_generation(stop));
    }
    EXPECT_TRUE(tokenizer.is_end_of_generation(eot));
    EXPECT_FALSE(tokenizer.is_end_of_generation(128006));
  }
}

TEST(ChatTemplate, TurnIsFramedByHeaderAndEot) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  const auto turn = chat_turn_tokens(tokenizer, "user", "hello");
  EXPECT_EQ(turn.front(), *tokenizer.special_id("<|start_header_id|>"));
  EXPECT_EQ(turn.back(), *tokenizer.special_id("<|eot_id|>"));
}

// Long runs exercise the pre-tokenizer's backtracking and the merge heap on pieces of 100k bytes.
TEST(Tokenizer, LongRuns) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  const auto tokenizer = Tokenizer::load(file.path());
  for (const std::string& text :
       {std::string(100000, ' ') + "x", std::string(100000, '\n'), std::string(100000, 'l'),
        std::string(100000, '!') + "\r\n", std::string(30000, '7')}) {
    const auto ids = tokenizer.encode(text, false);
    EXPECT_EQ(tokenizer.decode(ids), text);
  }
  const std::string ls(3000, 'l');
  EXPECT_EQ(tokenizer.encode(ls, false), tokenizer.encode_reference(ls, false));
  EXPECT_EQ(tokenizer.encode(ls, false).size(), 1500u);
}

// Tokenizer is immutable once loaded: copies and moves share it, and threads encode at once.
TEST(Tokenizer, EncodesFromSeveralThreadsAfterAMove) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  Tokenizer loaded = Tokenizer::load(file.path());
  const Tokenizer tokenizer = std::move(loaded);
  std::mt19937 rng(4);
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i)
    texts.push_back(random_text(rng));
  std::vector<std::vector<std::int32_t>> expected;
  for (const auto& text : texts)
    expected.push_back(tokenizer.encode(text, true));

  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      const Tokenizer copy = tokenizer;
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          if (copy.encode(texts[i], true) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(DefaultVocabulary, EnvironmentOverridesAndMissingFileIsExplained) {
  const testing::TempFile file("tiny.bin", testing::TinyVocabulary().llama2c_bin());
  ::setenv("CLIFT_VOCAB", file.path().c_str(), 1);
  EXPECT_EQ(default_vocabulary_path(), file.path());
  ::setenv("CLIFT_VOCAB", "/nonexistent/clift/tokenizer.json", 1);
  try {
    default_vocabulary_path();
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent/clift/tokenizer.json"), std::string::npos) << what;
    EXPECT_NE(what.find("tools/install-deps.sh"), std::string::npos) << what;
    EXPECT_NE(what.find("-z"), std::string::npos) << what;
  }
  ::unsetenv("CLIFT_VOCAB");
}

}  // namespace
}  // namespace clift
