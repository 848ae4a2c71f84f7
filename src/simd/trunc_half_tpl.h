/*
 * One element type of the truncated-normal template (src/simd/trunc_tpl.h
 * includes this twice, float32 and float64). Parameters (undefined at the
 * end): TH_SFX (f32, f64), TH_F64 (0, 1), TH_T the element type, TH_U its
 * Ziggurat input (one word, or two as a uint64_t), TH_V its vector,
 * TH_LANES lanes per group of NN_LANES words, TH_P(x) / TH_C(x) its fields
 * of nn_kparams (f_std, d_std) and of trunc_ctx (fstd, dstd), TH_FMA,
 * TH_WORD(w, j) lane j's input from a staged group, and its vector
 * operations TH_FMADD, TH_STOREU, TH_OOB, TH_OOB_BITS, TH_ZIG_MASK,
 * TH_ZIG_FAST, TH_ZIG_FAIL.
 */
#define TH_N(name) NN_TPL_CAT(name, _, TH_SFX)
#define TH_KNAME_(name) NN_KNAME(name)
#define TH_KNAME(name) TH_KNAME_(TH_N(name))
/* A set's out-of-bounds lanes are recorded TH_RG groups (at most 32 lanes)
 * to a record: one record per set of 8 or fewer lanes a group (AVX2,
 * NEON), two for 16 (an AVX-512 float32 set's 64 lanes). */
#define TH_RG (32 / TH_LANES < 4 ? 32 / TH_LANES : 4)

/* Attempt 0 of element e (i = e - first) from its Ziggurat normal z:
 * written when inside the bounds, else queued for attempt 1. */
NN_AINLINE void TH_N(trunc_take_z)(trunc_ctx *c, uint64_t e, uint64_t i, TH_T z)
{
    const nn_kparams *p = c->p;
    TH_T x = TH_FMA(p->TH_P(std), z, p->TH_P(mean));
    if (x >= p->TH_P(a) && x <= p->TH_P(b))
        TH_N(nn_store)(c->out + sizeof(TH_T) * i, x);
    else
        trunc_queue(c, &c->rq[0], e, TH_F64);
}

#ifdef NN_ZIG_WEDGE_F32
/* Finishes the k (1..NN_ZIG_WEDGE_LANES) pending Ziggurat slow lanes: the
 * first slow attempt in vector form, the lanes it leaves by the scalar
 * slow path (which starts over from the first draw, so the same value),
 * then each value's bounds test. The batch is padded with copies of lane
 * 0, whose results are dropped; then c->pk = 0. */
static void TH_N(trunc_batch)(trunc_ctx *c, unsigned k)
{
    const nn_kparams *p = c->p;
    TH_T z[NN_ZIG_WEDGE_LANES];
    for (unsigned l = k; l < NN_ZIG_WEDGE_LANES; l++) {
        c->pe[l] = c->pe[0];
        c->TH_PW[l] = c->TH_PW[0];
    }
    uint32_t done = TH_ZIG_WEDGE(&c->zaux, c->pe, c->TH_PW, z);
    for (unsigned l = 0; l < k; l++) {
        uint64_t e = c->pe[l];
        uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
        if (i >= c->n)
            continue;
        TH_T zl = done >> l & 1 ? z[l] : TH_N(nn_zig_slow)(p, e, c->TH_PW[l]);
        TH_N(trunc_take_z)(c, e, i, zl);
    }
    c->pk = 0;
}

/* Queues the out-of-bounds lanes, moves the Ziggurat slow lanes of the
 * ring into batches (a partial one stays pending for the next flush) and
 * empties the ring. */
static void TH_N(trunc_flush)(trunc_ctx *c)
{
    unsigned g, j;
    trunc_take_oob(c, TH_F64, TH_RG * TH_LANES);
    while (NN_DEFER_TAKE(&c->d, &g, &j)) {
        c->pe[c->pk] = c->d.e0[g] + j;
        c->TH_PW[c->pk] = TH_WORD(c->d.w[g], j);
        if (++c->pk == NN_ZIG_WEDGE_LANES)
            TH_N(trunc_batch)(c, c->pk);
    }
    NN_DEFER_INIT(&c->d);
}

/* At the end of the fill: the ring, then the pending lanes. */
static void TH_N(trunc_finish)(trunc_ctx *c)
{
    TH_N(trunc_flush)(c);
    if (c->pk)
        TH_N(trunc_batch)(c, c->pk);
}
#else
/* Finishes lane j of staged group g, a lane that failed the Ziggurat's
 * fast test: the scalar slow path, then the bounds. */
static void TH_N(trunc_lane)(trunc_ctx *c, unsigned g, unsigned j)
{
    const nn_kparams *p = c->p;
    uint64_t e = c->d.e0[g] + j;
    uint64_t i = e - p->first; /* outside [0, n): a partial set's extra */
    if (i >= c->n)
        return;
    TH_N(trunc_take_z)(c, e, i, TH_N(nn_zig_slow)(p, e, TH_WORD(c->d.w[g], j)));
}

/* Queues the out-of-bounds lanes, finishes the Ziggurat slow lanes and
 * empties the ring. */
static void TH_N(trunc_flush)(trunc_ctx *c)
{
    unsigned g, j;
    trunc_take_oob(c, TH_F64, TH_RG * TH_LANES);
    while (NN_DEFER_TAKE(&c->d, &g, &j))
        TH_N(trunc_lane)(c, g, j);
    NN_DEFER_INIT(&c->d);
}

/* At the end of the fill: the ring. */
static void TH_N(trunc_finish)(trunc_ctx *c)
{
    TH_N(trunc_flush)(c);
}
#endif

/* One set. chk (a constant): test the fast lanes' values against the
 * bounds; without it (trunc_fast_inside) the set is the Ziggurat's. */
NN_AINLINE void TH_N(trunc_set_body)(void *vctx, NN_VI w[4], uint64_t e0,
                                     void *dst, const int chk)
{
    trunc_ctx *c = (trunc_ctx *)vctx;
    TH_T *d = (TH_T *)dst;
    if (NN_UNLIKELY(NN_DEFER_FULL(&c->d, 4)))
        TH_N(trunc_flush)(c);
    const unsigned s0 = c->d.staged;
    unsigned count = c->d.count;
    TH_ZIG_MASK om[4];
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++)
        NN_DEFER_STAGE(&c->d, s0 + k, w[k], e0 + (unsigned)TH_LANES * k);
#pragma GCC unroll 4
    for (unsigned k = 0; k < 4; k++) {
        const uint32_t *wm = c->d.w[s0 + k];
        TH_ZIG_MASK fast;
        TH_V z = TH_ZIG_FAST(wm, &fast);
        TH_V x = TH_FMADD(c->TH_C(std), z, c->TH_C(mean));
        TH_STOREU(d + TH_LANES * k, x);
        if (chk)
            om[k] = TH_OOB(x, fast, c->TH_C(a), c->TH_C(b));
        NN_DEFER_MARK(&c->d, &count, s0 + k, TH_ZIG_FAIL(fast));
    }
    if (chk) {
        /* TH_RG groups' masks become bits at once (AVX2: 3 packs and a
         * permute, not a movemask and a shift per group) */
#pragma GCC unroll 4
        for (unsigned k = 0; k < 4; k += TH_RG) {
            uint32_t oob = TH_OOB_BITS(om + k);
            c->oob_e0[c->noob] = e0 + (unsigned)TH_LANES * k;
            c->oob[c->noob] = oob;
            c->noob += (oob != 0);
        }
    }
    c->d.staged = s0 + 4;
    c->d.count = count;
}

NN_AINLINE void TH_N(trunc_set_one)(void *vctx, NN_VI w[4], uint64_t e0,
                                    void *dst)
{
    TH_N(trunc_set_body)(vctx, w, e0, dst, 1);
}

NN_AINLINE void TH_N(trunc_set_one_in)(void *vctx, NN_VI w[4], uint64_t e0,
                                       void *dst)
{
    TH_N(trunc_set_body)(vctx, w, e0, dst, 0);
}

NN_EACH_SET_V(TH_N(trunc_set), TH_N(trunc_set_one), 4 * TH_LANES)
NN_EACH_SET_V(TH_N(trunc_set_in), TH_N(trunc_set_one_in), 4 * TH_LANES)

/* Whether every value of the Ziggurat's fast path lands inside the bounds,
 * so that the vector loop need not test them (trunc_normal_(std=0.02) on
 * [-2, 2]: the bounds are 100 std away). A fast-path |z| is below R =
 * nn_zig_r in both precisions (src/scalar/ziggurat_tables.h: the generator
 * checks that m = ki[i] - 1 rounds below the layer's inner edge, at most
 * R; test ziggurat/fast_path_values_are_below_r), so |z| <= r, R rounded
 * up to the element type, and fma(std, z, mean) is monotone in z. */
static int TH_N(trunc_fast_inside)(const nn_kparams *p)
{
    TH_T r = (TH_T)nn_zig_r;
    if ((double)r < nn_zig_r)
        r = TH_NEXTUP(r);
    return TH_FMA(p->TH_P(std), -r, p->TH_P(mean)) >= p->TH_P(a) &&
           TH_FMA(p->TH_P(std), r, p->TH_P(mean)) <= p->TH_P(b);
}

void TH_KNAME(trunc)(const nn_kparams *p, TH_T *restrict out, size_t n)
{
    if (p->trunc_regime != NN_TRUNC_NORMAL) {
        TH_N(nn_trunc_fixup)(p, out, n);
        return;
    }
    trunc_ctx c;
    trunc_ctx_init(&c, p, out, n);
    if (TH_N(trunc_fast_inside)(p))
        NN_RUN_SETS(p, out, n, TH_F64, &c, TH_N(trunc_set_in));
    else
        NN_RUN_SETS(p, out, n, TH_F64, &c, TH_N(trunc_set));
    TH_N(trunc_finish)(&c);
    trunc_drain(&c, TH_F64);
}

#undef TH_N
#undef TH_KNAME_
#undef TH_KNAME
#undef TH_RG
#undef TH_SFX
#undef TH_F64
#undef TH_T
#undef TH_U
#undef TH_V
#undef TH_LANES
#undef TH_P
#undef TH_C
#undef TH_FMA
#undef TH_WORD
#undef TH_FMADD
#undef TH_STOREU
#undef TH_OOB
#undef TH_OOB_BITS
#undef TH_ZIG_MASK
#undef TH_ZIG_FAST
#undef TH_ZIG_FAIL
#undef TH_ZIG_WEDGE
#undef TH_PW
#undef TH_NEXTUP
