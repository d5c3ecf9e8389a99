#pragma once

#include <cstddef>

#include "kernels/simd/transpose.hpp"
#include "kernels/simd/vector_ops.hpp"

// The register-tiled microkernel shared by the GEMM (weights x a chunk of tokens) and prefill
// attention (queries x a panel of keys): a small block of outputs held in registers while packed
// operands stream past it.
namespace clift::kernels::simd {

// The register tile. The microkernel holds a rows x vectors block of y in registers, tokens in
// the lanes; per step of k it loads `vectors` vectors of packed x, broadcasts `rows` weights and
// issues rows x vectors independent FMAs. Hiding the FMA latency takes ports x latency
// independent accumulators (Zen 3 and Skylake-SP: 2 x 4 = 8); the register file caps them at
// rows x vectors + vectors (x) + 1 (the broadcast) <= registers:
//   16 ymm (AVX2):         6 x 2 = 12 accumulators + 2 + 1 = 15 registers, 16 tokens a panel;
//   32 zmm / q (AVX-512, NEON): 6 x 4 = 24 accumulators + 4 + 1 = 29, 64 / 16 tokens a panel.
// Per k that is 2 + 6 = 8 loads for 12 FMAs (6 cycles) on AVX2, within Zen 3's 3 loads a cycle.
template <class Arch, std::size_t kVectorRegisters>
struct GemmTile {
  static constexpr std::size_t vectors = kVectorRegisters / 8;
  static constexpr std::size_t rows = 6;
  static constexpr std::size_t tokens = vectors * kWidth<Arch>;
  static_assert(rows * vectors + vectors + 1 <= kVectorRegisters, "the tile must fit in registers");
  static_assert(rows * vectors >= 8, "the tile must cover 2 FMA ports x 4 cycles of latency");
};

// Where the microkernel reads w[k][i], the weight it broadcasts to row i at step k. Templates on
// Arch like every kernel function, so no ISA's out-of-line copy can stand in for another's.
// A tile packed by pack_w: [kc][kRows], one stream.
template <class Arch>
struct PackedTile {
  const float* w;
  template <std::size_t kRows>
  float at(std::size_t k, std::size_t i) const {
    return w[k * kRows + i];
  }
};

// A matrix read in place, for operands too few tiles share to repay packing them.
template <class Arch>
struct StridedTile {
  const float* w;
  std::size_t row_stride, k_stride;
  template <std::size_t kRows>
  float at(std::size_t k, std::size_t i) const {
    return w[i * row_stride + k * k_stride];
  }
};

// acc[i][:] (+)= sum_k w[k][i] * panel[k][:] for kRows rows: acc is [kRows][tokens], panel is
// [kc][tokens]. Never inlined: inside attention's loops GCC 12 ran out of registers and kept the
// accumulators on the stack, a load and a store around every FMA; decode attention took 1.35x as
// long.
template <class Arch, std::size_t kRows, std::size_t kVectors, class Weights>
[[gnu::noinline]] void gemm_tile(float* acc_tile, bool first, const Weights& w, const float* panel,
                                 std::size_t kc) {
  using B = Batch<Arch>;
  constexpr std::size_t wd = kWidth<Arch>;
  constexpr std::size_t tokens = kVectors * wd;
  // Unrolled in full, so the array lives in registers from the start: rolled, GCC 12 turned this
  // loop into a rep stos and a memcpy through the stack for the one-vector tiles, 9% of a decode
  // attention's time.
  B acc[kRows][kVectors];
#pragma GCC unroll 32
  for (std::size_t i = 0; i < kRows; i++) {
#pragma GCC unroll 4
    for (std::size_t v = 0; v < kVectors; v++) {
      acc[i][v] = first ? B(0.0f) : B::load_aligned(acc_tile + i * tokens + v * wd);
    }
  }
  // Unrolled by 4: one pointer update and branch per 4 steps leaves the front end more slots for
  // the loads and FMAs.
#pragma GCC unroll 4
  for (std::size_t k = 0; k < kc; k++) {
    B xv[kVectors];
    for (std::size_t v = 0; v < kVectors; v++) {
      xv[v] = B::load_aligned(panel + k * tokens + v * wd);
    }
    for (std::size_t i = 0; i < kRows; i++) {
      const B wi(w.template at<kRows>(k, i));
      for (std::size_t v = 0; v < kVectors; v++) {
        acc[i][v] = xsimd::fma(wi, xv[v], acc[i][v]);
      }
    }
  }
  for (std::size_t i = 0; i < kRows; i++) {
    for (std::size_t v = 0; v < kVectors; v++) {
      acc[i][v].store_aligned(acc_tile + i * tokens + v * wd);
    }
  }
}

// The last tile of a block may have fewer rows; each count gets its own fully unrolled kernel.
template <class Arch, std::size_t kVectors, std::size_t kRows, class Weights>
void gemm_tile_rows(std::size_t rows, float* acc_tile, bool first, const Weights& w,
                    const float* panel, std::size_t kc) {
  if constexpr (kRows > 1) {
    if (rows < kRows) {
      gemm_tile_rows<Arch, kVectors, kRows - 1>(rows, acc_tile, first, w, panel, kc);
      return;
    }
  }
  gemm_tile<Arch, kRows, kVectors>(acc_tile, first, w, panel, kc);
}

// w rows [0, rows) x columns [0, kc) with row stride n_cols -> tiles of `tile_rows` rows, each
// packed [kc][tile rows]. The model's rows are n_cols floats apart, a multiple of 4 KiB in Llama,
// so read in place a block's rows crowd into a few sets of L1 and L2 and evict each other; packed,
// the block is contiguous and a tile is one stream.
template <class Arch, std::size_t kTileRows>
void pack_w_tile(float* tile, const float* w, std::size_t n_cols, std::size_t kc) {
  static_assert(kTileRows <= 8, "a tile's rows must fit one 8 x 8 transpose");
  // 8 columns at a time, one register transpose each: on Zen 3 the scalar loop took 3.4% of a
  // 2048 x 2048 x 512 GEMM. Each transposed column's 8 - kTileRows spare lanes land on the next
  // column, so the last columns, which have no next one in the tile, go one float at a time.
  std::size_t k = 0;
  for (; k + 8 < kc; k += 8) {
    transpose_8x8<Arch>(tile + k * kTileRows, kTileRows, w + k, n_cols, kTileRows);
  }
  // k outside: the writes are sequential and the rows are read as kTileRows parallel streams.
  for (; k < kc; k++) {
    for (std::size_t i = 0; i < kTileRows; i++) {
      tile[k * kTileRows + i] = w[i * n_cols + k];
    }
  }
}

template <class Arch, std::size_t kTileRows>
void pack_w(float* packed, const float* w, std::size_t n_cols, std::size_t rows, std::size_t kc) {
  std::size_t i0 = 0;
  for (; i0 + kTileRows <= rows; i0 += kTileRows) {
    pack_w_tile<Arch, kTileRows>(packed + i0 * kc, w + i0 * n_cols, n_cols, kc);
  }
  // The last tile: one row at a time, packed [kc][rows - i0] like the others.
  const std::size_t n = rows - i0;
  for (std::size_t k = 0; k < kc && n > 0; k++) {
    for (std::size_t i = 0; i < n; i++) {
      packed[i0 * kc + k * n + i] = w[(i0 + i) * n_cols + k];
    }
  }
}

}  // namespace clift::kernels::simd
