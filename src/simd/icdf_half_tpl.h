/*
 * One element type of the inverse-CDF template (src/simd/icdf_tpl.h
 * includes this for float32 and, where the ISA instantiates it, float64).
 * Parameters (undefined at the end): IH_SFX (f32, f64), IH_T the element
 * type, IH_U its bits (uint32_t, uint64_t), IH_V its vector, IH_LANES its
 * lanes per vector, IH_C(x) its fields of icdf_ctx (fstd, dstd), IH_MANT(w)
 * m of each lane (the bits below the sign, float64: >> 10), IH_Q(m) the
 * fma(m, 2^-32, 2^-33) (2^-54, 2^-55), IH_TAIL_BITS(m) the far-tail lanes
 * as bits, IH_IS_TAIL(u) the scalar test, IH_NDTRI, IH_XOR_SIGN,
 * IH_FMADD, IH_STORE, IH_LOAD, IH_STOREU, IH_SETS_G sets per wide step.
 */
#define IH_N(name) NN_TPL_CAT(name, _, IH_SFX)
#define IH_KNAME_(name) NN_KNAME(name)

/* IH_SETS_G sets (4 vectors each) per wide step. */
NN_AINLINE void IH_N(icdf_set)(void *vctx, NN_VI (*wv)[4], int ns, uint64_t e0,
                               void *dst)
{
    const icdf_ctx *c = (const icdf_ctx *)vctx;
    enum { G = 4 * IH_SETS_G };
    for (int s0 = 0; s0 < ns; s0 += IH_SETS_G) {
        int m = ns - s0 < IH_SETS_G ? ns - s0 : IH_SETS_G;
        int g = 4 * m;
        NN_VI *w = wv[s0];
        IH_T *d = (IH_T *)dst + 4 * IH_LANES * s0;
        uint64_t eb = e0 + 4u * IH_LANES * (unsigned)s0;
        IH_V q[G], t[G];
        NN_LMASK tail[G]; /* the far-tail lanes of vector k */
        unsigned tails = 0;
        for (int k = 0; k < g; k++) {
            NN_VI mk = IH_MANT(w[k]);
            q[k] = IH_Q(mk);
            tail[k] = IH_TAIL_BITS(mk);
            tails |= tail[k];
        }
        IH_NDTRI(g, q, t);
        if (NN_UNLIKELY(tails != 0))
            for (int k = 0; k < g; k++)
                if (tail[k]) {
                    _Alignas(sizeof(IH_V)) IH_T tv[IH_LANES];
                    _Alignas(sizeof(NN_VI)) IH_U ww[IH_LANES];
                    IH_STORE(tv, t[k]);
                    NN_VI_STORE(ww, w[k]);
                    for (unsigned msk = tail[k]; msk; msk &= msk - 1) {
                        unsigned j = (unsigned)__builtin_ctz(msk);
                        tv[j] = IH_N(nn_icdf_tail)(
                            c->p, eb + (unsigned)IH_LANES * (unsigned)k + j,
                            ww[j]);
                    }
                    t[k] = IH_LOAD(tv);
                }
        for (int k = 0; k < g; k++) {
            IH_V z = IH_XOR_SIGN(t[k], w[k]);
            IH_STOREU(d + IH_LANES * k,
                      IH_FMADD(c->IH_C(std), z, c->IH_C(mean)));
        }
    }
}

void IH_KNAME_(IH_N(icdf))(const nn_kparams *p, IH_T *restrict out, size_t n)
{
    icdf_ctx c;
    c.p = p;
    c.IH_C(std) = IH_SET1(p->IH_P(std));
    c.IH_C(mean) = IH_SET1(p->IH_P(mean));
    NN_RUN_SETS(p, out, n, sizeof(IH_T) == 8, &c, IH_N(icdf_set));
}

#undef IH_N
#undef IH_KNAME_
#undef IH_SFX
#undef IH_T
#undef IH_U
#undef IH_V
#undef IH_LANES
#undef IH_C
#undef IH_P
#undef IH_SET1
#undef IH_MANT
#undef IH_Q
#undef IH_TAIL_BITS
#undef IH_NDTRI
#undef IH_XOR_SIGN
#undef IH_FMADD
#undef IH_STORE
#undef IH_LOAD
#undef IH_STOREU
#undef IH_SETS_G
