#pragma once

#include <optional>
#include <vector>

#include "bench/clift-bench/result.hpp"

namespace clift::bench {

// A row's median rate against the baselines the same run measured: the scalar backend on the
// same threads, and one thread on the same backend, everything else (model, dtype, NUMA policy,
// batch, test) equal.
struct Ratio {
  const BenchRow* row = nullptr;
  std::optional<double> vs_scalar;
  std::optional<double> vs_one_thread;
};

// The rows that have at least one baseline, in their order.
std::vector<Ratio> ratios(const std::vector<BenchRow>& rows);

}  // namespace clift::bench
