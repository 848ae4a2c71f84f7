/*
 * float32 -> bfloat16, round to nearest even, clamped into [lo, hi]: the AVX2
 * mirror of src/scalar/bf16_scalar.c (and bf16.h). 16 values per step:
 *   h = (u + 0x7FFF + ((u >> 16) & 1)) >> 16, NaN -> (u >> 16) | 0x40;
 *   then the clamp compares the rounded value (as a float) with lo and hi.
 * A partial step at the end goes through a small buffer.
 */
#include "../scalar/bf16.h"
#include "avx2.h"

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

void nn_f32_to_bf16_avx2(const float *restrict in, uint16_t *restrict out,
                         size_t n, float lo, float hi)
{
    const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    const __m256i hlo = _mm256_set1_epi32(nn_f32_to_bf16_rne(lo));
    const __m256i hhi = _mm256_set1_epi32(nn_f32_to_bf16_rne(hi));
    size_t i = 0;
    for (; n - i >= 16; i += 16) {
        __m256i a = bf16_8(_mm256_loadu_ps(in + i), vlo, vhi, hlo, hhi);
        __m256i b = bf16_8(_mm256_loadu_ps(in + i + 8), vlo, vhi, hlo, hhi);
        /* packus works per 128-bit lane: fix the order of the quarters */
        __m256i h = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xD8);
        _mm256_storeu_si256((__m256i *)(out + i), h);
    }
    if (i < n) {
        float fin[16] = {0};
        uint16_t fout[16];
        memcpy(fin, in + i, (n - i) * sizeof(float));
        __m256i a = bf16_8(_mm256_loadu_ps(fin), vlo, vhi, hlo, hhi);
        __m256i b = bf16_8(_mm256_loadu_ps(fin + 8), vlo, vhi, hlo, hhi);
        __m256i h = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xD8);
        _mm256_storeu_si256((__m256i *)fout, h);
        memcpy(out + i, fout, (n - i) * sizeof(uint16_t));
    }
}
