/*
 * Box-Muller normal fills, AVX-512 (the scalar reference and the stream
 * layout: src/scalar/boxmuller_scalar.c; the math: nnmath_avx512.h).
 *
 * float32: 16 lanes, the structure of src/avx2/boxmuller_avx2.c: Philox
 * block B makes elements 4B .. 4B+3 from the pairs (word 0, word 1) and
 * (word 2, word 3); the sets come untransposed, so each vector pair is 16
 * Box-Muller pairs, and one 4x16 transpose puts (cos, sin, cos, sin) in
 * memory order. u1 = fma(L + 0.5, 2^-40, u1_hi) and t = (b >> 8) * 2^-22
 * give the scalar values exactly (see there).
 *
 * float64: inherited from AVX2 (src/dispatch/dispatch.c).
 */
#include "avx512.h"
#include "loop_avx512.h"
#include "nnmath_avx512.h"

typedef struct {
    __m512 fstd, fmean;
} bm16_ctx;

/* Box-Muller on g vectors of 16 pairs of words (a[i], b[i]). */
NN_AINLINE void bm16_pairs_f32_g(const bm16_ctx *c, int g, const __m512i *a,
                                 const __m512i *b, __m512 *zc, __m512 *zs)
{
    __m512 u1[NN_ZG], t[NN_ZG], r[NN_ZG], s[NN_ZG], co[NN_ZG];
    NN_ZFOR(i, g)
    {
        __m512 u1_hi = _mm512_mul_ps(
            _mm512_cvtepi32_ps(_mm512_srli_epi32(a[i], 8)), NN_ZPS(0x1p-24f));
        /* L = ((a << 8) & 0xFF00) | (b & 0xFF) */
        __m512i l = _mm512_and_si512(
            _mm512_ternarylogic_epi32(_mm512_slli_epi32(a[i], 8), b[i],
                                      NN_ZI32(0xFF), 0xF8),
            NN_ZI32(0xFFFF));
        u1[i] =
            _mm512_fmadd_ps(_mm512_add_ps(_mm512_cvtepi32_ps(l), NN_ZPS(0.5f)),
                            NN_ZPS(0x1p-40f), u1_hi);
        t[i] = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_srli_epi32(b[i], 8)),
                             NN_ZPS(0x1p-22f));
    }
    nn_logf16_g(g, u1, r);
    NN_ZFOR(i, g)
    r[i] = _mm512_sqrt_ps(_mm512_mul_ps(NN_ZPS(-2.0f), r[i]));
    nn_sincos2pif16_g(g, t, s, co);
    NN_ZFOR(i, g)
    {
        zc[i] = _mm512_fmadd_ps(c->fstd, _mm512_mul_ps(r[i], co[i]), c->fmean);
        zs[i] = _mm512_fmadd_ps(c->fstd, _mm512_mul_ps(r[i], s[i]), c->fmean);
    }
}

#ifndef BM16_SETS_G
/* Sets per wide step (2 chains each): all NN_AVX512_SETS = 3 at once
 * measured 0.58-0.66 ns per sample, 1 set 0.80, 2 sets 0.97 (3 = 2 + 1
 * leaves a narrow step). */
#define BM16_SETS_G 3
#endif

NN_AINLINE void bm16_set_f32(void *vctx, __m512i (*w)[4], int ns, uint64_t e0,
                             void *dst)
{
    const bm16_ctx *c = (const bm16_ctx *)vctx;
    (void)e0;
    for (int s0 = 0; s0 < ns; s0 += BM16_SETS_G) {
        int m = ns - s0 < BM16_SETS_G ? ns - s0 : BM16_SETS_G;
        __m512i a[2 * BM16_SETS_G], b[2 * BM16_SETS_G];
        __m512 zc[2 * BM16_SETS_G], zs[2 * BM16_SETS_G];
        for (int s = 0; s < m; s++) {
            a[2 * s] = w[s0 + s][0];
            b[2 * s] = w[s0 + s][1];
            a[2 * s + 1] = w[s0 + s][2];
            b[2 * s + 1] = w[s0 + s][3];
        }
        bm16_pairs_f32_g(c, 2 * m, a, b, zc, zs);
        for (int s = 0; s < m; s++) {
            __m512i o[4] = {_mm512_castps_si512(zc[2 * s]),
                            _mm512_castps_si512(zs[2 * s]),
                            _mm512_castps_si512(zc[2 * s + 1]),
                            _mm512_castps_si512(zs[2 * s + 1])};
            nn_px16_transpose(o);
            float *d = (float *)dst + 64 * (s0 + s);
            for (int k = 0; k < 4; k++)
                _mm512_storeu_si512(d + 16 * k, o[k]);
        }
    }
}

void nn_boxmuller_f32_avx512(const nn_kparams *p, float *restrict out, size_t n)
{
    bm16_ctx c;
    c.fstd = _mm512_set1_ps(p->f_std);
    c.fmean = _mm512_set1_ps(p->f_mean);
    nn_run_sets16_ex(p, out, n, 0, 1, &c, bm16_set_f32);
}
