/*
 * Box-Muller normal fills, AVX2 (the scalar reference and the stream layout:
 * src/scalar/boxmuller_scalar.c; the math: nnmath_avx2.h).
 *
 * float32: Philox block B makes elements 4B .. 4B+3, words 0, 1 the pair
 * (4B, 4B+1) and words 2, 3 the pair (4B+2, 4B+3). The sets come from
 * Philox untransposed (vector k = word k of 8 blocks), so each vector pair
 * (w0, w1), (w2, w3) is 8 Box-Muller pairs; the four result vectors (cos,
 * sin, cos, sin) are then in "word" position and one 4x8 transpose puts
 * them in memory order.
 * float64: block m is the pair (2m, 2m+1). Words in memory order: two
 * vectors hold 4 blocks; unpacking their 64-bit halves gives u1's and u2's
 * bits of those 4 blocks, and unpacking cos with sin gives memory order.
 *
 * Two steps differ in form from the scalar code, not in value:
 *   u1 = u1_hi + u1_lo is fma(L + 0.5, 2^-40, u1_hi) (u1_lo = (L + 0.5)
 *   * 2^-40 is exact, so the one rounding is the same), and t = 4 u2 is
 *   formed as (b >> 8) * 2^-22 (float32) or x * 2^-51 (float64), exactly
 *   the value the scalar code gets from u2 * 4.
 */
#include "avx2.h"
#include "loop_avx2.h"
#include "nnmath_avx2.h"

typedef struct {
    __m256 fstd, fmean;
    __m256d dstd, dmean;
} bm_ctx;

/* ---------------------------------------------------------------- float32 */

/* Box-Muller on g vectors of 8 pairs of words (a[i], b[i]): cos and sin
 * normals, scaled. Wide (see nnmath_avx2.h): the g chains interleave. */
NN_AINLINE void bm_pairs_f32_g(const bm_ctx *c, int g, const __m256i *a,
                               const __m256i *b, __m256 *zc, __m256 *zs)
{
    __m256 u1[NN_G], t[NN_G], r[NN_G], s[NN_G], co[NN_G];
    for (int i = 0; i < g; i++) {
        __m256 u1_hi = _mm256_mul_ps(
            _mm256_cvtepi32_ps(_mm256_srli_epi32(a[i], 8)), NN_PS(0x1p-24f));
        __m256i l = _mm256_or_si256(
            _mm256_and_si256(_mm256_slli_epi32(a[i], 8), NN_I32(0xFF00)),
            _mm256_and_si256(b[i], NN_I32(0xFF)));
        u1[i] =
            _mm256_fmadd_ps(_mm256_add_ps(_mm256_cvtepi32_ps(l), NN_PS(0.5f)),
                            NN_PS(0x1p-40f), u1_hi);
        t[i] = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(b[i], 8)),
                             NN_PS(0x1p-22f));
    }
    nn_logf8_g(g, u1, r);
    for (int i = 0; i < g; i++)
        r[i] = _mm256_sqrt_ps(_mm256_mul_ps(NN_PS(-2.0f), r[i]));
    nn_sincos2pif8_g(g, t, s, co);
    for (int i = 0; i < g; i++) {
        zc[i] = _mm256_fmadd_ps(c->fstd, _mm256_mul_ps(r[i], co[i]), c->fmean);
        zs[i] = _mm256_fmadd_ps(c->fstd, _mm256_mul_ps(r[i], s[i]), c->fmean);
    }
}

/* Sets per wide step: 4 (8 chains) 0.84 ns per sample, 2 sets 0.91,
 * 1 set 0.97 (Zen 4; spills do not hurt as much as idle pipes). */
#define BM_SETS_G 4

NN_AINLINE void bm_set_f32(void *vctx, __m256i (*w)[4], int ns, uint64_t e0,
                           void *dst)
{
    const bm_ctx *c = (const bm_ctx *)vctx;
    (void)e0;
    for (int s0 = 0; s0 < ns; s0 += BM_SETS_G) {
        int m = ns - s0 < BM_SETS_G ? ns - s0 : BM_SETS_G;
        __m256i a[2 * BM_SETS_G], b[2 * BM_SETS_G];
        __m256 zc[2 * BM_SETS_G], zs[2 * BM_SETS_G];
        for (int s = 0; s < m; s++) {
            a[2 * s] = w[s0 + s][0];
            b[2 * s] = w[s0 + s][1];
            a[2 * s + 1] = w[s0 + s][2];
            b[2 * s + 1] = w[s0 + s][3];
        }
        bm_pairs_f32_g(c, 2 * m, a, b, zc, zs);
        for (int s = 0; s < m; s++) {
            /* (cos, sin) of words 0, 1 and of words 2, 3 of each block */
            __m256i o[4] = {_mm256_castps_si256(zc[2 * s]),
                            _mm256_castps_si256(zs[2 * s]),
                            _mm256_castps_si256(zc[2 * s + 1]),
                            _mm256_castps_si256(zs[2 * s + 1])};
            nn_px_transpose(o);
            float *d = (float *)dst + 32 * (s0 + s);
            for (int k = 0; k < 4; k++)
                _mm256_storeu_si256((__m256i *)(d + 8 * k), o[k]);
        }
    }
}

void nn_boxmuller_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    bm_ctx c;
    c.fstd = _mm256_set1_ps(p->f_std);
    c.fmean = _mm256_set1_ps(p->f_mean);
    nn_run_sets_ex(p, out, n, 0, 1, &c, bm_set_f32);
}

/* ---------------------------------------------------------------- float64 */

/* Vector pairs x = (block j, block j+1), y = (block j+2, block j+3), words
 * in memory order, g of them (wide): elements 2j .. 2j+7 of each into d. */
NN_AINLINE void bm_blocks_f64_g(const bm_ctx *c, int g, const __m256i *x,
                                const __m256i *y, double *const *d)
{
    __m256d u1[NN_G], t[NN_G], r[NN_G], s[NN_G], co[NN_G];
    for (int i = 0; i < g; i++) {
        /* lanes: blocks j, j+2 | j+1, j+3 */
        __m256i v01 = _mm256_unpacklo_epi64(x[i], y[i]);
        __m256i v23 = _mm256_unpackhi_epi64(x[i], y[i]);
        u1[i] = _mm256_mul_pd(
            _mm256_add_pd(nn_cvt_u53(_mm256_srli_epi64(v01, 11)), NN_PD(1.0)),
            NN_PD(0x1p-53));
        t[i] = _mm256_mul_pd(nn_cvt_u53(_mm256_srli_epi64(v23, 11)),
                             NN_PD(0x1p-51));
    }
    nn_log4_g(g, u1, r);
    for (int i = 0; i < g; i++)
        r[i] = _mm256_sqrt_pd(_mm256_mul_pd(NN_PD(-2.0), r[i]));
    nn_sincos2pi4_g(g, t, s, co);
    for (int i = 0; i < g; i++) {
        __m256d zc =
            _mm256_fmadd_pd(c->dstd, _mm256_mul_pd(r[i], co[i]), c->dmean);
        __m256d zs =
            _mm256_fmadd_pd(c->dstd, _mm256_mul_pd(r[i], s[i]), c->dmean);
        _mm256_storeu_pd(d[i], _mm256_unpacklo_pd(zc, zs));
        _mm256_storeu_pd(d[i] + 4, _mm256_unpackhi_pd(zc, zs));
    }
}

/* Sets per wide step: 4 sets 2.18 ns per sample, 2 sets 2.30, 1 set
 * 2.58. */
#define BM64_SETS_G 4

NN_AINLINE void bm_set_f64(void *vctx, __m256i (*w)[4], int ns, uint64_t e0,
                           void *dst)
{
    const bm_ctx *c = (const bm_ctx *)vctx;
    (void)e0;
    for (int s0 = 0; s0 < ns; s0 += BM64_SETS_G) {
        int m = ns - s0 < BM64_SETS_G ? ns - s0 : BM64_SETS_G;
        __m256i x[2 * BM64_SETS_G], y[2 * BM64_SETS_G];
        double *d[2 * BM64_SETS_G];
        for (int s = 0; s < m; s++)
            for (int h = 0; h < 2; h++) {
                x[2 * s + h] = w[s0 + s][2 * h];
                y[2 * s + h] = w[s0 + s][2 * h + 1];
                d[2 * s + h] = (double *)dst + 16 * (s0 + s) + 8 * h;
            }
        bm_blocks_f64_g(c, 2 * m, x, y, d);
    }
}

void nn_boxmuller_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    bm_ctx c;
    c.dstd = _mm256_set1_pd(p->d_std);
    c.dmean = _mm256_set1_pd(p->d_mean);
    nn_run_sets(p, out, n, 1, &c, bm_set_f64);
}
