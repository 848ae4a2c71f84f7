/*
 * Truncated normal, AVX2 (the scalar reference: src/scalar/trunc_scalar.c,
 * slowpath_trunc.c; the regimes: docs/streams.md).
 *
 * In the NN_TRUNC_NORMAL regime the scalar kernel is the Ziggurat kernel
 * followed by nn_trunc_fixup_*, which replaces each value outside [a, b]
 * by nn_trunc_slow_*(e, 1). Here the bounds test is fused into the vector
 * Ziggurat: a lane is deferred when it fails the Ziggurat fast test or when
 * its value lands outside the bounds, and the deferred lanes are finished
 * in the scalar order (Ziggurat slow path if needed, then the bounds test,
 * then the truncated-normal slow path if needed). The other regimes never
 * start from the normal: every element is the shared slow path's, so they
 * call nn_trunc_fixup_* as the scalar kernel does.
 */
#include <math.h>

#include "../scalar/ziggurat.h"
#include "avx2.h"
#include "loop_avx2.h"
#include "slowpath_avx2.h"
#include "ziggurat_avx2.h"

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    __m256 fstd, fmean, fa, fb;
    __m256d dstd, dmean, da, db;
    nn_defer d;
} trunc_ctx;

/* ---------------------------------------------------------------- float32 */

static float trunc_value_f32(const nn_kparams *p, uint64_t e, uint32_t w)
{
    float z;
    if (!nn_zig_try_f32(w, &z))
        z = nn_zig_slow_f32(p, e, w);
    float x = fmaf(p->f_std, z, p->f_mean);
    if (!(x >= p->f_a && x <= p->f_b))
        x = nn_trunc_slow_f32(p, e, 1);
    return x;
}

/* Finishes lane j of staged group g. */
static void trunc_lane_f32(trunc_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    float *out = (float *)c->out;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i < c->n)
        out[i] = trunc_value_f32(p, e, c->d.w[g][j]);
}

/* Finishes the lanes still recorded and empties the ring. */
static void trunc_flush_f32(trunc_ctx *c)
{
    unsigned g, j;
    while (nn_defer_take(&c->d, &g, &j))
        trunc_lane_f32(c, g, j);
    nn_defer_init(&c->d);
}

NN_AINLINE void trunc_set_f32_one(void *vctx, __m256i w[4], uint64_t e0,
                                  void *dst)
{
    trunc_ctx *c = (trunc_ctx *)vctx;
    float *d = (float *)dst;
    if (NN_UNLIKELY(nn_defer_full(&c->d, 4)))
        trunc_flush_f32(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        nn_defer_stage(&c->d, s0 + k, w[k], e0 + 8u * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        __m256i fast;
        __m256 z =
            nn_zig8_f32(_mm256_load_si256((const __m256i *)wm), wm, &fast);
        __m256 x = _mm256_fmadd_ps(c->fstd, z, c->fmean);
        _mm256_storeu_ps(d + 8 * k, x);
        __m256 ok = _mm256_and_ps(_mm256_cmp_ps(x, c->fa, _CMP_GE_OQ),
                                  _mm256_cmp_ps(x, c->fb, _CMP_LE_OQ));
        ok = _mm256_and_ps(ok, _mm256_castsi256_ps(fast));
        uint32_t fail = (uint32_t)_mm256_movemask_ps(ok) ^ 0xFFu;
        nn_defer_mark(&c->d, &count, s0 + k, fail);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET(trunc_set_f32, trunc_set_f32_one, 32)

void nn_trunc_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime != NN_TRUNC_NORMAL) {
        nn_trunc_fixup_f32(p, out, n);
        return;
    }
    trunc_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.fstd = _mm256_set1_ps(p->f_std);
    c.fmean = _mm256_set1_ps(p->f_mean);
    c.fa = _mm256_set1_ps(p->f_a);
    c.fb = _mm256_set1_ps(p->f_b);
    nn_defer_init(&c.d);
    nn_run_sets(p, out, n, 0, &c, trunc_set_f32);
    trunc_flush_f32(&c);
}

/* ---------------------------------------------------------------- float64 */

static double trunc_value_f64(const nn_kparams *p, uint64_t e, uint64_t v)
{
    double z;
    if (!nn_zig_try_f64(v, &z))
        z = nn_zig_slow_f64(p, e, v);
    double x = fma(p->d_std, z, p->d_mean);
    if (!(x >= p->d_a && x <= p->d_b))
        x = nn_trunc_slow_f64(p, e, 1);
    return x;
}

/* Finishes lane j of staged group g. */
static void trunc_lane_f64(trunc_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    double *out = (double *)c->out;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    uint64_t v = (uint64_t)c->d.w[g][2 * j + 1] << 32 | c->d.w[g][2 * j];
    if (i < c->n)
        out[i] = trunc_value_f64(p, e, v);
}

/* Finishes the lanes still recorded and empties the ring. */
static void trunc_flush_f64(trunc_ctx *c)
{
    unsigned g, j;
    while (nn_defer_take(&c->d, &g, &j))
        trunc_lane_f64(c, g, j);
    nn_defer_init(&c->d);
}

NN_AINLINE void trunc_set_f64_one(void *vctx, __m256i w[4], uint64_t e0,
                                  void *dst)
{
    trunc_ctx *c = (trunc_ctx *)vctx;
    double *d = (double *)dst;
    if (NN_UNLIKELY(nn_defer_full(&c->d, 4)))
        trunc_flush_f64(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        nn_defer_stage(&c->d, s0 + k, w[k], e0 + 4u * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        unsigned slot = s0 + k;
        __m256i fast;
        __m256d z =
            nn_zig4_f64(_mm256_load_si256((const __m256i *)wm), wm, &fast);
        __m256d x = _mm256_fmadd_pd(c->dstd, z, c->dmean);
        _mm256_storeu_pd(d + 4 * k, x);
        __m256d ok = _mm256_and_pd(_mm256_cmp_pd(x, c->da, _CMP_GE_OQ),
                                   _mm256_cmp_pd(x, c->db, _CMP_LE_OQ));
        ok = _mm256_and_pd(ok, _mm256_castsi256_pd(fast));
        uint32_t fail = (uint32_t)_mm256_movemask_pd(ok) ^ 0xFu;
        nn_defer_mark(&c->d, &count, slot, fail);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET(trunc_set_f64, trunc_set_f64_one, 16)

void nn_trunc_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime != NN_TRUNC_NORMAL) {
        nn_trunc_fixup_f64(p, out, n);
        return;
    }
    trunc_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.dstd = _mm256_set1_pd(p->d_std);
    c.dmean = _mm256_set1_pd(p->d_mean);
    c.da = _mm256_set1_pd(p->d_a);
    c.db = _mm256_set1_pd(p->d_b);
    nn_defer_init(&c.d);
    nn_run_sets(p, out, n, 1, &c, trunc_set_f64);
    trunc_flush_f64(&c);
}
