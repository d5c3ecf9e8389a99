#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

template <class Arch>
float max_of(const float* x, std::size_t n) {
  using B = Batch<Arch>;
  B best(kMinusInfinity<Arch>);
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    best = xsimd::max(best, load_n<Arch>(x + i, n - i, kMinusInfinity<Arch>));
  }
  return reduce_max<Arch>(best);
}

template <class Arch>
void softmax(float* x, std::size_t n) {
  using B = Batch<Arch>;
  const B max_value(max_of<Arch>(x, n));
  // The tail's missing lanes hold -inf, whose exp is 0, so they add nothing to the sum.
  B sum(0.0f);
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    const B e = xsimd::exp(load_n<Arch>(x + i, n - i, kMinusInfinity<Arch>) - max_value);
    store_n<Arch>(x + i, n - i, e);
    sum += e;
  }
  const B inv_sum(1.0f / xsimd::hadd(sum));
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    store_n<Arch>(x + i, n - i, load_n<Arch>(x + i, n - i) * inv_sum);
  }
}

// Two passes: the maximum, then the first vector holding it. Both stream; the second usually
// stops early.
template <class Arch>
std::size_t argmax(const float* x, std::size_t n) {
  using B = Batch<Arch>;
  const float best = max_of<Arch>(x, n);
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    if (xsimd::none(load_n<Arch>(x + i, n - i, best) == B(best))) continue;
    for (std::size_t j = i; j < n; j++) {
      if (x[j] == best) return j;
    }
  }
  return 0;
}

// Candidates are rare (the threshold sits near the top of the logits), so a whole vector below it
// costs one compare; only vectors holding a candidate are scanned element by element.
template <class Arch>
std::size_t select_at_least(std::uint32_t* ids, const float* x, std::size_t n, float threshold) {
  using B = Batch<Arch>;
  const B t(threshold);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; i += kWidth<Arch>) {
    if (xsimd::none(load_n<Arch>(x + i, n - i, kMinusInfinity<Arch>) >= t)) continue;
    const std::size_t end = n - i < kWidth<Arch> ? n : i + kWidth<Arch>;
    for (std::size_t j = i; j < end; j++) {
      ids[count] = static_cast<std::uint32_t>(j);
      count += x[j] >= threshold ? 1 : 0;
    }
  }
  return count;
}

}  // namespace clift::kernels::simd
