#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void rope(float* x, std::size_t n_heads, std::size_t head_dim, const float* cos, const float* sin) {
  for (std::size_t h = 0; h < n_heads; h++) {
    for (std::size_t i = 0; i < head_dim / 2; i++) {
      const float re = x[h * head_dim + 2 * i];
      const float im = x[h * head_dim + 2 * i + 1];
      x[h * head_dim + 2 * i] = re * cos[i] - im * sin[i];
      x[h * head_dim + 2 * i + 1] = re * sin[i] + im * cos[i];
    }
  }
}

}  // namespace clift::kernels::scalar
