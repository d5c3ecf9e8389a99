#pragma once

#include <string>
#include <vector>

#include "bench/clift-bench/result.hpp"

namespace clift::bench::testing {

// A row as the sweep would make it, with made-up but self-consistent numbers, for the report and
// plot tests that need no model.
inline BenchRow sample_row(const std::string& backend, std::size_t threads, TestSpec test,
                           double tokens_per_second) {
  BenchRow r;
  Provenance& p = r.provenance;
  p.build_commit = "0123456789ab";
  p.compiler = "GNU 12.2.0";
  p.flags = "-O3 -DNDEBUG";
  p.build_type = "Release";
  p.cpu_model = "Test CPU, \"quoted\" model";  // a comma and quotes, which CSV must escape
  p.model = "synthetic:tiny";
  p.model_shape = "dim=64 hidden_dim=192";
  p.dtype = "f32";
  p.model_size = 33'000'000;
  p.model_n_params = 8'250'000;
  p.backend = backend;
  p.n_threads = threads;
  p.numa = "distribute";
  p.numa_applied = "none";
  p.n_batch = 512;
  p.test_time = "2026-01-01T00:00:00Z";
  p.load_avg = 0.25;
  r.test = test;
  r.repetitions = 3;
  const bool decode = test.n_prompt == 0;
  r.samples_ts = {0.9 * tokens_per_second, tokens_per_second, 1.1 * tokens_per_second};
  r.ts = {tokens_per_second, 0.1 * tokens_per_second, tokens_per_second};
  const double scale = static_cast<double>(threads);
  r.ceilings = {10.0 * scale, 50.0 * scale};
  // Around the repetitions: the lowest from the decode test, the highest from the prompt test.
  const double low = decode ? 0.85 : 0.95;
  const double high = decode ? 1.0 : 1.05;
  r.ceiling_samples = {{high * r.ceilings.bandwidth_gbs, 0.95 * r.ceilings.peak_gflops},
                       {r.ceilings.bandwidth_gbs, r.ceilings.peak_gflops},
                       {low * r.ceilings.bandwidth_gbs, 1.02 * r.ceilings.peak_gflops},
                       {0.95 * r.ceilings.bandwidth_gbs, r.ceilings.peak_gflops}};
  r.paired_fraction = decode ? 0.52 : 0.42;
  r.roofline.achieved_gbs = decode ? 5.0 : 2.0;
  r.roofline.achieved_gflops = decode ? 2.5 : 20.0;
  r.roofline.fraction = decode ? 0.5 : 0.4;
  r.roofline.bound = decode ? "memory" : "compute";
  return r;
}

// pp8 and tg4 on two backends and two thread counts: 8 rows, 4 scaling series, 4 roofs.
inline std::vector<BenchRow> sample_rows() {
  std::vector<BenchRow> rows;
  for (const char* backend : {"scalar", "avx2"}) {
    for (const std::size_t threads : {1, 2}) {
      const double scale = static_cast<double>(threads);
      rows.push_back(sample_row(backend, threads, {8, 0, 0}, 100 * scale));
      rows.push_back(sample_row(backend, threads, {0, 4, 0}, 10 * scale));
    }
  }
  return rows;
}

}  // namespace clift::bench::testing
