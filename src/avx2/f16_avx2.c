/*
 * float32 -> IEEE binary16, round to nearest even, clamped into [lo, hi]:
 * the AVX2 mirror of src/scalar/f16_scalar.c and f16.h, 16 values per step
 * (the driver: src/simd/half_tpl.h, through its NN_HALF_TWO).
 *
 * The rounding is F16C's vcvtps2ph with the rounding given in the
 * instruction (nearest even, whatever MXCSR says), which is the scalar
 * definition exactly: overflow from 65520 on to infinity, subnormal results
 * exact (MXCSR.FTZ does not apply to it), NaN quieted with the top ten bits
 * of its payload kept (sign | 0x7E00 | payload >> 13), and a float32
 * denormal input, far below binary16's least subnormal 2^-24, rounds to a
 * zero of its sign whether or not MXCSR.DAZ reads it as zero. The avx2 path
 * needs F16C (with AVX2 and FMA, as x86-64-v3 has them), so dispatch.c lists
 * it. Proof: the conversion sweep of tests/test_paths.c and the tiny-std and
 * near-overflow fills of tests/fill_cases.h, against the scalar path.
 *
 * The clamp reads the rounded value back (vcvtph2ps, exact) and compares it
 * with lo and hi; only when a lane is outside (the ends of a uniform range,
 * a truncated normal's bounds) are those lanes replaced by the bounds'
 * binary16 values, rounded again (exact: they are binary16 values).
 */
#include <immintrin.h>

#include "../scalar/f16.h"
#include "ops_avx2.h"

/* The 16 results of x0 then x1, packed. */
static inline __m256i f16_16(__m256 x0, __m256 x1, __m256 lo, __m256 hi,
                             __m256i hlo, __m256i hhi)
{
    __m128i h0 = _mm256_cvtps_ph(x0, _MM_FROUND_TO_NEAREST_INT);
    __m128i h1 = _mm256_cvtps_ph(x1, _MM_FROUND_TO_NEAREST_INT);
    __m256 y0 = _mm256_cvtph_ps(h0), y1 = _mm256_cvtph_ps(h1);
    __m256 lo0 = _mm256_cmp_ps(y0, lo, _CMP_LT_OQ);
    __m256 hi0 = _mm256_cmp_ps(y0, hi, _CMP_GT_OQ);
    __m256 lo1 = _mm256_cmp_ps(y1, lo, _CMP_LT_OQ);
    __m256 hi1 = _mm256_cmp_ps(y1, hi, _CMP_GT_OQ);
    __m256 out = _mm256_or_ps(_mm256_or_ps(lo0, hi0), _mm256_or_ps(lo1, hi1));
    if (NN_UNLIKELY(!_mm256_testz_ps(out, out))) {
        /* The bounds' binary16 values as floats (hlo, hhi hold the
         * patterns in every 32-bit lane). */
        __m256 vlo = _mm256_cvtph_ps(
            _mm_set1_epi16((short)_mm256_extract_epi32(hlo, 0)));
        __m256 vhi = _mm256_cvtph_ps(
            _mm_set1_epi16((short)_mm256_extract_epi32(hhi, 0)));
        y0 = _mm256_blendv_ps(_mm256_blendv_ps(y0, vlo, lo0), vhi, hi0);
        y1 = _mm256_blendv_ps(_mm256_blendv_ps(y1, vlo, lo1), vhi, hi1);
        h0 = _mm256_cvtps_ph(y0, _MM_FROUND_TO_NEAREST_INT);
        h1 = _mm256_cvtps_ph(y1, _MM_FROUND_TO_NEAREST_INT);
    }
    return _mm256_set_m128i(h1, h0);
}

#define NN_HALF_NAME NN_KNAME(f32_to_f16)
#define NN_HALF_TWO f16_16
#define NN_HALF_RNE nn_f32_to_f16_rne
#include "../simd/half_tpl.h"
