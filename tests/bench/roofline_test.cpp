#include "bench/clift-bench/roofline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/dispatch.hpp"

namespace clift::bench {
namespace {

TEST(Roofline, ProbesGivePositiveFiniteRatesOnEverySupportedBackend) {
  // 16 MiB: enough to time, small enough for a unit test (not a memory measurement).
  const std::vector<float> buffer((16u << 20) / sizeof(float), 1.0f);
  for (const auto& name : kernels::supported_backends()) {
    const auto& k = kernels::select_backend(name);
    for (const std::size_t threads : {1, 2}) {
      const double gbs = measure_bandwidth(k, buffer, threads, 2);
      const double gflops = measure_peak(k, threads, 2, 0.01);
      EXPECT_TRUE(std::isfinite(gbs) && gbs > 0) << name << " " << threads << ": " << gbs;
      EXPECT_TRUE(std::isfinite(gflops) && gflops > 0) << name << " " << threads << ": " << gflops;
    }
  }
}

TEST(Roofline, CeilingsAreMeasuredOncePerBackendAndThreads) {
  Roofline roofline({.buffer_bytes = 4u << 20, .passes = 1, .fma_seconds = 0.005});
  const auto& k = kernels::select_backend("scalar");
  const Ceilings first = roofline.ceilings(k, 1);
  const Ceilings again = roofline.ceilings(k, 1);
  EXPECT_EQ(first.bandwidth_gbs, again.bandwidth_gbs);
  EXPECT_EQ(first.peak_gflops, again.peak_gflops);
  roofline.ceilings(k, 2);
  EXPECT_EQ(roofline.measured().size(), 2u);
  EXPECT_GE(default_bandwidth_bytes(), std::size_t{1} << 30);
}

TEST(Roofline, PlacementTakesTheSlowerResourceOfEachPhase) {
  const Ceilings c{10, 100};  // 10 GB/s, 100 GFLOP/s: the ridge is at 10 flop/byte
  // Decode-like: 1 GB and 0.5 GFLOP per 10 tokens: memory bound, 0.1 s at best.
  const Work decode{1e9, 0.5e9};
  const RooflinePlacement d = place({decode}, 10, 50, c);  // 0.2 s measured
  EXPECT_EQ(d.bound, "memory");
  EXPECT_DOUBLE_EQ(d.fraction, 0.5);
  EXPECT_DOUBLE_EQ(d.achieved_gbs, 5);
  EXPECT_DOUBLE_EQ(d.achieved_gflops, 2.5);

  // Prefill-like: 0.1 GB and 50 GFLOP: compute bound, 0.5 s at best; with the decode, 0.6 s.
  const Work prefill{0.1e9, 50e9};
  const RooflinePlacement p = place({prefill}, 100, 100, c);  // 1 s measured
  EXPECT_EQ(p.bound, "compute");
  EXPECT_DOUBLE_EQ(p.fraction, 0.5);
  const RooflinePlacement both = place({prefill, decode}, 110, 110 / 1.2, c);
  EXPECT_EQ(both.bound, "compute+memory");
  EXPECT_NEAR(both.fraction, 0.6 / 1.2, 1e-12);

  EXPECT_EQ(place({decode}, 10, 0, c).fraction, 0);  // no rate, no placement
}

TEST(Roofline, PairedFractionHoldsEachRepetitionAgainstTheHigherSampleAroundIt) {
  const Work decode{1e9, 0.5e9};  // 0.1 s at 10 GB/s for 10 tokens
  // Bandwidth drops to 5 GB/s around the second repetition and recovers for the third.
  const std::vector<Ceilings> samples{{10, 100}, {5, 100}, {5, 100}, {10, 100}};
  // 50 t/s = 5 GB/s: 50% of 10 GB/s before the drop; 100% of 5 GB/s in it; 80% after it.
  const std::vector<double> rates{50, 50, 80};
  // Each repetition's ceiling is max(sample r, sample r + 1): 10, 5, 10 GB/s, so the fractions are
  // 0.5, 1.0, 0.8 and the median is 0.8. (Against sample r alone, 0.5, 1.0, 1.6 would give 1.0;
  // against the lower sample, 1.0, 1.0, 1.6 also 1.0.)
  EXPECT_DOUBLE_EQ(paired_fraction({decode}, 10, rates, samples), 0.8);
  EXPECT_EQ(paired_fraction({decode}, 10, rates, std::span(samples).first(3)), 0);  // unpaired
  EXPECT_EQ(paired_fraction({decode}, 10, {}, {}), 0);
}

TEST(Roofline, SampleRunsOnePassOfEachProbe) {
  Roofline roofline({.buffer_bytes = 4u << 20, .passes = 1, .fma_seconds = 0.005});
  const Ceilings c = roofline.sample(kernels::select_backend("scalar"), 2);
  EXPECT_TRUE(std::isfinite(c.bandwidth_gbs) && c.bandwidth_gbs > 0) << c.bandwidth_gbs;
  EXPECT_TRUE(std::isfinite(c.peak_gflops) && c.peak_gflops > 0) << c.peak_gflops;
  EXPECT_TRUE(roofline.measured().empty());  // a sample is not a ceiling
}

}  // namespace
}  // namespace clift::bench
