#include <nlohmann/json.hpp>

#include "bench/clift-bench/columns.hpp"
#include "bench/clift-bench/profile_report.hpp"
#include "bench/clift-bench/report_formats.hpp"

namespace clift::bench {
namespace {

nlohmann::ordered_json profile_json(const std::vector<ProfilePhase>& phases) {
  nlohmann::ordered_json profile = nlohmann::ordered_json::object();
  for (const ProfilePhase& phase : phases) {
    nlohmann::ordered_json operators = nlohmann::ordered_json::object();
    for (const OperatorLine& line : operator_lines(phase)) {
      operators[line.name] = {
          {"seconds", line.seconds},
          {"bytes", line.bytes},
          {"flops", line.flops},
          {"calls", line.calls},
          {"ms_per_token", line.ms_per_token},
          {"share", line.share},
          {"gbs", line.gbs},
          {"gflops", line.gflops},
      };
    }
    profile[phase.phase] = {{"tokens", phase.tokens},
                            {"seconds", phase.profile.total_seconds()},
                            {"operators", operators}};
  }
  return profile;
}

nlohmann::ordered_json row_json(const BenchRow& row) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const Column& c : columns()) {
    std::visit([&](const auto& v) { j[c.name] = v; }, c.get(row));
  }
  j["samples_ts"] = row.samples_ts;
  nlohmann::ordered_json samples = nlohmann::ordered_json::array();
  for (const Ceilings& c : row.ceiling_samples) {
    samples.push_back({{"bw_gbs", c.bandwidth_gbs}, {"peak_gflops", c.peak_gflops}});
  }
  j["ceiling_samples"] = samples;
  if (!row.profile.empty()) j["profile"] = profile_json(row.profile);
  return j;
}

// json: one array of row objects (llama-bench's layout); jsonl: one object per line.
class JsonReporter : public Reporter {
 public:
  JsonReporter(std::ostream& out, bool one_per_line) : out_(out), one_per_line_(one_per_line) {
    if (!one_per_line_) out_ << "[" << std::flush;
  }

  void row(const BenchRow& row) override {
    if (one_per_line_) {
      out_ << row_json(row).dump() << "\n" << std::flush;
      return;
    }
    out_ << (rows_ == 0 ? "\n" : ",\n") << row_json(row).dump(2) << std::flush;
    rows_++;
  }

  void finish() override {
    if (!one_per_line_) out_ << (rows_ == 0 ? "]\n" : "\n]\n") << std::flush;
  }

 private:
  std::ostream& out_;
  bool one_per_line_;
  std::size_t rows_ = 0;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, bool one_per_line) {
  return std::make_unique<JsonReporter>(out, one_per_line);
}

}  // namespace clift::bench
