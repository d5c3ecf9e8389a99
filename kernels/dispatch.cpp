#include "kernels/dispatch.hpp"

#include <functional>

#include "kernels/scalar/scalar_kernels.hpp"
#include "kernels/simd/simd_kernels.hpp"
#include "platform/cpu_features.hpp"
#include "platform/error.hpp"

namespace clift::kernels {
namespace {

struct BackendEntry {
  const char* name;
  std::function<bool(const CpuFeatures&)> cpu_can_run;
  const KernelSet& (*kernel_set)();
};

// Best last. Each entry's kernel_set() is only called after cpu_can_run() said yes.
const std::vector<BackendEntry>& backends() {
  static const std::vector<BackendEntry> entries = [] {
    std::vector<BackendEntry> e;
    // Any CPU: the reference loops.
    e.push_back({"scalar", [](const CpuFeatures&) { return true; }, scalar::kernel_set});
#if defined(__x86_64__)
    // Haswell and later, Zen 1 and later.
    e.push_back({"avx2", [](const CpuFeatures& f) { return f.avx2_fma_f16c; }, avx2::kernel_set});
    // Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4 and later: F, BW, VL and DQ together.
    e.push_back({"avx512", [](const CpuFeatures& f) { return f.avx512; }, avx512::kernel_set});
#endif
#if defined(__aarch64__)
    // Every AArch64 CPU.
    e.push_back({"neon", [](const CpuFeatures& f) { return f.neon; }, neon::kernel_set});
#endif
    return e;
  }();
  return entries;
}

}  // namespace

std::vector<std::string> compiled_backends() {
  std::vector<std::string> names;
  for (const auto& b : backends())
    names.emplace_back(b.name);
  return names;
}

std::vector<std::string> supported_backends() {
  std::vector<std::string> names;
  for (const auto& b : backends()) {
    if (b.cpu_can_run(cpu_features())) names.emplace_back(b.name);
  }
  return names;
}

const KernelSet& select_backend(std::string_view name) {
  const auto& entries = backends();
  if (name == "auto") {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->cpu_can_run(cpu_features())) return it->kernel_set();
    }
  }
  std::string known;
  for (const auto& b : entries) {
    if (name == b.name) {
      if (!b.cpu_can_run(cpu_features())) {
        throw Error("--backend " + std::string(name) + ": this CPU (" + cpu_features().model_name +
                    ") cannot run it");
      }
      return b.kernel_set();
    }
    known += known.empty() ? b.name : std::string(", ") + b.name;
  }
  throw Error("--backend " + std::string(name) + ": unknown backend (this build has auto, " +
              known + ")");
}

}  // namespace clift::kernels
