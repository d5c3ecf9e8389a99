#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

// Helpers shared by the kernel tests: poisoned, misaligned buffers; seeded random data; a
// comparison that reports the worst element.
namespace clift::kernels::test {

inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
inline constexpr double kEps = std::numeric_limits<float>::epsilon();

// Lengths around every vector width (4 on NEON, 8 on AVX2, 16 on AVX-512), 0 and 1 included.
inline const std::vector<std::size_t> kLengths = {0,  1,  2,  3,  4,  5,  7,  8,   9,   15,
                                                  16, 17, 31, 32, 33, 63, 65, 100, 257, 1000};

// n floats that start one float past the allocator's alignment, so no vector load or store is
// aligned, with a guard float on either side. Everything starts as NaN: an element a kernel
// should have written and did not, or one it should not have touched and did, shows.
class Buffer {
 public:
  explicit Buffer(std::size_t n) : storage_(n + 3, kNaN), n_(n) {}
  float* data() { return storage_.data() + 2; }
  const float* data() const { return storage_.data() + 2; }
  float& operator[](std::size_t i) { return data()[i]; }
  float operator[](std::size_t i) const { return data()[i]; }
  double at(std::size_t i) const { return data()[i]; }  // for references computed in double
  std::size_t size() const { return n_; }
  bool guards_untouched() const { return std::isnan(storage_[1]) && std::isnan(storage_[n_ + 2]); }

 private:
  std::vector<float> storage_;
  std::size_t n_;
};

// Uniform in [lo, hi) from a generator seeded per test, so a failure replays.
inline Buffer random_buffer(std::mt19937& rng, std::size_t n, float lo = -1.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> dist(lo, hi);
  Buffer b(n);
  for (std::size_t i = 0; i < n; i++)
    b[i] = dist(rng);
  return b;
}

// Passes when |got[i] - want[i]| <= tolerance[i] for every i (NaN never passes); otherwise names
// the element furthest outside its tolerance.
inline ::testing::AssertionResult all_near(const float* got, const std::vector<double>& want,
                                           const std::vector<double>& tolerance) {
  std::size_t worst = 0;
  double worst_ratio = 0.0;
  for (std::size_t i = 0; i < want.size(); i++) {
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    const double ratio = std::isnan(diff) ? std::numeric_limits<double>::infinity()
                                          : diff / (tolerance[i] > 0 ? tolerance[i] : 1e-300);
    if ((diff > tolerance[i] || std::isnan(diff)) && ratio > worst_ratio) {
      worst_ratio = ratio;
      worst = i;
    }
  }
  if (worst_ratio == 0.0) return ::testing::AssertionSuccess();
  std::ostringstream message;
  message.precision(9);
  message << "worst element " << worst << " of " << want.size() << ": got " << got[worst]
          << ", want " << want[worst] << ", tolerance " << tolerance[worst];
  return ::testing::AssertionFailure() << message.str();
}

inline std::vector<double> to_double(const float* x, std::size_t n) {
  return std::vector<double>(x, x + n);
}

}  // namespace clift::kernels::test
