#pragma once

#include <stdexcept>
#include <string>

namespace clift {

// The one exception type of the project. Its message names what went wrong, where (file, field,
// offset) and what was expected; it is raised where detected and printed once, by each tool's main.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace clift
