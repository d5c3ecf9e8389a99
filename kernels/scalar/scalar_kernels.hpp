#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_set.hpp"

// The reference kernels: plain affine loop nests over arrays, no intrinsics, no early exits, each
// group in its own translation unit and built with CLIFT_SCALAR_KERNEL_FLAGS. Their contracts are
// the ones documented on KernelSet.
namespace clift::kernels::scalar {

void matmul(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
            std::size_t n_cols, std::size_t row_begin, std::size_t row_end);
// x as it is: the scalar matmul reads no other layout, so it serves as matmul_packed too.
std::size_t packed_x_floats(std::size_t n_tokens, std::size_t n_cols);
void pack_x(float* packed, const float* x, std::size_t n_tokens, std::size_t n_cols,
            std::size_t part, std::size_t n_parts);
void rmsnorm(float* out, const float* x, const float* weight, std::size_t n, float eps);
void rope(float* x, std::size_t n_heads, std::size_t head_dim, const float* cos, const float* sin);
void attention(float* out, const float* q, std::size_t row_stride, std::size_t n_tokens,
               std::size_t n_heads, std::size_t first_pos, const float* k, const float* v,
               std::size_t kv_stride, std::size_t head_dim, float scale);
void swiglu(float* gate, const float* up, std::size_t n);
void add(float* y, const float* x, std::size_t n);
void scale(float* x, std::size_t n, float factor);
void embed(float* out, const float* table, const std::int32_t* ids, std::size_t n_tokens,
           std::size_t dim);
void softmax(float* x, std::size_t n);
std::size_t argmax(const float* x, std::size_t n);
std::size_t select_at_least(std::uint32_t* ids, const float* x, std::size_t n, float threshold);
double fma_probe(std::size_t n_iterations);
float read_probe(const float* x, std::size_t n);

const KernelSet& kernel_set();

}  // namespace clift::kernels::scalar
