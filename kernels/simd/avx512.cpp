// The AVX-512 set: built with -mavx512f -mavx512bw -mavx512vl -mavx512dq (CMakeLists.txt), run
// only on CPUs dispatch.cpp found to have all four.
#include "kernels/simd/make_kernel_set.hpp"
#include "kernels/simd/simd_kernels.hpp"

namespace clift::kernels::avx512 {

const KernelSet& kernel_set() {
  static constexpr KernelSet set = simd::make_kernel_set<xsimd::avx512bw, 32>("avx512");
  return set;
}

}  // namespace clift::kernels::avx512
