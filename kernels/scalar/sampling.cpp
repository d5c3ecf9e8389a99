#include <cmath>

#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void softmax(float* x, std::size_t n) {
  float max_value = n > 0 ? x[0] : 0.0f;
  for (std::size_t i = 1; i < n; i++) {
    max_value = x[i] > max_value ? x[i] : max_value;
  }
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; i++) {
    x[i] = std::exp(x[i] - max_value);
    sum += x[i];
  }
  for (std::size_t i = 0; i < n; i++) {
    x[i] /= sum;
  }
}

std::size_t argmax(const float* x, std::size_t n) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < n; i++) {
    best = x[i] > x[best] ? i : best;
  }
  return best;
}

std::size_t select_at_least(std::uint32_t* ids, const float* x, std::size_t n, float threshold) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; i++) {
    ids[count] = static_cast<std::uint32_t>(i);
    count += x[i] >= threshold ? 1 : 0;
  }
  return count;
}

}  // namespace clift::kernels::scalar
