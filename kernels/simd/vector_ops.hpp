#pragma once

#include <cstddef>
#include <limits>

#include <xsimd/xsimd.hpp>

// Shared building blocks of the xsimd kernels. Every function in kernels/simd/ is a template on the
// xsimd architecture, so each ISA's translation unit instantiates its own copy under its own
// symbol, and the linker cannot keep an AVX-512 body where an AVX2 one was asked for. Include these
// headers only from the per-ISA translation units.
namespace clift::kernels::simd {

template <class Arch>
using Batch = xsimd::batch<float, Arch>;

template <class Arch>
constexpr std::size_t kWidth = Batch<Arch>::size;

// std::min and std::max would be out-of-line copies shared with other units in unoptimised
// builds; these are per-ISA like the rest.
template <class Arch>
constexpr std::size_t smaller(std::size_t a, std::size_t b) {
  return a < b ? a : b;
}

template <class Arch>
constexpr std::size_t larger(std::size_t a, std::size_t b) {
  return a > b ? a : b;
}

// A constant rather than numeric_limits' function, which unoptimised builds would emit as a copy
// shared with other units.
template <class Arch>
inline constexpr float kMinusInfinity = -std::numeric_limits<float>::infinity();

// Loads n floats (all lanes when n >= the width), filling missing lanes with fill; tails go
// through a stack buffer so no kernel reads past the end of its arrays.
template <class Arch>
Batch<Arch> load_n(const float* p, std::size_t n, float fill = 0.0f) {
  if (n >= kWidth<Arch>) return Batch<Arch>::load_unaligned(p);
  alignas(64) float buffer[kWidth<Arch>];
  for (std::size_t i = 0; i < kWidth<Arch>; i++) {
    buffer[i] = i < n ? p[i] : fill;
  }
  return Batch<Arch>::load_aligned(buffer);
}

// Stores the first min(n, width) lanes of v.
template <class Arch>
void store_n(float* p, std::size_t n, const Batch<Arch>& v) {
  if (n >= kWidth<Arch>) {
    v.store_unaligned(p);
    return;
  }
  alignas(64) float buffer[kWidth<Arch>];
  v.store_aligned(buffer);
  for (std::size_t i = 0; i < n; i++) {
    p[i] = buffer[i];
  }
}

// The largest lane; xsimd 8.1 has a horizontal add but no horizontal max.
template <class Arch>
float reduce_max(const Batch<Arch>& v) {
  alignas(64) float lanes[kWidth<Arch>];
  v.store_aligned(lanes);
  float best = lanes[0];
  for (std::size_t i = 1; i < kWidth<Arch>; i++) {
    best = lanes[i] > best ? lanes[i] : best;
  }
  return best;
}

// dot(a, b) over n floats with four independent accumulators, enough to cover the FMA latency of
// the short (head_dim) vectors this is used on.
template <class Arch>
float dot(const float* a, const float* b, std::size_t n) {
  constexpr std::size_t w = kWidth<Arch>;
  Batch<Arch> acc[4] = {Batch<Arch>(0.0f), Batch<Arch>(0.0f), Batch<Arch>(0.0f), Batch<Arch>(0.0f)};
  std::size_t i = 0;
  for (; i + 4 * w <= n; i += 4 * w) {
    for (std::size_t j = 0; j < 4; j++) {
      acc[j] = xsimd::fma(Batch<Arch>::load_unaligned(a + i + j * w),
                          Batch<Arch>::load_unaligned(b + i + j * w), acc[j]);
    }
  }
  for (; i < n; i += w) {
    acc[0] = xsimd::fma(load_n<Arch>(a + i, n - i), load_n<Arch>(b + i, n - i), acc[0]);
  }
  return xsimd::hadd((acc[0] + acc[1]) + (acc[2] + acc[3]));
}

}  // namespace clift::kernels::simd
