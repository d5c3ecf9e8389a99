#pragma once

#include <string>
#include <vector>

#include "bench/clift-bench/result.hpp"

namespace clift::bench {

// Both charts take a non-empty set of rows (write_plots checks).

// tok/s against threads: one line per backend and test (and per model, dtype, NUMA policy and
// batch size where the sweep has several), with a standard-deviation bar at every point and a
// dashed guide of linear scaling from its fewest threads.
std::string scaling_svg(const std::vector<BenchRow>& rows);

// The log-log roofline: arithmetic intensity (flop/byte) against GFLOP/s, one roof per backend
// and thread count from the run's own ceilings, and every result as a labelled point.
std::string roofline_svg(const std::vector<BenchRow>& rows);

// Writes scaling.svg and roofline.svg into dir (created if missing) and returns their paths.
std::vector<std::string> write_plots(const std::vector<BenchRow>& rows, const std::string& dir);

}  // namespace clift::bench
