#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "bench/clift-bench/options.hpp"
#include "bench/clift-bench/result.hpp"
#include "runtime/transformer.hpp"

namespace clift::bench {

struct TestRun {
  std::vector<double> samples_ts;         // tokens per second, one per repetition
  std::vector<Ceilings> ceiling_samples;  // before each repetition and after the last
  std::vector<ProfilePhase> profile;      // filled when asked for
};

// The KV positions a test needs: its depth, its prompt and its generated tokens.
std::size_t context_needed(const TestSpec& test);

// Runs one test: fills the depth (untimed), one warm-up, then `repetitions` timed runs; with
// `profile`, one more run with a profile attached, so no timed run pays for the profiling. Only
// forward passes are timed: the token ids are fixed beforehand and each decoded token is fed
// back from an argmax taken outside the timing. sample_ceilings runs before each timed run and
// after the last, outside the timing.
TestRun run_test(Transformer& transformer, const TestSpec& test, std::size_t repetitions,
                 bool profile, bool verbose, const std::function<Ceilings()>& sample_ceilings);

}  // namespace clift::bench
