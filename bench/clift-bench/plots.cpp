#include "bench/clift-bench/plots.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "bench/clift-bench/svg.hpp"
#include "platform/error.hpp"

namespace clift::bench {
namespace {

// The sweep dimensions other than threads, which the scaling plot puts on its x axis.
std::vector<std::string> series_key(const BenchRow& r) {
  const Provenance& p = r.provenance;
  return {p.backend, r.test.name(),  p.model,
          p.dtype,   p.numa_applied, std::to_string(p.n_batch) + "-batch"};
}

// A series' legend names the backend and test always, and the other dimensions only where the
// rows differ in them, so a plain sweep keeps short labels.
std::string series_label(const std::vector<std::string>& key,
                         const std::vector<std::set<std::string>>& seen) {
  std::string label = key[0] + " " + key[1];
  for (std::size_t i = 2; i < key.size(); i++) {
    if (seen[i].size() > 1) label += " " + key[i];
  }
  return label;
}

// Padding of a log range: a factor each side, so no point sits on the frame.
std::pair<double, double> log_range(double lo, double hi) {
  return {lo / 3, hi * 3};
}

double intensity(const BenchRow& r) {
  return r.roofline.achieved_gflops / r.roofline.achieved_gbs;
}

}  // namespace

std::string scaling_svg(const std::vector<BenchRow>& rows) {
  std::map<std::vector<std::string>, std::vector<const BenchRow*>> series;
  std::vector<std::set<std::string>> seen(series_key(rows.front()).size());
  std::set<double> threads;
  double ts_min = 1e300, ts_max = 0;
  for (const BenchRow& r : rows) {
    const auto key = series_key(r);
    for (std::size_t i = 0; i < key.size(); i++)
      seen[i].insert(key[i]);
    series[key].push_back(&r);
    threads.insert(static_cast<double>(r.provenance.n_threads));
    ts_min = std::min(ts_min, std::max(r.ts.mean - r.ts.stddev, r.ts.mean / 2));
    ts_max = std::max(ts_max, r.ts.mean + r.ts.stddev);
  }
  // Room for the linear-scaling guides, which end at their series' fewest threads' rate times
  // the thread ratio.
  for (auto& [key, members] : series) {
    std::ranges::sort(members, {}, [](const BenchRow* r) { return r->provenance.n_threads; });
    const BenchRow* fewest = members.front();
    ts_max = std::max(ts_max, fewest->ts.mean *
                                  static_cast<double>(members.back()->provenance.n_threads) /
                                  static_cast<double>(fewest->provenance.n_threads));
  }
  // Prefill and decode rates can differ a hundredfold: a log axis keeps both readable.
  const bool log_y = ts_max / ts_min > 20;
  const auto [y_lo, y_hi] = log_y ? log_range(ts_min, ts_max) : std::pair(0.0, ts_max * 1.1);
  Chart chart("Scaling with threads",
              Axis(0, *threads.rbegin() + 1, false).with_ticks({threads.begin(), threads.end()}),
              "threads", Axis(y_lo, y_hi, log_y), "tokens per second");

  std::size_t color = 0;
  for (auto& [key, members] : series) {
    const std::string c = palette_color(color++);
    Points line;
    for (const BenchRow* r : members) {
      const double t = static_cast<double>(r->provenance.n_threads);
      line.emplace_back(t, r->ts.mean);
    }
    chart.line(line, c, "series", false);
    // What perfect scaling from the fewest threads would give, for the eye to measure against.
    if (line.size() > 1) {
      const auto [t0, rate0] = line.front();
      const double t1 = line.back().first;
      chart.line({{t0, rate0}, {t1, rate0 * t1 / t0}}, c, "ideal", true);
    }
    for (const BenchRow* r : members) {
      const double t = static_cast<double>(r->provenance.n_threads);
      chart.error_bar(t, std::max(r->ts.mean - r->ts.stddev, y_lo), r->ts.mean + r->ts.stddev, c);
      char tip[160];
      std::snprintf(tip, sizeof tip, "%s, %zu threads: %.2f ± %.2f t/s", r->test.name().c_str(),
                    r->provenance.n_threads, r->ts.mean, r->ts.stddev);
      chart.point(t, r->ts.mean, c, "", tip);
    }
    chart.legend(series_label(key, seen), c, false);
  }
  if (threads.size() > 1) chart.legend("linear scaling (dashed)", "#888888", true);
  return chart.svg();
}

std::string roofline_svg(const std::vector<BenchRow>& rows) {
  std::map<std::pair<std::string, std::size_t>, Ceilings> roofs;
  double x_min = 1e300, x_max = 0, y_min = 1e300, y_max = 0;
  for (const BenchRow& r : rows) {
    const Ceilings& c = r.ceilings;
    roofs.emplace(std::make_pair(r.provenance.backend, r.provenance.n_threads), c);
    const double ridge = c.peak_gflops / c.bandwidth_gbs;
    x_min = std::min({x_min, intensity(r), ridge});
    x_max = std::max({x_max, intensity(r), ridge});
    y_min = std::min(y_min, r.roofline.achieved_gflops);
    y_max = std::max(y_max, c.peak_gflops);
  }
  const auto [x_lo, x_hi] = log_range(x_min, x_max);
  const auto [y_lo, y_hi] = log_range(y_min, y_max);
  Chart chart("Roofline (ceilings measured in this run)", Axis(x_lo, x_hi, true),
              "arithmetic intensity (flop/byte)", Axis(y_lo, y_hi, true), "GFLOP/s");

  std::map<std::pair<std::string, std::size_t>, std::string> colors;
  for (const auto& [key, c] : roofs) {
    const std::string color = palette_color(colors.size());
    colors[key] = color;
    const double ridge = c.peak_gflops / c.bandwidth_gbs;
    chart.line({{x_lo, c.bandwidth_gbs * x_lo}, {ridge, c.peak_gflops}, {x_hi, c.peak_gflops}},
               color, "roof", true);
    char text[160];
    std::snprintf(text, sizeof text, "%s %zut: %.1f GB/s, %.1f GFLOP/s", key.first.c_str(),
                  key.second, c.bandwidth_gbs, c.peak_gflops);
    chart.legend(text, color, true);
  }
  for (const BenchRow& r : rows) {
    const auto key = std::make_pair(r.provenance.backend, r.provenance.n_threads);
    char tip[200];
    std::snprintf(tip, sizeof tip, "%s %s %zu threads: %.2f t/s, %.2f GFLOP/s, %.2f GB/s, %.1f%%",
                  r.provenance.model.c_str(), r.test.name().c_str(), r.provenance.n_threads,
                  r.ts.mean, r.roofline.achieved_gflops, r.roofline.achieved_gbs,
                  100 * r.roofline.fraction);
    chart.point(intensity(r), r.roofline.achieved_gflops, colors[key],
                r.test.name() + " " + std::to_string(r.provenance.n_threads) + "t", tip);
  }
  return chart.svg();
}

std::vector<std::string> write_plots(const std::vector<BenchRow>& rows, const std::string& dir) {
  if (rows.empty()) throw Error("--plot " + dir + ": no results to plot");
  std::filesystem::create_directories(dir);
  const std::vector<std::pair<std::string, std::string>> files{
      {"scaling.svg", scaling_svg(rows)}, {"roofline.svg", roofline_svg(rows)}};
  std::vector<std::string> paths;
  for (const auto& [name, svg] : files) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path);
    out << svg;
    if (!out) throw Error("--plot " + dir + ": cannot write " + path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace clift::bench
