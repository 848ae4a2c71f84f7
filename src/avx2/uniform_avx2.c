/*
 * Uniform U[lo, hi), AVX2 mirror of src/scalar/uniform.h:
 *   float32: x = min(fmaf((w >> 8) * 2^-24, scale, lo), max)
 *   float64: x = min(fma((v >> 11) * 2^-53, scale, lo), max)
 *
 * Two exact shortcuts, each decided once per call and each giving the very
 * same bits:
 *  - the power of two moves into the scale, fma(k, scale * 2^-24, lo), when
 *    scale * 2^-24 is exact (it is unless scale is tiny): the fma sees the
 *    same exact product;
 *  - the clamp is dropped when the largest u already lands at or below max:
 *    the fma is monotone in u (scale >= 0), so no element can exceed it.
 */
#include <math.h>

#include "avx2.h"
#include "loop_avx2.h"
#include "nnmath_avx2.h"

/* ---------------------------------------------------------------- float32 */

typedef struct {
    __m256 lo, scale, max;
} uni_f32;

NN_AINLINE void uni_f32_set(void *vctx, __m256i w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f32 *c = (const uni_f32 *)vctx;
    float *d = (float *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m256 u = _mm256_cvtepi32_ps(_mm256_srli_epi32(w[k], 8));
        if (!pre)
            u = _mm256_mul_ps(u, _mm256_set1_ps(0x1p-24f));
        __m256 x = _mm256_fmadd_ps(u, c->scale, c->lo);
        if (clamp)
            x = _mm256_min_ps(x, c->max);
        _mm256_storeu_ps(d + 8 * k, x);
    }
}

NN_AINLINE void uni_f32_fast_one(void *c, __m256i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 1, 0);
}

NN_EACH_SET(uni_f32_fast, uni_f32_fast_one, 32)

NN_AINLINE void uni_f32_gen_one(void *c, __m256i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 0, 1);
}

NN_EACH_SET(uni_f32_gen, uni_f32_gen_one, 32)

void nn_uniform_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    uni_f32 c;
    float s24 = p->f_scale * 0x1p-24f;
    int pre = s24 * 0x1p24f == p->f_scale;
    int clamp = !(fmaf(0xFFFFFFp-24f, p->f_scale, p->f_lo) <= p->f_max);
    c.lo = _mm256_set1_ps(p->f_lo);
    c.max = _mm256_set1_ps(p->f_max);
    if (pre && !clamp) {
        c.scale = _mm256_set1_ps(s24);
        nn_run_sets(p, out, n, 0, &c, uni_f32_fast);
    } else {
        c.scale = _mm256_set1_ps(p->f_scale);
        nn_run_sets(p, out, n, 0, &c, uni_f32_gen);
    }
}

/* ---------------------------------------------------------------- float64 */

typedef struct {
    __m256d lo, scale, max;
} uni_f64;

/* (v >> 11) as a double, exactly (53 bits). */
NN_AINLINE __m256d u53_int(__m256i v)
{
    return nn_cvt_u53(_mm256_srli_epi64(v, 11));
}

NN_AINLINE void uni_f64_set(void *vctx, __m256i w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f64 *c = (const uni_f64 *)vctx;
    double *d = (double *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        __m256d u = u53_int(w[k]);
        if (!pre)
            u = _mm256_mul_pd(u, _mm256_set1_pd(0x1p-53));
        __m256d x = _mm256_fmadd_pd(u, c->scale, c->lo);
        if (clamp)
            x = _mm256_min_pd(x, c->max);
        _mm256_storeu_pd(d + 4 * k, x);
    }
}

NN_AINLINE void uni_f64_fast_one(void *c, __m256i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 1, 0);
}

NN_EACH_SET(uni_f64_fast, uni_f64_fast_one, 16)

NN_AINLINE void uni_f64_gen_one(void *c, __m256i w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 0, 1);
}

NN_EACH_SET(uni_f64_gen, uni_f64_gen_one, 16)

void nn_uniform_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    uni_f64 c;
    double s53 = p->d_scale * 0x1p-53;
    int pre = s53 * 0x1p53 == p->d_scale;
    int clamp = !(fma(0x1FFFFFFFFFFFFFp-53, p->d_scale, p->d_lo) <= p->d_max);
    c.lo = _mm256_set1_pd(p->d_lo);
    c.max = _mm256_set1_pd(p->d_max);
    if (pre && !clamp) {
        c.scale = _mm256_set1_pd(s53);
        nn_run_sets(p, out, n, 1, &c, uni_f64_fast);
    } else {
        c.scale = _mm256_set1_pd(p->d_scale);
        nn_run_sets(p, out, n, 1, &c, uni_f64_gen);
    }
}
