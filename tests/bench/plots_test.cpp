#include "bench/clift-bench/plots.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/clift-bench/svg.hpp"
#include "tests/bench/sample_rows.hpp"
#include "tests/bench/xml_check.hpp"

namespace clift::bench {
namespace {

using testing::count_of;
using testing::xml_error;

TEST(XmlChecker, RejectsWhatABrowserWouldNotOpen) {
  EXPECT_EQ(xml_error("<svg><g/><text x=\"1\">a &amp; b</text></svg>"), "");
  EXPECT_NE(xml_error("<svg><g></svg>"), "");                 // unbalanced
  EXPECT_NE(xml_error("<svg><text>a & b</text></svg>"), "");  // bare ampersand
  EXPECT_NE(xml_error("<svg x=1></svg>"), "");                // unquoted attribute
  EXPECT_NE(xml_error("<svg x=\"1\" x=\"2\"></svg>"), "");    // duplicate attribute
  EXPECT_NE(xml_error("<svg></svg><svg></svg>"), "");         // two roots
  EXPECT_NE(xml_error("<svg><text>a < b</text></svg>"), "");  // '<' in text
}

TEST(Svg, EscapesTextAndTicksCoverTheRange) {
  EXPECT_EQ(xml_escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  EXPECT_EQ(Axis(0, 10, false).ticks(), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(Axis(0.5, 2000, true).ticks(), (std::vector<double>{1, 10, 100, 1000}));
  EXPECT_EQ(Axis(3, 60, true).ticks(), (std::vector<double>{5, 10, 20, 50}));
  EXPECT_DOUBLE_EQ(Axis(1, 100, true).fraction(10), 0.5);
}

TEST(Plots, ScalingHasALinePerBackendAndTestAndAPointPerRow) {
  const auto rows = testing::sample_rows();
  const std::string svg = scaling_svg(rows);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count_of(svg, "class=\"series\""), 4u);  // {scalar, avx2} x {pp8, tg4}
  EXPECT_EQ(count_of(svg, "class=\"point\""), rows.size());
  EXPECT_EQ(count_of(svg, "class=\"ideal\""), 4u);  // every series spans two thread counts
  EXPECT_EQ(count_of(svg, "class=\"errorbar\""), rows.size());
  EXPECT_EQ(count_of(svg, "class=\"legend\""), 5u);      // the series and the dashed guide
  EXPECT_NE(svg.find(">avx2 tg4<"), std::string::npos);  // dimensions that do not vary stay out
  EXPECT_NE(svg.find(">threads<"), std::string::npos);
  EXPECT_NE(svg.find(">tokens per second<"), std::string::npos);
}

TEST(Plots, RooflineHasARoofPerBackendAndThreadsAndALabelledPointPerRow) {
  const auto rows = testing::sample_rows();
  const std::string svg = roofline_svg(rows);
  EXPECT_EQ(xml_error(svg), "");
  EXPECT_EQ(count_of(svg, "class=\"roof\""), 4u);
  EXPECT_EQ(count_of(svg, "class=\"point\""), rows.size());
  EXPECT_EQ(count_of(svg, "class=\"point-label\""), rows.size());
  EXPECT_NE(svg.find(">scalar 2t: 20.0 GB/s, 100.0 GFLOP/s<"), std::string::npos);
  EXPECT_NE(svg.find(">arithmetic intensity (flop/byte)<"), std::string::npos);
}

TEST(Plots, WritesBothFilesIntoANewFolder) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("clift-bench-plots-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  const auto paths = write_plots(testing::sample_rows(), (dir / "sub").string());
  ASSERT_EQ(paths.size(), 2u);
  for (const auto& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(xml_error(text.str()), "") << path;
  }
  std::filesystem::remove_all(dir);
  EXPECT_THROW(write_plots({}, dir.string()), std::exception);
}

}  // namespace
}  // namespace clift::bench
