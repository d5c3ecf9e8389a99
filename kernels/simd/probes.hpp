#pragma once

#include <cstddef>

#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

// Chains = 3/4 of the vector registers: 12 on AVX2, 24 on AVX-512 and NEON. Covering the latency
// needs ports x latency chains (Zen 3: 2 x 4 = 8; Skylake-SP: 2 x 4 = 8; Neoverse V1: 4 x 4 = 16);
// the margin keeps the probe at peak on cores with a longer latency, and the rest of the registers
// hold the two constants.
template <class Arch, std::size_t kVectorRegisters>
double fma_probe(std::size_t n_iterations) {
  using B = Batch<Arch>;
  constexpr std::size_t kChains = kVectorRegisters * 3 / 4;
  B acc[kChains];
  for (std::size_t c = 0; c < kChains; c++) {
    acc[c] = B(static_cast<float>(c));
  }
  const B a(0.999999f);
  const B b(1e-7f);
  for (std::size_t i = 0; i < n_iterations; i++) {
    for (std::size_t c = 0; c < kChains; c++) {
      acc[c] = xsimd::fma(acc[c], a, b);
    }
  }
  B sum(0.0f);
  for (std::size_t c = 0; c < kChains; c++) {
    sum += acc[c];
  }
  // A volatile store keeps the loop alive without changing what it measures.
  volatile float keep = xsimd::hadd(sum);
  (void)keep;
  return 2.0 * static_cast<double>(kChains * kWidth<Arch>) * static_cast<double>(n_iterations);
}

// Reads the buffer as the GEMV reads a matrix: four adjacent rows of kRow floats at once, one
// accumulator each, so the hardware prefetchers see the same four streams and the probe measures
// the bandwidth the GEMV can reach. (One stream per core leaves bandwidth unused and made decode
// look faster than the machine; four streams a quarter of the buffer apart conflict in the caches.)
template <class Arch>
float read_probe(const float* x, std::size_t n) {
  using B = Batch<Arch>;
  constexpr std::size_t w = kWidth<Arch>;
  constexpr std::size_t kRows = 4;
  constexpr std::size_t kRow = 2048;  // 8 KiB, a row of the 1B model's wq, wk, wv, w1, w3
  static_assert(kRow % 16 == 0);
  B acc[kRows] = {B(0.0f), B(0.0f), B(0.0f), B(0.0f)};
  std::size_t block = 0;
  for (; block + kRows * kRow <= n; block += kRows * kRow) {
    for (std::size_t i = 0; i < kRow; i += w) {
      for (std::size_t r = 0; r < kRows; r++) {
        acc[r] += B::load_unaligned(x + block + r * kRow + i);
      }
    }
  }
  for (std::size_t i = block; i < n; i += w) {
    acc[0] += load_n<Arch>(x + i, n - i);
  }
  return xsimd::hadd((acc[0] + acc[1]) + (acc[2] + acc[3]));
}

}  // namespace clift::kernels::simd
