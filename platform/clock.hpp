#pragma once

#include <chrono>

namespace clift {

// Wall time in seconds from a monotonic clock, for timings that are reported.
inline double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace clift
