#pragma once

#include <cstddef>

#include "kernels/simd/sampling.hpp"
#include "kernels/simd/vector_ops.hpp"

namespace clift::kernels::simd {

// out[d] = sum_p scores[p] * v_p[d], a block of kBlock vectors of out at a time held in registers
// across all positions, so each v row is read once per block and out is stored once.
template <class Arch>
void weighted_sum(float* out, const float* v, std::size_t kv_stride, std::size_t n_pos,
                  std::size_t head_dim, const float* scores) {
  using B = Batch<Arch>;
  constexpr std::size_t w = kWidth<Arch>;
  constexpr std::size_t kBlock = 4;
  for (std::size_t d0 = 0; d0 < head_dim; d0 += kBlock * w) {
    B acc[kBlock] = {B(0.0f), B(0.0f), B(0.0f), B(0.0f)};
    for (std::size_t p = 0; p < n_pos; p++) {
      const B s(scores[p]);
      const float* v_p = v + p * kv_stride;
      for (std::size_t j = 0; j < kBlock && d0 + j * w < head_dim; j++) {
        const std::size_t d = d0 + j * w;
        acc[j] = xsimd::fma(s, load_n<Arch>(v_p + d, head_dim - d), acc[j]);
      }
    }
    for (std::size_t j = 0; j < kBlock && d0 + j * w < head_dim; j++) {
      store_n<Arch>(out + d0 + j * w, head_dim - d0 - j * w, acc[j]);
    }
  }
}

template <class Arch>
void attention(float* out, const float* q, const float* k, const float* v, std::size_t kv_stride,
               std::size_t n_pos, std::size_t head_dim, float scale, float* scores) {
  for (std::size_t p = 0; p < n_pos; p++) {
    scores[p] = dot<Arch>(q, k + p * kv_stride, head_dim) * scale;
  }
  softmax<Arch>(scores, n_pos);
  weighted_sum<Arch>(out, v, kv_stride, n_pos, head_dim, scores);
}

}  // namespace clift::kernels::simd
