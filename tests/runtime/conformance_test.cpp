// The whole model against the conformance goldens (llama.cpp, checked against float64 NumPy):
// every logit row within 1e-4 of the row's largest logit, and the greedy continuation equal.
// Runs on every backend this CPU supports.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kernels/dispatch.hpp"
#include "runtime/generation.hpp"
#include "runtime/model_loader.hpp"
#include "tests/support/conformance.hpp"

namespace clift {
namespace {

struct GoldenCase {
  const char* model;   // models/<model>.bin
  const char* golden;  // golden/<golden>.json
  float rope_factor;   // what the v0 file cannot say
};

struct Golden {
  std::vector<std::int32_t> prompt;
  std::vector<std::vector<float>> logits;
  std::size_t logits_from = 0;
  std::vector<std::int32_t> greedy;
};

Golden read_golden(const std::filesystem::path& path) {
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  Golden g;
  g.prompt = j.at("prompt").get<std::vector<std::int32_t>>();
  g.logits = j.at("logits").get<std::vector<std::vector<float>>>();
  g.logits_from = j.at("logits_from").get<std::size_t>();
  g.greedy = j.at("greedy").get<std::vector<std::int32_t>>();
  return g;
}

using Param = std::tuple<GoldenCase, std::string>;

class ConformanceTest : public ::testing::TestWithParam<Param> {};

TEST_P(ConformanceTest, LogitsAndGreedyTokensMatchGolden) {
  const auto& [c, backend] = GetParam();
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);

  RopeOverrides rope;
  rope.factor = c.rope_factor;
  const Model model = load_model((dir / "models" / (std::string(c.model) + ".bin")).string(), rope);
  const Golden golden = read_golden(dir / "golden" / (std::string(c.golden) + ".json"));
  ASSERT_EQ(golden.logits_from + golden.logits.size(), golden.prompt.size());

  Transformer transformer(model, kernels::select_backend(backend), TransformerOptions{});
  Sampler greedy(transformer.kernels(), model.config.vocab_size, SamplerOptions{.temperature = 0});
  LogitsCapture capture{.keep_last = golden.logits.size()};
  std::vector<std::int32_t> generated;
  generate(
      transformer, greedy, golden.prompt, 0, golden.greedy.size(),
      [&](std::int32_t id) {
        generated.push_back(id);
        return true;
      },
      &capture);

  const std::size_t vocab = model.config.vocab_size;
  ASSERT_EQ(capture.first_position, golden.logits_from);
  ASSERT_EQ(capture.rows.size(), golden.logits.size() * vocab);
  for (std::size_t r = 0; r < golden.logits.size(); r++) {
    const std::vector<float>& want = golden.logits[r];
    ASSERT_EQ(want.size(), vocab);
    float largest = 0, worst = 0;
    std::size_t worst_at = 0;
    for (std::size_t v = 0; v < vocab; v++)
      largest = std::max(largest, std::fabs(want[v]));
    for (std::size_t v = 0; v < vocab; v++) {
      const float diff = std::fabs(capture.rows[r * vocab + v] - want[v]);
      if (diff > worst) worst = diff, worst_at = v;
    }
    ASSERT_LE(worst, 1e-4f * largest)
        << "position " << golden.logits_from + r << ", token " << worst_at << ": got "
        << capture.rows[r * vocab + worst_at] << ", golden " << want[worst_at];
  }
  EXPECT_EQ(generated, golden.greedy);
}

std::string name(const ::testing::TestParamInfo<Param>& info) {
  std::string golden = std::get<0>(info.param).golden;
  for (char& ch : golden)
    ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return golden + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(Goldens, ConformanceTest,
                         ::testing::Combine(::testing::Values(GoldenCase{"a", "a-p40", 1.0f},
                                                              GoldenCase{"a", "a-p300", 1.0f},
                                                              GoldenCase{"b", "b-p40", 32.0f},
                                                              GoldenCase{"b", "b-p2200", 32.0f}),
                                            ::testing::ValuesIn(kernels::supported_backends())),
                         name);

// Model b without its rope scaling must fail the long golden: the test can tell.
TEST(ConformanceTest, MissingRopeScalingIsDetected) {
  CLIFT_CONFORMANCE_DIR_OR_SKIP(dir);
  const Model model = load_model((dir / "models" / "b.bin").string(), RopeOverrides{});
  const Golden golden = read_golden(dir / "golden" / "b-p2200.json");
  Transformer transformer(model, kernels::select_backend("auto"), TransformerOptions{});
  const auto logits = transformer.forward(golden.prompt, 0, 1);
  const std::vector<float>& want = golden.logits.back();
  float largest = 0, worst = 0;
  for (std::size_t v = 0; v < want.size(); v++) {
    largest = std::max(largest, std::fabs(want[v]));
    worst = std::max(worst, std::fabs(logits[v] - want[v]));
  }
  EXPECT_GT(worst, 1e-4f * largest);
}

}  // namespace
}  // namespace clift
