#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

// The kernels' contracts computed in double, written here rather than taken from the code under
// test, with the bound on a float computation's rounding error beside each.
namespace clift::kernels::test {

// y[t][r] and the sum of |w x| over k, which bounds a float dot product's error by n_cols * eps
// times it.
struct MatmulReference {
  std::vector<double> y;          // [n_tokens][n_rows]
  std::vector<double> magnitude;  // [n_tokens][n_rows]
};

inline MatmulReference matmul_reference(const float* w, const float* x, std::size_t n_tokens,
                                        std::size_t n_cols, std::size_t n_rows) {
  MatmulReference ref{std::vector<double>(n_tokens * n_rows),
                      std::vector<double>(n_tokens * n_rows)};
  for (std::size_t t = 0; t < n_tokens; t++) {
    for (std::size_t r = 0; r < n_rows; r++) {
      double sum = 0.0;
      double magnitude = 0.0;
      for (std::size_t k = 0; k < n_cols; k++) {
        const double term =
            static_cast<double>(w[r * n_cols + k]) * static_cast<double>(x[t * n_cols + k]);
        sum += term;
        magnitude += std::fabs(term);
      }
      ref.y[t * n_rows + r] = sum;
      ref.magnitude[t * n_rows + r] = magnitude;
    }
  }
  return ref;
}

inline std::vector<double> softmax_reference(const std::vector<double>& x) {
  double max_value = x.empty() ? 0.0 : x[0];
  for (double v : x)
    max_value = v > max_value ? v : max_value;
  std::vector<double> p(x.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); i++) {
    p[i] = std::exp(x[i] - max_value);
    sum += p[i];
  }
  for (double& v : p)
    v /= sum;
  return p;
}

}  // namespace clift::kernels::test
