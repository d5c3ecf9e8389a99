#include "bench/clift-bench/ratios.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "bench/clift-bench/report.hpp"
#include "tests/bench/sample_rows.hpp"

namespace clift::bench {
namespace {

using testing::sample_row;

std::vector<BenchRow> sweep_rows() {
  std::vector<BenchRow> rows = {
      sample_row("scalar", 1, {8, 0, 0}, 100), sample_row("scalar", 2, {8, 0, 0}, 180),
      sample_row("avx2", 1, {8, 0, 0}, 400),   sample_row("avx2", 2, {8, 0, 0}, 700),
      sample_row("avx2", 2, {0, 4, 0}, 50),   // tg4 ran on no baseline
      sample_row("avx2", 1, {8, 0, 0}, 999),  // another batch size: not the 1-thread baseline
  };
  rows.back().provenance.n_batch = 64;
  return rows;
}

TEST(Ratios, EachRowAgainstScalarOnItsThreadsAndOneThreadOnItsBackend) {
  const auto rows = sweep_rows();
  const auto found = ratios(rows);
  ASSERT_EQ(found.size(), 3u);

  EXPECT_EQ(found[0].row, &rows[1]);  // scalar, 2 threads: only its own 1-thread run
  EXPECT_FALSE(found[0].vs_scalar);
  EXPECT_DOUBLE_EQ(*found[0].vs_one_thread, 1.8);

  EXPECT_EQ(found[1].row, &rows[2]);  // avx2, 1 thread: only scalar
  EXPECT_DOUBLE_EQ(*found[1].vs_scalar, 4.0);
  EXPECT_FALSE(found[1].vs_one_thread);

  EXPECT_EQ(found[2].row, &rows[3]);  // avx2, 2 threads: both, from the median rates
  EXPECT_DOUBLE_EQ(*found[2].vs_scalar, 700.0 / 180.0);
  EXPECT_DOUBLE_EQ(*found[2].vs_one_thread, 1.75);
}

TEST(Ratios, MarkdownListsThemAfterTheCeilingsAndOnlyWithABaseline) {
  std::ostringstream out;
  const auto reporter = make_reporter(OutputFormat::kMarkdown, out);
  for (const BenchRow& r : sweep_rows())
    reporter->row(r);
  reporter->finish();
  const std::string md = out.str();
  EXPECT_NE(md.find("| synthetic:tiny           |          pp8 | avx2    |       2 |     3.89x |  "
                    "     1.75x |"),
            std::string::npos)
      << md;
  EXPECT_LT(md.find("roofline ceilings"), md.find("against the scalar backend"));

  std::ostringstream alone;
  const auto single = make_reporter(OutputFormat::kMarkdown, alone);
  single->row(sample_row("avx2", 2, {8, 0, 0}, 700));
  single->finish();
  EXPECT_EQ(alone.str().find("against the scalar backend"), std::string::npos);
}

}  // namespace
}  // namespace clift::bench
