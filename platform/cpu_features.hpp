#pragma once

#include <string>

namespace clift {

// What this CPU can run, read once. The kernel dispatch consults it before any ISA-specific code
// executes, so a backend the CPU lacks is an error message instead of an illegal instruction.
struct CpuFeatures {
  bool avx2_fma_f16c = false;  // Haswell / Zen and later
  bool avx512 = false;         // F, BW, VL and DQ together: Skylake-SP, Ice Lake, Zen 4
  bool avx512_bf16 = false;    // Cooper Lake, Sapphire Rapids, Zen 4
  bool neon = false;           // every AArch64 CPU
  std::string model_name;      // as the OS reports it, for provenance
};

const CpuFeatures& cpu_features();

}  // namespace clift
