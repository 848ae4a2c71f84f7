/*
 * The Ziggurat fast path on 8 float32 (or 4 float64) lanes: the AVX2 mirror
 * of src/scalar/ziggurat.h, shared by the normal and the truncated-normal
 * kernels. Lanes that fail the fast test come back in a mask; the caller
 * defers them to the shared slow path (nn_zig_slow_f32/_f64).
 *
 * float32: one 64-bit gather per lane fetches the packed table entry
 * nn_zig_kw_f32[i] = ki_f[i] | bits(wi_f[i]) << 32 (two gathers of 4 for 8
 * lanes, cheaper here than two 8-lane float gathers); the gathers take the
 * lanes in the order 0,1,4,5 | 2,3,6,7 so that the two in-lane shuffles
 * that split k from wi give them back in order.
 * float64: ki_d and wi_d, one 4-lane gather each; m (52 bits) converts to
 * double exactly through the exponent of 2^52.
 */
#ifndef NNINIT_ZIGGURAT_AVX2_H
#define NNINIT_ZIGGURAT_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#include "../scalar/ziggurat_tables.h"
#include "philox_avx2.h"

/* Signed candidates z of the 8 words w; returns the mask of the lanes that
 * passed the fast test (bit j for lane j). */
NN_AINLINE __m256 nn_zig8_f32(__m256i w, __m256i *fast)
{
    __m256i idx = _mm256_and_si256(w, _mm256_set1_epi32(0xFF));
    __m256i ip = _mm256_permute4x64_epi64(idx, 0xD8);
    __m256i g0 = _mm256_i32gather_epi64((const long long *)nn_zig_kw_f32,
                                        _mm256_castsi256_si128(ip), 8);
    __m256i g1 = _mm256_i32gather_epi64((const long long *)nn_zig_kw_f32,
                                        _mm256_extracti128_si256(ip, 1), 8);
    __m256 k = _mm256_shuffle_ps(_mm256_castsi256_ps(g0),
                                 _mm256_castsi256_ps(g1), 0x88);
    __m256 wi = _mm256_shuffle_ps(_mm256_castsi256_ps(g0),
                                  _mm256_castsi256_ps(g1), 0xDD);
    __m256i m = _mm256_srli_epi32(w, 9);
    *fast = _mm256_cmpgt_epi32(_mm256_castps_si256(k), m);
    __m256 x = _mm256_mul_ps(_mm256_cvtepi32_ps(m), wi);
    __m256i sign = _mm256_and_si256(_mm256_slli_epi32(w, 23),
                                    _mm256_set1_epi32((int)0x80000000u));
    return _mm256_xor_ps(x, _mm256_castsi256_ps(sign));
}

/* The same for the 4 64-bit values in v. */
NN_AINLINE __m256d nn_zig4_f64(__m256i v, __m256i *fast)
{
    __m256i idx = _mm256_and_si256(v, _mm256_set1_epi64x(0xFF));
    __m256i k = _mm256_i64gather_epi64((const long long *)nn_zig_ki_d, idx, 8);
    __m256d wi = _mm256_i64gather_pd(nn_zig_wi_d, idx, 8);
    __m256i m = _mm256_srli_epi64(v, 12);
    *fast = _mm256_cmpgt_epi64(k, m);
    __m256d md = _mm256_sub_pd(
        _mm256_castsi256_pd(
            _mm256_or_si256(m, _mm256_set1_epi64x(0x4330000000000000))),
        _mm256_set1_pd(0x1p52));
    __m256d x = _mm256_mul_pd(md, wi);
    __m256i sign = _mm256_and_si256(_mm256_slli_epi64(v, 55),
                                    _mm256_set1_epi64x((long long)0x8000000000000000ull));
    return _mm256_xor_pd(x, _mm256_castsi256_pd(sign));
}

#endif /* NNINIT_ZIGGURAT_AVX2_H */
