#pragma once

#include <cstddef>

#include "kernels/simd/gemm_tile.hpp"
#include "kernels/simd/scratch_buffer.hpp"
#include "kernels/simd/vector_ops.hpp"

// Causal attention for the queries that share one key/value head, as two GEMMs on the GEMM's
// microkernel with the queries in the lanes (a panel of Tile::tokens queries: on AVX2, 4 tokens of
// a group of 4 heads). Per block of keys and panel of queries:
//   1. scores [key][query] = k (scale q)^T: keys are the tile's broadcast rows;
//   2. an online softmax (FlashAttention's) folds the block into each query's running maximum and
//      sum, lane-wise, so no step reduces across lanes and the scratch does not grow with the
//      context;
//   3. out^T [d][query] += v^T probabilities: value columns are the broadcast rows, the block's
//      probabilities the panel.
// Keys and values are read in place, each block from L2 by every panel of the call (copying a
// block next to the others first, against set conflicts, measured 5-40% slower).
namespace clift::kernels::simd {

// Rows are numbered token-major: row r is head r % n_heads of token r / n_heads, this far into q
// and out.
template <class Arch>
std::size_t row_offset(std::size_t row_stride, std::size_t n_heads, std::size_t head_dim,
                       std::size_t r) {
  return r / n_heads * row_stride + r % n_heads * head_dim;
}

// Rows [0, n_rows) of q, scaled -> panels [head_dim][kLanes], zero past the last row.
template <class Arch, std::size_t kLanes>
void pack_queries(float* packed, const float* q, std::size_t row_stride, std::size_t n_heads,
                  std::size_t n_rows, std::size_t n_panels, std::size_t head_dim, float scale) {
  for (std::size_t r = 0; r < n_panels * kLanes; r++) {
    float* column = packed + r / kLanes * head_dim * kLanes + r % kLanes;
    const float* row =
        r < n_rows ? q + row_offset<Arch>(row_stride, n_heads, head_dim, r) : nullptr;
    for (std::size_t d = 0; d < head_dim; d++) {
      column[d * kLanes] = row != nullptr ? row[d] * scale : 0.0f;
    }
  }
}

// Step 2 for one vector of lanes: scores [n_keys][kLanes] (this vector's lanes at `scores`),
// keys numbered from first_key, lane i seeing keys below seen[i]. Masks the keys a lane does not
// see, leaves exp(score - new maximum) in place, updates maximum and sum, and returns
// exp(old maximum - new maximum), by which the lane's output so far must be scaled.
template <class Arch, std::size_t kLanes>
Batch<Arch> fold_block(float* scores, std::size_t n_keys, std::size_t first_key,
                       std::size_t first_masked, const Batch<Arch>& seen, Batch<Arch>& maximum,
                       Batch<Arch>& sum) {
  using B = Batch<Arch>;
  B best = maximum;
  for (std::size_t p = 0; p < n_keys; p++) {
    B s = B::load_aligned(scores + p * kLanes);
    // Keys before the panel's first row's last one are seen by every lane.
    if (first_key + p >= first_masked) {
      s = xsimd::select(B(static_cast<float>(first_key + p)) < seen, s, B(kMinusInfinity<Arch>));
      s.store_aligned(scores + p * kLanes);
    }
    best = xsimd::max(best, s);
  }
  B block_sum(0.0f);
  for (std::size_t p = 0; p < n_keys; p++) {
    const B e = xsimd::exp(B::load_aligned(scores + p * kLanes) - best);
    e.store_aligned(scores + p * kLanes);
    block_sum += e;
  }
  // The first block: maximum is -inf and the factor 0, best is finite (every lane sees key 0).
  const B factor = xsimd::exp(maximum - best);
  sum = xsimd::fma(sum, factor, block_sum);
  maximum = best;
  return factor;
}

// Keys per block: its keys and values (2 x 192 rows of head_dim floats) and one panel's scores stay
// in L2 across the three steps and the panels, and rescaling the output costs 1/192 of step 3.
inline constexpr std::size_t kBlockKeys = 192;

// The three steps on panels of kVectors vectors of query lanes, with tiles of kRows keys (step 1)
// or value columns (step 3).
template <class Arch, std::size_t kRows, std::size_t kVectors>
void attention_in_panels(float* out, const float* q, std::size_t row_stride, std::size_t n_tokens,
                         std::size_t n_heads, std::size_t first_pos, const float* k, const float* v,
                         std::size_t kv_stride, std::size_t head_dim, float logit_scale) {
  using B = Batch<Arch>;
  constexpr std::size_t w = kWidth<Arch>;
  constexpr std::size_t kLanes = kVectors * w;

  const std::size_t n_rows = n_tokens * n_heads;
  if (n_rows == 0 || head_dim == 0) return;
  const std::size_t n_panels = (n_rows + kLanes - 1) / kLanes;
  const auto keys_of_row = [&](std::size_t r) { return first_pos + r / n_heads + 1; };
  const std::size_t n_keys = keys_of_row(n_rows - 1);

  static thread_local ScratchBuffer<Arch> queries_scratch, scores_scratch, out_scratch,
      lanes_scratch;
  float* queries = queries_scratch.reserve(n_panels * head_dim * kLanes);  // [panel][d][lane]
  float* scores = scores_scratch.reserve(kBlockKeys * kLanes);             // [key][lane]
  float* acc = out_scratch.reserve(n_panels * head_dim * kLanes);          // [panel][d][lane]
  float* lanes = lanes_scratch.reserve(3 * n_panels * kLanes);
  float* seen = lanes;  // keys each lane sees; padding lanes see all, and are never stored
  float* maximum = lanes + n_panels * kLanes;
  float* sum = lanes + 2 * n_panels * kLanes;

  pack_queries<Arch, kLanes>(queries, q, row_stride, n_heads, n_rows, n_panels, head_dim,
                             logit_scale);
  for (std::size_t r = 0; r < n_panels * kLanes; r++) {
    seen[r] = static_cast<float>(r < n_rows ? keys_of_row(r) : n_keys);
    maximum[r] = kMinusInfinity<Arch>;
    sum[r] = 0.0f;
  }

  for (std::size_t p0 = 0; p0 < n_keys; p0 += kBlockKeys) {
    const std::size_t block_keys = smaller<Arch>(kBlockKeys, n_keys - p0);
    const float* block_k = k + p0 * kv_stride;
    const float* block_v = v + p0 * kv_stride;

    for (std::size_t panel = 0; panel < n_panels; panel++) {
      const std::size_t first_row = panel * kLanes;
      const std::size_t last_row = smaller<Arch>(first_row + kLanes, n_rows) - 1;
      if (keys_of_row(last_row) <= p0) continue;  // the whole block lies after this panel's rows
      const std::size_t panel_keys = smaller<Arch>(block_keys, keys_of_row(last_row) - p0);
      const float* panel_queries = queries + panel * head_dim * kLanes;
      float* panel_acc = acc + panel * head_dim * kLanes;

      // 1. Rows are keys, k runs along head_dim.
      for (std::size_t i = 0; i < panel_keys; i += kRows) {
        gemm_tile_rows<Arch, kVectors, kRows>(
            smaller<Arch>(kRows, panel_keys - i), scores + i * kLanes, true,
            StridedTile<Arch>{block_k + i * kv_stride, kv_stride, 1}, panel_queries, head_dim);
      }

      // 2. Probabilities, lane by lane, and the output so far rescaled to the new maximum.
      for (std::size_t j = 0; j < kVectors; j++) {
        const std::size_t lane = first_row + j * w;
        B lane_maximum = B::load_aligned(maximum + lane), lane_sum = B::load_aligned(sum + lane);
        const B factor =
            fold_block<Arch, kLanes>(scores + j * w, panel_keys, p0, keys_of_row(first_row),
                                     B::load_aligned(seen + lane), lane_maximum, lane_sum);
        lane_maximum.store_aligned(maximum + lane);
        lane_sum.store_aligned(sum + lane);
        if (p0 == 0) continue;  // nothing accumulated yet
        for (std::size_t d = 0; d < head_dim; d++) {
          float* a = panel_acc + d * kLanes + j * w;
          (B::load_aligned(a) * factor).store_aligned(a);
        }
      }

      // 3. Rows are value columns, k runs along the keys.
      for (std::size_t d0 = 0; d0 < head_dim; d0 += kRows) {
        gemm_tile_rows<Arch, kVectors, kRows>(
            smaller<Arch>(kRows, head_dim - d0), panel_acc + d0 * kLanes, p0 == 0,
            StridedTile<Arch>{block_v + d0, 1, kv_stride}, scores, panel_keys);
      }
    }
  }

  for (std::size_t r = 0; r < n_rows; r++) {
    const float* column = acc + r / kLanes * head_dim * kLanes + r % kLanes;
    const float inverse_sum = 1.0f / sum[r];
    float* row_out = out + row_offset<Arch>(row_stride, n_heads, head_dim, r);
    for (std::size_t d = 0; d < head_dim; d++) {
      row_out[d] = column[d * kLanes] * inverse_sum;
    }
  }
}

// Decode's rows (one token of a group of heads: 4 in Llama 3) fit one vector of lanes. A panel of
// the GEMM tile's width would leave most of its lanes as padding that every step computes (12 of
// 16 on AVX2, 60 of 64 on AVX-512), so few rows get a panel one vector wide, its tiles 8 rows
// tall to keep 8 FMA chains in flight.
template <class Arch, std::size_t kVectorRegisters>
void attention(float* out, const float* q, std::size_t row_stride, std::size_t n_tokens,
               std::size_t n_heads, std::size_t first_pos, const float* k, const float* v,
               std::size_t kv_stride, std::size_t head_dim, float logit_scale) {
  using Tile = GemmTile<Arch, kVectorRegisters>;
  if (n_tokens * n_heads <= kWidth<Arch>) {
    attention_in_panels<Arch, 8, 1>(out, q, row_stride, n_tokens, n_heads, first_pos, k, v,
                                    kv_stride, head_dim, logit_scale);
  } else {
    attention_in_panels<Arch, Tile::rows, Tile::vectors>(
        out, q, row_stride, n_tokens, n_heads, first_pos, k, v, kv_stride, head_dim, logit_scale);
  }
}

}  // namespace clift::kernels::simd
