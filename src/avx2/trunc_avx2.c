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
 * then the truncated-normal slow path if needed). The lanes that fail the
 * bounds test are queued, and their attempt 1 (trunc_retry) runs 32 lanes
 * at a time: vector Philox on their auxiliary counters, the float64
 * quantile (nn_ndtri_lower4_g, the same bits as nn_ndtri_lower_branchy),
 * the scale and the bounds test as in slowpath_trunc.c's attempt(); only
 * the lanes rejected again go to nn_trunc_slow_*(e, 2). The other regimes never
 * start from the normal: every element is the shared slow path's, so they
 * call nn_trunc_fixup_* as the scalar kernel does.
 */
#include <math.h>

#include "../scalar/bits.h"
#include "../scalar/ziggurat.h"
#include "avx2.h"
#include "loop_avx2.h"
#include "nnmath_avx2.h"
#include "slowpath_avx2.h"
#include "ziggurat_avx2.h"

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    __m256 fstd, fmean, fa, fb;
    __m256d dstd, dmean, da, db;
    nn_px aux;                  /* key aux_key1[NN_AUX_TRUNC]: attempt 1 */
    unsigned nr;                /* queued attempt-1 elements */
    uint64_t re[32];            /* their element indices (NN_TRUNC_RQ) */
    unsigned noob;              /* records in oob */
    uint32_t oob[NN_DEFER_CAP]; /* slot | mask << 16: lanes whose fast
                                 * Ziggurat value is out of bounds */
    nn_defer d;                 /* lanes for the Ziggurat slow path */
} trunc_ctx;

/* Elements queued for attempt 1 before it runs: 4 vector sets, so that
 * the sets' Philox rounds and quantiles interleave (one set alone is
 * latency-bound). */
#define NN_TRUNC_RQ 32

/*
 * Attempt 1 of the queued elements c->re[0 .. nr), as slowpath_trunc.c's
 * attempt() in the NN_TRUNC_NORMAL regime: block aux(NN_AUX_TRUNC, 1, e),
 * v = A1:A0, q = ((v & (2^63 - 1)) >> 10 + 0.5) 2^-54 (exact), z =
 * +-Phi^-1(q) by the sign bit of v, y = fma(std, z, mean); f32 compares
 * (float)y with [f_a, f_b], f64 y with [d_a, d_b]. Accepted lanes are
 * written; the others go on from attempt 2 in the shared slow path.
 * Within a set of 8, counters go in lane order {0,1,4,5,2,3,6,7} so that
 * the 32-bit unpacks of words 0 and 1 give the 64-bit v of elements 0..3
 * and 4..7 in order.
 */
static void trunc_retry(trunc_ctx *c, int f64)
{
    static const unsigned lane_of[8] = {0, 1, 4, 5, 2, 3, 6, 7};
    const nn_kparams *p = c->p;
    const unsigned nr = c->nr;
    const int ns = (int)(nr + 7) / 8;
    _Alignas(32) uint32_t lo[NN_TRUNC_RQ], hi[NN_TRUNC_RQ];
    for (unsigned k = 0; k < 8u * (unsigned)ns; k++) {
        uint64_t e = c->re[k < nr ? k : 0]; /* pad with a real element */
        unsigned l = (k & ~7u) | lane_of[k & 7u];
        lo[l] = (uint32_t)e;
        hi[l] = (uint32_t)(e >> 32);
    }
    __m256i x[4][4];
    for (int s = 0; s < ns; s++) {
        x[s][0] = _mm256_load_si256((const __m256i *)(lo + 8 * s));
        x[s][1] = _mm256_load_si256((const __m256i *)(hi + 8 * s));
        x[s][2] = _mm256_set1_epi32((int)p->stream[0]);
        x[s][3] = _mm256_set1_epi32((int)p->stream[1]);
    }
    nn_px_rounds_plain(&c->aux, ns, x);
    const int g = 2 * ns;
    __m256i sign[8];
    __m256d q[8], t[8];
    for (int s = 0; s < ns; s++) {
        __m256i v[2];
        v[0] = _mm256_unpacklo_epi32(x[s][0], x[s][1]);
        v[1] = _mm256_unpackhi_epi32(x[s][0], x[s][1]);
        for (int h = 0; h < 2; h++) {
            sign[2 * s + h] =
                _mm256_and_si256(v[h], NN_I64(0x8000000000000000u));
            __m256i m = _mm256_srli_epi64(
                _mm256_and_si256(v[h], NN_I64(0x7FFFFFFFFFFFFFFFu)), 10);
            q[2 * s + h] = _mm256_mul_pd(
                _mm256_add_pd(nn_cvt_u53(m), NN_PD(0.5)), NN_PD(0x1p-54));
        }
    }
    nn_ndtri_lower4_g(g, q, t);
    uint32_t ok = 0;
    _Alignas(32) float yf[NN_TRUNC_RQ];
    _Alignas(32) double yd[NN_TRUNC_RQ];
    for (int i = 0; i < g; i++) {
        __m256d z = _mm256_xor_pd(t[i], _mm256_castsi256_pd(sign[i]));
        __m256d y = _mm256_fmadd_pd(c->dstd, z, c->dmean);
        if (!f64) {
            __m128 f = _mm256_cvtpd_ps(y);
            __m128 in = _mm_and_ps(
                _mm_cmp_ps(f, _mm256_castps256_ps128(c->fa), _CMP_GE_OQ),
                _mm_cmp_ps(f, _mm256_castps256_ps128(c->fb), _CMP_LE_OQ));
            ok |= (uint32_t)_mm_movemask_ps(in) << (4 * i);
            _mm_store_ps(yf + 4 * i, f);
        } else {
            __m256d in = _mm256_and_pd(_mm256_cmp_pd(y, c->da, _CMP_GE_OQ),
                                       _mm256_cmp_pd(y, c->db, _CMP_LE_OQ));
            ok |= (uint32_t)_mm256_movemask_pd(in) << (4 * i);
            _mm256_store_pd(yd + 4 * i, y);
        }
    }
    for (unsigned k = 0; k < nr; k++) {
        uint64_t e = c->re[k];
        uint64_t i = e - p->first;
        if (!f64)
            nn_store_f32(c->out + 4 * i,
                         (ok >> k & 1u) ? yf[k] : nn_trunc_slow_f32(p, e, 2));
        else
            nn_store_f64(c->out + 8 * i,
                         (ok >> k & 1u) ? yd[k] : nn_trunc_slow_f64(p, e, 2));
    }
    c->nr = 0;
}

/* Queues element e (inside [first, first + n)) for attempt 1. */
NN_AINLINE void trunc_queue(trunc_ctx *c, uint64_t e, int f64)
{
    c->re[c->nr++] = e;
    if (c->nr == NN_TRUNC_RQ)
        trunc_retry(c, f64);
}

/* The constants both types need for the retries. */
static void trunc_ctx_init(trunc_ctx *c, const nn_kparams *p, void *out,
                           size_t n)
{
    c->p = p;
    c->out = (unsigned char *)out;
    c->n = n;
    c->fstd = _mm256_set1_ps(p->f_std);
    c->fmean = _mm256_set1_ps(p->f_mean);
    c->fa = _mm256_set1_ps(p->f_a);
    c->fb = _mm256_set1_ps(p->f_b);
    c->dstd = _mm256_set1_pd(p->d_std);
    c->dmean = _mm256_set1_pd(p->d_mean);
    c->da = _mm256_set1_pd(p->d_a);
    c->db = _mm256_set1_pd(p->d_b);
    nn_px_init(&c->aux, p->aux_key1[NN_AUX_TRUNC], p->stream);
    c->nr = 0;
    c->noob = 0;
    nn_defer_init(&c->d);
}

/* Queues the lanes recorded in c->oob for attempt 1 (their attempt 0,
 * the fast Ziggurat value, is out of bounds) and empties the records. */
static void trunc_take_oob(trunc_ctx *c, int f64)
{
    for (unsigned r = 0; r < c->noob; r++) {
        unsigned slot = c->oob[r] & 0xFFFFu;
        uint32_t mask = c->oob[r] >> 16;
        while (mask != 0) {
            uint64_t e = c->d.e0[slot] + (unsigned)__builtin_ctz(mask);
            mask &= mask - 1;
            if (e - c->p->first < c->n) /* else a partial set's extra */
                trunc_queue(c, e, f64);
        }
    }
    c->noob = 0;
}

/* ---------------------------------------------------------------- float32 */

/* Finishes lane j of staged group g: attempt 0 (the Ziggurat normal),
 * or queues the element for attempt 1. */
static void trunc_lane_f32(trunc_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i >= c->n)
        return;
    uint32_t w = c->d.w[g][j];
    float z;
    if (!nn_zig_try_f32(w, &z))
        z = nn_zig_slow_f32(p, e, w);
    float x = fmaf(p->f_std, z, p->f_mean);
    if (x >= p->f_a && x <= p->f_b)
        nn_store_f32(c->out + 4 * i, x);
    else
        trunc_queue(c, e, 0);
}

/* Finishes the lanes still recorded (attempt 1 may stay queued) and
 * empties the ring. */
static void trunc_flush_f32(trunc_ctx *c)
{
    unsigned g, j;
    trunc_take_oob(c, 0);
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
    unsigned noob = c->noob;
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
        uint32_t fm = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(fast));
        uint32_t oob = fm & ~(uint32_t)_mm256_movemask_ps(ok);
        nn_defer_mark(&c->d, &count, s0 + k, fm ^ 0xFFu);
        c->oob[noob] = (s0 + k) | oob << 16;
        noob += (oob != 0);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
    c->noob = noob;
}

NN_EACH_SET(trunc_set_f32, trunc_set_f32_one, 32)

void nn_trunc_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime != NN_TRUNC_NORMAL) {
        nn_trunc_fixup_f32(p, out, n);
        return;
    }
    trunc_ctx c;
    trunc_ctx_init(&c, p, out, n);
    nn_run_sets(p, out, n, 0, &c, trunc_set_f32);
    trunc_flush_f32(&c);
    if (c.nr != 0)
        trunc_retry(&c, 0);
}

/* ---------------------------------------------------------------- float64 */

/* Finishes lane j of staged group g: attempt 0 (the Ziggurat normal),
 * or queues the element for attempt 1. */
static void trunc_lane_f64(trunc_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i >= c->n)
        return;
    uint64_t v = (uint64_t)c->d.w[g][2 * j + 1] << 32 | c->d.w[g][2 * j];
    double z;
    if (!nn_zig_try_f64(v, &z))
        z = nn_zig_slow_f64(p, e, v);
    double x = fma(p->d_std, z, p->d_mean);
    if (x >= p->d_a && x <= p->d_b)
        nn_store_f64(c->out + 8 * i, x);
    else
        trunc_queue(c, e, 1);
}

/* Finishes the lanes still recorded (attempt 1 may stay queued) and
 * empties the ring. */
static void trunc_flush_f64(trunc_ctx *c)
{
    unsigned g, j;
    trunc_take_oob(c, 1);
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
    unsigned noob = c->noob;
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
        uint32_t fm = (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(fast));
        uint32_t oob = fm & ~(uint32_t)_mm256_movemask_pd(ok);
        nn_defer_mark(&c->d, &count, slot, fm ^ 0xFu);
        c->oob[noob] = slot | oob << 16;
        noob += (oob != 0);
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
    c->noob = noob;
}

NN_EACH_SET(trunc_set_f64, trunc_set_f64_one, 16)

void nn_trunc_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime != NN_TRUNC_NORMAL) {
        nn_trunc_fixup_f64(p, out, n);
        return;
    }
    trunc_ctx c;
    trunc_ctx_init(&c, p, out, n);
    nn_run_sets(p, out, n, 1, &c, trunc_set_f64);
    trunc_flush_f64(&c);
    if (c.nr != 0)
        trunc_retry(&c, 1);
}
