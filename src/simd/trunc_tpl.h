/*
 * Template: the truncated normal on any x86 vector width (the scalar
 * reference: src/scalar/trunc_scalar.c, slowpath_trunc.c; the regimes:
 * docs/streams.md).
 *
 * In the NN_TRUNC_NORMAL regime the scalar kernel is the Ziggurat kernel
 * followed by nn_trunc_fixup_*, which replaces each value outside [a, b]
 * by nn_trunc_slow_*(e, 1). Here the bounds test is fused into the vector
 * Ziggurat: a lane is deferred when it fails the Ziggurat fast test or when
 * its value lands outside the bounds, and the deferred lanes are finished
 * in the scalar order (Ziggurat slow path if needed, then the bounds test,
 * then the truncated-normal slow path if needed). The Ziggurat slow lanes
 * take the operation layer's 8-lane first slow attempt (NN_ZIG_WEDGE_*)
 * when it has one, as src/simd/ziggurat_tpl.h does; when no fast-path
 * value can leave the bounds (trunc_fast_inside) the loop skips the bounds
 * test. The lanes that fail the bounds test are recorded as masks of
 * bits (one per set), queued without a branch per lane (trunc_take_oob), and
 * their attempt 1 runs NN_TRUNC_RQ lanes at a
 * time in the ISA's trunc_retry (vector Philox on their auxiliary
 * counters, the float64 quantile, the scale and the bounds test as in
 * slowpath_trunc.c's attempt()); the lanes rejected again are queued for
 * attempt 2, which runs the same way, and only those rejected a third
 * time go to nn_trunc_slow_*(e, 3). A queue that holds fewer than
 * NN_TRUNC_RQ_MIN elements at the end of a fill goes to nn_trunc_slow_*
 * from its attempt (the same values: one element's attempts in order).
 * The other regimes never start from the normal:
 * every element is the shared slow path's, so they call nn_trunc_fixup_*
 * as the scalar kernel does.
 *
 * Included once per ISA after its operation layer (ops_<isa>.h: the types
 * and arithmetic, the ring and the Ziggurat fast test of
 * src/simd/ziggurat_tpl.h, NN_TRUNC_OOB_F32/F64(x, fast, a, b): the
 * lanes of a group that passed the fast test (mask fast) and whose value
 * x is not inside [a, b] (not a <= x <= b), as a mask of the fast test's
 * type, NN_TRUNC_OOB_BITS_F32/F64(m): the masks m[0 .. g) of g =
 * min(4, 32 / lanes) consecutive groups as bits, lane j of group k at bit
 * lanes * k + j (one such record per set, two for 16-lane groups),
 * NN_DEFER_GROUPS: the ring's size).
 * The kernel file then defines trunc_retry, declared below: how a batch
 * of 64-bit auxiliary values is laid out in vectors is the ISA's.
 */
#include <math.h>
#include <string.h>

#include "../scalar/bits.h"
#include "../scalar/ziggurat.h"

/* Elements queued for attempt 1 before it runs: 4 vector sets (AVX2), so
 * that the sets' Philox rounds and quantiles interleave (one set alone is
 * latency-bound). */
#define NN_TRUNC_RQ 32
/* Fewer queued elements than this at the end of a fill are finished one
 * by one: a batch costs about as much as 8 scalar attempts. */
#define NN_TRUNC_RQ_MIN 8

/* Out-of-bounds records per set, at most (trunc_half_tpl.h's TH_RG: two
 * for 16 float32 lanes). */
#define NN_TRUNC_OOB_REC ((NN_LANES + 7) / 8)

/* The elements waiting for attempt r (1 or 2) of the normal regime. */
typedef struct {
    nn_px key; /* K(seed, NN_AUX_TRUNC, r)'s schedule */
    uint32_t r;
    unsigned nr;
    /* element indices: a batch, and room for a whole out-of-bounds record
     * (at most 32 lanes) written past it by trunc_take_oob */
    uint64_t re[2 * NN_TRUNC_RQ];
} trunc_rq;

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    NN_VF fstd, fmean, fa, fb;
    NN_VD dstd, dmean, da, db;
    trunc_rq rq[2]; /* attempts 1 and 2 */
    int rq2_ready;  /* rq[1].key set (on its first use) */
    /* Records of a set's groups (4, or 2 of 16 float32 lanes) with lanes
     * whose fast Ziggurat value is out of bounds: the record's first
     * element, and its lanes as bits (at most 32). */
    unsigned noob;
    uint64_t oob_e0[NN_DEFER_GROUPS / 4 * NN_TRUNC_OOB_REC];
    uint32_t oob[NN_DEFER_GROUPS / 4 * NN_TRUNC_OOB_REC];
    NN_DEFER d; /* lanes for the Ziggurat slow path */
#ifdef NN_ZIG_WEDGE_F32
    nn_px zaux; /* key aux_key0[NN_AUX_ZIGGURAT]: the Ziggurat's attempt 0 */
    /* Ziggurat slow lanes taken from the ring, waiting for a full batch of
     * the first slow attempt (as in src/simd/ziggurat_tpl.h): elements,
     * and first words (float32) or values (float64). */
    unsigned pk;
    uint64_t pe[NN_ZIG_WEDGE_LANES];
    uint32_t pw[NN_ZIG_WEDGE_LANES];
    uint64_t pv[NN_ZIG_WEDGE_LANES];
#endif
} trunc_ctx;

/* Attempt q->r of the queued elements q->re[0 .. nr), written where they
 * are accepted, the others passed to trunc_reject; then q->nr = 0. */
static void trunc_retry(trunc_ctx *c, trunc_rq *q, int f64);

/* Queues element e (inside [first, first + n)) in q. */
NN_AINLINE void trunc_queue(trunc_ctx *c, trunc_rq *q, uint64_t e, int f64)
{
    q->re[q->nr++] = e;
    if (q->nr == NN_TRUNC_RQ)
        trunc_retry(c, q, f64);
}

/* Element e, rejected in attempt q->r: queued for attempt 2 after attempt
 * 1, else finished by the shared slow path from attempt 3. */
static inline void trunc_reject(trunc_ctx *c, const trunc_rq *q, uint64_t e,
                                int f64)
{
    const nn_kparams *p = c->p;
    if (q->r == 1) {
        if (NN_UNLIKELY(!c->rq2_ready)) {
            uint32_t k[2];
            nn_aux_key(p->seed, NN_AUX_TRUNC, 2, k);
            nn_px_init(&c->rq[1].key, k, p->stream);
            c->rq2_ready = 1;
        }
        trunc_queue(c, &c->rq[1], e, f64);
        return;
    }
    uint64_t i = e - p->first;
    if (!f64)
        nn_store_f32(c->out + 4 * i, nn_trunc_slow_f32(p, e, q->r + 1));
    else
        nn_store_f64(c->out + 8 * i, nn_trunc_slow_f64(p, e, q->r + 1));
}

/* The start of a trunc_retry batch: q's count, its queue padded to a
 * whole batch with copies of its first element (a real one: the copies'
 * results are dropped). */
NN_AINLINE unsigned trunc_retry_pad(trunc_rq *q)
{
    const unsigned nr = q->nr;
    for (unsigned k = nr; k < NN_TRUNC_RQ; k++)
        q->re[k] = q->re[0];
    return nr;
}

/* The end of a trunc_retry batch of q's nr elements: writes the
 * proposals yf (float32) or yd (float64) of the lanes in ok and passes the
 * others to trunc_reject; then q->nr = 0. (p is c->p, read by the caller
 * before its stores.) Every lane is written (a branch per lane cost more
 * than the stores): the rejected ones, 4.6% at [-2, 2], are written again
 * by their later attempt. */
NN_AINLINE void trunc_retry_done(trunc_ctx *c, const nn_kparams *p, trunc_rq *q,
                                 unsigned nr, uint32_t ok, const float *yf,
                                 const double *yd, int f64)
{
    const uint64_t first = p->first;
    unsigned char *out = c->out;
    if (!f64)
        for (unsigned k = 0; k < nr; k++)
            nn_store_f32(out + 4 * (q->re[k] - first), yf[k]);
    else
        for (unsigned k = 0; k < nr; k++)
            nn_store_f64(out + 8 * (q->re[k] - first), yd[k]);
    uint32_t rej = ~ok;
    if (nr < 32)
        rej &= (1u << nr) - 1; /* not the padding */
    q->nr = 0; /* before trunc_reject, which may queue in q's successor */
    for (; rej != 0; rej &= rej - 1)
        trunc_reject(c, q, q->re[__builtin_ctz(rej)], f64);
}

/* At the end of a fill: the elements still queued, attempt 1's first (its
 * rejections go to attempt 2's queue). */
static void trunc_drain(trunc_ctx *c, int f64)
{
    const nn_kparams *p = c->p;
    for (int k = 0; k < 2; k++) {
        trunc_rq *q = &c->rq[k];
        if (q->nr >= NN_TRUNC_RQ_MIN) {
            trunc_retry(c, q, f64);
            continue;
        }
        for (unsigned j = 0; j < q->nr; j++) {
            uint64_t e = q->re[j], i = e - p->first;
            if (!f64)
                nn_store_f32(c->out + 4 * i, nn_trunc_slow_f32(p, e, q->r));
            else
                nn_store_f64(c->out + 8 * i, nn_trunc_slow_f64(p, e, q->r));
        }
        q->nr = 0;
    }
}

/* The constants both types need for the retries. */
static void trunc_ctx_init(trunc_ctx *c, const nn_kparams *p, void *out,
                           size_t n)
{
    c->p = p;
    c->out = (unsigned char *)out;
    c->n = n;
    c->fstd = NN_VF_SET1(p->f_std);
    c->fmean = NN_VF_SET1(p->f_mean);
    c->fa = NN_VF_SET1(p->f_a);
    c->fb = NN_VF_SET1(p->f_b);
    c->dstd = NN_VD_SET1(p->d_std);
    c->dmean = NN_VD_SET1(p->d_mean);
    c->da = NN_VD_SET1(p->d_a);
    c->db = NN_VD_SET1(p->d_b);
    nn_px_init(&c->rq[0].key, p->aux_key1[NN_AUX_TRUNC], p->stream);
    c->rq[0].r = 1;
    c->rq[0].nr = 0;
    c->rq[1].r = 2;
    c->rq[1].nr = 0;
    c->rq2_ready = 0;
    c->noob = 0;
    NN_DEFER_INIT(&c->d);
#ifdef NN_ZIG_WEDGE_F32
    nn_px_init(&c->zaux, p->aux_key0[NN_AUX_ZIGGURAT], p->stream);
    c->pk = 0;
#endif
}

/* Queues the lanes recorded in c->oob for attempt 1 (their attempt 0,
 * the fast Ziggurat value, is out of bounds) and empties the records.
 * (One record per set rather than per group: fewer stores in the vector
 * loop, and fewer records.) A record's lanes are written without a branch
 * per lane: NN_TRUNC_TAKE fixed steps each write the lowest remaining
 * lane's element past the queue's end (a step past the last lane writes
 * a harmless e0 + 32: the queue's count grows by the record's lanes only),
 * and only a record with more lanes (2% of those at [-2, 2], std 1)
 * loops. A loop per lane ended in a mispredicted branch on almost every
 * record (half of the time spent here). A record spans rec_len elements;
 * its extras outside [first, first + n) (a partial set at either end of
 * the fill) are cleared from the mask first. */
#define NN_TRUNC_TAKE 4
static void trunc_take_oob(trunc_ctx *c, int f64, unsigned rec_len)
{
    /* locals: the writes to the queue could alias c's fields */
    const uint64_t first = c->p->first, n = c->n;
    const unsigned noob = c->noob;
    trunc_rq *q = &c->rq[0];
    unsigned nr = q->nr;
    for (unsigned r = 0; r < noob; r++) {
        const uint64_t e0 = c->oob_e0[r];
        uint32_t mask = c->oob[r];
        if (NN_UNLIKELY(n < rec_len || e0 - first > n - rec_len)) {
            for (unsigned b = 0; b < 32; b++)
                if (e0 + b - first >= n)
                    mask &= ~(1u << b);
        }
        /* bits 32..63 set: the lowest set bit is always defined */
        uint64_t m = mask | ~(uint64_t)0 << 32;
        uint64_t *dst = q->re + nr;
#pragma GCC unroll 4
        for (unsigned k = 0; k < NN_TRUNC_TAKE; k++) {
            dst[k] = e0 + (unsigned)__builtin_ctzll(m);
            m &= m - 1;
        }
        nr += (unsigned)__builtin_popcount(mask);
        if (NN_UNLIKELY((uint32_t)m != 0)) {
            dst += NN_TRUNC_TAKE;
            do {
                *dst++ = e0 + (unsigned)__builtin_ctzll(m);
                m &= m - 1;
            } while ((uint32_t)m != 0);
        }
        if (nr >= NN_TRUNC_RQ) {
            q->nr = NN_TRUNC_RQ;
            trunc_retry(c, q, f64);
            nr -= NN_TRUNC_RQ;
            memmove(q->re, q->re + NN_TRUNC_RQ, nr * sizeof(q->re[0]));
        }
    }
    q->nr = nr;
    c->noob = 0;
}

/* The float32 and float64 kernels: one source (trunc_half_tpl.h), two
 * element types. */
#define TH_SFX f32
#define TH_F64 0
#define TH_T float
#define TH_U uint32_t
#define TH_V NN_VF
#define TH_LANES NN_LANES
#define TH_P(x) f_##x
#define TH_C(x) f##x
#define TH_FMA fmaf
#define TH_WORD(w, j) ((w)[j])
#define TH_FMADD NN_VF_FMADD
#define TH_STOREU NN_VF_STOREU
#define TH_OOB NN_TRUNC_OOB_F32
#define TH_OOB_BITS NN_TRUNC_OOB_BITS_F32
#define TH_ZIG_MASK NN_ZIG_MASK_F32
#define TH_ZIG_FAST NN_ZIG_FAST_F32
#define TH_ZIG_FAIL NN_ZIG_FAIL_F32
#define TH_ZIG_WEDGE NN_ZIG_WEDGE_F32
#define TH_PW pw
#define TH_NEXTUP(x) nextafterf(x, INFINITY)
#include "trunc_half_tpl.h"

#define TH_SFX f64
#define TH_F64 1
#define TH_T double
#define TH_U uint64_t
#define TH_V NN_VD
#define TH_LANES (NN_LANES / 2)
#define TH_P(x) d_##x
#define TH_C(x) d##x
#define TH_FMA fma
#define TH_WORD(w, j) ((uint64_t)(w)[2 * (j) + 1] << 32 | (w)[2 * (j)])
#define TH_FMADD NN_VD_FMADD
#define TH_STOREU NN_VD_STOREU
#define TH_OOB NN_TRUNC_OOB_F64
#define TH_OOB_BITS NN_TRUNC_OOB_BITS_F64
#define TH_ZIG_MASK NN_ZIG_MASK_F64
#define TH_ZIG_FAST NN_ZIG_FAST_F64
#define TH_ZIG_FAIL NN_ZIG_FAIL_F64
#define TH_ZIG_WEDGE NN_ZIG_WEDGE_F64
#define TH_PW pv
#define TH_NEXTUP(x) nextafter(x, INFINITY)
#include "trunc_half_tpl.h"
