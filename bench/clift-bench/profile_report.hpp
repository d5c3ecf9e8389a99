#pragma once

#include <string>
#include <vector>

#include "bench/clift-bench/result.hpp"

namespace clift::bench {

// One operator of a profiled phase, per token, with the rates it reached while it ran.
struct OperatorLine {
  std::string name;
  double seconds = 0;  // over the whole phase, as are bytes, flops and calls
  double bytes = 0;
  double flops = 0;
  std::size_t calls = 0;
  double ms_per_token = 0;
  double share = 0;   // of the phase's profiled time
  double gbs = 0;     // bytes / seconds
  double gflops = 0;  // flops / seconds
};

// The operators that ran in the phase, in the forward pass's order.
std::vector<OperatorLine> operator_lines(const ProfilePhase& phase);

}  // namespace clift::bench
