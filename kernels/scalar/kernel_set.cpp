#include "kernels/scalar/scalar_kernels.hpp"

namespace clift::kernels::scalar {

const KernelSet& kernel_set() {
  static const KernelSet set{
      .name = "scalar",
      .matmul = matmul,
      .packed_x_floats = packed_x_floats,
      .pack_x = pack_x,
      .matmul_packed = matmul,
      .rmsnorm = rmsnorm,
      .rope = rope,
      .attention = attention,
      .swiglu = swiglu,
      .add = add,
      .scale = scale,
      .embed = embed,
      .softmax = softmax,
      .argmax = argmax,
      .select_at_least = select_at_least,
      .fma_probe = fma_probe,
      .read_probe = read_probe,
  };
  return set;
}

}  // namespace clift::kernels::scalar
