#pragma once

#include "kernels/kernel_set.hpp"

// The xsimd kernel sets, one per ISA. Each is built in its own translation unit with that ISA's
// flags; this header holds no ISA code, so dispatch.cpp can name them all and call only the one
// the CPU was checked for.
namespace clift::kernels {

#if defined(__x86_64__)
namespace avx2 {
const KernelSet& kernel_set();  // Haswell, Zen 1-5 (AVX2 + FMA + F16C)
}
namespace avx512 {
const KernelSet& kernel_set();  // Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4/5 (F+BW+VL+DQ)
}
#endif

#if defined(__aarch64__)
namespace neon {
const KernelSet& kernel_set();  // every AArch64 CPU
}
#endif

}  // namespace clift::kernels
