#include <cstdio>

#include "bench/clift-bench/columns.hpp"
#include "bench/clift-bench/report_formats.hpp"

namespace clift::bench {
namespace {

// RFC 4180: every string quoted, inner quotes doubled, so commas in flags or CPU names are safe.
std::string csv_field(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::string quoted = "\"";
    for (const char c : *s)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }
  if (const auto* n = std::get_if<std::size_t>(&v)) return std::to_string(*n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::get<double>(v));
  return buf;
}

class CsvReporter : public Reporter {
 public:
  explicit CsvReporter(std::ostream& out) : out_(out) {
    const char* sep = "";
    for (const Column& c : columns()) {
      out_ << sep << c.name;
      sep = ",";
    }
    out_ << "\n" << std::flush;
  }

  void row(const BenchRow& row) override {
    const char* sep = "";
    for (const Column& c : columns()) {
      out_ << sep << csv_field(c.get(row));
      sep = ",";
    }
    out_ << "\n" << std::flush;
  }

  void finish() override {}

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out) {
  return std::make_unique<CsvReporter>(out);
}

}  // namespace clift::bench
