#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

// Eight independent accumulator chains: enough to hide a 4-cycle FMA latency on two ports, which
// is what the scalar code can reach at best.
double fma_probe(std::size_t n_iterations) {
  constexpr std::size_t kChains = 8;
  float acc[kChains];
  for (std::size_t c = 0; c < kChains; c++) {
    acc[c] = static_cast<float>(c);
  }
  for (std::size_t i = 0; i < n_iterations; i++) {
    for (std::size_t c = 0; c < kChains; c++) {
      acc[c] = acc[c] * 0.999999f + 1e-7f;
    }
  }
  float sink = 0.0f;
  for (std::size_t c = 0; c < kChains; c++) {
    sink += acc[c];
  }
  // A volatile store keeps the loop alive without changing what it measures.
  volatile float keep = sink;
  (void)keep;
  return 2.0 * static_cast<double>(kChains) * static_cast<double>(n_iterations);
}

float read_probe(const float* x, std::size_t n) {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; i++) {
    sum += x[i];
  }
  return sum;
}

}  // namespace clift::kernels::scalar
