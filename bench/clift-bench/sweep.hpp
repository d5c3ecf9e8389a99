#pragma once

#include <ostream>
#include <vector>

#include "bench/clift-bench/options.hpp"
#include "bench/clift-bench/result.hpp"
#include "bench/clift-bench/roofline.hpp"

namespace clift::bench {

// Checks the whole sweep before anything runs (model files exist, presets and backends are known,
// the tests fit the models' context), so a typo at the end of a list cannot fail an hour in.
// Throws clift::Error naming the option and the value.
void validate_sweep(const BenchOptions& options);

// Runs the cross product of models, dtypes, backends, NUMA policies, threads, batch sizes and
// tests; writes each row to `out` in the chosen format as it is measured, logs progress on
// stderr, and returns the rows (for --plot and for tests).
std::vector<BenchRow> run_sweep(const BenchOptions& options, const RooflineOptions& roofline,
                                std::ostream& out);

}  // namespace clift::bench
