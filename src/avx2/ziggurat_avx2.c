/*
 * Normal N(mean, std) by the Ziggurat method, AVX2 (the scalar reference and
 * the stream layout: src/scalar/ziggurat_scalar.c, ziggurat.h).
 *
 * The vector loop makes every lane's fast-path value and stores it; the
 * lanes that failed the fast test (1.5%) are recorded, 8 (4) lanes and a
 * mask at a time, without a branch (loop_avx2.h), and finished afterwards by
 * the shared scalar slow path nn_zig_slow_f32/_f64, which overwrites their
 * placeholders. So a slow lane never stalls the vector loop, and many slow
 * lanes run back to back where their long dependency chains overlap.
 */
#include <math.h>

#include "../scalar/bits.h"
#include "avx2.h"
#include "loop_avx2.h"
#include "slowpath_avx2.h"
#include "ziggurat_avx2.h"

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    __m256 fstd, fmean;
    __m256d dstd, dmean;
    nn_defer d;
} zig_ctx;

/* ---------------------------------------------------------------- float32 */

/* Finishes lane j of staged group g. */
static void zig_lane_f32(zig_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i < c->n)
        nn_store_f32(
            c->out + 4 * i,
            fmaf(p->f_std, nn_zig_slow_f32(p, e, c->d.w[g][j]), p->f_mean));
}

/* Finishes the lanes still recorded and empties the ring. */
static void zig_flush_f32(zig_ctx *c)
{
    unsigned g, j;
    while (nn_defer_take(&c->d, &g, &j))
        zig_lane_f32(c, g, j);
    nn_defer_init(&c->d);
}

/* The set's words are staged first (4 stores; the table look-ups read them
 * back), which also frees the registers that held them: keeping 16 word
 * vectors live across the look-ups made the compiler spill. */
NN_AINLINE void zig_set_f32_one(void *vctx, __m256i w[4], uint64_t e0,
                                void *dst)
{
    zig_ctx *c = (zig_ctx *)vctx;
    float *d = (float *)dst;
    if (NN_UNLIKELY(nn_defer_full(&c->d, 4)))
        zig_flush_f32(c);
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
        _mm256_storeu_ps(d + 8 * k, _mm256_fmadd_ps(c->fstd, z, c->fmean));
        uint32_t fail =
            (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(fast)) ^ 0xFFu;
        nn_defer_mark(&c->d, &count, s0 + k, fail);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET(zig_set_f32, zig_set_f32_one, 32)

void nn_ziggurat_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    zig_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.fstd = _mm256_set1_ps(p->f_std);
    c.fmean = _mm256_set1_ps(p->f_mean);
    nn_defer_init(&c.d);
    nn_run_sets(p, out, n, 0, &c, zig_set_f32);
    zig_flush_f32(&c);
}

/* ---------------------------------------------------------------- float64 */

/* Finishes lane j of staged group g. */
static void zig_lane_f64(zig_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    uint64_t v = (uint64_t)c->d.w[g][2 * j + 1] << 32 | c->d.w[g][2 * j];
    if (i < c->n)
        nn_store_f64(c->out + 8 * i,
                     fma(p->d_std, nn_zig_slow_f64(p, e, v), p->d_mean));
}

/* Finishes the lanes still recorded and empties the ring. */
static void zig_flush_f64(zig_ctx *c)
{
    unsigned g, j;
    while (nn_defer_take(&c->d, &g, &j))
        zig_lane_f64(c, g, j);
    nn_defer_init(&c->d);
}

NN_AINLINE void zig_set_f64_one(void *vctx, __m256i w[4], uint64_t e0,
                                void *dst)
{
    zig_ctx *c = (zig_ctx *)vctx;
    double *d = (double *)dst;
    if (NN_UNLIKELY(nn_defer_full(&c->d, 4)))
        zig_flush_f64(c);
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
        _mm256_storeu_pd(d + 4 * k, _mm256_fmadd_pd(c->dstd, z, c->dmean));
        uint32_t fail =
            (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(fast)) ^ 0xFu;
        nn_defer_mark(&c->d, &count, slot, fail);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET(zig_set_f64, zig_set_f64_one, 16)

void nn_ziggurat_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    zig_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.dstd = _mm256_set1_pd(p->d_std);
    c.dmean = _mm256_set1_pd(p->d_mean);
    nn_defer_init(&c.d);
    nn_run_sets(p, out, n, 1, &c, zig_set_f64);
    zig_flush_f64(&c);
}
