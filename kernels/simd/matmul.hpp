#pragma once

#include <cstddef>

#include "kernels/simd/gemm_tile.hpp"
#include "kernels/simd/scratch_buffer.hpp"
#include "kernels/simd/transpose.hpp"
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

// Panels of tokens up to which the GEMM reads w in place rather than packed (2: a 32-token
// prompt on AVX2). On Zen 3, 32 tokens against 2048 x 2048, 8192 x 2048 and 2048 x 8192 ran at
// 70-75 GFLOP/s in place against 50-55 packed (3 interleaved runs each).
inline constexpr std::size_t kInPlacePanels = 2;

struct GemmBlocking {
  std::size_t kc;  // columns of w and x per block
  std::size_t mc;  // rows of w per block
};

// kc: one packed panel of x (kc x tokens floats) takes 3/4 of L1d, where it stays while every
// tile of rows in the block sweeps it; the rest holds the tile of w streaming past. A longer kc
// means fewer passes of the partial sums through the caches: on Zen 3, 3/4 of L1d ran the
// 8192 x 2048 x 512 GEMM at a median 83% of peak on 2 threads against 77% with half (7
// interleaved runs each), and 512 x 2048 x 2048 on 1 thread at 85% against 84%. mc: the packed
// block of w (mc x kc floats) takes half of L2, from where each tile streams into the
// microkernel once per panel.
template <class Arch, std::size_t kVectorRegisters>
GemmBlocking gemm_blocking() {
  using Tile = GemmTile<Arch, kVectorRegisters>;
  const Topology& topology = host_topology();
  const std::size_t kc =
      larger<Arch>(16, topology.l1d_bytes * 3 / 4 / (Tile::tokens * sizeof(float)) / 16 * 16);
  const std::size_t mc = larger<Arch>(
      Tile::rows, topology.l2_bytes / 2 / (kc * sizeof(float)) / Tile::rows * Tile::rows);
  return {kc, mc};
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

// Floats that hold x [n_tokens][n_cols] packed: for two tokens or more [kc
// block][panel][k][tokens], zero past the last token, so each kc block of a panel is one contiguous
// stream for the microkernel; one token (the GEMV's x) is kept as it is.
template <class Arch, std::size_t kVectorRegisters>
std::size_t packed_x_floats(std::size_t n_tokens, std::size_t n_cols) {
  constexpr std::size_t tokens = GemmTile<Arch, kVectorRegisters>::tokens;
  return n_tokens <= 1 ? n_cols : (n_tokens + tokens - 1) / tokens * tokens * n_cols;
}

// Part `part` of n_parts of packing x: each part packs whole (kc block, panel) pieces, so parts
// can run on different workers into one shared copy.
template <class Arch, std::size_t kVectorRegisters>
void pack_x(float* packed, const float* x, std::size_t n_tokens, std::size_t n_cols,
            std::size_t part, std::size_t n_parts) {
  constexpr std::size_t tokens = GemmTile<Arch, kVectorRegisters>::tokens;
  static_assert(tokens % 8 == 0, "a panel must hold whole 8 x 8 transposes");
  if (n_tokens <= 1) {
    for (std::size_t k = n_cols * part / n_parts; k < n_cols * (part + 1) / n_parts; k++) {
      packed[k] = x[k];
    }
    return;
  }
  const std::size_t kc = gemm_blocking<Arch, kVectorRegisters>().kc;
  const std::size_t n_panels = (n_tokens + tokens - 1) / tokens;
  const std::size_t n_pieces = (n_cols + kc - 1) / kc * n_panels;
  for (std::size_t piece = n_pieces * part / n_parts; piece < n_pieces * (part + 1) / n_parts;
       piece++) {
    const std::size_t k0 = piece / n_panels * kc, p = piece % n_panels;
    const std::size_t kb = smaller<Arch>(kc, n_cols - k0);
    float* panel = packed + k0 * n_panels * tokens + p * kb * tokens;
    const float* x_panel = x + p * tokens * n_cols + k0;
    const std::size_t n = smaller<Arch>(tokens, n_tokens - p * tokens);
    // 8 tokens x 8 columns at a time, one register transpose each (as in pack_w); the groups of
    // tokens past the last one are transposes of nothing, which write zeros.
    std::size_t k = 0;
    for (; k + 8 <= kb; k += 8) {
      for (std::size_t j = 0; j < tokens; j += 8) {
        transpose_8x8<Arch>(panel + k * tokens + j, tokens, x_panel + j * n_cols + k, n_cols,
                            j < n ? smaller<Arch>(8, n - j) : 0);
      }
    }
    for (; k < kb; k++) {
      for (std::size_t j = 0; j < n; j++) {
        panel[k * tokens + j] = x_panel[j * n_cols + k];
      }
      for (std::size_t j = n; j < tokens; j++) {
        panel[k * tokens + j] = 0.0f;
      }
    }
  }
}

// y[j][i] = acc[i][j] for the first n_tokens tokens of one panel's sums acc [rows][tokens]: y is
// the panel's first token's row of y, offset to the block's first row. In 8 x 8 blocks, each a
// register transpose and 8 stores of 8 floats; one float at a time, this loop waited on its
// scattered loads and stores for 4.5% of a 8192 x 2048 x 512 GEMM.
template <class Arch>
void unpack_y(float* y, std::size_t ldy, const float* acc, std::size_t n_tokens, std::size_t tokens,
              std::size_t rows) {
  constexpr std::size_t kBlock = 8;
  const std::size_t full_tokens = n_tokens / kBlock * kBlock, full_rows = rows / kBlock * kBlock;
  for (std::size_t i = 0; i < full_rows; i += kBlock) {
    for (std::size_t j = 0; j < full_tokens; j += kBlock) {
      transpose_8x8<Arch>(y + j * ldy + i, ldy, acc + i * tokens + j, tokens);
    }
  }
  for (std::size_t j = 0; j < n_tokens; j++) {
    // The rows past the last full block for every token, and all rows for the tokens past it.
    for (std::size_t i = j < full_tokens ? full_rows : 0; i < rows; i++) {
      y[j * ldy + i] = acc[i * tokens + j];
    }
  }
}

// Loops, outside in: row blocks (mc), column blocks (kc), panels of tokens, tiles of rows. A
// packed panel of x is reused from L1 by every tile of the block, a packed block of w from L2 by
// every panel. Partial sums live in acc ([panel][row of the block][tokens]) until the last kc
// block, then go to y, whose rows are tokens, one panel at a time.
template <class Arch, std::size_t kVectorRegisters>
void gemm(float* y, std::size_t ldy, const float* w, const float* packed, std::size_t n_tokens,
          std::size_t n_cols, std::size_t row_begin, std::size_t row_end) {
  using Tile = GemmTile<Arch, kVectorRegisters>;
  const auto [kc, mc] = gemm_blocking<Arch, kVectorRegisters>();
  const std::size_t n_panels = (n_tokens + Tile::tokens - 1) / Tile::tokens;

  static thread_local ScratchBuffer<Arch> acc_scratch, w_block_scratch;
  float* acc = acc_scratch.reserve(n_panels * mc * Tile::tokens);
  float* w_block = w_block_scratch.reserve(mc * kc);

  // Packing w costs about as much as a panel of FMAs per weight; with few panels to share it,
  // the tiles read w in place instead.
  const bool w_in_place = n_panels <= kInPlacePanels;
  for (std::size_t r0 = row_begin; r0 < row_end; r0 += mc) {
    const std::size_t mb = smaller<Arch>(mc, row_end - r0);
    for (std::size_t k0 = 0; k0 < n_cols; k0 += kc) {
      const std::size_t kb = smaller<Arch>(kc, n_cols - k0);
      if (!w_in_place) pack_w<Arch, Tile::rows>(w_block, w + r0 * n_cols + k0, n_cols, mb, kb);

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
          // The next tile's partial sums, which it loads first and whose every FMA waits on them:
          // one tile ahead is enough for L3's latency, where acc lives once it outgrows L2.
          if (k0 > 0) {
            const std::size_t next = i + Tile::rows < mb ? p * mc + i + Tile::rows : (p + 1) * mc;
            if (next < n_panels * mc) {
              prefetch_lines<Arch>(acc + next * Tile::tokens, 0,
                                   Tile::rows * Tile::tokens / kFloatsPerLine);
            }
          }
          const std::size_t rows = smaller<Arch>(Tile::rows, mb - i);
          float* acc_tile = acc + (p * mc + i) * Tile::tokens;
          if (w_in_place) {
            gemm_tile_rows<Arch, Tile::vectors, Tile::rows>(
                rows, acc_tile, k0 == 0, StridedTile<Arch>{w + (r0 + i) * n_cols + k0, n_cols, 1},
                panel, kb);
          } else {
            gemm_tile_rows<Arch, Tile::vectors, Tile::rows>(
                rows, acc_tile, k0 == 0, PackedTile<Arch>{w_block + i * kb}, panel, kb);
          }
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
void matmul_packed(float* y, std::size_t ldy, const float* w, const float* packed,
                   std::size_t n_tokens, std::size_t n_cols, std::size_t row_begin,
                   std::size_t row_end) {
  if (n_cols == 0) {
    for (std::size_t t = 0; t < n_tokens; t++) {
      for (std::size_t r = row_begin; r < row_end; r++) {
        y[t * ldy + r] = 0.0f;
      }
    }
  } else if (n_tokens == 1) {
    gemv<Arch>(y, w, packed, n_cols, row_begin, row_end);
  } else if (n_tokens > 1) {
    gemm<Arch, kVectorRegisters>(y, ldy, w, packed, n_tokens, n_cols, row_begin, row_end);
  }
}

template <class Arch, std::size_t kVectorRegisters>
void matmul(float* y, std::size_t ldy, const float* w, const float* x, std::size_t n_tokens,
            std::size_t n_cols, std::size_t row_begin, std::size_t row_end) {
  if (n_tokens <= 1) {
    matmul_packed<Arch, kVectorRegisters>(y, ldy, w, x, n_tokens, n_cols, row_begin, row_end);
    return;
  }
  static thread_local ScratchBuffer<Arch> packed_scratch;
  float* packed = packed_scratch.reserve(packed_x_floats<Arch, kVectorRegisters>(n_tokens, n_cols));
  pack_x<Arch, kVectorRegisters>(packed, x, n_tokens, n_cols, 0, 1);
  matmul_packed<Arch, kVectorRegisters>(y, ldy, w, packed, n_tokens, n_cols, row_begin, row_end);
}

}  // namespace clift::kernels::simd
