#include "bench/clift-bench/profile_report.hpp"

namespace clift::bench {

std::vector<OperatorLine> operator_lines(const ProfilePhase& phase) {
  std::vector<OperatorLine> lines;
  const double total = phase.profile.total_seconds();
  const double tokens = static_cast<double>(phase.tokens);
  for (std::size_t i = 0; i < kOperatorCount; i++) {
    const auto op = static_cast<Operator>(i);
    const OperatorTotals& t = phase.profile[op];
    if (t.calls == 0) continue;
    OperatorLine line;
    line.name = operator_name(op);
    line.seconds = t.seconds;
    line.bytes = t.bytes;
    line.flops = t.flops;
    line.calls = t.calls;
    line.ms_per_token = tokens > 0 ? 1e3 * t.seconds / tokens : 0;
    line.share = total > 0 ? t.seconds / total : 0;
    line.gbs = t.seconds > 0 ? t.bytes / t.seconds / 1e9 : 0;
    line.gflops = t.seconds > 0 ? t.flops / t.seconds / 1e9 : 0;
    lines.push_back(line);
  }
  return lines;
}

}  // namespace clift::bench
