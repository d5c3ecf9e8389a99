#include "bench/clift-bench/report.hpp"

#include "bench/clift-bench/report_formats.hpp"

namespace clift::bench {

std::unique_ptr<Reporter> make_reporter(OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return make_markdown_reporter(out);
    case OutputFormat::kCsv:
      return make_csv_reporter(out);
    case OutputFormat::kJson:
      return make_json_reporter(out, false);
    case OutputFormat::kJsonl:
      return make_json_reporter(out, true);
  }
  return make_markdown_reporter(out);
}

}  // namespace clift::bench
