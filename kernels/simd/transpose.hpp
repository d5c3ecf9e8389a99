#pragma once

#include <cstddef>

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace clift::kernels::simd {

// dst[j][i] = src[i][j] for an 8 x 8 block, rows src_stride and dst_stride floats apart, of which
// only the first n_src_rows source rows are read; the lanes of the others are 0. Each dst row is
// one store of 8 floats, in increasing j, so with dst_stride < 8 the lanes past the first
// dst_stride land where the next row's store writes: the packers use this to write rows of 6.
// xsimd 8.1 has no transpose and its zips differ between ISAs, so AVX (built into the AVX2 and
// AVX-512 units) gets the usual unpack / shuffle / permute sequence, 24 instructions for what is
// otherwise 64 loads and 64 scattered stores; other ISAs keep the scalar loop.
template <class Arch>
void transpose_8x8(float* dst, std::size_t dst_stride, const float* src, std::size_t src_stride,
                   std::size_t n_src_rows = 8) {
#if defined(__AVX__)
  __m256 r[8];
  for (std::size_t i = 0; i < 8; i++)
    r[i] = i < n_src_rows ? _mm256_loadu_ps(src + i * src_stride) : _mm256_setzero_ps();
  __m256 t[8];
  for (std::size_t i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);      // 00 10 01 11 | 04 14 05 15
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);  // 02 12 03 13 | 06 16 07 17
  }
  __m256 s[8];
  for (std::size_t i = 0; i < 8; i += 4) {
    s[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));          // column 0 | 4
    s[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));      // column 1 | 5
    s[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));  // 2 | 6
    s[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));  // 3 | 7
  }
  for (std::size_t j = 0; j < 4; j++) {
    _mm256_storeu_ps(dst + j * dst_stride, _mm256_permute2f128_ps(s[j], s[j + 4], 0x20));
  }
  for (std::size_t j = 0; j < 4; j++) {
    _mm256_storeu_ps(dst + (j + 4) * dst_stride, _mm256_permute2f128_ps(s[j], s[j + 4], 0x31));
  }
#else
  for (std::size_t j = 0; j < 8; j++) {
    for (std::size_t i = 0; i < 8; i++) {
      dst[j * dst_stride + i] = i < n_src_rows ? src[i * src_stride + j] : 0.0f;
    }
  }
#endif
}

}  // namespace clift::kernels::simd
