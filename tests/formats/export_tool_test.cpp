// clift-export driven as a user runs it.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/error.hpp"
#include "runtime/model_v0.hpp"
#include "tests/formats/checkpoint_files.hpp"
#include "tests/support/conformance.hpp"
#include "tests/support/run_command.hpp"

namespace clift {
namespace {

using testing_support::run_command;
using testing_support::TempDir;

constexpr const char* kTool = "tools/clift-export/clift-export";

TEST(CliftExportTool, ConvertsAndSaysWhichOptionsTheFileNeeds) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(conformance);
  TempDir dir;
  const std::string out = (dir / "b.bin").string();
  const auto r =
      run_command(kTool, {"--hf", (conformance / "models" / "b-hf").string(), "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");  // nothing is the product on stdout
  EXPECT_NE(r.err.find("clift-export: run with: --rope-factor 32 --rope-low-freq 1 "
                       "--rope-high-freq 4 --rope-original-ctx 8192\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("100.0% freq_cis_imag"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-z " + (conformance / "models" / "b-hf" / "tokenizer.json").string()),
            std::string::npos)
      << r.err;
  // The runtime's own loader accepts it.
  const Model model = load_v0_model(out, 500000.0f, RopeScaling{.factor = 32.0f});
  EXPECT_EQ(model.config.vocab_size, 1024u);
  EXPECT_TRUE(model.config.shared_classifier);
}

TEST(CliftExportTool, QuietUnscaledModelPrintsNoOptions) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(conformance);
  TempDir dir;
  const auto r = run_command(kTool, {"-q", "--hf", (conformance / "models" / "a-hf").string(), "-o",
                                     (dir / "a.bin").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('%'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("run with"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "a.bin"));
}

TEST(CliftExportTool, ErrorsAreOneLineAndExitOne) {
  TempDir dir;
  const std::string absent = (dir / "absent").string();
  const auto r = run_command(kTool, {"--hf", absent, "-o", (dir / "x.bin").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "clift-export: error: " + absent + ": not a folder\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "x.bin"));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--hf", absent}, {"-o", "x.bin"}, {"--meta", absent}, {"--hf"}}) {
    const auto bad = run_command(kTool, args);
    EXPECT_EQ(bad.exit_code, 1) << args[0];
    EXPECT_EQ(bad.err.rfind("clift-export: error: ", 0), 0u) << bad.err;
    EXPECT_EQ(bad.err.find('\n'), bad.err.size() - 1) << bad.err;
  }
}

TEST(CliftExportTool, HelpNamesTheInputsAndWhatIsNotRead) {
  const auto r = run_command(kTool, {"-h"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("usage: clift-export --hf DIR -o FILE", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("consolidated.*.pth"), std::string::npos);
  EXPECT_NE(r.out.find("convert_llama_weights_to_hf.py"), std::string::npos);
}

}  // namespace
}  // namespace clift
