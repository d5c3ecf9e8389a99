#include <cmath>

#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

void swiglu(float* gate, const float* up, std::size_t n) {
  for (std::size_t i = 0; i < n; i++) {
    const float g = gate[i];
    gate[i] = g / (1.0f + std::exp(-g)) * up[i];
  }
}

void add(float* y, const float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; i++) {
    y[i] += x[i];
  }
}

void scale(float* x, std::size_t n, float factor) {
  for (std::size_t i = 0; i < n; i++) {
    x[i] *= factor;
  }
}

void embed(float* out, const float* table, const std::int32_t* ids, std::size_t n_tokens,
           std::size_t dim) {
  for (std::size_t t = 0; t < n_tokens; t++) {
    for (std::size_t d = 0; d < dim; d++) {
      out[t * dim + d] = table[static_cast<std::size_t>(ids[t]) * dim + d];
    }
  }
}

}  // namespace clift::kernels::scalar
