/*
 * Uniform U[lo, hi), AVX-512 mirror of src/scalar/uniform.h:
 *   float32: x = min(fmaf((w >> 8) * 2^-24, scale, lo), max)
 *   float64: x = min(fma((v >> 11) * 2^-53, scale, lo), max)
 * with the two exact shortcuts of src/avx2/uniform_avx2.c (the power of two
 * folded into the scale when that is exact; the clamp dropped when the
 * largest u cannot exceed max). float64 converts v >> 11 < 2^53 with
 * vcvtuqq2pd (AVX-512DQ), exact.
 */
#include <math.h>

#include "avx512.h"
#include "loop_avx512.h"

/* ---------------------------------------------------------------- float32 */

typedef struct {
    __m512 lo, scale, max;
} uni_f32;

NN_AINLINE void uni_f32_set(void *vctx, __m512i w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f32 *c = (const uni_f32 *)vctx;
    float *d = (float *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m512 u = _mm512_cvtepi32_ps(_mm512_srli_epi32(w[k], 8));
        if (!pre)
            u = _mm512_mul_ps(u, _mm512_set1_ps(0x1p-24f));
        __m512 x = _mm512_fmadd_ps(u, c->scale, c->lo);
        if (clamp)
            x = _mm512_min_ps(x, c->max);
        _mm512_storeu_ps(d + 16 * k, x);
    }
}

NN_AINLINE void uni_f32_fast_one(void *c, __m512i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 1, 0);
}

NN_EACH_SET16(uni_f32_fast, uni_f32_fast_one, 64)

NN_AINLINE void uni_f32_gen_one(void *c, __m512i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 0, 1);
}

NN_EACH_SET16(uni_f32_gen, uni_f32_gen_one, 64)

void nn_uniform_f32_avx512(const nn_kparams *p, float *restrict out, size_t n)
{
    uni_f32 c;
    float s24 = p->f_scale * 0x1p-24f;
    int pre = s24 * 0x1p24f == p->f_scale;
    int clamp = !(fmaf(0xFFFFFFp-24f, p->f_scale, p->f_lo) <= p->f_max);
    c.lo = _mm512_set1_ps(p->f_lo);
    c.max = _mm512_set1_ps(p->f_max);
    if (pre && !clamp) {
        c.scale = _mm512_set1_ps(s24);
        nn_run_sets16(p, out, n, 0, &c, uni_f32_fast);
    } else {
        c.scale = _mm512_set1_ps(p->f_scale);
        nn_run_sets16(p, out, n, 0, &c, uni_f32_gen);
    }
}

/* ---------------------------------------------------------------- float64 */

typedef struct {
    __m512d lo, scale, max;
} uni_f64;

NN_AINLINE void uni_f64_set(void *vctx, __m512i w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f64 *c = (const uni_f64 *)vctx;
    double *d = (double *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m512d u = _mm512_cvtepu64_pd(_mm512_srli_epi64(w[k], 11));
        if (!pre)
            u = _mm512_mul_pd(u, _mm512_set1_pd(0x1p-53));
        __m512d x = _mm512_fmadd_pd(u, c->scale, c->lo);
        if (clamp)
            x = _mm512_min_pd(x, c->max);
        _mm512_storeu_pd(d + 8 * k, x);
    }
}

NN_AINLINE void uni_f64_fast_one(void *c, __m512i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 1, 0);
}

NN_EACH_SET16(uni_f64_fast, uni_f64_fast_one, 32)

NN_AINLINE void uni_f64_gen_one(void *c, __m512i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 0, 1);
}

NN_EACH_SET16(uni_f64_gen, uni_f64_gen_one, 32)

void nn_uniform_f64_avx512(const nn_kparams *p, double *restrict out, size_t n)
{
    uni_f64 c;
    double s53 = p->d_scale * 0x1p-53;
    int pre = s53 * 0x1p53 == p->d_scale;
    int clamp = !(fma(0x1FFFFFFFFFFFFFp-53, p->d_scale, p->d_lo) <= p->d_max);
    c.lo = _mm512_set1_pd(p->d_lo);
    c.max = _mm512_set1_pd(p->d_max);
    if (pre && !clamp) {
        c.scale = _mm512_set1_pd(s53);
        nn_run_sets16(p, out, n, 1, &c, uni_f64_fast);
    } else {
        c.scale = _mm512_set1_pd(p->d_scale);
        nn_run_sets16(p, out, n, 1, &c, uni_f64_gen);
    }
}
