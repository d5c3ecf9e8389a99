#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bench/clift-bench/options.hpp"
#include "bench/clift-bench/roofline.hpp"
#include "bench/clift-bench/stats.hpp"
#include "runtime/profile.hpp"

namespace clift::bench {

// One phase of a profiled run: the operators' totals over `tokens` tokens.
struct ProfilePhase {
  std::string phase;  // "prefill" or "decode"
  std::size_t tokens = 0;
  Profile profile;
};

// Where a result came from: enough to rebuild the run and to tell two results apart.
struct Provenance {
  std::string build_commit;
  std::string compiler;
  std::string flags;
  std::string build_type;
  std::string cpu_model;
  std::string model;        // the file path, or "synthetic:PRESET"
  std::string model_shape;  // ModelConfig::shape_string()
  std::string dtype;
  std::size_t model_size = 0;      // weight bytes
  std::size_t model_n_params = 0;  // parameters
  std::string backend;             // the kernel set that ran ("auto" resolved)
  std::size_t n_threads = 0;
  std::string numa;          // the policy asked for
  std::string numa_applied;  // the policy in force
  std::size_t n_batch = 0;
  std::string test_time;  // UTC, ISO 8601, when the test started
  double load_avg = 0;    // the 1-minute load average then: other work sharing the cores
};

// One row of the report: one test on one point of the sweep.
struct BenchRow {
  Provenance provenance;
  TestSpec test;
  std::size_t repetitions = 0;
  std::vector<double> samples_ts;  // tokens per second, one per repetition
  Summary ts;
  Ceilings ceilings;                      // measured once per backend and threads, best of passes
  RooflinePlacement roofline;             // the median rate against `ceilings`
  std::vector<Ceilings> ceiling_samples;  // one pass before each repetition and after the last
  double paired_fraction = 0;             // paired_fraction() of the samples_ts and ceiling_samples
  std::vector<ProfilePhase> profile;      // empty unless --profile
};

}  // namespace clift::bench
