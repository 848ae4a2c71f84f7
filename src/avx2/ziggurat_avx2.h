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
#include "nnmath_avx2.h"
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

/* ------------------------------------------------ the first slow attempt */

/*
 * Attempt r = 0 of the slow path (src/scalar/slowpath_ziggurat.c) for 8
 * lanes that failed the fast test, in vector form: the lanes' auxiliary
 * blocks A = Philox(counter (e, stream), key K(seed, NN_AUX_ZIGGURAT, 0))
 * as 8 independent counters in one set (aux = that key's schedule), the
 * wedge test in double (nn_exp4), and the fast test of the fresh draw A[2]
 * of a rejected wedge lane. A lane is finished here when it is a wedge lane
 * (layer != 0) that is accepted, or rejected with a fresh draw that passes
 * the fast test: then *z is the value the scalar slow path returns, by the
 * same operations. Tail lanes (layer 0) and the rare second rejection are
 * left to the scalar slow path, which starts over from the lane's first
 * draw (the same attempt 0, so the same value). Lanes finished come back
 * as bits.
 */

/* The 8 auxiliary blocks of attempt 0 for elements e[0..7]. */
NN_AINLINE void nn_zig8_aux(const nn_px *aux, const uint64_t *e, __m256i A[4])
{
    __m256 e0 = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)e));
    __m256 e1 =
        _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(e + 4)));
    /* low and high words of elements 0,1,4,5 | 2,3,6,7, then in order */
    __m256i lo = _mm256_castps_si256(_mm256_shuffle_ps(e0, e1, 0x88));
    __m256i hi = _mm256_castps_si256(_mm256_shuffle_ps(e0, e1, 0xDD));
    __m256i c[1][4];
    c[0][0] = _mm256_permute4x64_epi64(lo, 0xD8);
    c[0][1] = _mm256_permute4x64_epi64(hi, 0xD8);
    c[0][2] = nn_px_bc(aux->stream[0]);
    c[0][3] = nn_px_bc(aux->stream[1]);
    nn_px_rounds_plain(aux, 1, c);
    for (int k = 0; k < 4; k++)
        A[k] = c[0][k];
}

/* The 4 doubles nn_u53(lo, hi) of 4 word pairs. */
NN_AINLINE __m256d nn_zig4_u53(__m128i lo, __m128i hi)
{
    __m256i v =
        _mm256_or_si256(_mm256_cvtepu32_epi64(lo),
                        _mm256_slli_epi64(_mm256_cvtepu32_epi64(hi), 32));
    return _mm256_mul_pd(nn_cvt_u53(_mm256_srli_epi64(v, 11)), NN_PD(0x1p-53));
}

/* The wedge test of 4 lanes: layers i (>= 1 where it matters; 0 reads
 * entry 0 twice and the result is ignored), |candidates| x, the heights'
 * words a0, a1. All-ones where accepted. */
NN_AINLINE __m256d nn_zig4_wedge(__m128i i, __m256d x, __m128i a0, __m128i a1)
{
    __m128i im1 =
        _mm_max_epi32(_mm_sub_epi32(i, _mm_set1_epi32(1)), _mm_setzero_si128());
    __m256d fi = _mm256_i32gather_pd(nn_zig_fi_d, i, 8);
    __m256d fim1 = _mm256_i32gather_pd(nn_zig_fi_d, im1, 8);
    __m256d y =
        _mm256_fmadd_pd(nn_zig4_u53(a0, a1), _mm256_sub_pd(fim1, fi), fi);
    __m256d t = nn_exp4(_mm256_mul_pd(_mm256_mul_pd(NN_PD(-0.5), x), x));
    return _mm256_cmp_pd(y, t, _CMP_LT_OQ);
}

/* float32: lanes e[0..7] with first words w[0..7]; z[l] for the lanes
 * finished (returned as bits). */
NN_AINLINE uint32_t nn_zig8_wedge_f32(const nn_px *aux, const uint64_t *e,
                                      const uint32_t *w, float *z)
{
    __m256i A[4];
    nn_zig8_aux(aux, e, A);
    __m256i wv = _mm256_loadu_si256((const __m256i *)w);
    __m256i fast1;
    __m256 z1 = nn_zig8_f32(wv, w, &fast1);
    __m256 x = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), z1); /* m * wi[i] */
    __m256i layer = _mm256_and_si256(wv, _mm256_set1_epi32(0xFF));
    __m256d acc0 = nn_zig4_wedge(_mm256_castsi256_si128(layer),
                                 _mm256_cvtps_pd(_mm256_castps256_ps128(x)),
                                 _mm256_castsi256_si128(A[0]),
                                 _mm256_castsi256_si128(A[1]));
    __m256d acc1 = nn_zig4_wedge(_mm256_extracti128_si256(layer, 1),
                                 _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)),
                                 _mm256_extracti128_si256(A[0], 1),
                                 _mm256_extracti128_si256(A[1], 1));
    uint32_t acc = (uint32_t)_mm256_movemask_pd(acc0) |
                   (uint32_t)_mm256_movemask_pd(acc1) << 4;
    _Alignas(32) uint32_t w2[8];
    _mm256_store_si256((__m256i *)w2, A[2]);
    __m256i fast2;
    __m256 z2 = nn_zig8_f32(A[2], w2, &fast2);
    __m256i bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    __m256i accv = _mm256_cmpeq_epi32(
        _mm256_and_si256(_mm256_set1_epi32((int)acc), bit), bit);
    _mm256_storeu_ps(z, _mm256_blendv_ps(z2, z1, _mm256_castsi256_ps(accv)));
    uint32_t wedge = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(
                         _mm256_cmpeq_epi32(layer, _mm256_setzero_si256()))) ^
                     0xFFu;
    uint32_t fresh = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(fast2));
    return wedge & (acc | fresh);
}

/* float64: lanes e[0..7] with first values v[0..7]; z[l] for the lanes
 * finished (returned as bits). */
NN_AINLINE uint32_t nn_zig8_wedge_f64(const nn_px *aux, const uint64_t *e,
                                      const uint64_t *v, double *z)
{
    __m256i A[4];
    nn_zig8_aux(aux, e, A);
    uint32_t done = 0;
    for (int h = 0; h < 2; h++) {
        const uint64_t *vh = v + 4 * h;
        __m256i vv = _mm256_loadu_si256((const __m256i *)vh);
        __m256i fast1;
        __m256d z1 = nn_zig4_f64(vv, (const uint32_t *)vh, &fast1);
        __m256d x = _mm256_andnot_pd(_mm256_set1_pd(-0.0), z1);
        __m128i layer =
            _mm_setr_epi32((int)(vh[0] & 0xFF), (int)(vh[1] & 0xFF),
                           (int)(vh[2] & 0xFF), (int)(vh[3] & 0xFF));
        __m128i a[4];
        for (int k = 0; k < 4; k++)
            a[k] = h ? _mm256_extracti128_si256(A[k], 1)
                     : _mm256_castsi256_si128(A[k]);
        __m256d accv = nn_zig4_wedge(layer, x, a[0], a[1]);
        /* the fresh draw v' = A[3] << 32 | A[2] */
        _Alignas(32) uint64_t v2[4];
        __m256i v2v =
            _mm256_or_si256(_mm256_cvtepu32_epi64(a[2]),
                            _mm256_slli_epi64(_mm256_cvtepu32_epi64(a[3]), 32));
        _mm256_store_si256((__m256i *)v2, v2v);
        __m256i fast2;
        __m256d z2 = nn_zig4_f64(v2v, (const uint32_t *)v2, &fast2);
        _mm256_storeu_pd(z + 4 * h, _mm256_blendv_pd(z2, z1, accv));
        uint32_t acc = (uint32_t)_mm256_movemask_pd(accv);
        uint32_t fresh =
            (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(fast2));
        uint32_t wedge = (uint32_t)_mm_movemask_ps(_mm_castsi128_ps(
                             _mm_cmpeq_epi32(layer, _mm_setzero_si128()))) ^
                         0xFu;
        done |= (wedge & (acc | fresh)) << (4 * h);
    }
    return done;
}

#endif /* NNINIT_ZIGGURAT_AVX2_H */
