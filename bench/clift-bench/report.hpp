#pragma once

#include <memory>
#include <ostream>

#include "bench/clift-bench/options.hpp"
#include "bench/clift-bench/result.hpp"

namespace clift::bench {

// Writes rows to stdout as they are measured, so a long sweep shows its results while it runs and
// a stopped one keeps what it had. Nothing else may write to the stream.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void row(const BenchRow& row) = 0;
  virtual void finish() = 0;  // after the last row
};

std::unique_ptr<Reporter> make_reporter(OutputFormat format, std::ostream& out);

}  // namespace clift::bench
