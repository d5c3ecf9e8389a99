#pragma once

#include <cstddef>

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace clift::kernels::simd {

// Rows of a transposed 8 x 8 block: dst[j][i] = src[i][j], rows src_stride and dst_stride floats
// apart. xsimd 8.1 has no transpose and its zips differ between ISAs, so AVX (built into the
// AVX2 and AVX-512 units) gets the usual unpack / shuffle / permute sequence, 24 instructions for
// what is otherwise 64 loads and 64 scattered stores; other ISAs keep the scalar loop.
template <class Arch>
void transpose_8x8(float* dst, std::size_t dst_stride, const float* src, std::size_t src_stride) {
#if defined(__AVX__)
  __m256 r[8];
  for (std::size_t i = 0; i < 8; i++)
    r[i] = _mm256_loadu_ps(src + i * src_stride);
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
    _mm256_storeu_ps(dst + (j + 4) * dst_stride, _mm256_permute2f128_ps(s[j], s[j + 4], 0x31));
  }
#else
  for (std::size_t j = 0; j < 8; j++) {
    for (std::size_t i = 0; i < 8; i++) {
      dst[j * dst_stride + i] = src[i * src_stride + j];
    }
  }
#endif
}

}  // namespace clift::kernels::simd
