#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clift::bench {

// A value range drawn on one side of a chart, linear or logarithmic.
class Axis {
 public:
  // lo < hi; both positive when logarithmic.
  Axis(double lo, double hi, bool logarithmic);

  double fraction(double v) const;  // 0 at lo, 1 at hi
  std::vector<double> ticks() const;

  // Ticks at these values instead of evenly spaced ones (thread counts, say).
  Axis& with_ticks(std::vector<double> ticks);

 private:
  double lo_;
  double hi_;
  bool log_;
  std::vector<double> fixed_ticks_;
};

std::string xml_escape(std::string_view text);

// A distinct colour for series i, from a palette that stays readable when printed in grey.
std::string palette_color(std::size_t i);

using Points = std::vector<std::pair<double, double>>;

// One chart in one standalone SVG file: a framed plot area with grid, ticks and axis titles, a
// title, and a legend to the right. Every element carries a class ("series", "point", "roof",
// ...) so that a stylesheet, or a test, can find it.
class Chart {
 public:
  Chart(std::string title, Axis x, std::string x_title, Axis y, std::string y_title);

  void line(const Points& points, const std::string& color, std::string_view css_class,
            bool dashed);
  // A marker with a hover tooltip and, unless empty, a label beside it, moved down until it
  // overlaps no earlier label.
  void point(double x, double y, const std::string& color, const std::string& label,
             const std::string& tooltip);
  void error_bar(double x, double y_lo, double y_hi, const std::string& color);
  void legend(const std::string& text, const std::string& color, bool dashed);

  std::string svg() const;

 private:
  double px(double x) const;
  double py(double y) const;

  std::string title_;
  Axis x_;
  std::string x_title_;
  Axis y_;
  std::string y_title_;
  std::string body_;  // the plotted elements, clipped to the plot area
  std::vector<std::pair<double, double>> label_spots_;  // top-left corners of the point labels
  std::vector<std::pair<std::string, std::pair<std::string, bool>>>
      legend_;  // text, colour, dashed
};

}  // namespace clift::bench
