#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

// silu(g) * up with xsimd's vectorised exp (a range reduction and a polynomial, within a few ulp
// of std::exp); the tail goes through the same exp so every element sees one formula.
template <class Arch>
void swiglu(float* gate, const float* up, std::size_t n) {
  using B = Batch<Arch>;
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    const B g = load_n<Arch>(gate + i, n - i);
    const B u = load_n<Arch>(up + i, n - i);
    store_n<Arch>(gate + i, n - i, g / (B(1.0f) + xsimd::exp(-g)) * u);
  }
}

template <class Arch>
void add(float* y, const float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    store_n<Arch>(y + i, n - i, load_n<Arch>(y + i, n - i) + load_n<Arch>(x + i, n - i));
  }
}

template <class Arch>
void scale(float* x, std::size_t n, float factor) {
  const Batch<Arch> f(factor);
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    store_n<Arch>(x + i, n - i, load_n<Arch>(x + i, n - i) * f);
  }
}

// A gather of whole rows: memcpy already moves them at the memory's speed on every ISA.
template <class Arch>
void embed(float* out, const float* table, const std::int32_t* ids, std::size_t n_tokens,
           std::size_t dim) {
  for (std::size_t t = 0; t < n_tokens; t++) {
    std::memcpy(out + t * dim, table + static_cast<std::size_t>(ids[t]) * dim, dim * sizeof(float));
  }
}

}  // namespace clift::kernels::simd
