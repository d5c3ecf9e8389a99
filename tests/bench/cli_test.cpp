// The built clift-bench, run end to end: the two output channels, the exit codes, the files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/bench/xml_check.hpp"

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("clift-bench-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Outcome run(const std::string& args) {
    const std::string binary = CLIFT_BINARY_DIR "/bench/clift-bench/clift-bench";
    const auto err_path = dir_ / "stderr.txt";
    const std::string command = binary + " " + args + " 2>" + err_path.string();
    Outcome o;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return o;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
      o.out.append(buf, n);
    const int status = pclose(pipe);
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.err = slurp(err_path);
    return o;
  }

  std::filesystem::path dir_;
};

// A quick real run: the tiny preset, one repetition, a small bandwidth buffer.
constexpr const char* kQuick = "--synthetic tiny -p 4 -n 2 -t 1 -r 1 --bw-mib 16";

TEST_F(CliTest, JsonOnStdoutAndProgressOnStderr) {
  const Outcome o = run(std::string(kQuick) + " -o json --plot " + (dir_ / "plots").string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);  // stdout holds the report and nothing else
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["test"], "pp4");
  EXPECT_EQ(j[1]["test"], "tg2");
  EXPECT_GT(j[1]["avg_ts"].get<double>(), 0);
  EXPECT_NE(o.err.find("read bandwidth"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("FMA peak"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("[2/2]"), std::string::npos) << o.err;
  for (const char* name : {"scaling.svg", "roofline.svg"}) {
    const std::string svg = slurp(dir_ / "plots" / name);
    EXPECT_EQ(clift::bench::testing::xml_error(svg), "") << name;
    EXPECT_EQ(clift::bench::testing::count_of(svg, "class=\"point\""), 2u) << name;
  }
}

TEST_F(CliTest, MarkdownTableByDefault) {
  const Outcome o = run(kQuick);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(o.out.starts_with("| model ")) << o.out;
  EXPECT_EQ(clift::bench::testing::count_of(o.out, "| synthetic:tiny "), 2u) << o.out;
}

TEST_F(CliTest, BadInputIsOneLineOnStderrAndExitCodeOne) {
  for (const std::string args :
       {"--synthetic tiny --frobnicate", "--synthetic tiny -p x", "--synthetic nosuch",
        "--synthetic tiny --backend nosuch", "-m /nonexistent/model.bin"}) {
    const Outcome o = run(args);
    EXPECT_EQ(o.exit_code, 1) << args;
    EXPECT_EQ(o.out, "") << args;
    EXPECT_TRUE(o.err.starts_with("clift-bench: ")) << args << ": " << o.err;
    EXPECT_EQ(clift::bench::testing::count_of(o.err, "\n"), 1u) << args << ": " << o.err;
  }
}

TEST_F(CliTest, HelpPrintsUsage) {
  const Outcome o = run("-h");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_TRUE(o.out.starts_with("usage: clift-bench")) << o.out;
}

}  // namespace
