#pragma once

#include <array>
#include <cstddef>

namespace clift {

// The operators a token's time is broken down into (clift-bench --profile).
enum class Operator : std::size_t {
  kEmbedding,
  kNorms,
  kQkv,
  kRope,
  kAttention,
  kWo,
  kGateUp,
  kSwiglu,
  kDown,
  kResidual,
  kClassifier,
  kSampling,
};
inline constexpr std::size_t kOperatorCount = static_cast<std::size_t>(Operator::kSampling) + 1;

const char* operator_name(Operator op);

struct OperatorTotals {
  double seconds = 0;
  double bytes =
      0;  // memory the operator must read or write at least (weights, cache, activations)
  double flops = 0;
  std::size_t calls = 0;
};

// Accumulated per-operator time and work. The forward pass adds to it only when one is attached,
// so an unprofiled run pays nothing.
class Profile {
 public:
  void add(Operator op, double seconds, double bytes, double flops) {
    auto& t = totals_[static_cast<std::size_t>(op)];
    t.seconds += seconds;
    t.bytes += bytes;
    t.flops += flops;
    t.calls++;
  }
  const OperatorTotals& operator[](Operator op) const {
    return totals_[static_cast<std::size_t>(op)];
  }
  double total_seconds() const;
  void reset() { totals_ = {}; }

 private:
  std::array<OperatorTotals, kOperatorCount> totals_{};
};

}  // namespace clift
