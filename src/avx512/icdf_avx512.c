/*
 * Inverse-CDF normal fills, AVX-512 (the scalar reference and the stream
 * layout: src/scalar/icdf_scalar.c; the quantile: nnmath_avx512.h).
 *
 * float32: 16 lanes, element-wise on the sets in memory order; the far-tail
 * elements (m < 2^12, probability 2^-19) take their t from the shared slow
 * path behind a not-taken branch per vector, as in src/avx2/icdf_avx2.c.
 * q = (m + 0.5) * 2^-32 as one fma(m, 2^-32, 2^-33) (exact, see there).
 *
 * float64: inherited from AVX2 (src/dispatch/dispatch.c).
 */
#include "avx512.h"
#include "loop_avx512.h"
#include "nnmath_avx512.h"
#include "slowpath_avx512.h"

typedef struct {
    const nn_kparams *p;
    __m512 fstd, fmean;
} icdf16_ctx;

#ifndef ICDF16_SETS_G
#define ICDF16_SETS_G                                                          \
    1 /* sets per wide step (4 vectors each): 1 measured 1.04 ns per sample,   \
         2 1.34 (spills) */
#endif

NN_AINLINE void icdf16_set_f32(void *vctx, __m512i (*wv)[4], int ns,
                               uint64_t e0, void *dst)
{
    const icdf16_ctx *c = (const icdf16_ctx *)vctx;
    enum { G = 4 * ICDF16_SETS_G };
    for (int s0 = 0; s0 < ns; s0 += ICDF16_SETS_G) {
        int m = ns - s0 < ICDF16_SETS_G ? ns - s0 : ICDF16_SETS_G;
        int g = 4 * m;
        __m512i *w = wv[s0];
        float *d = (float *)dst + 64 * s0;
        uint64_t eb = e0 + 64u * (unsigned)s0;
        __m512 q[G], t[G];
        __mmask16 tail[G];
        unsigned tails = 0;
        NN_ZFOR(k, g)
        {
            __m512i mk = _mm512_and_si512(w[k], NN_ZI32(0x7FFFFFFF));
            q[k] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(mk), NN_ZPS(0x1p-32f),
                                   NN_ZPS(0x1p-33f));
            tail[k] = _mm512_cmplt_epi32_mask(mk, NN_ZI32(1 << 12));
            tails |= tail[k];
        }
        nn_ndtri_lower_f32_16g(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            NN_ZFOR(k, g)
        if (tail[k]) {
            _Alignas(64) float tv[16];
            _Alignas(64) uint32_t ww[16];
            _mm512_store_ps(tv, t[k]);
            _mm512_store_si512(ww, w[k]);
            for (unsigned msk = tail[k]; msk; msk &= msk - 1) {
                unsigned j = (unsigned)__builtin_ctz(msk);
                tv[j] =
                    nn_icdf_tail_f32(c->p, eb + 16u * (unsigned)k + j, ww[j]);
            }
            t[k] = _mm512_load_ps(tv);
        }
        NN_ZFOR(k, g)
        {
            __m512 z = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
                _mm512_castps_si512(t[k]), w[k], NN_ZI32(0x80000000u),
                0x78)); /* t ^ (w & sign) */
            _mm512_storeu_ps(d + 16 * k, _mm512_fmadd_ps(c->fstd, z, c->fmean));
        }
    }
}

void nn_icdf_f32_avx512(const nn_kparams *p, float *restrict out, size_t n)
{
    icdf16_ctx c;
    c.p = p;
    c.fstd = _mm512_set1_ps(p->f_std);
    c.fmean = _mm512_set1_ps(p->f_mean);
    nn_run_sets16(p, out, n, 0, &c, icdf16_set_f32);
}
