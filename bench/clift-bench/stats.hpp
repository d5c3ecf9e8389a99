#pragma once

#include <span>

namespace clift::bench {

struct Summary {
  double mean = 0;
  double stddev = 0;  // sample standard deviation (n - 1); 0 for a single sample
  double median = 0;
};

// Summary of repeated measurements; all zero when there are none.
Summary summarize(std::span<const double> samples);

}  // namespace clift::bench
