/*
 * The Ziggurat fast path on 16 float32 lanes: the AVX-512 mirror of
 * src/scalar/ziggurat.h. Lanes that fail the fast test come back in an
 * opmask; the caller defers them to the shared slow path.
 *
 * The packed table entries nn_zig_kw_f32[i] = ki_f[i] | bits(wi_f[i]) << 32
 * come in by scalar 64-bit loads, 8 lanes at a time as in
 * src/avx2/ziggurat_avx2.h (nn_zig8_kw, whose reasons hold here: a zmm
 * gather costs about 21 cycles for 16 lanes on Zen 4), and the two halves
 * are joined into zmm vectors. Measured in the normal float32 kernel: these
 * loads 1.15 ns per sample, two vpgatherdq of 8 entries 1.50, the AVX2
 * fast path on the two ymm halves 1.14.
 */
#ifndef NNINIT_ZIGGURAT_AVX512_H
#define NNINIT_ZIGGURAT_AVX512_H

#include "intrin_avx512.h"
#include <stdint.h>
#include <string.h>

#include "../scalar/ziggurat_tables.h"
#include "philox_avx512.h"

/* k and wi of 8 words at wmem, lanes in order (see nn_zig8_kw in
 * ziggurat_avx2.h). */
NN_AINLINE void nn_zig8_kw_z(const uint32_t *wmem, __m256 *k, __m256 *wi)
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
    __m256i g0 = _mm256_inserti128_si256(_mm256_castsi128_si256(a0), a2, 1);
    __m256i g1 = _mm256_inserti128_si256(_mm256_castsi128_si256(a1), a3, 1);
    *k = _mm256_shuffle_ps(_mm256_castsi256_ps(g0), _mm256_castsi256_ps(g1),
                           0x88);
    *wi = _mm256_shuffle_ps(_mm256_castsi256_ps(g0), _mm256_castsi256_ps(g1),
                            0xDD);
}

/* Signed candidates z of the 16 words w (a copy of which is at wmem);
 * *fast receives the lanes that pass the fast test m < ki. */
NN_AINLINE __m512 nn_zig16_f32(__m512i w, const uint32_t *wmem, __mmask16 *fast)
{
    __m256 k0, w0, k1, w1;
    nn_zig8_kw_z(wmem, &k0, &w0);
    nn_zig8_kw_z(wmem + 8, &k1, &w1);
    __m512i k = _mm512_castps_si512(
        _mm512_insertf32x8(_mm512_castps256_ps512(k0), k1, 1));
    __m512 wi = _mm512_insertf32x8(_mm512_castps256_ps512(w0), w1, 1);
    __m512i m = _mm512_srli_epi32(w, 9);
    *fast = _mm512_cmplt_epi32_mask(m, k);
    __m512 x = _mm512_mul_ps(_mm512_cvtepi32_ps(m), wi);
    /* x ^ ((w << 23) & sign bit) */
    return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
        _mm512_castps_si512(x), _mm512_slli_epi32(w, 23),
        _mm512_set1_epi32((int)0x80000000u), 0x78));
}

/* The same for the 8 64-bit values in v (a copy of which is at vmem):
 * ki_d[i] and wi_d[i] by scalar loads (as nn_zig4_f64 in ziggurat_avx2.h),
 * m = v >> 12 < 2^52 converted exactly by vcvtuqq2pd; *fast: m < ki. */
NN_AINLINE __m512d nn_zig8_f64(__m512i v, const uint32_t *vmem, __mmask8 *fast)
{
    const long long *tk = (const long long *)nn_zig_ki_d;
    const double *tw = nn_zig_wi_d;
    const unsigned char *b = (const unsigned char *)vmem;
    __m128i k2[4];
    __m128d w2[4];
    for (int h = 0; h < 4; h++) {
        unsigned i0 = b[16 * h], i1 = b[16 * h + 8];
        k2[h] = _mm_insert_epi64(_mm_cvtsi64_si128(tk[i0]), tk[i1], 1);
        w2[h] = _mm_loadh_pd(_mm_load_sd(tw + i0), tw + i1);
    }
    __m512i k = _mm512_inserti64x4(
        _mm512_castsi256_si512(
            _mm256_inserti128_si256(_mm256_castsi128_si256(k2[0]), k2[1], 1)),
        _mm256_inserti128_si256(_mm256_castsi128_si256(k2[2]), k2[3], 1), 1);
    __m512d wi = _mm512_insertf64x4(
        _mm512_castpd256_pd512(
            _mm256_insertf128_pd(_mm256_castpd128_pd256(w2[0]), w2[1], 1)),
        _mm256_insertf128_pd(_mm256_castpd128_pd256(w2[2]), w2[3], 1), 1);
    __m512i m = _mm512_srli_epi64(v, 12);
    *fast = _mm512_cmplt_epi64_mask(m, k);
    __m512d x = _mm512_mul_pd(_mm512_cvtepu64_pd(m), wi);
    /* x ^ ((v << 55) & sign bit) */
    return _mm512_castsi512_pd(_mm512_ternarylogic_epi64(
        _mm512_castpd_si512(x), _mm512_slli_epi64(v, 55),
        _mm512_set1_epi64((long long)0x8000000000000000ull), 0x78));
}

#endif /* NNINIT_ZIGGURAT_AVX512_H */
