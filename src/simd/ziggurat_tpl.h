/*
 * Template: normal N(mean, std) by the Ziggurat method on any x86 vector
 * width (the scalar reference and the stream layout:
 * src/scalar/ziggurat_scalar.c, ziggurat.h).
 *
 * The vector loop makes every lane's fast-path value and stores it; the
 * lanes that failed the fast test (1.5%) are recorded, one vector of lanes
 * and a mask at a time, without a branch (src/simd/loop_tpl.h), and
 * finished afterwards by the shared scalar slow path nn_zig_slow_f32/_f64,
 * which overwrites their placeholders. So a slow lane never stalls the
 * vector loop, and many slow lanes run back to back where their long
 * dependency chains overlap.
 *
 * Included once per ISA after its operation layer (ops_<isa>.h), which
 * provides, besides the types and arithmetic of src/simd/uniform_tpl.h, the
 * ring (NN_DEFER and NN_DEFER_INIT/FULL/STAGE/MARK/TAKE), the slow paths
 * (nn_zig_slow_f32/F64) and the fast test of one staged group
 * (NN_ZIG_FAST_F32/F64(words, &fail): the values, and the lanes that
 * failed as bits).
 *
 * An operation layer may also provide NN_ZIG_WEDGE_F32/F64(aux, e, w, z)
 * on NN_ZIG_WEDGE_LANES deferred lanes at a time: the slow path's first
 * attempt (the wedge test and the fresh draw of a rejected wedge) in vector
 * form, with the same operations as the scalar slow path, returning the
 * lanes it finished as bits. The flush then takes the deferred lanes in
 * batches through it, and only the others (tail lanes, a second rejection:
 * under 2% of the deferred ones) go to nn_zig_slow_f32/_f64, which start
 * over from the first draw and so give the same values.
 */
#include <math.h>

#include "../scalar/bits.h"

typedef struct {
    const nn_kparams *p;
    unsigned char *out; /* element p->first */
    size_t n;
    NN_VF fstd, fmean;
    NN_VD dstd, dmean;
    NN_DEFER d;
#ifdef NN_ZIG_WEDGE_F32
    nn_px aux; /* key schedule of the slow path's attempt 0 */
    /* Deferred lanes taken from the ring, waiting for a full batch (a
     * flush in mid-fill carries a partial batch over to the next one):
     * elements, and first words (float32) or values (float64). */
    unsigned pk;
    uint64_t pe[NN_ZIG_WEDGE_LANES];
    uint32_t pw[NN_ZIG_WEDGE_LANES];
    uint64_t pv[NN_ZIG_WEDGE_LANES];
#endif
} zig_ctx;

/* ---------------------------------------------------------------- float32 */

#ifdef NN_ZIG_WEDGE_F32
/* Finishes k (1..NN_ZIG_WEDGE_LANES) deferred lanes: elements e, first
 * words w. The batch is padded with copies of lane 0, whose results are
 * dropped. */
static void zig_batch_f32(zig_ctx *c, uint64_t *e, uint32_t *w, unsigned k)
{
    const nn_kparams *p = c->p;
    float z[NN_ZIG_WEDGE_LANES];
    for (unsigned l = k; l < NN_ZIG_WEDGE_LANES; l++) {
        e[l] = e[0];
        w[l] = w[0];
    }
    uint32_t done = NN_ZIG_WEDGE_F32(&c->aux, e, w, z);
    for (unsigned l = 0; l < k; l++) {
        uint64_t i = e[l] - p->first; /* outside [0, n): a set's extra */
        if (i >= c->n)
            continue;
        float zl = done >> l & 1 ? z[l] : nn_zig_slow_f32(p, e[l], w[l]);
        nn_store_f32(c->out + 4 * i, fmaf(p->f_std, zl, p->f_mean));
    }
}

/* Takes the lanes recorded in the ring into full batches, keeps the rest
 * pending, and empties the ring. */
static void zig_flush_f32(zig_ctx *c)
{
    unsigned g, j;
    while (NN_DEFER_TAKE(&c->d, &g, &j)) {
        c->pe[c->pk] = c->d.e0[g] + j;
        c->pw[c->pk] = c->d.w[g][j];
        if (++c->pk == NN_ZIG_WEDGE_LANES) {
            zig_batch_f32(c, c->pe, c->pw, c->pk);
            c->pk = 0;
        }
    }
    NN_DEFER_INIT(&c->d);
}

/* At the end of the fill: every lane, the pending ones included. */
static void zig_finish_f32(zig_ctx *c)
{
    zig_flush_f32(c);
    if (c->pk)
        zig_batch_f32(c, c->pe, c->pw, c->pk);
}
#else
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
    while (NN_DEFER_TAKE(&c->d, &g, &j))
        zig_lane_f32(c, g, j);
    NN_DEFER_INIT(&c->d);
}
#endif

/* The set's words are staged first (4 stores; the table look-ups read them
 * back), which also frees the registers that held them: keeping 16 word
 * vectors live across the look-ups made the compiler spill (AVX2). */
NN_AINLINE void zig_set_f32_one(void *vctx, NN_VI w[4], uint64_t e0, void *dst)
{
    zig_ctx *c = (zig_ctx *)vctx;
    float *d = (float *)dst;
    if (NN_UNLIKELY(NN_DEFER_FULL(&c->d, 4)))
        zig_flush_f32(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        NN_DEFER_STAGE(&c->d, s0 + k, w[k], e0 + (unsigned)NN_LANES * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        NN_ZIG_MASK_F32 fast;
        NN_VF z = NN_ZIG_FAST_F32(wm, &fast);
        NN_VF_STOREU(d + NN_LANES * k, NN_VF_FMADD(c->fstd, z, c->fmean));
        NN_DEFER_MARK(&c->d, &count, s0 + k, NN_ZIG_FAIL_F32(fast));
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET_V(zig_set_f32, zig_set_f32_one, 4 * NN_LANES)

void NN_KNAME(ziggurat_f32)(const nn_kparams *p, float *restrict out, size_t n)
{
    zig_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.fstd = NN_VF_SET1(p->f_std);
    c.fmean = NN_VF_SET1(p->f_mean);
#ifdef NN_ZIG_WEDGE_F32
    nn_px_init(&c.aux, p->aux_key0[NN_AUX_ZIGGURAT], p->stream);
    c.pk = 0;
    NN_DEFER_INIT(&c.d);
    NN_RUN_SETS(p, out, n, 0, &c, zig_set_f32);
    zig_finish_f32(&c);
#else
    NN_DEFER_INIT(&c.d);
    NN_RUN_SETS(p, out, n, 0, &c, zig_set_f32);
    zig_flush_f32(&c);
#endif
}

/* ---------------------------------------------------------------- float64 */

#ifdef NN_ZIG_WEDGE_F64
/* As zig_batch_f32, for float64 lanes with first values v. */
static void zig_batch_f64(zig_ctx *c, uint64_t *e, uint64_t *v, unsigned k)
{
    const nn_kparams *p = c->p;
    double z[NN_ZIG_WEDGE_LANES];
    for (unsigned l = k; l < NN_ZIG_WEDGE_LANES; l++) {
        e[l] = e[0];
        v[l] = v[0];
    }
    uint32_t done = NN_ZIG_WEDGE_F64(&c->aux, e, v, z);
    for (unsigned l = 0; l < k; l++) {
        uint64_t i = e[l] - p->first;
        if (i >= c->n)
            continue;
        double zl = done >> l & 1 ? z[l] : nn_zig_slow_f64(p, e[l], v[l]);
        nn_store_f64(c->out + 8 * i, fma(p->d_std, zl, p->d_mean));
    }
}

static void zig_flush_f64(zig_ctx *c)
{
    unsigned g, j;
    while (NN_DEFER_TAKE(&c->d, &g, &j)) {
        c->pe[c->pk] = c->d.e0[g] + j;
        c->pv[c->pk] = (uint64_t)c->d.w[g][2 * j + 1] << 32 | c->d.w[g][2 * j];
        if (++c->pk == NN_ZIG_WEDGE_LANES) {
            zig_batch_f64(c, c->pe, c->pv, c->pk);
            c->pk = 0;
        }
    }
    NN_DEFER_INIT(&c->d);
}

static void zig_finish_f64(zig_ctx *c)
{
    zig_flush_f64(c);
    if (c->pk)
        zig_batch_f64(c, c->pe, c->pv, c->pk);
}
#else
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
    while (NN_DEFER_TAKE(&c->d, &g, &j))
        zig_lane_f64(c, g, j);
    NN_DEFER_INIT(&c->d);
}
#endif

NN_AINLINE void zig_set_f64_one(void *vctx, NN_VI w[4], uint64_t e0, void *dst)
{
    zig_ctx *c = (zig_ctx *)vctx;
    double *d = (double *)dst;
    if (NN_UNLIKELY(NN_DEFER_FULL(&c->d, 4)))
        zig_flush_f64(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        NN_DEFER_STAGE(&c->d, s0 + k, w[k], e0 + (unsigned)NN_LANES / 2 * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        NN_ZIG_MASK_F64 fast;
        NN_VD z = NN_ZIG_FAST_F64(wm, &fast);
        NN_VD_STOREU(d + NN_LANES / 2 * k, NN_VD_FMADD(c->dstd, z, c->dmean));
        NN_DEFER_MARK(&c->d, &count, s0 + k, NN_ZIG_FAIL_F64(fast));
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_EACH_SET_V(zig_set_f64, zig_set_f64_one, 2 * NN_LANES)

void NN_KNAME(ziggurat_f64)(const nn_kparams *p, double *restrict out, size_t n)
{
    zig_ctx c;
    c.p = p;
    c.out = (unsigned char *)out;
    c.n = n;
    c.dstd = NN_VD_SET1(p->d_std);
    c.dmean = NN_VD_SET1(p->d_mean);
#ifdef NN_ZIG_WEDGE_F64
    nn_px_init(&c.aux, p->aux_key0[NN_AUX_ZIGGURAT], p->stream);
    c.pk = 0;
    NN_DEFER_INIT(&c.d);
    NN_RUN_SETS(p, out, n, 1, &c, zig_set_f64);
    zig_finish_f64(&c);
#else
    NN_DEFER_INIT(&c.d);
    NN_RUN_SETS(p, out, n, 1, &c, zig_set_f64);
    zig_flush_f64(&c);
#endif
}
