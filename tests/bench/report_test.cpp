#include "bench/clift-bench/report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "bench/clift-bench/columns.hpp"
#include "tests/bench/sample_rows.hpp"
#include "tests/bench/xml_check.hpp"

namespace clift::bench {
namespace {

std::string report(OutputFormat format, const std::vector<BenchRow>& rows) {
  std::ostringstream out;
  const auto reporter = make_reporter(format, out);
  for (const auto& r : rows)
    reporter->row(r);
  reporter->finish();
  return out.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    result.push_back(line);
  return result;
}

// The CSV header is a contract with every script that reads the output: change it only by adding
// columns at the end, and update this string with them.
constexpr const char* kCsvHeader =
    "build_commit,compiler,flags,build_type,cpu_model,model,model_shape,dtype,model_size,"
    "model_n_params,backend,n_threads,numa,numa_applied,n_batch,test,n_prompt,n_gen,n_depth,"
    "test_time,repetitions,avg_ts,stddev_ts,median_ts,achieved_gbs,achieved_gflops,bw_gbs,"
    "peak_gflops,roofline_frac,roofline_bound,load_avg,paired_frac";

TEST(Report, CsvHasTheStableHeaderAndOneQuotedLinePerRow) {
  const auto rows = testing::sample_rows();
  const auto out = lines(report(OutputFormat::kCsv, rows));
  ASSERT_EQ(out.size(), rows.size() + 1);
  EXPECT_EQ(out[0], kCsvHeader);
  EXPECT_EQ(out[1].substr(0, 72),
            "\"0123456789ab\",\"GNU 12.2.0\",\"-O3 -DNDEBUG\",\"Release\",\"Test CPU, \"\"quoted");
  EXPECT_NE(out[1].find(",\"scalar\",1,\"distribute\",\"none\",512,\"pp8\",8,0,0,"),
            std::string::npos)
      << out[1];
}

TEST(Report, JsonIsOneArrayOfRowsWithEveryField) {
  const auto rows = testing::sample_rows();
  const auto j = nlohmann::json::parse(report(OutputFormat::kJson, rows));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), rows.size());
  const auto& first = j[0];
  // Every CSV column (the header test pins their names) is a JSON field too, typed.
  for (const Column& c : columns()) {
    ASSERT_TRUE(first.contains(c.name)) << c.name;
    EXPECT_EQ(first[c.name].is_string(), std::holds_alternative<std::string>(c.get(rows[0])))
        << c.name;
  }
  EXPECT_TRUE(first["samples_ts"].is_array());
  EXPECT_EQ(first["backend"], "scalar");
  EXPECT_EQ(first["n_threads"], 1);
  EXPECT_EQ(first["test"], "pp8");
  EXPECT_EQ(first["numa_applied"], "none");
  EXPECT_DOUBLE_EQ(first["avg_ts"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(first["bw_gbs"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(first["roofline_frac"].get<double>(), 0.4);
  EXPECT_EQ(first["samples_ts"].size(), 3u);
  ASSERT_EQ(first["ceiling_samples"].size(), 4u);  // around each of the 3 repetitions
  EXPECT_DOUBLE_EQ(first["ceiling_samples"][3]["bw_gbs"].get<double>(), 9.5);
  EXPECT_DOUBLE_EQ(first["paired_frac"].get<double>(), 0.42);
  EXPECT_FALSE(first.contains("profile"));  // only with --profile
  EXPECT_EQ(nlohmann::json::parse(report(OutputFormat::kJson, {})), nlohmann::json::array());
}

TEST(Report, JsonlIsOneObjectPerLine) {
  const auto rows = testing::sample_rows();
  const auto out = lines(report(OutputFormat::kJsonl, rows));
  ASSERT_EQ(out.size(), rows.size());
  for (std::size_t i = 0; i < out.size(); i++) {
    const auto j = nlohmann::json::parse(out[i]);
    EXPECT_EQ(j["test"], rows[i].test.name());
    EXPECT_EQ(j["n_threads"], rows[i].provenance.n_threads);
  }
}

BenchRow profiled_row() {
  BenchRow r = testing::sample_row("avx2", 2, {8, 4, 0}, 50);
  ProfilePhase decode{"decode", 4, {}};
  decode.profile.add(Operator::kQkv, 0.004, 8e9 * 0.004, 4e9 * 0.004);  // 8 GB/s, 4 GFLOP/s
  decode.profile.add(Operator::kClassifier, 0.002, 0, 1e9 * 0.002);
  decode.profile.add(Operator::kSampling, 0.002, 1e6, 0);
  r.profile.push_back(decode);
  return r;
}

TEST(Report, ProfileIsAJsonObjectPerPhaseAndOperator) {
  const auto j = nlohmann::json::parse(report(OutputFormat::kJsonl, {profiled_row()}));
  const auto& decode = j["profile"]["decode"];
  EXPECT_EQ(decode["tokens"], 4);
  EXPECT_DOUBLE_EQ(decode["seconds"].get<double>(), 0.008);
  const auto& qkv = decode["operators"]["qkv"];
  EXPECT_DOUBLE_EQ(qkv["ms_per_token"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(qkv["share"].get<double>(), 0.5);
  EXPECT_NEAR(qkv["gbs"].get<double>(), 8, 1e-9);
  EXPECT_NEAR(qkv["gflops"].get<double>(), 4, 1e-9);
  EXPECT_EQ(decode["operators"].size(), 3u);  // operators that never ran are left out
  EXPECT_FALSE(j["profile"].contains("prefill"));
}

TEST(Report, MarkdownIsATableThenProvenanceThenProfiles) {
  const auto rows = testing::sample_rows();
  const std::string md = report(OutputFormat::kMarkdown, rows);
  const auto out = lines(md);
  ASSERT_GE(out.size(), rows.size() + 2);
  EXPECT_TRUE(out[0].starts_with("| model ")) << out[0];
  EXPECT_TRUE(out[1].starts_with("| ---")) << out[1];
  for (std::size_t i = 0; i < rows.size(); i++) {
    EXPECT_EQ(testing::count_of(out[i + 2], "|"), testing::count_of(out[0], "|")) << out[i + 2];
  }
  EXPECT_NE(out[2].find("none (asked distribute)"), std::string::npos) << out[2];
  EXPECT_NE(out[2].find("40.0% compute"), std::string::npos) << out[2];
  EXPECT_NE(md.find("build: 0123456789ab (GNU 12.2.0, Release, -O3 -DNDEBUG)"), std::string::npos);
  EXPECT_TRUE(out[2].ends_with("|   42.0% |")) << out[2];
  // The samples of both rows of a backend and threads (pp8, tg4) make one range.
  EXPECT_NE(md.find("- avx2, 2 threads: read bandwidth 20.00 GB/s, FMA peak 100.0 GFLOP/s; "
                    "sampled 17.00-21.00 GB/s, 95.00-102.0 GFLOP/s"),
            std::string::npos)
      << md;

  const std::string profiled = report(OutputFormat::kMarkdown, {profiled_row()});
  EXPECT_NE(profiled.find("#### pp8+tg4 decode: synthetic:tiny, avx2, 2 threads, 2.000 ms/token"),
            std::string::npos)
      << profiled;
  EXPECT_NE(
      profiled.find("| qkv        |     1.0000 |  50.0% |        0.25 |     8.00 |     4.00 |"),
      std::string::npos)
      << profiled;
}

}  // namespace
}  // namespace clift::bench
