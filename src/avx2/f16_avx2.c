/*
 * float32 -> IEEE binary16, round to nearest even, clamped into [lo, hi]:
 * the AVX2 mirror of src/scalar/f16_scalar.c and f16.h, in integer and
 * float32 operations only (F16C's vcvtps2ph would do the rounding in one
 * instruction, but the dispatcher does not ask the CPU for F16C, so this
 * path does not assume it). Every case of the scalar function is computed
 * for all 8 lanes and the right one blended in:
 *   NaN       sign | 0x7E00 | ((a >> 13) & 0x3FF)
 *   >= 65520  sign | 0x7C00
 *   < 2^-14   sign | (bits(|f| + 0.5f) - 0x3F000000)
 *   normal    sign | ((a + 0xC8000000 + 0xFFF + ((a >> 13) & 1)) >> 13)
 * and the clamp compares the value read back (nn_f16_to_f32) with lo, hi.
 * The driver (16 values per step): src/simd/half_tpl.h.
 */
#include <immintrin.h>
#include <string.h>

#include "../scalar/f16.h"
#include "ops_avx2.h"

#define BC(x) _mm256_set1_epi32((int)(x))

/* 8 results in the low 16 bits of each 32-bit lane. */
static inline __m256i f16_8(__m256 x, __m256 lo, __m256 hi, __m256i hlo,
                            __m256i hhi)
{
    __m256i u = _mm256_castps_si256(x);
    __m256i sign = _mm256_and_si256(_mm256_srli_epi32(u, 16), BC(0x8000));
    __m256i a = _mm256_and_si256(u, BC(0x7FFFFFFF));

    /* normal */
    __m256i odd = _mm256_and_si256(_mm256_srli_epi32(a, 13), BC(1));
    __m256i h = _mm256_srli_epi32(
        _mm256_add_epi32(_mm256_add_epi32(a, BC(0xC8000000u + 0xFFFu)), odd),
        13);
    /* below 2^-14 */
    __m256 t = _mm256_add_ps(_mm256_castsi256_ps(a), _mm256_set1_ps(0.5f));
    __m256i hs = _mm256_sub_epi32(_mm256_castps_si256(t), BC(0x3F000000));
    h = _mm256_blendv_epi8(h, hs, _mm256_cmpgt_epi32(BC(0x38800000), a));
    /* overflow to infinity, then NaN */
    h = _mm256_blendv_epi8(h, BC(0x7C00),
                           _mm256_cmpgt_epi32(a, BC(0x477FEFFF)));
    __m256i hn = _mm256_or_si256(
        BC(0x7E00), _mm256_and_si256(_mm256_srli_epi32(a, 13), BC(0x3FF)));
    h = _mm256_blendv_epi8(h, hn, _mm256_cmpgt_epi32(a, BC(0x7F800000)));
    h = _mm256_or_si256(h, sign);

    /* read back (nn_f16_to_f32): zero/subnormal m * 2^-24, inf/NaN, normal */
    __m256i e = _mm256_and_si256(h, BC(0x7C00));
    __m256i m = _mm256_and_si256(h, BC(0x3FF));
    __m256i ys = _mm256_castps_si256(
        _mm256_mul_ps(_mm256_cvtepi32_ps(m), _mm256_set1_ps(0x1p-24f)));
    __m256i yn = _mm256_add_epi32(
        _mm256_slli_epi32(_mm256_and_si256(h, BC(0x7FFF)), 13), BC(112u << 23));
    __m256i yi = _mm256_or_si256(BC(0x7F800000), _mm256_slli_epi32(m, 13));
    __m256i y = _mm256_blendv_epi8(yn, ys, _mm256_cmpeq_epi32(e, BC(0)));
    y = _mm256_blendv_epi8(y, yi, _mm256_cmpeq_epi32(e, BC(0x7C00)));
    y = _mm256_or_si256(y, _mm256_slli_epi32(sign, 16));
    __m256 yf = _mm256_castsi256_ps(y);

    h = _mm256_blendv_epi8(
        h, hlo, _mm256_castps_si256(_mm256_cmp_ps(yf, lo, _CMP_LT_OQ)));
    h = _mm256_blendv_epi8(
        h, hhi, _mm256_castps_si256(_mm256_cmp_ps(yf, hi, _CMP_GT_OQ)));
    return h;
}

#define NN_HALF_NAME NN_KNAME(f32_to_f16)
#define NN_HALF_ONE f16_8
#define NN_HALF_RNE nn_f32_to_f16_rne
#include "../simd/half_tpl.h"
