/*
 * Inverse-CDF normal fills, AVX2 (the scalar reference and the stream
 * layout: src/scalar/icdf_scalar.c; the quantiles: nnmath_avx2.h).
 *
 * Element-wise, so the sets come in memory order. The far-tail elements
 * (float32: m < 2^12, probability 2^-19; float64: m < 2^20, 2^-33) take
 * their t from the shared slow path nn_icdf_tail_*; they are so rare that
 * a not-taken branch per vector costs less than deferring them.
 *
 * q = (m + 0.5) * 2^-32 (float32) or 2^-54 (float64) is formed as one
 * fma(m, 2^-32, 2^-33): the scaling by a power of two is exact and q is a
 * normal number, so rounding (m + 0.5) and then scaling gives the same
 * bits as rounding the scaled sum.
 */
#include "avx2.h"
#include "loop_avx2.h"
#include "nnmath_avx2.h"
#include "slowpath_avx2.h"

typedef struct {
    const nn_kparams *p;
    __m256 fstd, fmean;
    __m256d dstd, dmean;
} icdf_ctx;

/* ---------------------------------------------------------------- float32 */

/* Sets per wide step: 2 (8 chains) 1.14 ns per sample; 1 set 1.29, 4
 * sets 1.39 (16 chains spill too much). */
#define ICDF_SETS_G 2

/* ICDF_SETS_G sets (4 vectors each) per wide step. */
NN_AINLINE void icdf_set_f32(void *vctx, __m256i (*wv)[4], int ns, uint64_t e0,
                             void *dst)
{
    const icdf_ctx *c = (const icdf_ctx *)vctx;
    enum { G = 4 * ICDF_SETS_G };
    for (int s0 = 0; s0 < ns; s0 += ICDF_SETS_G) {
        int m = ns - s0 < ICDF_SETS_G ? ns - s0 : ICDF_SETS_G;
        int g = 4 * m;
        __m256i *w = wv[s0];
        float *d = (float *)dst + 32 * s0;
        uint64_t eb = e0 + 32u * (unsigned)s0;
        __m256 q[G], t[G];
        uint32_t tails = 0; /* bit k: vector k has a far-tail lane */
        for (int k = 0; k < g; k++) {
            __m256i mk = _mm256_and_si256(w[k], NN_I32(0x7FFFFFFF));
            q[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(mk), NN_PS(0x1p-32f),
                                   NN_PS(0x1p-33f));
            tails |=
                (uint32_t)(_mm256_movemask_ps(_mm256_castsi256_ps(
                               _mm256_cmpgt_epi32(NN_I32(1 << 12), mk))) != 0)
                << k;
        }
        nn_ndtri_lower_f32_g(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            for (int k = 0; k < g; k++)
                if (tails >> k & 1) {
                    _Alignas(32) float tv[8];
                    _Alignas(32) uint32_t ww[8];
                    _mm256_store_ps(tv, t[k]);
                    _mm256_store_si256((__m256i *)ww, w[k]);
                    for (int j = 0; j < 8; j++)
                        if ((ww[j] & 0x7FFFFFFFu) < (1u << 12))
                            tv[j] = nn_icdf_tail_f32(
                                c->p, eb + 8u * (unsigned)k + (unsigned)j,
                                ww[j]);
                    t[k] = _mm256_load_ps(tv);
                }
        for (int k = 0; k < g; k++) {
            __m256 sign = _mm256_castsi256_ps(
                _mm256_and_si256(w[k], NN_I32(0x80000000u)));
            __m256 z = _mm256_xor_ps(t[k], sign);
            _mm256_storeu_ps(d + 8 * k, _mm256_fmadd_ps(c->fstd, z, c->fmean));
        }
    }
}

void nn_icdf_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    icdf_ctx c;
    c.p = p;
    c.fstd = _mm256_set1_ps(p->f_std);
    c.fmean = _mm256_set1_ps(p->f_mean);
    nn_run_sets(p, out, n, 0, &c, icdf_set_f32);
}

/* ---------------------------------------------------------------- float64 */

/* Sets per wide step: 1 and 2 measure the same (the divider bounds it). */
#define ICDF64_SETS_G 1

/* ICDF64_SETS_G sets (4 vectors of 4 lanes each) per wide step. */
NN_AINLINE void icdf_set_f64(void *vctx, __m256i (*wv)[4], int ns, uint64_t e0,
                             void *dst)
{
    const icdf_ctx *c = (const icdf_ctx *)vctx;
    enum { G = 4 * ICDF64_SETS_G };
    for (int s0 = 0; s0 < ns; s0 += ICDF64_SETS_G) {
        int m = ns - s0 < ICDF64_SETS_G ? ns - s0 : ICDF64_SETS_G;
        int g = 4 * m;
        __m256i *w = wv[s0];
        double *d = (double *)dst + 16 * s0;
        uint64_t eb = e0 + 16u * (unsigned)s0;
        __m256d q[G], t[G];
        uint32_t tails = 0; /* bit k: vector k has a far-tail lane */
        for (int k = 0; k < g; k++) {
            __m256i mk = _mm256_srli_epi64(
                _mm256_and_si256(w[k], NN_I64(0x7FFFFFFFFFFFFFFFu)), 10);
            q[k] =
                _mm256_fmadd_pd(nn_cvt_u53(mk), NN_PD(0x1p-54), NN_PD(0x1p-55));
            tails |=
                (uint32_t)(_mm256_movemask_pd(_mm256_castsi256_pd(
                               _mm256_cmpgt_epi64(NN_I64(1 << 20), mk))) != 0)
                << k;
        }
        nn_ndtri_lower4_g(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            for (int k = 0; k < g; k++)
                if (tails >> k & 1) {
                    _Alignas(32) double tv[4];
                    _Alignas(32) uint64_t vv[4];
                    _mm256_store_pd(tv, t[k]);
                    _mm256_store_si256((__m256i *)vv, w[k]);
                    for (int j = 0; j < 4; j++)
                        if (((vv[j] & 0x7FFFFFFFFFFFFFFFu) >> 10) < (1u << 20))
                            tv[j] = nn_icdf_tail_f64(
                                c->p, eb + 4u * (unsigned)k + (unsigned)j,
                                vv[j]);
                    t[k] = _mm256_load_pd(tv);
                }
        for (int k = 0; k < g; k++) {
            __m256d sign = _mm256_castsi256_pd(
                _mm256_and_si256(w[k], NN_I64(0x8000000000000000u)));
            __m256d z = _mm256_xor_pd(t[k], sign);
            _mm256_storeu_pd(d + 4 * k, _mm256_fmadd_pd(c->dstd, z, c->dmean));
        }
    }
}

void nn_icdf_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    icdf_ctx c;
    c.p = p;
    c.dstd = _mm256_set1_pd(p->d_std);
    c.dmean = _mm256_set1_pd(p->d_mean);
    nn_run_sets(p, out, n, 1, &c, icdf_set_f64);
}
