#include "platform/cpu_features.hpp"

#include <fstream>
#include <xsimd/xsimd.hpp>

namespace clift {
namespace {

std::string read_model_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    // x86 says "model name", some AArch64 kernels say "Model" or nothing at all.
    if (line.rfind("model name", 0) == 0 || line.rfind("Model", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown CPU";
}

CpuFeatures detect() {
  CpuFeatures f;
  const auto arch = xsimd::available_architectures();
#if defined(__x86_64__)
  __builtin_cpu_init();
  // xsimd 8 reports neither F16C nor AVX-512 VL / BF16, so those come from the compiler's cpuid.
  f.avx2_fma_f16c = arch.fma3_avx2 && __builtin_cpu_supports("f16c");
  f.avx512 = arch.avx512f && arch.avx512bw && arch.avx512dq && __builtin_cpu_supports("avx512vl");
  f.avx512_bf16 = f.avx512 && __builtin_cpu_supports("avx512bf16");
#elif defined(__aarch64__)
  f.neon = arch.neon64;
#endif
  f.model_name = read_model_name();
  return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

}  // namespace clift
