#include "runtime/profile.hpp"

namespace clift {

const char* operator_name(Operator op) {
  switch (op) {
    case Operator::kEmbedding:
      return "embedding";
    case Operator::kNorms:
      return "norms";
    case Operator::kQkv:
      return "qkv";
    case Operator::kRope:
      return "rope";
    case Operator::kAttention:
      return "attention";
    case Operator::kWo:
      return "wo";
    case Operator::kGateUp:
      return "gate_up";
    case Operator::kSwiglu:
      return "swiglu";
    case Operator::kDown:
      return "down";
    case Operator::kResidual:
      return "residual";
    case Operator::kClassifier:
      return "classifier";
    case Operator::kSampling:
      return "sampling";
  }
  return "unknown";
}

double Profile::total_seconds() const {
  double total = 0;
  for (const auto& t : totals_)
    total += t.seconds;
  return total;
}

}  // namespace clift
