#include <algorithm>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "bench/clift-bench/profile_report.hpp"
#include "bench/clift-bench/ratios.hpp"
#include "bench/clift-bench/report_formats.hpp"

namespace clift::bench {
namespace {

std::string printf_string(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string size_text(std::size_t bytes) {
  const double b = static_cast<double>(bytes);
  return b >= 1 << 30 ? printf_string("%.2f GiB", b / (1 << 30))
                      : printf_string("%.2f MiB", b / (1 << 20));
}

std::string params_text(std::size_t params) {
  const double p = static_cast<double>(params);
  return p >= 1e9 ? printf_string("%.2f B", p / 1e9) : printf_string("%.2f M", p / 1e6);
}

std::string rate_text(double value) {
  return value >= 100 ? printf_string("%.1f", value) : printf_string("%.2f", value);
}

std::string numa_text(const Provenance& p) {
  return p.numa == p.numa_applied ? p.numa : p.numa_applied + " (asked " + p.numa + ")";
}

struct MdColumn {
  const char* title;
  int width;
  bool right;  // numbers align right
};

// llama-bench's table, with the sweep dimensions it leaves implicit and the roofline added.
constexpr MdColumn kTable[] = {
    {"model", 24, false},   {"size", 10, true},   {"params", 8, true}, {"dtype", 5, false},
    {"backend", 7, false},  {"threads", 7, true}, {"numa", 4, false},  {"n_batch", 7, true},
    {"test", 12, true},     {"t/s", 18, true},    {"GB/s", 7, true},   {"GFLOP/s", 8, true},
    {"roofline", 20, true}, {"paired", 7, true},
};

std::vector<std::string> cells(const BenchRow& r) {
  const Provenance& p = r.provenance;
  return {p.model,
          size_text(p.model_size),
          params_text(p.model_n_params),
          p.dtype,
          p.backend,
          std::to_string(p.n_threads),
          numa_text(p),
          std::to_string(p.n_batch),
          r.test.name(),
          rate_text(r.ts.mean) + " ± " + rate_text(r.ts.stddev),
          rate_text(r.roofline.achieved_gbs),
          rate_text(r.roofline.achieved_gflops),
          printf_string("%.1f%% ", 100 * r.roofline.fraction) + r.roofline.bound,
          printf_string("%.1f%%", 100 * r.paired_fraction)};
}

void write_line(std::ostream& out, std::span<const MdColumn> columns,
                const std::vector<std::string>& values) {
  out << "|";
  for (std::size_t c = 0; c < values.size(); c++) {
    const std::string& v = values[c];
    // Pad by code points, not bytes, so "±" keeps the columns straight.
    std::size_t length = 0;
    for (const char ch : v)
      length += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    const auto width = static_cast<std::size_t>(columns[c].width);
    const std::string pad(length < width ? width - length : 0, ' ');
    out << " " << (columns[c].right ? pad + v : v + pad) << " |";
  }
  out << "\n";
}

// The title line and the rule line under it.
void write_header(std::ostream& out, std::span<const MdColumn> columns) {
  std::vector<std::string> titles, rules;
  for (const MdColumn& c : columns) {
    titles.emplace_back(c.title);
    const std::string dashes(static_cast<std::size_t>(c.width - 1), '-');
    rules.push_back(c.right ? dashes + ":" : dashes + "-");
  }
  write_line(out, columns, titles);
  write_line(out, columns, rules);
}

void write_profile(std::ostream& out, const BenchRow& r, const ProfilePhase& phase) {
  const Provenance& p = r.provenance;
  const double ms_per_token =
      phase.tokens > 0 ? 1e3 * phase.profile.total_seconds() / static_cast<double>(phase.tokens)
                       : 0;
  out << "\n#### " << r.test.name() << " " << phase.phase << ": " << p.model << ", " << p.backend
      << ", " << p.n_threads << " threads, " << printf_string("%.3f", ms_per_token)
      << " ms/token\n\n";
  out << "| operator   |   ms/token |  share | calls/token |     GB/s |  GFLOP/s |\n"
      << "| ---------- | ---------: | -----: | ----------: | -------: | -------: |\n";
  const double tokens = static_cast<double>(phase.tokens);
  for (const OperatorLine& line : operator_lines(phase)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "| %-10s | %10.4f | %5.1f%% | %11.2f | %8s | %8s |\n",
                  line.name.c_str(), line.ms_per_token, 100 * line.share,
                  static_cast<double>(line.calls) / tokens,
                  line.bytes > 0 ? rate_text(line.gbs).c_str() : "-",
                  line.flops > 0 ? rate_text(line.gflops).c_str() : "-");
    out << buf;
  }
}

constexpr MdColumn kRatioTable[] = {
    {"model", 24, false}, {"test", 12, true},     {"backend", 7, false},
    {"threads", 7, true}, {"vs scalar", 9, true}, {"vs 1 thread", 11, true},
};

// Speedups against the run's own baselines, from median rates; nothing when it has none.
void write_ratios(std::ostream& out, const std::vector<BenchRow>& rows) {
  const auto found = ratios(rows);
  if (found.empty()) return;
  const auto text = [](const std::optional<double>& ratio) {
    return ratio ? printf_string("%.2fx", *ratio) : std::string("-");
  };
  out << "\nmedian t/s against the scalar backend on as many threads, and against 1 thread on the "
         "same backend:\n\n";
  write_header(out, kRatioTable);
  for (const Ratio& r : found) {
    const Provenance& p = r.row->provenance;
    write_line(out, kRatioTable,
               {p.model, r.row->test.name(), p.backend, std::to_string(p.n_threads),
                text(r.vs_scalar), text(r.vs_one_thread)});
  }
}

class MarkdownReporter : public Reporter {
 public:
  explicit MarkdownReporter(std::ostream& out) : out_(out) {}

  void row(const BenchRow& r) override {
    if (rows_.empty()) write_header(out_, kTable);
    write_line(out_, kTable, cells(r));
    out_ << std::flush;
    rows_.push_back(r);
  }

  void finish() override {
    if (rows_.empty()) return;
    const Provenance& p = rows_.front().provenance;
    out_ << "\nbuild: " << p.build_commit << " (" << p.compiler << ", " << p.build_type << ", "
         << (p.flags.empty() ? "no extra flags" : p.flags) << "), cpu: " << p.cpu_model << "\n";
    // Per backend and threads: the ceilings, and the range of those sampled around repetitions.
    std::map<std::pair<std::string, std::size_t>, std::pair<Ceilings, std::vector<Ceilings>>>
        ceilings;
    for (const BenchRow& r : rows_) {
      auto& [best, samples] =
          ceilings[std::make_pair(r.provenance.backend, r.provenance.n_threads)];
      best = r.ceilings;
      samples.insert(samples.end(), r.ceiling_samples.begin(), r.ceiling_samples.end());
    }
    out_ << "\nroofline ceilings measured in this run (best of passes; \"paired\" holds each "
            "repetition against one pass of each probe just before and just after it):\n\n";
    for (const auto& [key, measured] : ceilings) {
      const auto& [best, samples] = measured;
      out_ << "- " << key.first << ", " << key.second << " threads: read bandwidth "
           << rate_text(best.bandwidth_gbs) << " GB/s, FMA peak " << rate_text(best.peak_gflops)
           << " GFLOP/s";
      if (!samples.empty()) {
        const auto [bw_low, bw_high] = std::ranges::minmax(samples, {}, &Ceilings::bandwidth_gbs);
        const auto [peak_low, peak_high] = std::ranges::minmax(samples, {}, &Ceilings::peak_gflops);
        out_ << "; sampled " << rate_text(bw_low.bandwidth_gbs) << "-"
             << rate_text(bw_high.bandwidth_gbs) << " GB/s, " << rate_text(peak_low.peak_gflops)
             << "-" << rate_text(peak_high.peak_gflops) << " GFLOP/s";
      }
      out_ << "\n";
    }
    write_ratios(out_, rows_);
    for (const BenchRow& r : rows_) {
      for (const ProfilePhase& phase : r.profile)
        write_profile(out_, r, phase);
    }
    out_ << std::flush;
  }

 private:
  std::ostream& out_;
  std::vector<BenchRow> rows_;  // kept for the provenance line and the profile tables
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(std::ostream& out) {
  return std::make_unique<MarkdownReporter>(out);
}

}  // namespace clift::bench
