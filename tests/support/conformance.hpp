#pragma once

// The one setting through which tests find the conformance data (models, golden outputs,
// tokenizers): $CLIFT_CONFORMANCE_DIR, else the folder the build was configured with
// (CLIFT_CONFORMANCE_DIR_DEFAULT, from the CMake cache entry CLIFT_CONFORMANCE_DIR).

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace clift::testing {

inline std::filesystem::path conformance_setting() {
  const char* env = std::getenv("CLIFT_CONFORMANCE_DIR");
  return env != nullptr && *env != '\0' ? env : CLIFT_CONFORMANCE_DIR_DEFAULT;
}

inline std::optional<std::filesystem::path> conformance_dir() {
  const std::filesystem::path dir = conformance_setting();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

inline std::string conformance_missing() {
  const std::string reason = "CONFORMANCE DATA MISSING: no folder " +
                             conformance_setting().string() +
                             "; set CLIFT_CONFORMANCE_DIR (environment) or configure with "
                             "-DCLIFT_CONFORMANCE_DIR=... to run this test";
  std::cerr << "*** " << reason << " ***\n";
  return reason;
}

}  // namespace clift::testing

// In a test body: declares `const std::filesystem::path name`, the conformance folder, or skips
// the test loudly when the folder is absent.
#define CLIFT_CONFORMANCE_DIR_OR_SKIP(name)                                            \
  const std::filesystem::path name = ::clift::testing::conformance_dir().value_or(""); \
  if (name.empty()) GTEST_SKIP() << ::clift::testing::conformance_missing()
