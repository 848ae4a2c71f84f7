/*
 * Template: Box-Muller normal fills on any x86 vector width (the scalar
 * reference and the stream layout: src/scalar/boxmuller_scalar.c; the math:
 * the ISA's nnmath_<isa>.h).
 *
 * float32: Philox block B makes elements 4B .. 4B+3, words 0, 1 the pair
 * (4B, 4B+1) and words 2, 3 the pair (4B+2, 4B+3). The sets come from
 * Philox untransposed (vector k = word k of NN_LANES blocks), so each
 * vector pair (w0, w1), (w2, w3) is NN_LANES Box-Muller pairs; the four
 * result vectors (cos, sin, cos, sin) are then in "word" position and one
 * 4 x NN_LANES transpose puts them in memory order.
 * float64: block m is the pair (2m, 2m+1). Words in memory order: two
 * vectors hold NN_LANES / 2 blocks; unpacking their 64-bit halves gives
 * u1's and u2's bits of those blocks, and unpacking cos with sin gives
 * memory order. (Only an ISA whose layer has the float64 operations below
 * instantiates it: AVX-512 inherits AVX2's, see src/dispatch/dispatch.c.)
 *
 * Two steps differ in form from the scalar code, not in value:
 *   u1 = u1_hi + u1_lo is fma(L + 0.5, 2^-40, u1_hi) (u1_lo = (L + 0.5)
 *   * 2^-40 is exact, so the one rounding is the same), and t = 4 u2 is
 *   formed as (b >> 8) * 2^-22 (float32) or x * 2^-51 (float64), exactly
 *   the value the scalar code gets from u2 * 4.
 *
 * Included once per ISA after its operation layer (ops_<isa>.h), which
 * provides, besides the types and arithmetic of src/simd/uniform_tpl.h:
 *   NN_BM_L16(a, b)        ((a << 8) & 0xFF00) | (b & 0xFF), 32-bit lanes
 *   NN_VF_LOG_G, NN_VF_SINCOS2PI_G   the wide log and sincos(2 pi t) of
 *                          g <= NN_MATH_G vectors (nnmath_<isa>.h)
 *   NN_VI_TRANSPOSE(o)     the 4 x NN_LANES transpose of Philox's sets
 *   NN_RUN_SETS_EX         the set loop taking raw (untransposed) sets
 *   NN_BM_SETS_G           sets per wide step of the float32 kernel
 * and, for float64 (NN_BM_F64 defined): NN_VD_LOG_G, NN_VD_SINCOS2PI_G,
 * NN_VI_UNPACKLO64/HI64, NN_VD_UNPACKLO/HI, NN_BM64_SETS_G.
 */

typedef struct {
    NN_VF fstd, fmean;
#ifdef NN_BM_F64
    NN_VD dstd, dmean;
#endif
} bm_ctx;

/* ---------------------------------------------------------------- float32 */

/* Box-Muller on g vectors of NN_LANES pairs of words (a[i], b[i]): cos and
 * sin normals, scaled. Wide (see nnmath_<isa>.h): the g chains interleave. */
NN_AINLINE void bm_pairs_f32_g(const bm_ctx *c, int g, const NN_VI *a,
                               const NN_VI *b, NN_VF *zc, NN_VF *zs)
{
    NN_VF u1[NN_MATH_G], t[NN_MATH_G], r[NN_MATH_G], s[NN_MATH_G],
        co[NN_MATH_G];
    for (int i = 0; i < g; i++) {
        NN_VF u1_hi = NN_VF_MUL(NN_VF_CVT_I32(NN_VI_SRLI32(a[i], 8)),
                                NN_VF_SET1(0x1p-24f));
        NN_VI l = NN_BM_L16(a[i], b[i]);
        u1[i] = NN_VF_FMADD(NN_VF_ADD(NN_VF_CVT_I32(l), NN_VF_SET1(0.5f)),
                            NN_VF_SET1(0x1p-40f), u1_hi);
        t[i] = NN_VF_MUL(NN_VF_CVT_I32(NN_VI_SRLI32(b[i], 8)),
                         NN_VF_SET1(0x1p-22f));
    }
    NN_VF_LOG_G(g, u1, r);
    for (int i = 0; i < g; i++)
        r[i] = NN_VF_SQRT(NN_VF_MUL(NN_VF_SET1(-2.0f), r[i]));
    NN_VF_SINCOS2PI_G(g, t, s, co);
    for (int i = 0; i < g; i++) {
        zc[i] = NN_VF_FMADD(c->fstd, NN_VF_MUL(r[i], co[i]), c->fmean);
        zs[i] = NN_VF_FMADD(c->fstd, NN_VF_MUL(r[i], s[i]), c->fmean);
    }
}

NN_AINLINE void bm_set_f32(void *vctx, NN_VI (*w)[4], int ns, uint64_t e0,
                           void *dst)
{
    const bm_ctx *c = (const bm_ctx *)vctx;
    (void)e0;
    for (int s0 = 0; s0 < ns; s0 += NN_BM_SETS_G) {
        int m = ns - s0 < NN_BM_SETS_G ? ns - s0 : NN_BM_SETS_G;
        NN_VI a[2 * NN_BM_SETS_G], b[2 * NN_BM_SETS_G];
        NN_VF zc[2 * NN_BM_SETS_G], zs[2 * NN_BM_SETS_G];
        for (int s = 0; s < m; s++) {
            a[2 * s] = w[s0 + s][0];
            b[2 * s] = w[s0 + s][1];
            a[2 * s + 1] = w[s0 + s][2];
            b[2 * s + 1] = w[s0 + s][3];
        }
        bm_pairs_f32_g(c, 2 * m, a, b, zc, zs);
        for (int s = 0; s < m; s++) {
            /* (cos, sin) of words 0, 1 and of words 2, 3 of each block */
            NN_VI o[4] = {NN_VF_AS_VI(zc[2 * s]), NN_VF_AS_VI(zs[2 * s]),
                          NN_VF_AS_VI(zc[2 * s + 1]),
                          NN_VF_AS_VI(zs[2 * s + 1])};
            NN_VI_TRANSPOSE(o);
            float *d = (float *)dst + 4 * NN_LANES * (s0 + s);
            for (int k = 0; k < 4; k++)
                NN_VI_STOREU((NN_VI *)(d + NN_LANES * k), o[k]);
        }
    }
}

void NN_KNAME(boxmuller_f32)(const nn_kparams *p, float *restrict out, size_t n)
{
    bm_ctx c;
    c.fstd = NN_VF_SET1(p->f_std);
    c.fmean = NN_VF_SET1(p->f_mean);
    NN_RUN_SETS_EX(p, out, n, 0, 1, &c, bm_set_f32);
}

/* ---------------------------------------------------------------- float64 */
#ifdef NN_BM_F64

/* Vector pairs x = (block j, block j+1, ...), y = (block j+2, j+3, ...),
 * words in memory order, g of them (wide): their NN_LANES elements each
 * into d. */
NN_AINLINE void bm_blocks_f64_g(const bm_ctx *c, int g, const NN_VI *x,
                                const NN_VI *y, double *const *d)
{
    NN_VD u1[NN_MATH_G], t[NN_MATH_G], r[NN_MATH_G], s[NN_MATH_G],
        co[NN_MATH_G];
    for (int i = 0; i < g; i++) {
        /* lanes: blocks j, j+2 | j+1, j+3 */
        NN_VI v01 = NN_VI_UNPACKLO64(x[i], y[i]);
        NN_VI v23 = NN_VI_UNPACKHI64(x[i], y[i]);
        u1[i] = NN_VD_MUL(NN_VD_ADD(NN_VD_U53(v01), NN_VD_SET1(1.0)),
                          NN_VD_SET1(0x1p-53));
        t[i] = NN_VD_MUL(NN_VD_U53(v23), NN_VD_SET1(0x1p-51));
    }
    NN_VD_LOG_G(g, u1, r);
    for (int i = 0; i < g; i++)
        r[i] = NN_VD_SQRT(NN_VD_MUL(NN_VD_SET1(-2.0), r[i]));
    NN_VD_SINCOS2PI_G(g, t, s, co);
    for (int i = 0; i < g; i++) {
        NN_VD zc = NN_VD_FMADD(c->dstd, NN_VD_MUL(r[i], co[i]), c->dmean);
        NN_VD zs = NN_VD_FMADD(c->dstd, NN_VD_MUL(r[i], s[i]), c->dmean);
        NN_VD_STOREU(d[i], NN_VD_UNPACKLO(zc, zs));
        NN_VD_STOREU(d[i] + NN_LANES / 2, NN_VD_UNPACKHI(zc, zs));
    }
}

NN_AINLINE void bm_set_f64(void *vctx, NN_VI (*w)[4], int ns, uint64_t e0,
                           void *dst)
{
    const bm_ctx *c = (const bm_ctx *)vctx;
    (void)e0;
    for (int s0 = 0; s0 < ns; s0 += NN_BM64_SETS_G) {
        int m = ns - s0 < NN_BM64_SETS_G ? ns - s0 : NN_BM64_SETS_G;
        NN_VI x[2 * NN_BM64_SETS_G], y[2 * NN_BM64_SETS_G];
        double *d[2 * NN_BM64_SETS_G];
        for (int s = 0; s < m; s++)
            for (int h = 0; h < 2; h++) {
                x[2 * s + h] = w[s0 + s][2 * h];
                y[2 * s + h] = w[s0 + s][2 * h + 1];
                d[2 * s + h] =
                    (double *)dst + 2 * NN_LANES * (s0 + s) + NN_LANES * h;
            }
        bm_blocks_f64_g(c, 2 * m, x, y, d);
    }
}

void NN_KNAME(boxmuller_f64)(const nn_kparams *p, double *restrict out,
                             size_t n)
{
    bm_ctx c;
    c.dstd = NN_VD_SET1(p->d_std);
    c.dmean = NN_VD_SET1(p->d_mean);
    NN_RUN_SETS(p, out, n, 1, &c, bm_set_f64);
}

#endif /* NN_BM_F64 */
