#include "bench/clift-bench/roofline.hpp"

#include <algorithm>
#include <barrier>
#include <cstdio>
#include <functional>
#include <thread>

#include "bench/clift-bench/stats.hpp"
#include "kernels/dispatch.hpp"
#include "platform/clock.hpp"
#include "platform/topology.hpp"

namespace clift::bench {
namespace {

// Runs work(thread) on n_threads threads released together and returns the wall time from the
// first start to the last finish, so the probes measure the threads running simultaneously.
double run_together(std::size_t n_threads, const std::function<void(std::size_t)>& work) {
  std::barrier start(static_cast<std::ptrdiff_t>(n_threads));
  std::vector<double> begin(n_threads), end(n_threads);
  std::vector<std::jthread> threads;
  threads.reserve(n_threads);
  for (std::size_t t = 0; t < n_threads; t++) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      begin[t] = now_seconds();
      work(t);
      end[t] = now_seconds();
    });
  }
  threads.clear();  // joins
  return *std::ranges::max_element(end) - *std::ranges::min_element(begin);
}

// The sums the read probes return go here so that no compiler may drop the reads.
volatile float g_read_sink = 0;

}  // namespace

std::size_t default_bandwidth_bytes() {
  return std::max<std::size_t>(std::size_t{1} << 30, 8 * host_topology().l3_bytes);
}

double measure_bandwidth(const kernels::KernelSet& kernels, std::span<const float> buffer,
                         std::size_t n_threads, std::size_t passes) {
  const std::size_t n = buffer.size();
  std::vector<float> sums(n_threads);
  double best = 0;
  for (std::size_t pass = 0; pass < passes; pass++) {
    const double seconds = run_together(n_threads, [&](std::size_t t) {
      const std::size_t begin = n * t / n_threads;
      const std::size_t end = n * (t + 1) / n_threads;
      sums[t] = kernels.read_probe(buffer.data() + begin, end - begin);
    });
    for (const float s : sums)
      g_read_sink = g_read_sink + s;
    best = std::max(best, static_cast<double>(n * sizeof(float)) / seconds / 1e9);
  }
  return best;
}

double measure_peak(const kernels::KernelSet& kernels, std::size_t n_threads, std::size_t passes,
                    double seconds) {
  // Calibrate the iteration count on one thread so that a pass lasts about `seconds`.
  std::size_t iterations = 1 << 14;
  while (true) {
    const double start = now_seconds();
    kernels.fma_probe(iterations);
    const double elapsed = now_seconds() - start;
    if (elapsed >= seconds / 8) {
      iterations = static_cast<std::size_t>(static_cast<double>(iterations) * seconds / elapsed);
      break;
    }
    iterations *= 4;
  }
  std::vector<double> flops(n_threads);
  double best = 0;
  for (std::size_t pass = 0; pass < passes; pass++) {
    const double elapsed =
        run_together(n_threads, [&](std::size_t t) { flops[t] = kernels.fma_probe(iterations); });
    double total = 0;
    for (const double f : flops)
      total += f;
    best = std::max(best, total / elapsed / 1e9);
  }
  return best;
}

RooflinePlacement place(const std::vector<Work>& phases, double tokens, double tokens_per_second,
                        const Ceilings& ceilings) {
  RooflinePlacement p;
  if (tokens <= 0 || tokens_per_second <= 0) return p;
  Work total;
  double least_seconds = 0;
  for (const Work& w : phases) {
    total += w;
    const double memory_seconds = w.bytes / (ceilings.bandwidth_gbs * 1e9);
    const double compute_seconds = w.flops / (ceilings.peak_gflops * 1e9);
    least_seconds += std::max(memory_seconds, compute_seconds);
    const std::string bound = memory_seconds >= compute_seconds ? "memory" : "compute";
    if (p.bound.find(bound) == std::string::npos) p.bound += (p.bound.empty() ? "" : "+") + bound;
  }
  const double measured_seconds = tokens / tokens_per_second;
  p.achieved_gbs = total.bytes / measured_seconds / 1e9;
  p.achieved_gflops = total.flops / measured_seconds / 1e9;
  p.fraction = least_seconds / measured_seconds;
  return p;
}

double paired_fraction(const std::vector<Work>& phases, double tokens,
                       std::span<const double> rates_ts, std::span<const Ceilings> samples) {
  if (rates_ts.empty() || samples.size() != rates_ts.size() + 1) return 0;
  std::vector<double> fractions;
  for (std::size_t r = 0; r < rates_ts.size(); r++) {
    const Ceilings around{std::max(samples[r].bandwidth_gbs, samples[r + 1].bandwidth_gbs),
                          std::max(samples[r].peak_gflops, samples[r + 1].peak_gflops)};
    fractions.push_back(place(phases, tokens, rates_ts[r], around).fraction);
  }
  return summarize(fractions).median;
}

Roofline::Roofline(RooflineOptions options) : options_(options) {
  if (options_.buffer_bytes == 0) options_.buffer_bytes = default_bandwidth_bytes();
}

const Ceilings& Roofline::ceilings(const kernels::KernelSet& kernels, std::size_t n_threads) {
  const auto key = std::make_pair(std::string(kernels.name), n_threads);
  if (const auto it = ceilings_.find(key); it != ceilings_.end()) return it->second;

  auto bw = bandwidth_.find(n_threads);
  if (bw == bandwidth_.end()) {
    const auto& fastest = kernels::select_backend("auto");
    const double gbs = measure_bandwidth(fastest, probe_buffer(), n_threads, options_.passes);
    std::fprintf(
        stderr, "clift-bench: read bandwidth, %zu threads (%s read_probe, %.0f MiB): %.2f GB/s\n",
        n_threads, fastest.name, static_cast<double>(options_.buffer_bytes) / (1 << 20), gbs);
    bw = bandwidth_.emplace(n_threads, gbs).first;
  }
  const double peak = measure_peak(kernels, n_threads, options_.passes, options_.fma_seconds);
  std::fprintf(stderr, "clift-bench: FMA peak, %s, %zu threads: %.2f GFLOP/s\n", kernels.name,
               n_threads, peak);
  return ceilings_.emplace(key, Ceilings{bw->second, peak}).first->second;
}

Ceilings Roofline::sample(const kernels::KernelSet& kernels, std::size_t n_threads) {
  return {measure_bandwidth(kernels::select_backend("auto"), probe_buffer(), n_threads, 1),
          measure_peak(kernels, n_threads, 1, options_.fma_seconds)};
}

std::span<const float> Roofline::probe_buffer() {
  // Touched once up front, so page faults stay out of every pass.
  if (buffer_.bytes() == 0) {
    buffer_ = LargeBuffer(options_.buffer_bytes, "bandwidth probe buffer");
    std::fill_n(buffer_.floats(), buffer_.bytes() / sizeof(float), 1.0f);
  }
  return {buffer_.floats(), buffer_.bytes() / sizeof(float)};
}

}  // namespace clift::bench
