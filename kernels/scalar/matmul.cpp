#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void matmul(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
            std::size_t n_cols, std::size_t row_begin, std::size_t row_end) {
  for (std::size_t t = 0; t < n_tokens; t++) {
    for (std::size_t r = row_begin; r < row_end; r++) {
      float sum = 0.0f;
      for (std::size_t k = 0; k < n_cols; k++) {
        sum += w[r * n_cols + k] * x[t * n_cols + k];
      }
      y[t * ldy + r] = sum;
    }
  }
}

std::size_t packed_x_floats(std::size_t n_tokens, std::size_t n_cols) {
  return n_tokens * n_cols;
}

void pack_x(float* packed, const float* x, std::size_t n_tokens, std::size_t n_cols,
            std::size_t part, std::size_t n_parts) {
  const std::size_t n = n_tokens * n_cols;
  for (std::size_t i = n * part / n_parts; i < n * (part + 1) / n_parts; i++) {
    packed[i] = x[i];
  }
}

}  // namespace clift::kernels::scalar
