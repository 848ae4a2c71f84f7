/*
 * float32 -> bfloat16, round to nearest even, clamped into [lo, hi]: the
 * AVX-512 mirror of src/scalar/bf16_scalar.c (and bf16.h), 16 values per
 * step, the remainder under an opmask.
 *
 * The rounding is AVX512_BF16's vcvtneps2bf16, which computes exactly the
 * scalar definition -- (u + 0x7FFF + ((u >> 16) & 1)) >> 16, NaN ->
 * (u >> 16) | 0x40, overflow to infinity by the same carry -- except that it
 * flushes denormal inputs to (signed) zero. So the lanes whose input is
 * denormal (vfpclassps, one instruction) are redone with the integer
 * rounding, only in the rare vectors that have such a lane. Proof: the
 * conversion sweep of tests/test_paths.c and the tiny-std (std 1e-39,
 * denormal outputs) and near-overflow fills of tests/fill_cases.h.
 * The clamp (in the driver) compares the rounded value (as a float) with
 * lo and hi.
 * The driver (32 values per step, the rest under an opmask):
 * half_avx512.h.
 */
#include "intrin_avx512.h"

#include "../scalar/bf16.h"
#include "avx512.h"

/* 16 roundings in the 16-bit lanes. */
static inline __m256i bf16_16(__m512 x)
{
    __m256i h = (__m256i)_mm512_cvtneps_pbh(x);
    /* vfpclassps class 0x20: denormal, either sign (0x10 is -Inf) */
    __mmask16 den = _mm512_fpclass_ps_mask(x, 0x20);
    if (NN_UNLIKELY(den != 0)) {
        __m512i u = _mm512_castps_si512(x);
        __m512i r = _mm512_add_epi32(
            u, _mm512_add_epi32(_mm512_set1_epi32(0x7FFF),
                                _mm512_and_si512(_mm512_srli_epi32(u, 16),
                                                 _mm512_set1_epi32(1))));
        h = _mm256_mask_blend_epi16(
            den, h, _mm512_cvtepi32_epi16(_mm512_srli_epi32(r, 16)));
    }
    return h;
}

/* Their values as floats. */
static inline __m512 bf16_value(__m256i h)
{
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

#define NN_H16_NAME nn_f32_to_bf16_avx512
#define NN_H16_ROUND bf16_16
#define NN_H16_VALUE bf16_value
#define NN_H16_RNE nn_f32_to_bf16_rne
#include "half_avx512.h"
