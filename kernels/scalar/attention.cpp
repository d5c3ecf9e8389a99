#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void attention(float* out, const float* q, const float* k, const float* v, std::size_t kv_stride,
               std::size_t n_pos, std::size_t head_dim, float scale, float* scores) {
  for (std::size_t p = 0; p < n_pos; p++) {
    float dot = 0.0f;
    for (std::size_t d = 0; d < head_dim; d++) {
      dot += q[d] * k[p * kv_stride + d];
    }
    scores[p] = dot * scale;
  }

  softmax(scores, n_pos);

  for (std::size_t d = 0; d < head_dim; d++) {
    out[d] = 0.0f;
  }
  for (std::size_t p = 0; p < n_pos; p++) {
    for (std::size_t d = 0; d < head_dim; d++) {
      out[d] += scores[p] * v[p * kv_stride + d];
    }
  }
}

}  // namespace clift::kernels::scalar
