#include "bench/clift-bench/ratios.hpp"

#include <string>

namespace clift::bench {
namespace {

// Everything but the backend and the threads: what a baseline must share with the row.
bool same_point(const BenchRow& a, const BenchRow& b) {
  const Provenance& p = a.provenance;
  const Provenance& q = b.provenance;
  return p.model == q.model && p.dtype == q.dtype && p.numa == q.numa && p.n_batch == q.n_batch &&
         a.test.name() == b.test.name();
}

std::optional<double> against(const BenchRow& row, const std::vector<BenchRow>& rows,
                              const std::string& backend, std::size_t n_threads) {
  if (row.provenance.backend == backend && row.provenance.n_threads == n_threads) return {};
  for (const BenchRow& base : rows) {
    if (same_point(row, base) && base.provenance.backend == backend &&
        base.provenance.n_threads == n_threads && base.ts.median > 0) {
      return row.ts.median / base.ts.median;
    }
  }
  return {};
}

}  // namespace

std::vector<Ratio> ratios(const std::vector<BenchRow>& rows) {
  std::vector<Ratio> result;
  for (const BenchRow& row : rows) {
    Ratio r{&row, against(row, rows, "scalar", row.provenance.n_threads),
            against(row, rows, row.provenance.backend, 1)};
    if (r.vs_scalar || r.vs_one_thread) result.push_back(r);
  }
  return result;
}

}  // namespace clift::bench
