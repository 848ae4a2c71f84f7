/*
 * Normal N(mean, std) by the Ziggurat method, AVX-512 (the scalar reference
 * and the stream layout: src/scalar/ziggurat_scalar.c, ziggurat.h).
 *
 * float32: 16 lanes. The vector loop makes every lane's fast-path value and
 * stores it; the lanes that failed the fast test (1.5%) are recorded, 16
 * lanes and an opmask at a time, without a branch (loop_avx512.h), and
 * finished afterwards by the shared slow path nn_zig_slow_f32, which
 * overwrites their placeholders (the structure of src/avx2/ziggurat_avx2.c).
 *
 * float64: the same with 8 lanes per vector (16 words, one staged group).
 */
#include <math.h>

#include "../scalar/bits.h"
#include "avx512.h"
#include "loop_avx512.h"
#include "slowpath_avx512.h"
#include "ziggurat_avx512.h"

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    __m512 fstd, fmean;
    __m512d dstd, dmean;
    nn_defer16 d;
} zig16_ctx;

/* Finishes lane j of staged group g. */
static void zig16_lane_f32(zig16_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i < c->n)
        nn_store_f32(
            c->out + 4 * i,
            fmaf(p->f_std, nn_zig_slow_f32(p, e, c->d.w[g][j]), p->f_mean));
}

static void zig16_flush_f32(zig16_ctx *c)
{
    unsigned g, j;
    while (nn_defer16_take(&c->d, &g, &j))
        zig16_lane_f32(c, g, j);
    nn_defer16_init(&c->d);
}

/* The set's words are staged first (the table look-ups read them back). */
NN_AINLINE void zig16_set_f32_one(void *vctx, __m512i w[4], uint64_t e0,
                                  void *dst)
{
    zig16_ctx *c = (zig16_ctx *)vctx;
    float *d = (float *)dst;
    if (NN_UNLIKELY(nn_defer16_full(&c->d, 4)))
        zig16_flush_f32(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        nn_defer16_stage(&c->d, s0 + k, w[k], e0 + 16u * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        __mmask16 fast;
        __m512 z = nn_zig16_f32(_mm512_load_si512(wm), wm, &fast);
        _mm512_storeu_ps(d + 16 * k, _mm512_fmadd_ps(c->fstd, z, c->fmean));
        nn_defer16_mark(&c->d, &count, s0 + k, (uint32_t)(uint16_t)~fast);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET16(zig16_set_f32, zig16_set_f32_one, 64)

void nn_ziggurat_f32_avx512(const nn_kparams *p, float *restrict out, size_t n)
{
    zig16_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.fstd = _mm512_set1_ps(p->f_std);
    c.fmean = _mm512_set1_ps(p->f_mean);
    nn_defer16_init(&c.d);
    nn_run_sets16(p, out, n, 0, &c, zig16_set_f32);
    zig16_flush_f32(&c);
}

/* ---------------------------------------------------------------- float64 */

static void zig16_lane_f64(zig16_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    uint64_t v = (uint64_t)c->d.w[g][2 * j + 1] << 32 | c->d.w[g][2 * j];
    if (i < c->n)
        nn_store_f64(c->out + 8 * i,
                     fma(p->d_std, nn_zig_slow_f64(p, e, v), p->d_mean));
}

static void zig16_flush_f64(zig16_ctx *c)
{
    unsigned g, j;
    while (nn_defer16_take(&c->d, &g, &j))
        zig16_lane_f64(c, g, j);
    nn_defer16_init(&c->d);
}

NN_AINLINE void zig16_set_f64_one(void *vctx, __m512i w[4], uint64_t e0,
                                  void *dst)
{
    zig16_ctx *c = (zig16_ctx *)vctx;
    double *d = (double *)dst;
    if (NN_UNLIKELY(nn_defer16_full(&c->d, 4)))
        zig16_flush_f64(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        nn_defer16_stage(&c->d, s0 + k, w[k], e0 + 8u * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        __mmask8 fast;
        __m512d z = nn_zig8_f64(_mm512_load_si512(wm), wm, &fast);
        _mm512_storeu_pd(d + 8 * k, _mm512_fmadd_pd(c->dstd, z, c->dmean));
        nn_defer16_mark(&c->d, &count, s0 + k, (uint32_t)(uint8_t)~fast);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET16(zig16_set_f64, zig16_set_f64_one, 32)

void nn_ziggurat_f64_avx512(const nn_kparams *p, double *restrict out, size_t n)
{
    zig16_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.dstd = _mm512_set1_pd(p->d_std);
    c.dmean = _mm512_set1_pd(p->d_mean);
    nn_defer16_init(&c.d);
    nn_run_sets16(p, out, n, 1, &c, zig16_set_f64);
    zig16_flush_f64(&c);
}
