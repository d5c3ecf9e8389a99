#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <variant>

#include "bench/clift-bench/result.hpp"

namespace clift::bench {

using Value = std::variant<std::string, std::size_t, double>;

struct Column {
  const char* name;
  Value (*get)(const BenchRow& row);
};

// The scalar fields of a row, in the order CSV writes them and with the names CSV and JSON use.
// The order and the names are a contract with whoever reads the output: add at the end.
std::span<const Column> columns();

}  // namespace clift::bench
