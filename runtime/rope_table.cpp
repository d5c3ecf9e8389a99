#include "runtime/rope_table.hpp"

#include <cmath>
#include <numbers>

namespace clift {

std::vector<double> rope_frequencies(std::size_t head_dim, float theta,
                                     const RopeScaling& scaling) {
  std::vector<double> freqs(head_dim / 2);
  for (std::size_t i = 0; i < freqs.size(); i++) {
    freqs[i] = std::pow(static_cast<double>(theta),
                        -2.0 * static_cast<double>(i) / static_cast<double>(head_dim));
  }
  if (!scaling.enabled()) return freqs;

  // Llama 3.1's scaling: wavelengths shorter than original_context / high_freq_factor are kept,
  // those longer than original_context / low_freq_factor are divided by factor, and the band
  // between is a linear blend in 1 / wavelength.
  const double factor = scaling.factor;
  const double low = scaling.low_freq_factor;
  const double high = scaling.high_freq_factor;
  const double original = scaling.original_context;
  for (double& f : freqs) {
    const double wavelength = 2.0 * std::numbers::pi / f;
    if (wavelength < original / high) continue;
    if (wavelength > original / low) {
      f /= factor;
    } else {
      const double smooth = (original / wavelength - low) / (high - low);
      f = (1.0 - smooth) * f / factor + smooth * f;
    }
  }
  return freqs;
}

RopeTable::RopeTable(const ModelConfig& config, std::size_t context_len)
    : half_(config.head_dim() / 2), cos_(context_len * half_), sin_(context_len * half_) {
  const std::vector<double> freqs =
      rope_frequencies(config.head_dim(), config.rope_theta, config.rope_scaling);
  for (std::size_t pos = 0; pos < context_len; pos++) {
    for (std::size_t i = 0; i < half_; i++) {
      const double angle = static_cast<double>(pos) * freqs[i];
      cos_[pos * half_ + i] = static_cast<float>(std::cos(angle));
      sin_[pos * half_ + i] = static_cast<float>(std::sin(angle));
    }
  }
}

}  // namespace clift
