// The AVX2 set: built with -mavx2 -mfma -mf16c (CMakeLists.txt), run only on CPUs dispatch.cpp
// found to have all three.
#include "kernels/simd/make_kernel_set.hpp"
#include "kernels/simd/simd_kernels.hpp"

namespace clift::kernels::avx2 {

const KernelSet& kernel_set() {
  static constexpr KernelSet set = simd::make_kernel_set<xsimd::fma3<xsimd::avx2>, 16>("avx2");
  return set;
}

}  // namespace clift::kernels::avx2
