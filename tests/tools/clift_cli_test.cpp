// The clift runner end to end, as a user drives it: small synthetic and conformance models.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/conformance.hpp"
#include "tests/support/run_command.hpp"

namespace clift {
namespace {

using testing_support::run_command;

testing_support::CommandResult clift(const std::vector<std::string>& args,
                                     const std::string& stdin_text = "") {
  return run_command("tools/clift/clift", args, stdin_text);
}

std::size_t count_lines(const std::string& s) {
  return std::count(s.begin(), s.end(), '\n');
}

TEST(CliftCliTest, GeneratesTokenIdsAndReportsBothTimings) {
  const auto r = clift({"--synthetic", "tiny", "--tokens", "1,2,3", "-n", "5", "--temp", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream ids(r.out);
  std::vector<int> generated{std::istream_iterator<int>(ids), std::istream_iterator<int>()};
  EXPECT_EQ(generated.size(), 5u) << r.out;
  EXPECT_NE(r.err.find("Prompt processing (prefill): 3 tokens in"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Token generation  (decode):  4 tokens in"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("backend "), std::string::npos);
}

TEST(CliftCliTest, SameSeedSameTextOtherSeedOtherText) {
  const std::vector<std::string> base{"--synthetic", "tiny",   "--tokens", "5,6",     "-n",
                                      "24",          "--temp", "1.5",      "--top-k", "0"};
  auto with_seed = [&](const char* seed) {
    auto args = base;
    args.insert(args.end(), {"-s", seed});
    const auto r = clift(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_EQ(with_seed("7"), with_seed("7"));
  EXPECT_NE(with_seed("7"), with_seed("8"));
}

TEST(CliftCliTest, SynthFileRunsLikeTheInMemoryModel) {
  const auto file = std::filesystem::temp_directory_path() / "clift-cli-tiny.bin";
  const auto w = run_command("tools/clift-synth/clift-synth",
                             {"--preset", "tiny", "--seed", "9", "-o", file.string()});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const std::vector<std::string> run{"--tokens", "1,2,3", "-n", "6", "--temp", "0"};
  auto from_file = std::vector<std::string>{"-m", file.string()};
  auto in_memory = std::vector<std::string>{"--synthetic", "tiny", "--synthetic-seed", "9"};
  from_file.insert(from_file.end(), run.begin(), run.end());
  in_memory.insert(in_memory.end(), run.begin(), run.end());
  const auto a = clift(from_file), b = clift(in_memory);
  std::filesystem::remove(file);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(CliftCliTest, BadInputIsOneErrorLineAndNonZeroExit) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--synthetic", "tiny", "--bogus"}, "unknown option '--bogus'"},
      {{"-m", "/nonexistent/model.bin", "--tokens", "1"}, "cannot open"},
      {{"--synthetic", "huge"}, "unknown preset"},
      {{"--synthetic", "tiny", "-n", "abc", "--tokens", "1"}, "-n: 'abc' is not a valid number"},
      {{"--synthetic", "tiny", "--tokens", "1,2,3,4,5,6,7,8,9", "-c", "8"},
       "longer than the context"},
      {{"--synthetic", "tiny", "--tokens", "1,999999"}, "outside the vocabulary"},
      {{"--synthetic", "tiny", "--tokens", "1", "--backend", "quantum"}, "unknown backend"},
      {{"--tokens", "1"}, "give exactly one of -m MODEL and --synthetic PRESET"},
      {{"--synthetic", "tiny", "--tokens", "1", "-m", "x"}, "give exactly one of"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = clift(args);
    EXPECT_EQ(r.exit_code, 1) << args.back();
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  }
}

TEST(CliftCliTest, HelpListsTheOriginalOptions) {
  const auto r = clift({"-h"});
  ASSERT_EQ(r.exit_code, 0);
  for (const char* option : {"-m ", "-z ", "-p ", "-f ", "-n ", "-s ", "-t ", "--temp", "--top-p",
                             "--top-k", "-c ", "-b ", "-v ", "--backend", "--tokens",
                             "--logits-out", "--logits-last", "--rope-factor", "--chat"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

TEST(CliftCliTest, LogitsOutMatchesTheGoldenFile) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  std::ifstream golden_file(dir / "golden" / "a-p40.json");
  const auto golden = nlohmann::json::parse(golden_file);
  std::string ids;
  for (const auto& id : golden["prompt"]) {
    if (!ids.empty()) ids += ',';
    ids += std::to_string(id.get<int>());
  }

  const auto out = std::filesystem::temp_directory_path() / "clift-cli-logits.json";
  const auto r = clift({"-m", (dir / "models" / "a.bin").string(), "--tokens", ids, "-n",
                        std::to_string(golden["greedy"].size()), "--temp", "0", "--logits-out",
                        out.string(), "--logits-last", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream report_file(out);
  const auto report = nlohmann::json::parse(report_file);
  std::filesystem::remove(out);

  EXPECT_EQ(report["prompt"], golden["prompt"]);
  EXPECT_EQ(report["greedy"], golden["greedy"]);
  EXPECT_EQ(report["logits_from"].get<int>(), 35);
  ASSERT_EQ(report["logits"].size(), 5u);
  for (std::size_t r_i = 0; r_i < 5; r_i++) {
    const auto& got = report["logits"][r_i];
    const auto& want = golden["logits"][35 + r_i];
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t v = 0; v < got.size(); v++) {
      ASSERT_NEAR(got[v].get<float>(), want[v].get<float>(), 1e-4)
          << "row " << r_i << " token " << v;
    }
  }
}

TEST(CliftCliTest, TextPromptThroughTheModelsTokenizer) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const auto r = clift({"-m", (dir / "models" / "a.bin").string(), "-z",
                        (dir / "models" / "a-hf" / "tokenizer.json").string(), "-p",
                        "Once upon a time", "-n", "8", "--temp", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("[Once upon a time]", 0), 0u) << r.out;
  EXPECT_GT(r.out.size(), std::string("[Once upon a time]\n").size());
}

TEST(CliftCliTest, TokenizerThatDoesNotFitTheModelIsAnError) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const auto r = clift({"-m", (dir / "models" / "a.bin").string(), "-z",
                        (dir / "tokenizer" / "tokenizer.json").string(), "-p", "hello"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("do not belong together"), std::string::npos) << r.err;
}

TEST(CliftCliTest, ChatKeepsTheConversationAcrossPipedTurns) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const auto r = clift({"-m", (dir / "models" / "b.bin").string(), "--rope-factor", "32", "-z",
                        (dir / "models" / "a-hf" / "tokenizer.json").string(), "--chat", "--system",
                        "Be brief.", "-n", "6", "--temp", "0", "-v"},
                       "Hello there\nAnd again\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // -v reports each turn's prompt size. The second turn's prompt holds only the closing token of
  // the first reply and the new user turn, not the first turn again: the cache kept it.
  std::vector<int> prompt_sizes;
  for (std::size_t at = r.err.find("\n> ["); at != std::string::npos;
       at = r.err.find("\n> [", at + 1)) {
    prompt_sizes.push_back(std::stoi(r.err.substr(at + 4)));
  }
  ASSERT_EQ(prompt_sizes.size(), 2u) << r.err;
  EXPECT_LT(prompt_sizes[1], prompt_sizes[0]);
  EXPECT_GE(count_lines(r.out), 2u) << r.out;  // a line ends each reply
}

}  // namespace
}  // namespace clift
