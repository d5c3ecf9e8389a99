#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bench/clift-bench/work.hpp"
#include "kernels/kernel_set.hpp"
#include "platform/large_buffer.hpp"

namespace clift::bench {

struct RooflineOptions {
  std::size_t buffer_bytes = 0;  // bandwidth buffer; 0 takes default_bandwidth_bytes()
  std::size_t passes = 3;        // the best pass counts: interference only ever slows one down
  double fma_seconds = 0.2;      // length of one FMA pass
};

// Far larger than the last-level cache, so the reads come from memory: max(1 GiB, 8 x L3).
std::size_t default_bandwidth_bytes();

// Read bandwidth in GB/s (1e9 bytes) with n_threads streaming disjoint slices of `buffer` at once
// through the backend's read_probe.
double measure_bandwidth(const kernels::KernelSet& kernels, std::span<const float> buffer,
                         std::size_t n_threads, std::size_t passes);

// FMA throughput in GFLOP/s with n_threads running the backend's fma_probe at once.
double measure_peak(const kernels::KernelSet& kernels, std::size_t n_threads, std::size_t passes,
                    double seconds);

// The two ceilings a result is held against.
struct Ceilings {
  double bandwidth_gbs = 0;
  double peak_gflops = 0;
};

// Where a measured rate stands: what it moved and computed per second, and the share of the
// machine's limit it reached. The limit of a test is the least time its work could take, each
// phase bound by whichever of memory and arithmetic takes longer.
struct RooflinePlacement {
  double achieved_gbs = 0;
  double achieved_gflops = 0;
  double fraction = 0;  // least possible time / measured time
  std::string bound;    // "memory", "compute", or both joined by "+" for a combined test
};

// phases: the work of each phase of the test (prefill, decode); tokens: the tokens the rate counts.
RooflinePlacement place(const std::vector<Work>& phases, double tokens, double tokens_per_second,
                        const Ceilings& ceilings);

// Each repetition of a test held against the ceilings sampled just before and just after it: on a
// shared machine the bandwidth and cycles left to us change from minute to minute, so ceilings
// measured minutes earlier can be far from those a repetition ran under. Repetition r gets the
// higher of samples r and r + 1 (interference only ever slows a probe down), and the result is
// the median of the repetitions' fractions. samples: one more than rates_ts; 0 without any.
double paired_fraction(const std::vector<Work>& phases, double tokens,
                       std::span<const double> rates_ts, std::span<const Ceilings> samples);

// Measures the ceilings once per (backend, threads) the sweep asks for. Memory bandwidth belongs to
// the machine, so it is measured with the fastest streaming loop this CPU runs (the best supported
// backend's read_probe); the FMA peak belongs to the backend's code, so it is measured per backend.
class Roofline {
 public:
  explicit Roofline(RooflineOptions options);

  // Measures what is not yet measured and logs the new ceilings on stderr.
  const Ceilings& ceilings(const kernels::KernelSet& kernels, std::size_t n_threads);

  // One pass of each probe on n_threads, for sampling between repetitions; logs nothing. No pause
  // first: a oneTBB worker still spinning would slow the probe and flatter the test, but in the
  // 10 ms after a repetition the process used under 0.1 ms of CPU, so the workers block at once.
  Ceilings sample(const kernels::KernelSet& kernels, std::size_t n_threads);

  // Every (backend, threads) measured so far, with its ceilings.
  const std::map<std::pair<std::string, std::size_t>, Ceilings>& measured() const {
    return ceilings_;
  }

 private:
  // The bandwidth probe's buffer, allocated and touched at the first call.
  std::span<const float> probe_buffer();

  RooflineOptions options_;
  // Allocated at the first bandwidth measurement, on huge pages like the weights: on 4 KiB pages
  // the prefetchers stop at every page and the probe would read slower than the forward pass.
  LargeBuffer buffer_;
  std::map<std::size_t, double> bandwidth_;  // by threads
  std::map<std::pair<std::string, std::size_t>, Ceilings> ceilings_;
};

}  // namespace clift::bench
