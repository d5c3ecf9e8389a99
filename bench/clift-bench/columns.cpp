#include "bench/clift-bench/columns.hpp"

namespace clift::bench {

std::span<const Column> columns() {
  static const Column table[] = {
      {"build_commit", [](const BenchRow& r) -> Value { return r.provenance.build_commit; }},
      {"compiler", [](const BenchRow& r) -> Value { return r.provenance.compiler; }},
      {"flags", [](const BenchRow& r) -> Value { return r.provenance.flags; }},
      {"build_type", [](const BenchRow& r) -> Value { return r.provenance.build_type; }},
      {"cpu_model", [](const BenchRow& r) -> Value { return r.provenance.cpu_model; }},
      {"model", [](const BenchRow& r) -> Value { return r.provenance.model; }},
      {"model_shape", [](const BenchRow& r) -> Value { return r.provenance.model_shape; }},
      {"dtype", [](const BenchRow& r) -> Value { return r.provenance.dtype; }},
      {"model_size", [](const BenchRow& r) -> Value { return r.provenance.model_size; }},
      {"model_n_params", [](const BenchRow& r) -> Value { return r.provenance.model_n_params; }},
      {"backend", [](const BenchRow& r) -> Value { return r.provenance.backend; }},
      {"n_threads", [](const BenchRow& r) -> Value { return r.provenance.n_threads; }},
      {"numa", [](const BenchRow& r) -> Value { return r.provenance.numa; }},
      {"numa_applied", [](const BenchRow& r) -> Value { return r.provenance.numa_applied; }},
      {"n_batch", [](const BenchRow& r) -> Value { return r.provenance.n_batch; }},
      {"test", [](const BenchRow& r) -> Value { return r.test.name(); }},
      {"n_prompt", [](const BenchRow& r) -> Value { return r.test.n_prompt; }},
      {"n_gen", [](const BenchRow& r) -> Value { return r.test.n_gen; }},
      {"n_depth", [](const BenchRow& r) -> Value { return r.test.n_depth; }},
      {"test_time", [](const BenchRow& r) -> Value { return r.provenance.test_time; }},
      {"repetitions", [](const BenchRow& r) -> Value { return r.repetitions; }},
      {"avg_ts", [](const BenchRow& r) -> Value { return r.ts.mean; }},
      {"stddev_ts", [](const BenchRow& r) -> Value { return r.ts.stddev; }},
      {"median_ts", [](const BenchRow& r) -> Value { return r.ts.median; }},
      {"achieved_gbs", [](const BenchRow& r) -> Value { return r.roofline.achieved_gbs; }},
      {"achieved_gflops", [](const BenchRow& r) -> Value { return r.roofline.achieved_gflops; }},
      {"bw_gbs", [](const BenchRow& r) -> Value { return r.ceilings.bandwidth_gbs; }},
      {"peak_gflops", [](const BenchRow& r) -> Value { return r.ceilings.peak_gflops; }},
      {"roofline_frac", [](const BenchRow& r) -> Value { return r.roofline.fraction; }},
      {"roofline_bound", [](const BenchRow& r) -> Value { return r.roofline.bound; }},
      {"load_avg", [](const BenchRow& r) -> Value { return r.provenance.load_avg; }},
      {"paired_frac", [](const BenchRow& r) -> Value { return r.paired_fraction; }},
  };
  return table;
}

}  // namespace clift::bench
