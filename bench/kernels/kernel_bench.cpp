// Kernel benchmarks: every kernel on every backend this CPU supports, at the Llama 3.2 1B shapes
// (matmuls for 1 token, a 32-token prompt and a 512-token chunk). Single-threaded, so the numbers
// are per core, the scalar backend beside each as the baseline; the .../shared rows alone run on
// 1, 2, 4, ... threads, per second of wall time. GB/s counts the weight (or input) bytes read
// once per call, GFLOP/s two flops per multiply-add, both per second of the benchmark thread's
// CPU time, which a machine shared with other work disturbs less than wall time. fma_probe gives
// each backend's peak, so a GEMM's fraction of it reads off one run.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "kernels/dispatch.hpp"
#include "platform/large_buffer.hpp"
#include "platform/topology.hpp"

namespace clift::kernels {
namespace {

// Deterministic values in [-1, 1) without a random generator: filling the 1 GB classifier with
// one would take longer than benchmarking it.
std::vector<float> filled(std::size_t n, std::uint32_t seed) {
  std::vector<float> v(n);
  std::uint32_t state = seed * 2654435761u + 1;
  for (float& x : v) {
    state = state * 1664525u + 1013904223u;
    x = static_cast<float>(state >> 8) / static_cast<float>(1u << 23) - 1.0f;
  }
  return v;
}

// Copies of one weight matrix per shape, shared by every backend's benchmark of it: as many as
// cover 8 x L3 (one at least), taken in turn by the calls, so that each call reads its weights
// from memory as the forward pass does. With one copy a matrix that fits in L3 (2048 x 2048 is
// 16 MiB) reported L3's bandwidth, and 8192 x 2048 split over 2 threads read 39 GB/s beside a
// read_probe of 24. On huge pages, like the model's weights.
const std::vector<LargeBuffer>& weight_copies(std::size_t n_rows, std::size_t n_cols) {
  static std::map<std::pair<std::size_t, std::size_t>, std::vector<LargeBuffer>> cache;
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = cache.try_emplace({n_rows, n_cols});
  if (inserted) {
    const std::vector<float> values = filled(n_rows * n_cols, 1);
    const std::size_t bytes = std::max<std::size_t>(values.size() * sizeof(float), 1);
    const std::size_t n_copies = std::max<std::size_t>(1, 8 * host_topology().l3_bytes / bytes);
    for (std::size_t c = 0; c < n_copies; c++) {
      LargeBuffer& copy = it->second.emplace_back(bytes, "benchmark weights");
      std::ranges::copy(values, copy.floats());
    }
  }
  return it->second;
}

void set_rates(benchmark::State& state, double bytes, double flops) {
  const auto n = static_cast<double>(state.iterations());
  state.counters["GB/s"] = benchmark::Counter(bytes * n / 1e9, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * n / 1e9, benchmark::Counter::kIsRate);
}

void bench_matmul(benchmark::State& state, const KernelSet* set, std::size_t n_rows,
                  std::size_t n_cols, std::size_t n_tokens) {
  const auto& copies = weight_copies(n_rows, n_cols);
  const std::vector<float> x = filled(n_tokens * n_cols, 2);
  std::vector<float> y(n_tokens * n_rows);
  std::size_t call = 0;
  for (auto _ : state) {
    const float* w = copies[call++ % copies.size()].floats();
    set->matmul(y.data(), n_rows, w, x.data(), n_tokens, n_cols, 0, n_rows);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  const double size = static_cast<double>(n_rows) * static_cast<double>(n_cols);
  set_rates(state, size * sizeof(float), 2.0 * size * static_cast<double>(n_tokens));
}

// x packed once per backend and shape, 64-byte aligned as matmul_packed asks, shared by every
// thread of a benchmark as the workers of the forward pass share one copy.
const float* shared_packed_x(const KernelSet* set, std::size_t n_tokens, std::size_t n_cols) {
  static std::mutex mutex;
  static std::map<std::tuple<const KernelSet*, std::size_t, std::size_t>, std::vector<float>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = cache.try_emplace({set, n_tokens, n_cols});
  const std::size_t n = set->packed_x_floats(n_tokens, n_cols);
  if (inserted) it->second.resize(n + 16);
  void* start = it->second.data();
  std::size_t space = it->second.size() * sizeof(float);
  auto* packed = static_cast<float*>(std::align(64, n * sizeof(float), start, space));
  if (inserted) set->pack_x(packed, filled(n_tokens * n_cols, 2).data(), n_tokens, n_cols, 0, 1);
  return packed;
}

// One matmul's rows split over the benchmark's threads, all reading one packed x: a projection
// of the forward pass, with L3 and memory shared as there. Rates are totals over the threads per
// second of wall time, to set against fma_probe run on as many threads.
void bench_matmul_shared(benchmark::State& state, const KernelSet* set, std::size_t n_rows,
                         std::size_t n_cols, std::size_t n_tokens) {
  const auto& copies = weight_copies(n_rows, n_cols);
  const float* packed = shared_packed_x(set, n_tokens, n_cols);
  std::vector<float> y(n_tokens * n_rows);
  const auto threads = static_cast<std::size_t>(state.threads());
  const auto part = static_cast<std::size_t>(state.thread_index());
  const std::size_t begin = n_rows * part / threads, end = n_rows * (part + 1) / threads;
  std::size_t call = 0;
  for (auto _ : state) {
    const float* w = copies[call++ % copies.size()].floats();
    set->matmul_packed(y.data(), n_rows, w, packed, n_tokens, n_cols, begin, end);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  const double size = static_cast<double>(end - begin) * static_cast<double>(n_cols);
  set_rates(state, size * sizeof(float), 2.0 * size * static_cast<double>(n_tokens));
}

std::vector<int> thread_counts() {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> counts;
  for (int t = 1; t < cores; t *= 2)
    counts.push_back(t);
  counts.push_back(cores);
  return counts;
}

void bench_fma_probe(benchmark::State& state, const KernelSet* set) {
  double flops = 0.0;
  for (auto _ : state)
    flops = set->fma_probe(1 << 20);
  set_rates(state, 0.0, flops);
}

void bench_read_probe(benchmark::State& state, const KernelSet* set) {
  const std::vector<float> x = filled(std::size_t{64} << 20, 3);  // 256 MB: far past L3
  for (auto _ : state)
    benchmark::DoNotOptimize(set->read_probe(x.data(), x.size()));
  set_rates(state, static_cast<double>(x.size() * sizeof(float)), static_cast<double>(x.size()));
}

void bench_rmsnorm(benchmark::State& state, const KernelSet* set) {
  const std::size_t dim = 2048;
  const std::vector<float> x = filled(dim, 4), weight = filled(dim, 5);
  std::vector<float> out(dim);
  for (auto _ : state) {
    set->rmsnorm(out.data(), x.data(), weight.data(), dim, 1e-5f);
    benchmark::DoNotOptimize(out.data());
  }
  set_rates(state, 2.0 * dim * sizeof(float), 4.0 * dim);
}

// q and k of one token: 32 query heads and 8 key heads of 64.
void bench_rope(benchmark::State& state, const KernelSet* set) {
  const std::size_t n_heads = 40, head_dim = 64;
  std::vector<float> x = filled(n_heads * head_dim, 6);
  const std::vector<float> cos = filled(head_dim / 2, 7), sin = filled(head_dim / 2, 8);
  for (auto _ : state) {
    set->rope(x.data(), n_heads, head_dim, cos.data(), sin.data());
    benchmark::DoNotOptimize(x.data());
  }
  set_rates(state, static_cast<double>(n_heads * head_dim * sizeof(float)),
            3.0 * static_cast<double>(n_heads * head_dim));
}

// The 4 query heads of one key/value head (the cache interleaves 8 of 64) for n_tokens tokens
// whose last sees n_pos positions: decode is 1 token, a prefill work item 16.
void bench_attention(benchmark::State& state, const KernelSet* set, std::size_t n_tokens,
                     std::size_t n_pos) {
  const std::size_t head_dim = 64, n_heads = 4, kv_stride = 8 * head_dim, row_stride = 2048;
  const std::vector<float> q = filled(n_tokens * row_stride, 9), k = filled(n_pos * kv_stride, 10),
                           v = filled(n_pos * kv_stride, 11);
  std::vector<float> out(n_tokens * row_stride);
  const std::size_t first_pos = n_pos - n_tokens;
  for (auto _ : state) {
    set->attention(out.data(), q.data(), row_stride, n_tokens, n_heads, first_pos, k.data(),
                   v.data(), kv_stride, head_dim, 0.125f);
    benchmark::DoNotOptimize(out.data());
  }
  // Keys and values read once; two multiply-adds per query, position seen and head element.
  const double seen = static_cast<double>(n_tokens * first_pos + n_tokens * (n_tokens + 1) / 2);
  set_rates(state, 2.0 * static_cast<double>(n_pos * head_dim) * sizeof(float),
            4.0 * static_cast<double>(n_heads * head_dim) * seen);
}

void bench_swiglu(benchmark::State& state, const KernelSet* set) {
  const std::size_t hidden_dim = 8192;
  std::vector<float> gate = filled(hidden_dim, 12);
  const std::vector<float> up = filled(hidden_dim, 13);
  for (auto _ : state) {
    set->swiglu(gate.data(), up.data(), hidden_dim);
    benchmark::DoNotOptimize(gate.data());
  }
  set_rates(state, 2.0 * hidden_dim * sizeof(float), 0.0);
}

// The sampler's pass over the logits of the 128256-token vocabulary.
void bench_softmax(benchmark::State& state, const KernelSet* set) {
  const std::size_t vocab_size = 128256;
  const std::vector<float> logits = filled(vocab_size, 14);
  std::vector<float> x(vocab_size);
  for (auto _ : state) {
    x = logits;
    set->softmax(x.data(), vocab_size);
    benchmark::DoNotOptimize(x.data());
  }
  set_rates(state, static_cast<double>(vocab_size * sizeof(float)), 0.0);
}

void bench_argmax(benchmark::State& state, const KernelSet* set) {
  const std::size_t vocab_size = 128256;
  const std::vector<float> logits = filled(vocab_size, 15);
  for (auto _ : state)
    benchmark::DoNotOptimize(set->argmax(logits.data(), vocab_size));
  set_rates(state, static_cast<double>(vocab_size * sizeof(float)), 0.0);
}

void register_all() {
  struct Shape {
    std::size_t n_rows, n_cols;
  };
  // wq/wo, wk/wv, w1/w3, w2, the classifier.
  const std::vector<Shape> shapes = {
      {2048, 2048}, {512, 2048}, {8192, 2048}, {2048, 8192}, {128256, 2048}};
  for (const std::string& name : supported_backends()) {
    const KernelSet* set = &select_backend(name);
    for (const Shape& s : shapes) {
      for (const std::size_t n_tokens : {1, 32, 512}) {
        const std::string label = "matmul/" + name + "/" + std::to_string(s.n_rows) + "x" +
                                  std::to_string(s.n_cols) + "/tokens:" + std::to_string(n_tokens);
        auto* b = benchmark::RegisterBenchmark(label.c_str(), bench_matmul, set, s.n_rows, s.n_cols,
                                               n_tokens);
        b->Unit(benchmark::kMillisecond);
        // 269 GFLOP a call: a few calls are enough, and the scalar loops take minutes each.
        if (n_tokens > 1 && s.n_rows > 8192) b->Iterations(1);
      }
    }
    benchmark::RegisterBenchmark(("fma_probe/" + name).c_str(), bench_fma_probe, set);
    // Scaling: 1, 2, 4, ... threads up to the hardware's, prefill's GEMM and decode's GEMV each
    // beside the ceiling it is bound by, measured on as many threads.
    if (name != "scalar") {
      for (const int threads : thread_counts()) {
        benchmark::RegisterBenchmark(("fma_probe/" + name + "/shared").c_str(), bench_fma_probe,
                                     set)
            ->Threads(threads)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("matmul/" + name + "/8192x2048/tokens:512/shared").c_str(),
                                     bench_matmul_shared, set, 8192, 2048, 512)
            ->Threads(threads)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("read_probe/" + name + "/shared").c_str(), bench_read_probe,
                                     set)
            ->Threads(threads)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("matmul/" + name + "/8192x2048/tokens:1/shared").c_str(),
                                     bench_matmul_shared, set, 8192, 2048, 1)
            ->Threads(threads)
            ->UseRealTime();
      }
    }
    benchmark::RegisterBenchmark(("read_probe/" + name).c_str(), bench_read_probe, set)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("rmsnorm/" + name + "/2048").c_str(), bench_rmsnorm, set);
    benchmark::RegisterBenchmark(("rope/" + name + "/40x64").c_str(), bench_rope, set);
    for (const std::size_t n_tokens : {1, 16}) {
      for (const std::size_t n_pos : {512, 4096}) {
        const std::string label = "attention/" + name + "/tokens:" + std::to_string(n_tokens) +
                                  "/pos:" + std::to_string(n_pos);
        benchmark::RegisterBenchmark(label.c_str(), bench_attention, set, n_tokens, n_pos);
      }
    }
    benchmark::RegisterBenchmark(("swiglu/" + name + "/8192").c_str(), bench_swiglu, set);
    benchmark::RegisterBenchmark(("softmax/" + name + "/128256").c_str(), bench_softmax, set);
    benchmark::RegisterBenchmark(("argmax/" + name + "/128256").c_str(), bench_argmax, set);
  }
}

}  // namespace
}  // namespace clift::kernels

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  clift::kernels::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
