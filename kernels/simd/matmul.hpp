#pragma once

#include <cstddef>
#include <new>

#include "kernels/simd/vector_ops.hpp"
#include "platform/topology.hpp"

namespace clift::kernels::simd {

// ---- GEMV: one token, bound by the bandwidth that streams the weights. -------------------------

inline constexpr std::size_t kFloatsPerLine = 16;

// y[i] = dot(w[i][:], x) for kRows consecutive rows, each row read exactly once. Two accumulators
// per row give 2 x kRows = 8 independent FMA chains: enough for 2 ports x 4 cycles of latency.
// No software prefetch: four long sequential streams are what the hardware prefetchers follow
// best, and on Zen 3 a prefetch per line 1 or 4 KiB ahead made 2048x8192 15-25% slower.
template <class Arch, std::size_t kRows>
void gemv_rows(float* y, const float* w, const float* x, std::size_t n_cols) {
  using B = Batch<Arch>;
  constexpr std::size_t wd = kWidth<Arch>;
  B acc[kRows][2];
  for (std::size_t i = 0; i < kRows; i++) {
    acc[i][0] = B(0.0f);
    acc[i][1] = B(0.0f);
  }
  std::size_t k = 0;
  for (; k + 2 * wd <= n_cols; k += 2 * wd) {
    const B x0 = B::load_unaligned(x + k);
    const B x1 = B::load_unaligned(x + k + wd);
    for (std::size_t i = 0; i < kRows; i++) {
      const float* row = w + i * n_cols + k;
      acc[i][0] = xsimd::fma(B::load_unaligned(row), x0, acc[i][0]);
      acc[i][1] = xsimd::fma(B::load_unaligned(row + wd), x1, acc[i][1]);
    }
  }
  for (; k < n_cols; k += wd) {
    const B xk = load_n<Arch>(x + k, n_cols - k);
    for (std::size_t i = 0; i < kRows; i++) {
      acc[i][0] = xsimd::fma(load_n<Arch>(w + i * n_cols + k, n_cols - k), xk, acc[i][0]);
    }
  }
  for (std::size_t i = 0; i < kRows; i++) {
    y[i] = xsimd::hadd(acc[i][0] + acc[i][1]);
  }
}

template <class Arch>
void gemv(float* y, const float* w, const float* x, std::size_t n_cols, std::size_t row_begin,
          std::size_t row_end) {
  constexpr std::size_t kRows = 4;
  std::size_t r = row_begin;
  for (; r + kRows <= row_end; r += kRows) {
    gemv_rows<Arch, kRows>(y + r, w + r * n_cols, x, n_cols);
  }
  for (; r < row_end; r++) {
    gemv_rows<Arch, 1>(y + r, w + r * n_cols, x, n_cols);
  }
}

// ---- GEMM: a prefill chunk, bound by the FMA units. --------------------------------------------

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

struct GemmBlocking {
  std::size_t kc;  // columns of w and x per block
  std::size_t mc;  // rows of w per block
};

// kc: one packed panel of x (kc x tokens floats) takes half of L1d, where it stays while every
// tile of rows in the block sweeps it. mc: the packed block of w (mc x kc floats) takes half of
// L2, from where each tile streams into the microkernel once per panel.
template <class Arch, std::size_t kVectorRegisters>
GemmBlocking gemm_blocking() {
  using Tile = GemmTile<Arch, kVectorRegisters>;
  const Topology& topology = host_topology();
  const std::size_t kc =
      larger<Arch>(16, topology.l1d_bytes / 2 / (Tile::tokens * sizeof(float)) / 16 * 16);
  const std::size_t mc = larger<Arch>(
      Tile::rows, topology.l2_bytes / 2 / (kc * sizeof(float)) / Tile::rows * Tile::rows);
  return {kc, mc};
}

// 64-byte aligned scratch that only grows. Each thread keeps its own for its lifetime, so after the
// first call of the largest shape no call allocates, and none faults its pages in again.
template <class Arch>
class ScratchBuffer {
 public:
  ScratchBuffer() = default;
  ~ScratchBuffer() { release(); }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;

  float* reserve(std::size_t n) {
    if (n > capacity_) {
      release();
      data_ = static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t{64}));
      capacity_ = n;
    }
    return data_;
  }

 private:
  void release() {
    if (data_ != nullptr) ::operator delete[](data_, std::align_val_t{64});
    data_ = nullptr;
    capacity_ = 0;
  }

  float* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// acc[i][:] (+)= sum_k w[k][i] * panel[k][:] for kRows rows: acc is [kRows][tokens], w is the
// packed tile [kc][kRows], panel is [kc][tokens].
template <class Arch, std::size_t kRows, std::size_t kVectors>
void gemm_tile(float* acc_tile, bool first, const float* w, const float* panel, std::size_t kc) {
  using B = Batch<Arch>;
  constexpr std::size_t wd = kWidth<Arch>;
  constexpr std::size_t tokens = kVectors * wd;
  B acc[kRows][kVectors];
  for (std::size_t i = 0; i < kRows; i++) {
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
      const B wi(w[k * kRows + i]);
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
template <class Arch, std::size_t kVectors, std::size_t kRows>
void gemm_tile_rows(std::size_t rows, float* acc_tile, bool first, const float* w,
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
  // k outside: the writes are sequential and the rows are read as kTileRows parallel streams,
  // twice as fast as the other order, whose writes each land on a different line.
  for (std::size_t k = 0; k < kc; k++) {
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

// Prefetches lines [first, last) of a block of w (rows of kc floats, n_cols apart) into L2. A
// block's rows are only kc floats long, too short for the hardware prefetchers to follow, so
// without this pack_w waits on memory for most lines.
template <class Arch>
void prefetch_w_lines(const float* w, std::size_t n_cols, std::size_t kc, std::size_t first,
                      std::size_t last) {
  const std::size_t lines_per_row = (kc + kFloatsPerLine - 1) / kFloatsPerLine;
  // One division for the range instead of one per line: it cost as much as the prefetches.
  const float* row = w + first / lines_per_row * n_cols;
  std::size_t line_in_row = first % lines_per_row;
  for (std::size_t line = first; line < last; line++) {
    __builtin_prefetch(row + line_in_row * kFloatsPerLine, 0, 2);
    if (++line_in_row == lines_per_row) {
      line_in_row = 0;
      row += n_cols;
    }
  }
}

// Prefetches lines [first, last) of the contiguous floats at p into L2.
template <class Arch>
void prefetch_lines(const float* p, std::size_t first, std::size_t last) {
  for (std::size_t line = first; line < last; line++) {
    __builtin_prefetch(p + line * kFloatsPerLine, 0, 2);
  }
}

// x [n_tokens][n_cols] -> packed [kc block][panel][k][tokens], zero past the last token, so each
// kc block of a panel is one contiguous stream for the microkernel.
template <class Arch>
void pack_x(float* packed, const float* x, std::size_t n_tokens, std::size_t n_cols,
            std::size_t tokens, std::size_t n_panels, std::size_t kc) {
  for (std::size_t k0 = 0; k0 < n_cols; k0 += kc) {
    const std::size_t kb = smaller<Arch>(kc, n_cols - k0);
    for (std::size_t p = 0; p < n_panels; p++) {
      float* panel = packed + k0 * n_panels * tokens + p * kb * tokens;
      const float* x_panel = x + p * tokens * n_cols + k0;
      const std::size_t n = smaller<Arch>(tokens, n_tokens - p * tokens);
      // k outside, as in pack_w: sequential writes, one read stream per token.
      for (std::size_t k = 0; k < kb; k++) {
        for (std::size_t j = 0; j < n; j++) {
          panel[k * tokens + j] = x_panel[j * n_cols + k];
        }
        for (std::size_t j = n; j < tokens; j++) {
          panel[k * tokens + j] = 0.0f;
        }
      }
    }
  }
}

// y[j][i] = acc[i][j] for the first n_tokens tokens of one panel's sums acc [rows][tokens]: y is
// the panel's first token's row of y, offset to the block's first row.
template <class Arch>
void unpack_y(float* y, std::size_t ldy, const float* acc, std::size_t n_tokens, std::size_t tokens,
              std::size_t rows) {
  for (std::size_t j = 0; j < n_tokens; j++) {
    for (std::size_t i = 0; i < rows; i++) {
      y[j * ldy + i] = acc[i * tokens + j];
    }
  }
}

// Loops, outside in: row blocks (mc), column blocks (kc), panels of tokens, tiles of rows. A
// packed panel of x is reused from L1 by every tile of the block, a packed block of w from L2 by
// every panel. Partial sums live in acc ([panel][row of the block][tokens]) until the last kc
// block, then go to y, whose rows are tokens, one panel at a time.
template <class Arch, std::size_t kVectorRegisters>
void gemm(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
          std::size_t n_cols, std::size_t row_begin, std::size_t row_end) {
  using Tile = GemmTile<Arch, kVectorRegisters>;
  const auto [kc, mc] = gemm_blocking<Arch, kVectorRegisters>();
  const std::size_t n_panels = (n_tokens + Tile::tokens - 1) / Tile::tokens;

  // TODO(shared-packing): every caller packs x for itself; workers splitting the rows of one
  // matmul could share one packed copy through a pack step in the KernelSet.
  static thread_local ScratchBuffer<Arch> packed_scratch, acc_scratch, w_block_scratch;
  float* packed = packed_scratch.reserve(n_panels * n_cols * Tile::tokens);
  pack_x<Arch>(packed, x, n_tokens, n_cols, Tile::tokens, n_panels, kc);
  float* acc = acc_scratch.reserve(n_panels * mc * Tile::tokens);
  float* w_block = w_block_scratch.reserve(mc * kc);

  for (std::size_t r0 = row_begin; r0 < row_end; r0 += mc) {
    const std::size_t mb = smaller<Arch>(mc, row_end - r0);
    for (std::size_t k0 = 0; k0 < n_cols; k0 += kc) {
      const std::size_t kb = smaller<Arch>(kc, n_cols - k0);
      pack_w<Arch, Tile::rows>(w_block, w + r0 * n_cols + k0, n_cols, mb, kb);

      // The next block of this row block, a few lines before each tile so the misses overlap
      // with the FMAs instead of queueing behind each other.
      const std::size_t next_kb = k0 + kb < n_cols ? smaller<Arch>(kc, n_cols - k0 - kb) : 0;
      const std::size_t next_lines = mb * ((next_kb + kFloatsPerLine - 1) / kFloatsPerLine);
      const std::size_t n_tiles = (mb + Tile::rows - 1) / Tile::rows;
      const std::size_t lines_per_tile =
          (next_lines + n_panels * n_tiles - 1) / (n_panels * n_tiles);

      // The next panel follows this one in packed; spread over the tiles like the block of w, it
      // reaches L2 before the first tile that needs it.
      const std::size_t panel_lines = kb * Tile::tokens / kFloatsPerLine;
      const std::size_t panel_lines_per_tile = (panel_lines + n_tiles - 1) / n_tiles;

      for (std::size_t p = 0; p < n_panels; p++) {
        const float* panel = packed + (k0 * n_panels + p * kb) * Tile::tokens;
        for (std::size_t i = 0; i < mb; i += Tile::rows) {
          const std::size_t first_line = i / Tile::rows * panel_lines_per_tile;
          if (p + 1 < n_panels && first_line < panel_lines) {
            prefetch_lines<Arch>(panel + kb * Tile::tokens, first_line,
                                 smaller<Arch>(first_line + panel_lines_per_tile, panel_lines));
          }
          const std::size_t first = (p * n_tiles + i / Tile::rows) * lines_per_tile;
          if (first < next_lines) {
            prefetch_w_lines<Arch>(w + r0 * n_cols + k0 + kb, n_cols, next_kb, first,
                                   smaller<Arch>(first + lines_per_tile, next_lines));
          }
          gemm_tile_rows<Arch, Tile::vectors, Tile::rows>(smaller<Arch>(Tile::rows, mb - i),
                                                          acc + (p * mc + i) * Tile::tokens,
                                                          k0 == 0, w_block + i * kb, panel, kb);
        }
        // After the last block the panel's sums are still in L1 and L2: into y now, not after
        // the other panels have pushed them out to L3.
        if (k0 + kb == n_cols) {
          unpack_y<Arch>(y + p * Tile::tokens * ldy + r0, ldy, acc + p * mc * Tile::tokens,
                         smaller<Arch>(Tile::tokens, n_tokens - p * Tile::tokens), Tile::tokens,
                         mb);
        }
      }
    }
  }
}

template <class Arch, std::size_t kVectorRegisters>
void matmul(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
            std::size_t n_cols, std::size_t row_begin, std::size_t row_end) {
  if (n_cols == 0) {
    for (std::size_t t = 0; t < n_tokens; t++) {
      for (std::size_t r = row_begin; r < row_end; r++) {
        y[t * ldy + r] = 0.0f;
      }
    }
  } else if (n_tokens == 1) {
    gemv<Arch>(y, w, x, n_cols, row_begin, row_end);
  } else if (n_tokens > 1) {
    gemm<Arch, kVectorRegisters>(y, ldy, w, x, n_tokens, n_cols, row_begin, row_end);
  }
}

}  // namespace clift::kernels::simd
