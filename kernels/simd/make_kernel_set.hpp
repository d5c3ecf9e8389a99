#pragma once

#include <cstddef>

#include "kernels/kernel_set.hpp"
#include "kernels/simd/attention.hpp"
#include "kernels/simd/elementwise.hpp"
#include "kernels/simd/matmul.hpp"
#include "kernels/simd/normalization.hpp"
#include "kernels/simd/probes.hpp"
#include "kernels/simd/rope.hpp"
#include "kernels/simd/sampling.hpp"

namespace clift::kernels::simd {

// The whole KernelSet for one xsimd architecture. kVectorRegisters (16 ymm on AVX2, 32 zmm on
// AVX-512, 32 q on NEON) sizes the GEMM tile and the FMA probe. constexpr, so the per-ISA table is
// constant-initialised: no code of that ISA runs before dispatch has checked the CPU.
template <class Arch, std::size_t kVectorRegisters>
constexpr KernelSet make_kernel_set(const char* name) {
  return KernelSet{
      .name = name,
      .matmul = matmul<Arch, kVectorRegisters>,
      .packed_x_floats = packed_x_floats<Arch, kVectorRegisters>,
      .pack_x = pack_x<Arch, kVectorRegisters>,
      .matmul_packed = matmul_packed<Arch, kVectorRegisters>,
      .rmsnorm = rmsnorm<Arch>,
      .rope = rope<Arch>,
      .attention = attention<Arch, kVectorRegisters>,
      .swiglu = swiglu<Arch>,
      .add = add<Arch>,
      .scale = scale<Arch>,
      .embed = embed<Arch>,
      .softmax = softmax<Arch>,
      .argmax = argmax<Arch>,
      .select_at_least = select_at_least<Arch>,
      .fma_probe = fma_probe<Arch, kVectorRegisters>,
      .read_probe = read_probe<Arch>,
  };
}

}  // namespace clift::kernels::simd
