#include "bench/clift-bench/svg.hpp"

#include <cmath>
#include <cstdio>

namespace clift::bench {
namespace {

// The canvas, in pixels: room on the left for tick labels, on the right for the legend.
constexpr double kWidth = 1000;
constexpr double kHeight = 560;
constexpr double kLeft = 80;
constexpr double kRight = 700;
constexpr double kTop = 50;
constexpr double kBottom = 490;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string tick_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The step of about six linear ticks: 1, 2 or 5 times a power of ten.
double nice_step(double range) {
  const double raw = range / 6;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

Axis::Axis(double lo, double hi, bool logarithmic) : lo_(lo), hi_(hi), log_(logarithmic) {}

double Axis::fraction(double v) const {
  if (log_) return (std::log10(v) - std::log10(lo_)) / (std::log10(hi_) - std::log10(lo_));
  return (v - lo_) / (hi_ - lo_);
}

Axis& Axis::with_ticks(std::vector<double> ticks) {
  fixed_ticks_ = std::move(ticks);
  return *this;
}

std::vector<double> Axis::ticks() const {
  if (!fixed_ticks_.empty()) return fixed_ticks_;
  std::vector<double> ticks;
  if (!log_) {
    const double step = nice_step(hi_ - lo_);
    for (double t = std::ceil(lo_ / step) * step; t <= hi_ + step * 1e-9; t += step) {
      ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
    }
    return ticks;
  }
  // Decades, and 2 and 5 between them when the axis spans too few decades to read.
  const bool fill = std::log10(hi_ / lo_) < 2.5;
  for (double decade = std::pow(10, std::floor(std::log10(lo_))); decade <= hi_; decade *= 10) {
    for (const double m : {1.0, 2.0, 5.0}) {
      const double t = m * decade;
      if ((m == 1.0 || fill) && t >= lo_ * (1 - 1e-9) && t <= hi_ * (1 + 1e-9)) ticks.push_back(t);
    }
  }
  return ticks;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string palette_color(std::size_t i) {
  // Okabe and Ito's colour-blind-safe palette.
  static const char* const colors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                       "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return colors[i % std::size(colors)];
}

Chart::Chart(std::string title, Axis x, std::string x_title, Axis y, std::string y_title)
    : title_(std::move(title)),
      x_(x),
      x_title_(std::move(x_title)),
      y_(y),
      y_title_(std::move(y_title)) {}

double Chart::px(double x) const {
  return kLeft + x_.fraction(x) * (kRight - kLeft);
}
double Chart::py(double y) const {
  return kBottom - y_.fraction(y) * (kBottom - kTop);
}

void Chart::line(const Points& points, const std::string& color, std::string_view css_class,
                 bool dashed) {
  body_ += "<polyline class=\"" + std::string(css_class) + "\" fill=\"none\" stroke=\"" + color +
           "\" stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"";
  for (const auto& [x, y] : points)
    body_ += num(px(x)) + "," + num(py(y)) + " ";
  body_ += "\"/>\n";
}

void Chart::point(double x, double y, const std::string& color, const std::string& label,
                  const std::string& tooltip) {
  body_ += "<circle class=\"point\" cx=\"" + num(px(x)) + "\" cy=\"" + num(py(y)) +
           "\" r=\"4.5\" fill=\"" + color + "\" stroke=\"white\"><title>" + xml_escape(tooltip) +
           "</title></circle>\n";
  if (!label.empty()) {
    // 11-pixel sans-serif: about 6.5 pixels a character and 13 a line.
    const double width = 6.5 * static_cast<double>(label.size());
    const double left = px(x) + 7;
    double top = py(y) - 17;
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& [l, t] : label_spots_) {
        if (left < l + width && l < left + width && top < t + 13 && t < top + 13) {
          top = t + 13;
          moved = true;
        }
      }
    }
    label_spots_.emplace_back(left, top);
    body_ += "<text class=\"point-label\" x=\"" + num(left) + "\" y=\"" + num(top + 11) +
             "\" font-size=\"11\" fill=\"" + color + "\">" + xml_escape(label) + "</text>\n";
  }
}

void Chart::error_bar(double x, double y_lo, double y_hi, const std::string& color) {
  body_ += "<line class=\"errorbar\" x1=\"" + num(px(x)) + "\" x2=\"" + num(px(x)) + "\" y1=\"" +
           num(py(y_lo)) + "\" y2=\"" + num(py(y_hi)) + "\" stroke=\"" + color +
           "\" stroke-width=\"1.5\"/>\n";
}

void Chart::legend(const std::string& text, const std::string& color, bool dashed) {
  legend_.push_back({text, {color, dashed}});
}

std::string Chart::svg() const {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
       num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
       "\" font-family=\"sans-serif\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text class=\"title\" x=\"" + num((kLeft + kRight) / 2) +
       "\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">" +
       xml_escape(title_) + "</text>\n";

  // Grid and tick labels first, so the data is drawn over them.
  for (const double t : x_.ticks()) {
    const std::string x = num(px(t));
    s += "<line class=\"grid\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + num(kTop) + "\" y2=\"" +
         num(kBottom) + "\" stroke=\"#e0e0e0\"/>\n";
    s += "<text class=\"tick\" x=\"" + x + "\" y=\"" + num(kBottom + 18) +
         "\" text-anchor=\"middle\" font-size=\"12\">" + tick_label(t) + "</text>\n";
  }
  for (const double t : y_.ticks()) {
    const std::string y = num(py(t));
    s += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kRight) + "\" y1=\"" + y +
         "\" y2=\"" + y + "\" stroke=\"#e0e0e0\"/>\n";
    s += "<text class=\"tick\" x=\"" + num(kLeft - 8) + "\" y=\"" + num(py(t) + 4) +
         "\" text-anchor=\"end\" font-size=\"12\">" + tick_label(t) + "</text>\n";
  }
  s += "<rect class=\"frame\" x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" +
       num(kRight - kLeft) + "\" height=\"" + num(kBottom - kTop) +
       "\" fill=\"none\" stroke=\"#333\"/>\n";
  s += "<text class=\"axis-title\" x=\"" + num((kLeft + kRight) / 2) + "\" y=\"" +
       num(kBottom + 44) + "\" text-anchor=\"middle\" font-size=\"14\">" + xml_escape(x_title_) +
       "</text>\n";
  s += "<text class=\"axis-title\" transform=\"translate(22 " + num((kTop + kBottom) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">" + xml_escape(y_title_) +
       "</text>\n";

  s += "<clipPath id=\"plot-area\"><rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) +
       "\" width=\"" + num(kRight - kLeft) + "\" height=\"" + num(kBottom - kTop) +
       "\"/></clipPath>\n";
  s += "<g clip-path=\"url(#plot-area)\">\n" + body_ + "</g>\n";

  double y = kTop + 10;
  for (const auto& [text, style] : legend_) {
    s += "<g class=\"legend\"><line x1=\"" + num(kRight + 20) + "\" x2=\"" + num(kRight + 48) +
         "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\" stroke=\"" + style.first +
         "\" stroke-width=\"2.5\"" + (style.second ? " stroke-dasharray=\"6 4\"" : "") +
         "/><text x=\"" + num(kRight + 56) + "\" y=\"" + num(y + 4) + "\" font-size=\"12\">" +
         xml_escape(text) + "</text></g>\n";
    y += 20;
  }
  return s + "</svg>\n";
}

}  // namespace clift::bench
