#include "bench/clift-bench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace clift::bench {

Summary summarize(std::span<const double> samples) {
  Summary s;
  const std::size_t n = samples.size();
  if (n == 0) return s;
  double sum = 0;
  for (const double x : samples)
    sum += x;
  s.mean = sum / static_cast<double>(n);
  if (n > 1) {
    double squares = 0;
    for (const double x : samples)
      squares += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(n - 1));
  }
  std::vector<double> sorted(samples.begin(), samples.end());
  std::ranges::sort(sorted);
  s.median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  return s;
}

}  // namespace clift::bench
