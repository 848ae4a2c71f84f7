/*
 * The Ziggurat fast path on 8 float32 (or 4 float64) lanes: the AVX2 mirror
 * of src/scalar/ziggurat.h, shared by the normal and the truncated-normal
 * kernels. Lanes that fail the fast test come back in a mask; the caller
 * defers them to the shared slow path (nn_zig_slow_f32/_f64).
 *
 * float32: one 64-bit load per lane fetches the packed table entry
 * nn_zig_kw_f32[i] = ki_f[i] | bits(wi_f[i]) << 32.
 * float64: ki_d[i] and wi_d[i], one load each per lane; m (52 bits)
 * converts to double exactly through the exponent of 2^52.
 * The table entries come in by scalar loads (vmovq, vpinsrq, vmovhpd), not
 * gathers: on Zen 4 two 4-lane vpgatherdq cost 0.40 ns per 8 float32
 * lanes, the loads 0.20 ns (measured in isolation), and in the kernels
 * float32 went from 0.98 to 0.81 ns per sample, float64 from 1.94 to
 * 1.57 (fast paths).
 */
#ifndef NNINIT_ZIGGURAT_AVX2_H
#define NNINIT_ZIGGURAT_AVX2_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "../scalar/ziggurat_tables.h"
#include "philox_avx2.h"

/* The packed entries nn_zig_kw_f32[i] of the 8 words whose copy is at
 * wmem, split into k (as integers) and wi: 4 loads of word pairs, the
 * layers picked out by integer ALU instructions, 8 table loads. Lanes are
 * loaded in the order 0,1,4,5 | 2,3,6,7 so that two in-lane shuffles split
 * k from wi in order. */
NN_AINLINE void nn_zig8_kw(const uint32_t *wmem, __m256 *k, __m256 *wi)
{
    const long long *t = (const long long *)nn_zig_kw_f32;
    uint64_t q0, q1, q2, q3;
    memcpy(&q0, wmem, 8);
    memcpy(&q1, wmem + 2, 8);
    memcpy(&q2, wmem + 4, 8);
    memcpy(&q3, wmem + 6, 8);
    __m128i a0 = _mm_insert_epi64(_mm_cvtsi64_si128(t[q0 & 0xFF]),
                                  t[(q0 >> 32) & 0xFF], 1);
    __m128i a1 = _mm_insert_epi64(_mm_cvtsi64_si128(t[q1 & 0xFF]),
                                  t[(q1 >> 32) & 0xFF], 1);
    __m128i a2 = _mm_insert_epi64(_mm_cvtsi64_si128(t[q2 & 0xFF]),
                                  t[(q2 >> 32) & 0xFF], 1);
    __m128i a3 = _mm_insert_epi64(_mm_cvtsi64_si128(t[q3 & 0xFF]),
                                  t[(q3 >> 32) & 0xFF], 1);
    /* g0 = lanes 0,1 | 4,5 and g1 = lanes 2,3 | 6,7 */
    __m256i g0 = _mm256_inserti128_si256(_mm256_castsi128_si256(a0), a2, 1);
    __m256i g1 = _mm256_inserti128_si256(_mm256_castsi128_si256(a1), a3, 1);
    *k = _mm256_shuffle_ps(_mm256_castsi256_ps(g0), _mm256_castsi256_ps(g1),
                           0x88);
    *wi = _mm256_shuffle_ps(_mm256_castsi256_ps(g0), _mm256_castsi256_ps(g1),
                            0xDD);
}

/* Signed candidates z of the 8 words w (a copy of which is at wmem); *fast
 * receives all-ones in the lanes that pass the fast test. */
NN_AINLINE __m256 nn_zig8_f32(__m256i w, const uint32_t *wmem, __m256i *fast)
{
    __m256 k, wi;
    nn_zig8_kw(wmem, &k, &wi);
    __m256i m = _mm256_srli_epi32(w, 9);
    *fast = _mm256_cmpgt_epi32(_mm256_castps_si256(k), m);
    __m256 x = _mm256_mul_ps(_mm256_cvtepi32_ps(m), wi);
    __m256i sign = _mm256_and_si256(_mm256_slli_epi32(w, 23),
                                    _mm256_set1_epi32((int)0x80000000u));
    return _mm256_xor_ps(x, _mm256_castsi256_ps(sign));
}

/* The same for the 4 64-bit values in v (a copy of which is at vmem):
 * ki_d[i] and wi_d[i] by scalar loads, as for float32. */
NN_AINLINE __m256d nn_zig4_f64(__m256i v, const uint32_t *vmem, __m256i *fast)
{
    const long long *tk = (const long long *)nn_zig_ki_d;
    const double *tw = nn_zig_wi_d;
    const unsigned char *b = (const unsigned char *)vmem;
    unsigned i0 = b[0], i1 = b[8], i2 = b[16], i3 = b[24];
    __m128i k01 = _mm_insert_epi64(_mm_cvtsi64_si128(tk[i0]), tk[i1], 1);
    __m128i k23 = _mm_insert_epi64(_mm_cvtsi64_si128(tk[i2]), tk[i3], 1);
    __m128d w01 = _mm_loadh_pd(_mm_load_sd(tw + i0), tw + i1);
    __m128d w23 = _mm_loadh_pd(_mm_load_sd(tw + i2), tw + i3);
    __m256i k = _mm256_inserti128_si256(_mm256_castsi128_si256(k01), k23, 1);
    __m256d wi = _mm256_insertf128_pd(_mm256_castpd128_pd256(w01), w23, 1);
    __m256i m = _mm256_srli_epi64(v, 12);
    *fast = _mm256_cmpgt_epi64(k, m);
    __m256d md = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(
                                   m, _mm256_set1_epi64x(0x4330000000000000))),
                               _mm256_set1_pd(0x1p52));
    __m256d x = _mm256_mul_pd(md, wi);
    __m256i sign =
        _mm256_and_si256(_mm256_slli_epi64(v, 55),
                         _mm256_set1_epi64x((long long)0x8000000000000000ull));
    return _mm256_xor_pd(x, _mm256_castsi256_pd(sign));
}

#endif /* NNINIT_ZIGGURAT_AVX2_H */
