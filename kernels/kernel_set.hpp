#pragma once

#include <cstddef>
#include <cstdint>

namespace clift::kernels {

// One complete set of kernels for one ISA: scalar, avx2, avx512 or neon. It is chosen once at
// start-up (dispatch.hpp) and the forward pass calls through it, so nothing dispatches per element.
// Operators that produce rows take a [row_begin, row_end) range so a scheduler can split them
// across workers without the kernel knowing about threads.
struct KernelSet {
  const char* name;

  // y[t][r] = sum_k w[r][k] * x[t][k] for t < n_tokens and row_begin <= r < row_end.
  // w: [n_rows][n_cols], x: [n_tokens][n_cols], y: [n_tokens][ldy]. One token is a GEMV bound by
  // memory bandwidth; a prefill chunk is a GEMM that reuses each weight tile for many tokens.
  void (*matmul)(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
                 std::size_t n_cols, std::size_t row_begin, std::size_t row_end);

  // matmul in two steps, so workers that split the rows of one or several matmuls of the same x
  // share one packed copy of it: packed_x_floats floats hold x [n_tokens][n_cols] in the layout
  // this backend's matmul reads, from a 64-byte aligned start; pack_x fills part `part` of
  // n_parts of it (the parts may run concurrently); matmul_packed then computes exactly what
  // matmul would, from the packed copy.
  std::size_t (*packed_x_floats)(std::size_t n_tokens, std::size_t n_cols);
  void (*pack_x)(float* packed, const float* x, std::size_t n_tokens, std::size_t n_cols,
                 std::size_t part, std::size_t n_parts);
  void (*matmul_packed)(float* y, std::size_t ldy, const float* w, const float* packed,
                        std::size_t n_tokens, std::size_t n_cols, std::size_t row_begin,
                        std::size_t row_end);

  // out[i] = weight[i] * x[i] / sqrt(mean(x * x) + eps) over n elements.
  void (*rmsnorm)(float* out, const float* x, const float* weight, std::size_t n, float eps);

  // Rotates the interleaved pairs (x[2i], x[2i + 1]) of n_heads consecutive vectors of head_dim
  // floats by the angle whose cosine and sine are cos[i] and sin[i], i < head_dim / 2.
  void (*rope)(float* x, std::size_t n_heads, std::size_t head_dim, const float* cos,
               const float* sin);

  // Causal attention of the queries that share one key/value head: n_heads query heads of each
  // of n_tokens consecutive tokens, token t at position first_pos + t attending to positions
  // [0, first_pos + t]. Head g of token t reads q + t * row_stride + g * head_dim and writes the
  // same offset of out; position p's key is k + p * kv_stride, its value v + p * kv_stride.
  // out = softmax(scale * q k^T) v, one row per query. Decode is n_tokens = 1; a prefill chunk
  // passes several tokens, so each key and value is read once for all of them.
  void (*attention)(float* out, const float* q, std::size_t row_stride, std::size_t n_tokens,
                    std::size_t n_heads, std::size_t first_pos, const float* k, const float* v,
                    std::size_t kv_stride, std::size_t head_dim, float scale);

  // gate[i] = silu(gate[i]) * up[i]: the SwiGLU of the feed-forward block.
  void (*swiglu)(float* gate, const float* up, std::size_t n);

  // y[i] += x[i]: the residual connections.
  void (*add)(float* y, const float* x, std::size_t n);

  // x[i] *= factor: the sampler's temperature.
  void (*scale)(float* x, std::size_t n, float factor);

  // out[t][:] = table[ids[t]][:] for t < n_tokens, rows of dim floats.
  void (*embed)(float* out, const float* table, const std::int32_t* ids, std::size_t n_tokens,
                std::size_t dim);

  // x = exp(x - max(x)) / sum, in place.
  void (*softmax)(float* x, std::size_t n);

  // The index of the first largest element; 0 when n == 0.
  std::size_t (*argmax)(const float* x, std::size_t n);

  // Writes, in increasing order, every index i with x[i] >= threshold into ids (room for n) and
  // returns how many: the candidate filter in front of top-k / top-p sorting.
  std::size_t (*select_at_least)(std::uint32_t* ids, const float* x, std::size_t n,
                                 float threshold);

  // Roofline probes for clift-bench. fma_probe runs n_iterations of a fixed block of independent
  // fused multiply-adds, enough chains to cover the FMA latency on every port, and returns the
  // floating-point operations it performed (2 per lane per FMA). read_probe streams x once and
  // returns its sum, so the reads cannot be elided.
  double (*fma_probe)(std::size_t n_iterations);
  float (*read_probe)(const float* x, std::size_t n);
};

}  // namespace clift::kernels
