// Backend selection: what "auto" picks, and the errors for names the CPU or the build cannot run.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/dispatch.hpp"
#include "platform/cpu_features.hpp"
#include "platform/error.hpp"

namespace clift::kernels {
namespace {

TEST(Dispatch, AutoPicksTheBestSupported) {
  const std::vector<std::string> supported = supported_backends();
  ASSERT_FALSE(supported.empty());
  EXPECT_EQ(supported.front(), "scalar");
  EXPECT_EQ(std::string(select_backend("auto").name), supported.back());
}

TEST(Dispatch, EveryCompiledBackendIsNamedAsItsSet) {
  for (const std::string& name : supported_backends()) {
    EXPECT_EQ(std::string(select_backend(name).name), name);
  }
}

TEST(Dispatch, CompiledBackendsMatchTheArchitecture) {
#if defined(__x86_64__)
  EXPECT_EQ(compiled_backends(), (std::vector<std::string>{"scalar", "avx2", "avx512"}));
#elif defined(__aarch64__)
  EXPECT_EQ(compiled_backends(), (std::vector<std::string>{"scalar", "neon"}));
#endif
}

TEST(Dispatch, UnsupportedBackendThrows) {
#if defined(__x86_64__)
  if (cpu_features().avx512) GTEST_SKIP() << "skipped: this CPU has AVX-512";
  EXPECT_THROW(select_backend("avx512"), Error);
#else
  EXPECT_THROW(select_backend("avx512"), Error);  // not compiled in: unknown here
#endif
}

TEST(Dispatch, UnknownBackendThrows) {
  EXPECT_THROW(select_backend("sse9"), Error);
  EXPECT_THROW(select_backend(""), Error);
}

}  // namespace
}  // namespace clift::kernels
