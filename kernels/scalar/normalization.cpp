#include <cmath>

#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void rmsnorm(float* out, const float* x, const float* weight, std::size_t n, float eps) {
  float sum_squares = 0.0f;
  for (std::size_t i = 0; i < n; i++) {
    sum_squares += x[i] * x[i];
  }
  const float mean = n > 0 ? sum_squares / static_cast<float>(n) : 0.0f;
  const float inv_rms = 1.0f / std::sqrt(mean + eps);
  for (std::size_t i = 0; i < n; i++) {
    out[i] = weight[i] * (x[i] * inv_rms);
  }
}

}  // namespace clift::kernels::scalar
