#include <vector>

#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void attention(float* out, const float* q, std::size_t row_stride, std::size_t n_tokens,
               std::size_t n_heads, std::size_t first_pos, const float* k, const float* v,
               std::size_t kv_stride, std::size_t head_dim, float scale) {
  std::vector<float> scores(first_pos + n_tokens);
  for (std::size_t t = 0; t < n_tokens; t++) {
    const std::size_t n_pos = first_pos + t + 1;
    for (std::size_t g = 0; g < n_heads; g++) {
      const float* q_row = q + t * row_stride + g * head_dim;
      float* out_row = out + t * row_stride + g * head_dim;
      for (std::size_t p = 0; p < n_pos; p++) {
        float dot = 0.0f;
        for (std::size_t d = 0; d < head_dim; d++) {
          dot += q_row[d] * k[p * kv_stride + d];
        }
        scores[p] = dot * scale;
      }

      softmax(scores.data(), n_pos);

      for (std::size_t d = 0; d < head_dim; d++) {
        out_row[d] = 0.0f;
      }
      for (std::size_t p = 0; p < n_pos; p++) {
        for (std::size_t d = 0; d < head_dim; d++) {
          out_row[d] += scores[p] * v[p * kv_stride + d];
        }
      }
    }
  }
}

}  // namespace clift::kernels::scalar
