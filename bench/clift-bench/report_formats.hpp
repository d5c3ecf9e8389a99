#pragma once

#include <memory>
#include <ostream>

#include "bench/clift-bench/report.hpp"

// The formats behind make_reporter, one translation unit each.
namespace clift::bench {

std::unique_ptr<Reporter> make_markdown_reporter(std::ostream& out);
std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out);
std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, bool one_per_line);

}  // namespace clift::bench
