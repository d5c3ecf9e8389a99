// The NEON set: AArch64 has Advanced SIMD and FMA in every CPU, so the baseline flags suffice.
#include "kernels/simd/make_kernel_set.hpp"
#include "kernels/simd/simd_kernels.hpp"

namespace clift::kernels::neon {

const KernelSet& kernel_set() {
  static constexpr KernelSet set = simd::make_kernel_set<xsimd::neon64, 32>("neon");
  return set;
}

}  // namespace clift::kernels::neon
