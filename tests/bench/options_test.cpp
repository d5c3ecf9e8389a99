#include "bench/clift-bench/options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/error.hpp"

namespace clift::bench {
namespace {

BenchOptions parse(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"clift-bench"};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

// The message of the clift::Error that parsing throws, or "" when it does not throw.
std::string parse_error(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BenchOptions, DefaultsFollowLlamaBench) {
  const BenchOptions o = parse({"--synthetic", "tiny"});
  EXPECT_EQ(o.n_prompt, std::vector<std::size_t>{512});
  EXPECT_EQ(o.n_gen, std::vector<std::size_t>{128});
  EXPECT_EQ(o.repetitions, 5u);
  EXPECT_TRUE(o.threads.empty());  // the sweep takes the physical cores
  EXPECT_EQ(o.backends, std::vector<std::string>{"auto"});
  EXPECT_EQ(o.output, OutputFormat::kMarkdown);
  EXPECT_EQ(o.tests(), (std::vector<TestSpec>{{512, 0, 0}, {0, 128, 0}}));
}

TEST(BenchOptions, ListsBecomeSweepDimensions) {
  const BenchOptions o = parse(
      {"-m",  "a.bin,b.bin", "--synthetic", "tiny,small",  "-p",     "4,8",          "-n", "0",
       "-pg", "16,2",        "-pg",         "32,4",        "-d",     "0,64",         "-t", "1,2",
       "-b",  "32,64",       "--backend",   "scalar,auto", "--numa", "none,isolate", "-r", "2",
       "-o",  "jsonl",       "--profile",   "--plot",      "out",    "--bw-mib",     "64", "-v"});
  EXPECT_EQ(o.model_paths, (std::vector<std::string>{"a.bin", "b.bin"}));
  EXPECT_EQ(o.synthetic_presets, (std::vector<std::string>{"tiny", "small"}));
  EXPECT_EQ(o.threads, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(o.batch, (std::vector<std::size_t>{32, 64}));
  EXPECT_EQ(o.backends, (std::vector<std::string>{"scalar", "auto"}));
  EXPECT_EQ(o.numa, (std::vector<std::string>{"none", "isolate"}));
  EXPECT_EQ(o.repetitions, 2u);
  EXPECT_EQ(o.output, OutputFormat::kJsonl);
  EXPECT_TRUE(o.profile);
  EXPECT_EQ(o.plot_dir, "out");
  EXPECT_EQ(o.bandwidth_mib, 64u);
  EXPECT_TRUE(o.verbose);
  // -n 0 drops the decode tests; every test runs at every depth.
  EXPECT_EQ(o.tests(), (std::vector<TestSpec>{{4, 0, 0},
                                              {4, 0, 64},
                                              {8, 0, 0},
                                              {8, 0, 64},
                                              {16, 2, 0},
                                              {16, 2, 64},
                                              {32, 4, 0},
                                              {32, 4, 64}}));
}

TEST(BenchOptions, TestNamesMatchLlamaBench) {
  EXPECT_EQ((TestSpec{512, 0, 0}.name()), "pp512");
  EXPECT_EQ((TestSpec{0, 128, 0}.name()), "tg128");
  EXPECT_EQ((TestSpec{512, 128, 0}.name()), "pp512+tg128");
  EXPECT_EQ((TestSpec{0, 32, 4096}.name()), "tg32 @ d4096");
}

TEST(BenchOptions, BadInputNamesTheOptionAndTheValue) {
  EXPECT_EQ(parse_error({"--frobnicate"}),
            "unknown option '--frobnicate' (clift-bench -h lists them)");
  EXPECT_EQ(parse_error({"-p", "12x"}), "-p: '12x' is not a non-negative integer");
  EXPECT_EQ(parse_error({"-t", "-1"}), "-t: '-1' is not a non-negative integer");
  EXPECT_EQ(parse_error({"-t", "0"}), "-t: 0 is below the minimum of 1");
  EXPECT_EQ(parse_error({"-p", "4,,8"}), "-p: empty item in list '4,,8'");
  EXPECT_EQ(parse_error({"-n"}), "-n: missing value");
  EXPECT_EQ(parse_error({"-pg", "16"}), "-pg: expected P,N (two positive counts), got '16'");
  EXPECT_EQ(parse_error({"-r", "0"}), "-r: needs at least 1 repetition");
  EXPECT_EQ(parse_error({"-o", "xml"}),
            "-o: unknown format 'xml' (expected md, csv, json or jsonl)");
  EXPECT_EQ(parse_error({"--numa", "interleave"}),
            "--numa interleave: unknown policy (expected none, distribute or isolate)");
  EXPECT_EQ(parse_error({"--dtype", "f32,bf16"}),
            "--dtype bf16: not supported yet (this build runs f32 weights only)");
  EXPECT_EQ(parse_error({"--dtype", "int3"}), "--dtype int3: unknown dtype (expected f32)");
}

TEST(BenchOptions, HelpIsAskedForAndUsageNamesEveryOption) {
  EXPECT_TRUE(parse({"-h"}).help);
  const std::string text = usage();
  for (const char* option :
       {"-m,", "--synthetic", "-p,", "-n,", "-pg", "-d,", "-r,", "-t,", "-b,", "--backend",
        "--numa", "--dtype", "-o,", "--profile", "--plot", "--bw-mib", "-v,", "-h,"}) {
    EXPECT_NE(text.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace clift::bench
