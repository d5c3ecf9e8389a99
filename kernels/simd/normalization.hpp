#pragma once

#include <cstddef>

#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

template <class Arch>
void rmsnorm(float* out, const float* x, const float* weight, std::size_t n, float eps) {
  using B = Batch<Arch>;
  const float mean = n > 0 ? dot<Arch>(x, x, n) / static_cast<float>(n) : 0.0f;
  // xsimd's sqrt, not std::sqrt, which unoptimised builds emit as a copy shared with other units.
  const B inv_rms = B(1.0f) / xsimd::sqrt(B(mean + eps));
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    const B w = load_n<Arch>(weight + i, n - i);
    store_n<Arch>(out + i, n - i, w * (load_n<Arch>(x + i, n - i) * inv_rms));
  }
}

}  // namespace clift::kernels::simd
