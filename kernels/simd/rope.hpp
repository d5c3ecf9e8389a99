#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

// Rotates the pairs of one vector's worth of floats: with c = [c0 c0 c1 c1 ..] and
// s = [-s0 s0 -s1 s1 ..], out = x * c + swap_pairs(x) * s.
template <class Arch>
Batch<Arch> rotate_pairs(const Batch<Arch>& x, const Batch<Arch>& c, const Batch<Arch>& s) {
  // A pair is one 64-bit lane, so swapping its halves is a 32-bit rotate: no shuffle needed, which
  // xsimd 8.1 lacks for NEON.
  using U64 = xsimd::batch<std::uint64_t, Arch>;
  const U64 bits = xsimd::bitwise_cast<U64>(x);
  const Batch<Arch> swapped = xsimd::bitwise_cast<Batch<Arch>>((bits << 32) | (bits >> 32));
  return xsimd::fma(x, c, swapped * s);
}

template <class Arch>
void rope(float* x, std::size_t n_heads, std::size_t head_dim, const float* cos, const float* sin) {
  constexpr std::size_t w = kWidth<Arch>;
  // Chunks outside, heads inside: the duplicated cos/sin vectors are built once per chunk and
  // reused by every head.
  for (std::size_t d = 0; d < head_dim; d += w) {
    const std::size_t n = head_dim - d < w ? head_dim - d : w;
    alignas(64) float c[w] = {};
    alignas(64) float s[w] = {};
    for (std::size_t j = 0; j < n; j++) {
      const std::size_t pair = (d + j) / 2;
      c[j] = cos[pair];
      s[j] = j % 2 == 0 ? -sin[pair] : sin[pair];
    }
    const Batch<Arch> cv = Batch<Arch>::load_aligned(c);
    const Batch<Arch> sv = Batch<Arch>::load_aligned(s);
    for (std::size_t h = 0; h < n_heads; h++) {
      float* p = x + h * head_dim + d;
      store_n<Arch>(p, n, rotate_pairs<Arch>(load_n<Arch>(p, n), cv, sv));
    }
  }
}

}  // namespace clift::kernels::simd
