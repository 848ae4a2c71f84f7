/*
 * float32 -> bfloat16, round to nearest even, clamped into [lo, hi]: the AVX2
 * mirror of src/scalar/bf16_scalar.c (and bf16.h), 16 values per step (the
 * driver: src/simd/half_tpl.h): h = (u + 0x7FFF + ((u >> 16) & 1)) >> 16, NaN
 * -> (u >> 16) | 0x40; then the clamp compares the rounded value (as a float)
 * with lo and hi.
 */
#include "../scalar/bf16.h"
#include "ops_avx2.h"

#include <immintrin.h>
#include <string.h>

/* 8 results in the low 16 bits of each 32-bit lane. */
static inline __m256i bf16_8(__m256 x, __m256 lo, __m256 hi, __m256i hlo,
                             __m256i hhi)
{
    const __m256i one = _mm256_set1_epi32(1);
    __m256i u = _mm256_castps_si256(x);
    __m256i nan =
        _mm256_cmpgt_epi32(_mm256_and_si256(u, _mm256_set1_epi32(0x7FFFFFFF)),
                           _mm256_set1_epi32(0x7F800000));
    __m256i r = _mm256_add_epi32(
        u, _mm256_add_epi32(_mm256_set1_epi32(0x7FFF),
                            _mm256_and_si256(_mm256_srli_epi32(u, 16), one)));
    __m256i q = _mm256_or_si256(u, _mm256_set1_epi32(0x00400000));
    r = _mm256_blendv_epi8(r, q, nan);
    __m256i h = _mm256_srli_epi32(r, 16);
    __m256 y = _mm256_castsi256_ps(_mm256_slli_epi32(h, 16));
    h = _mm256_blendv_epi8(
        h, hlo, _mm256_castps_si256(_mm256_cmp_ps(y, lo, _CMP_LT_OQ)));
    h = _mm256_blendv_epi8(
        h, hhi, _mm256_castps_si256(_mm256_cmp_ps(y, hi, _CMP_GT_OQ)));
    return h;
}

#define NN_HALF_NAME NN_KNAME(f32_to_bf16)
#define NN_HALF_ONE bf16_8
#define NN_HALF_RNE nn_f32_to_bf16_rne
#include "../simd/half_tpl.h"
