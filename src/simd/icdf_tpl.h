/*
 * Template: inverse-CDF normal fills on any x86 vector width (the scalar
 * reference and the stream layout: src/scalar/icdf_scalar.c; the
 * quantiles: the ISA's nnmath_<isa>.h).
 *
 * Element-wise, so the sets come in memory order. The far-tail elements
 * (float32: m < 2^12, probability 2^-19; float64: m < 2^20, 2^-33) take
 * their t from the shared slow path nn_icdf_tail_*; they are so rare that
 * a not-taken branch per vector costs less than deferring them.
 *
 * q = (m + 0.5) * 2^-32 (float32) or 2^-54 (float64) is formed as one
 * fma(m, 2^-32, 2^-33): the scaling by a power of two is exact and q is a
 * normal number, so rounding (m + 0.5) and then scaling gives the same
 * bits as rounding the scaled sum.
 *
 * Included once per ISA after its operation layer (ops_<isa>.h), which
 * provides, besides the types and arithmetic of src/simd/uniform_tpl.h and
 * boxmuller_tpl.h:
 *   NN_LMASK               the lanes of a vector as bits (an int or opmask)
 *   NN_VI_LT32_BITS(a, b)  the lanes where a < b (signed 32-bit), as bits
 *   NN_VF_XOR_SIGN(t, w)   t with its sign bit flipped where w's is set
 *   NN_VF_NDTRI_LOWER_G    the wide lower-half quantile of nnmath_<isa>.h
 *   NN_VI_AND, NN_VI_SET1, NN_VI_STORE, NN_VF_STORE, NN_VF_LOAD
 *   NN_ICDF_SETS_G         sets per wide step (float32)
 * and, for float64 (NN_ICDF_F64 defined): NN_VI_SET1_64, NN_VI_SRLI64,
 * NN_VD_CVT_U53, NN_VI_LT64_BITS, NN_VD_XOR_SIGN, NN_VD_NDTRI_LOWER_G,
 * NN_VD_STORE, NN_VD_LOAD, NN_ICDF64_SETS_G.
 */

typedef struct {
    const nn_kparams *p;
    NN_VF fstd, fmean;
#ifdef NN_ICDF_F64
    NN_VD dstd, dmean;
#endif
} icdf_ctx;

/* ---------------------------------------------------------------- float32 */

/* NN_ICDF_SETS_G sets (4 vectors each) per wide step. */
NN_AINLINE void icdf_set_f32(void *vctx, NN_VI (*wv)[4], int ns, uint64_t e0,
                             void *dst)
{
    const icdf_ctx *c = (const icdf_ctx *)vctx;
    enum { G = 4 * NN_ICDF_SETS_G };
    for (int s0 = 0; s0 < ns; s0 += NN_ICDF_SETS_G) {
        int m = ns - s0 < NN_ICDF_SETS_G ? ns - s0 : NN_ICDF_SETS_G;
        int g = 4 * m;
        NN_VI *w = wv[s0];
        float *d = (float *)dst + 4 * NN_LANES * s0;
        uint64_t eb = e0 + 4u * NN_LANES * (unsigned)s0;
        NN_VF q[G], t[G];
        NN_LMASK tail[G]; /* the far-tail lanes of vector k */
        unsigned tails = 0;
        for (int k = 0; k < g; k++) {
            NN_VI mk = NN_VI_AND(w[k], NN_VI_SET1(0x7FFFFFFF));
            q[k] = NN_VF_FMADD(NN_VF_CVT_I32(mk), NN_VF_SET1(0x1p-32f),
                               NN_VF_SET1(0x1p-33f));
            tail[k] = NN_VI_LT32_BITS(mk, NN_VI_SET1(1 << 12));
            tails |= tail[k];
        }
        NN_VF_NDTRI_LOWER_G(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            for (int k = 0; k < g; k++)
                if (tail[k]) {
                    _Alignas(sizeof(NN_VF)) float tv[NN_LANES];
                    _Alignas(sizeof(NN_VI)) uint32_t ww[NN_LANES];
                    NN_VF_STORE(tv, t[k]);
                    NN_VI_STORE(ww, w[k]);
                    for (unsigned msk = tail[k]; msk; msk &= msk - 1) {
                        unsigned j = (unsigned)__builtin_ctz(msk);
                        tv[j] = nn_icdf_tail_f32(
                            c->p, eb + (unsigned)NN_LANES * (unsigned)k + j,
                            ww[j]);
                    }
                    t[k] = NN_VF_LOAD(tv);
                }
        for (int k = 0; k < g; k++) {
            NN_VF z = NN_VF_XOR_SIGN(t[k], w[k]);
            NN_VF_STOREU(d + NN_LANES * k, NN_VF_FMADD(c->fstd, z, c->fmean));
        }
    }
}

void NN_KNAME(icdf_f32)(const nn_kparams *p, float *restrict out, size_t n)
{
    icdf_ctx c;
    c.p = p;
    c.fstd = NN_VF_SET1(p->f_std);
    c.fmean = NN_VF_SET1(p->f_mean);
    NN_RUN_SETS(p, out, n, 0, &c, icdf_set_f32);
}

/* ---------------------------------------------------------------- float64 */
#ifdef NN_ICDF_F64

/* NN_ICDF64_SETS_G sets (4 vectors of NN_LANES / 2 lanes each) per wide
 * step. */
NN_AINLINE void icdf_set_f64(void *vctx, NN_VI (*wv)[4], int ns, uint64_t e0,
                             void *dst)
{
    const icdf_ctx *c = (const icdf_ctx *)vctx;
    enum { G = 4 * NN_ICDF64_SETS_G, L = NN_LANES / 2 };
    for (int s0 = 0; s0 < ns; s0 += NN_ICDF64_SETS_G) {
        int m = ns - s0 < NN_ICDF64_SETS_G ? ns - s0 : NN_ICDF64_SETS_G;
        int g = 4 * m;
        NN_VI *w = wv[s0];
        double *d = (double *)dst + 4 * L * s0;
        uint64_t eb = e0 + 4u * L * (unsigned)s0;
        NN_VD q[G], t[G];
        NN_LMASK tail[G]; /* the far-tail lanes of vector k */
        unsigned tails = 0;
        for (int k = 0; k < g; k++) {
            NN_VI mk = NN_VI_SRLI64(
                NN_VI_AND(w[k], NN_VI_SET1_64(0x7FFFFFFFFFFFFFFFu)), 10);
            q[k] = NN_VD_FMADD(NN_VD_CVT_U53(mk), NN_VD_SET1(0x1p-54),
                               NN_VD_SET1(0x1p-55));
            tail[k] = NN_VI_LT64_BITS(mk, NN_VI_SET1_64(1 << 20));
            tails |= tail[k];
        }
        NN_VD_NDTRI_LOWER_G(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            for (int k = 0; k < g; k++)
                if (tail[k]) {
                    _Alignas(sizeof(NN_VD)) double tv[L];
                    _Alignas(sizeof(NN_VI)) uint64_t vv[L];
                    NN_VD_STORE(tv, t[k]);
                    NN_VI_STORE(vv, w[k]);
                    for (unsigned msk = tail[k]; msk; msk &= msk - 1) {
                        unsigned j = (unsigned)__builtin_ctz(msk);
                        tv[j] = nn_icdf_tail_f64(
                            c->p, eb + (unsigned)L * (unsigned)k + j, vv[j]);
                    }
                    t[k] = NN_VD_LOAD(tv);
                }
        for (int k = 0; k < g; k++) {
            NN_VD z = NN_VD_XOR_SIGN(t[k], w[k]);
            NN_VD_STOREU(d + L * k, NN_VD_FMADD(c->dstd, z, c->dmean));
        }
    }
}

void NN_KNAME(icdf_f64)(const nn_kparams *p, double *restrict out, size_t n)
{
    icdf_ctx c;
    c.p = p;
    c.dstd = NN_VD_SET1(p->d_std);
    c.dmean = NN_VD_SET1(p->d_mean);
    NN_RUN_SETS(p, out, n, 1, &c, icdf_set_f64);
}

#endif /* NN_ICDF_F64 */
