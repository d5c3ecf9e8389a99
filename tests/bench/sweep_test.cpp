#include "bench/clift-bench/sweep.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "platform/error.hpp"

namespace clift::bench {
namespace {

// Probes small enough for a unit test; the numbers only have to be real, not representative.
const RooflineOptions kQuickRoofline{.buffer_bytes = 4u << 20, .passes = 1, .fma_seconds = 0.005};

BenchOptions tiny_sweep() {
  BenchOptions o;
  o.synthetic_presets = {"tiny"};
  o.n_prompt = {4, 8};
  o.n_gen = {2};
  o.threads = {1, 2};
  o.repetitions = 1;
  return o;
}

TEST(Sweep, YieldsEveryRowOfTheCrossProduct) {
  BenchOptions o = tiny_sweep();
  o.output = OutputFormat::kJsonl;
  std::ostringstream out;
  const auto rows = run_sweep(o, kQuickRoofline, out);
  ASSERT_EQ(rows.size(), 6u);  // {pp4, pp8, tg2} x {1, 2} threads

  std::set<std::tuple<std::string, std::size_t>> seen;
  for (const BenchRow& r : rows) {
    seen.emplace(r.test.name(), r.provenance.n_threads);
    EXPECT_EQ(r.samples_ts.size(), 1u);
    EXPECT_GT(r.ts.mean, 0);
    EXPECT_GT(r.ceilings.bandwidth_gbs, 0);
    EXPECT_GT(r.ceilings.peak_gflops, 0);
    EXPECT_GT(r.roofline.fraction, 0);
    EXPECT_EQ(r.ceiling_samples.size(), 2u);  // before and after the one repetition
    EXPECT_GT(r.paired_fraction, 0);
    EXPECT_EQ(r.provenance.model, "synthetic:tiny");
    EXPECT_NE(r.provenance.backend, "auto");  // the backend that actually ran
    EXPECT_EQ(r.provenance.numa_applied, "none");
    EXPECT_EQ(r.provenance.dtype, "f32");
    EXPECT_GT(r.provenance.model_n_params, 0u);
    EXPECT_EQ(r.provenance.model_size, 4 * r.provenance.model_n_params);
    EXPECT_TRUE(r.profile.empty());
  }
  EXPECT_EQ(seen.size(), 6u);

  // The streamed output holds the same rows, one JSON object per line.
  std::istringstream lines(out.str());
  std::size_t n = 0;
  for (std::string line; std::getline(lines, line); n++) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["test"], rows[n].test.name());
  }
  EXPECT_EQ(n, rows.size());
}

TEST(Sweep, ProfilesDecodeAndPrefillSeparately) {
  BenchOptions o = tiny_sweep();
  o.n_prompt = {4};
  o.n_gen = {0};
  o.prompt_gen = {{4, 2}};
  o.threads = {1};
  o.profile = true;
  std::ostringstream out;
  const auto rows = run_sweep(o, kQuickRoofline, out);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0].profile.size(), 1u);  // pp4: prefill only
  EXPECT_EQ(rows[0].profile[0].phase, "prefill");
  ASSERT_EQ(rows[1].profile.size(), 2u);  // pp4+tg2: both
  const ProfilePhase& decode = rows[1].profile[1];
  EXPECT_EQ(decode.phase, "decode");
  EXPECT_EQ(decode.tokens, 2u);
  EXPECT_EQ(decode.profile[Operator::kSampling].calls, 2u);  // timed around the sampler
  EXPECT_GT(decode.profile[Operator::kQkv].seconds, 0);
  EXPECT_GT(decode.profile[Operator::kClassifier].bytes, 0);
  EXPECT_NE(out.str().find("#### pp4+tg2 decode:"), std::string::npos);
}

TEST(Sweep, DepthIsFilledBeforeTheTimedTest) {
  BenchOptions o = tiny_sweep();
  o.n_prompt = {0};
  o.n_depth = {16};
  o.threads = {1};
  std::ostringstream out;
  const auto rows = run_sweep(o, kQuickRoofline, out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].test.name(), "tg2 @ d16");
  EXPECT_GT(rows[0].ts.mean, 0);
}

std::string validation_error(const BenchOptions& o) {
  try {
    validate_sweep(o);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Sweep, RejectsWhatCannotRunBeforeRunningAnything) {
  BenchOptions o = tiny_sweep();
  EXPECT_EQ(validation_error(o), "");

  BenchOptions no_model = o;
  no_model.synthetic_presets.clear();
  EXPECT_EQ(validation_error(no_model),
            "no model: give -m FILE or --synthetic PRESET (clift-bench -h)");

  BenchOptions bad_preset = o;
  bad_preset.synthetic_presets = {"tiny", "llama9-1t"};
  EXPECT_TRUE(validation_error(bad_preset).starts_with("--synthetic llama9-1t: unknown preset"));

  BenchOptions missing_file = o;
  missing_file.model_paths = {"/nonexistent/model.bin"};
  EXPECT_EQ(validation_error(missing_file), "-m /nonexistent/model.bin: no such file");

  BenchOptions bad_backend = o;
  bad_backend.backends = {"auto", "sse9"};
  EXPECT_TRUE(validation_error(bad_backend).starts_with("--backend sse9: unknown backend"));

  BenchOptions too_long = o;
  too_long.n_gen = {600};  // tiny has 512 positions
  EXPECT_EQ(validation_error(too_long),
            "--synthetic tiny: the tests need 600 positions, the model has 512");

  BenchOptions no_test = o;
  no_test.n_prompt = {0};
  no_test.n_gen = {0};
  EXPECT_EQ(validation_error(no_test), "no test: -p and -n are all 0 and no -pg was given");
}

}  // namespace
}  // namespace clift::bench
