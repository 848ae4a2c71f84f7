/*
 * nninit's elementary functions on 16 float32 lanes: the AVX-512 mirror of
 * src/scalar/nnmath.h (and of src/avx2/nnmath_avx2.h), operation for
 * operation; fmaf becomes _mm512_fmadd_ps, a negation an xor of the sign
 * bit, a scalar select a masked blend.
 *
 * The "wide" forms f_g(g, in, out) work on g <= NN_ZG vectors, each step
 * for all g vectors before the next, so that independent dependency chains
 * interleave (see nnmath_avx2.h).
 */
#ifndef NNINIT_NNMATH_AVX512_H
#define NNINIT_NNMATH_AVX512_H

#include "intrin_avx512.h"

#include "../scalar/nnmath_coeffs.h"
#include "philox_avx512.h" /* NN_AINLINE */

#define NN_ZPS(x) _mm512_set1_ps(x)
#define NN_ZI32(x) _mm512_set1_epi32((int)(x))
#define NN_ZG 8
#define NN_ZFOR(i, g) for (int i = 0; i < (g); i++)

NN_AINLINE __m512 nn_neg16(__m512 x)
{
    return _mm512_castsi512_ps(
        _mm512_xor_si512(_mm512_castps_si512(x), NN_ZI32(0x80000000u)));
}

/* nn_logf: positive normal floats. */
NN_AINLINE void nn_logf16_g(int g, const __m512 *x, __m512 *y)
{
    __m512 k[NN_ZG], f[NN_ZG], p[NN_ZG];
    NN_ZFOR(i, g)
    {
        __m512i ix =
            _mm512_add_epi32(_mm512_castps_si512(x[i]),
                             NN_ZI32(0x3F800000u - NN_SQRT_HALF_BITS_F32));
        k[i] = _mm512_cvtepi32_ps(
            _mm512_sub_epi32(_mm512_srli_epi32(ix, 23), NN_ZI32(127)));
        __m512 m = _mm512_castsi512_ps(
            _mm512_add_epi32(_mm512_and_si512(ix, NN_ZI32(0x007FFFFFu)),
                             NN_ZI32(NN_SQRT_HALF_BITS_F32)));
        f[i] = _mm512_sub_ps(m, NN_ZPS(1.0f));
    }
    static const float c[8] = {NN_LOGF_P7, NN_LOGF_P6, NN_LOGF_P5, NN_LOGF_P4,
                               NN_LOGF_P3, NN_LOGF_P2, NN_LOGF_P1, NN_LOGF_P0};
    NN_ZFOR(i, g)
    p[i] = _mm512_fmadd_ps(NN_ZPS(NN_LOGF_P8), f[i], NN_ZPS(c[0]));
    for (int j = 1; j < 8; j++)
        NN_ZFOR(i, g) p[i] = _mm512_fmadd_ps(p[i], f[i], NN_ZPS(c[j]));
    NN_ZFOR(i, g)
    {
        __m512 yy = _mm512_fmadd_ps(_mm512_mul_ps(f[i], f[i]), p[i], f[i]);
        y[i] =
            _mm512_fmadd_ps(k[i], NN_ZPS(NN_LOGF_LN2_HI),
                            _mm512_fmadd_ps(k[i], NN_ZPS(NN_LOGF_LN2_LO), yy));
    }
}

/* The two polynomials of nn_ndtri_lower_f32. */
NN_AINLINE void nn_ndtri_pa16_g(int g, const __m512 *w, __m512 *pa)
{
    static const float c[9] = {NN_NDTRIF_A8, NN_NDTRIF_A7, NN_NDTRIF_A6,
                               NN_NDTRIF_A5, NN_NDTRIF_A4, NN_NDTRIF_A3,
                               NN_NDTRIF_A2, NN_NDTRIF_A1, NN_NDTRIF_A0};
    __m512 ta[NN_ZG];
    NN_ZFOR(i, g) ta[i] = _mm512_sub_ps(w[i], NN_ZPS(NN_NDTRIF_A_CENTRE));
    NN_ZFOR(i, g)
    pa[i] = _mm512_fmadd_ps(NN_ZPS(NN_NDTRIF_A9), ta[i], NN_ZPS(c[0]));
    for (int j = 1; j < 9; j++)
        NN_ZFOR(i, g) pa[i] = _mm512_fmadd_ps(pa[i], ta[i], NN_ZPS(c[j]));
}

NN_AINLINE __m512 nn_ndtri_pb16(__m512 w)
{
    __m512 tb = _mm512_sub_ps(_mm512_sqrt_ps(w), NN_ZPS(NN_NDTRIF_B_CENTRE));
    __m512 pb = NN_ZPS(NN_NDTRIF_B10);
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B9));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B8));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B7));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B6));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B5));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B4));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B3));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B2));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B1));
    return _mm512_fmadd_ps(pb, tb, NN_ZPS(NN_NDTRIF_B0));
}

/* nn_ndtri_lower_f32 on g vectors (q in (0, 0.5]); the second polynomial
 * (w >= 5) only when some lane needs it, as in nnmath_avx2.h. */
NN_AINLINE void nn_ndtri_lower_f32_16g(int g, const __m512 *q, __m512 *t)
{
    __m512 x[NN_ZG], w[NN_ZG], p[NN_ZG];
    __mmask16 far[NN_ZG];
    unsigned any = 0;
    NN_ZFOR(i, g)
    x[i] = _mm512_mul_ps(_mm512_mul_ps(NN_ZPS(4.0f), q[i]),
                         _mm512_sub_ps(NN_ZPS(1.0f), q[i]));
    nn_logf16_g(g, x, w);
    NN_ZFOR(i, g) w[i] = nn_neg16(w[i]);
    nn_ndtri_pa16_g(g, w, p);
    NN_ZFOR(i, g)
    {
        far[i] =
            _mm512_cmp_ps_mask(w[i], NN_ZPS(NN_NDTRIF_W_SPLIT), _CMP_NLT_UQ);
        any |= far[i];
    }
    if (NN_UNLIKELY(any != 0))
        NN_ZFOR(i, g)
    p[i] = _mm512_mask_blend_ps(far[i], p[i], nn_ndtri_pb16(w[i]));
    NN_ZFOR(i, g)
    t[i] = _mm512_fmadd_ps(_mm512_mul_ps(NN_ZPS(2.0f), q[i]), p[i],
                           nn_neg16(p[i]));
}

/* nn_sincos2pif, given t = 4u (exact; see nnmath_avx2.h). The quadrant's
 * swap is a masked blend on bit 0 of j, each sign one vpternlogd. */
NN_AINLINE void nn_sincos2pif16_g(int g, const __m512 *t, __m512 *s, __m512 *c)
{
    __m512i j[NN_ZG];
    __m512 r[NN_ZG], z[NN_ZG], ps[NN_ZG], pc[NN_ZG];
    NN_ZFOR(i, g)
    {
        __m512 big = _mm512_add_ps(t[i], NN_ZPS(0x1.8p23f));
        j[i] = _mm512_castps_si512(big);
        r[i] = _mm512_mul_ps(
            _mm512_sub_ps(t[i], _mm512_sub_ps(big, NN_ZPS(0x1.8p23f))),
            NN_ZPS(0.25f));
        z[i] = _mm512_mul_ps(r[i], r[i]);
    }
    NN_ZFOR(i, g)
    {
        ps[i] = _mm512_fmadd_ps(NN_ZPS(NN_SINF_S3), z[i], NN_ZPS(NN_SINF_S2));
        pc[i] = _mm512_fmadd_ps(NN_ZPS(NN_COSF_C3), z[i], NN_ZPS(NN_COSF_C2));
    }
    NN_ZFOR(i, g)
    {
        ps[i] = _mm512_fmadd_ps(ps[i], z[i], NN_ZPS(NN_SINF_S1));
        pc[i] = _mm512_fmadd_ps(pc[i], z[i], NN_ZPS(NN_COSF_C1));
    }
    NN_ZFOR(i, g)
    {
        ps[i] = _mm512_fmadd_ps(ps[i], z[i], NN_ZPS(NN_SINF_S0_LO));
        pc[i] = _mm512_fmadd_ps(pc[i], z[i], NN_ZPS(NN_COSF_C0));
    }
    const __m512i top = NN_ZI32(0x80000000u);
    NN_ZFOR(i, g)
    {
        __m512 sr = _mm512_fmadd_ps(NN_ZPS(NN_SINF_S0_HI), r[i],
                                    _mm512_mul_ps(r[i], ps[i]));
        __m512 cr = _mm512_fmadd_ps(z[i], pc[i], NN_ZPS(1.0f));
        __mmask16 odd = _mm512_test_epi32_mask(j[i], NN_ZI32(1));
        __m512i a = _mm512_castps_si512(_mm512_mask_blend_ps(odd, sr, cr));
        __m512i b = _mm512_castps_si512(_mm512_mask_blend_ps(odd, cr, sr));
        /* a ^ ((j << 30) & top), b ^ (((j + 1) << 30) & top) */
        s[i] = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
            a, _mm512_slli_epi32(j[i], 30), top, 0x78));
        c[i] = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
            b, _mm512_slli_epi32(_mm512_add_epi32(j[i], NN_ZI32(1)), 30), top,
            0x78));
    }
}

/* ================================================================ float64 */

#define NN_ZPD(x) _mm512_set1_pd(x)
#define NN_ZI64(x) _mm512_set1_epi64((long long)(x))

NN_AINLINE __m512d nn_neg8d(__m512d x)
{
    return _mm512_castsi512_pd(
        _mm512_xor_si512(_mm512_castpd_si512(x), NN_ZI64(0x8000000000000000u)));
}

/*
 * nn_log for x >= 2^-1022, on 8 lanes: nn_log4_g of nnmath_avx2.h step for
 * step (the subnormal pre-scale is the identity for such x, and k comes
 * from the exponent of 2^52, exactly).
 */
NN_AINLINE void nn_log8_g(int g, const __m512d *x, __m512d *y)
{
    const double ln2_hi = NN_LOG_LN2_HI;
    const double ln2_lo = NN_LOG_LN2_LO;
    static const double c[6] = {NN_LOG_R6, NN_LOG_R5, NN_LOG_R4,
                                NN_LOG_R3, NN_LOG_R2, NN_LOG_R1};
    __m512d k[NN_ZG], f[NN_ZG], s[NN_ZG], z[NN_ZG], R[NN_ZG];
    NN_ZFOR(i, g)
    {
        __m512i ix = _mm512_add_epi64(
            _mm512_castpd_si512(x[i]),
            NN_ZI64(0x3FF0000000000000u - NN_SQRT_HALF_BITS_F64));
        k[i] = _mm512_sub_pd(
            _mm512_castsi512_pd(_mm512_or_si512(_mm512_srli_epi64(ix, 52),
                                                NN_ZI64(0x4330000000000000u))),
            NN_ZPD(0x1p52 + 1023.0));
        __m512d m = _mm512_castsi512_pd(
            _mm512_add_epi64(_mm512_and_si512(ix, NN_ZI64(0x000FFFFFFFFFFFFFu)),
                             NN_ZI64(NN_SQRT_HALF_BITS_F64)));
        f[i] = _mm512_sub_pd(m, NN_ZPD(1.0));
    }
    NN_ZFOR(i, g) s[i] = _mm512_div_pd(f[i], _mm512_add_pd(NN_ZPD(2.0), f[i]));
    NN_ZFOR(i, g)
    {
        z[i] = _mm512_mul_pd(s[i], s[i]);
        R[i] = _mm512_fmadd_pd(NN_ZPD(NN_LOG_R7), z[i], NN_ZPD(c[0]));
    }
    for (int j = 1; j < 6; j++)
        NN_ZFOR(i, g) R[i] = _mm512_fmadd_pd(R[i], z[i], NN_ZPD(c[j]));
    NN_ZFOR(i, g)
    {
        __m512d Rz = _mm512_mul_pd(R[i], z[i]);
        __m512d hfsq = _mm512_mul_pd(_mm512_mul_pd(NN_ZPD(0.5), f[i]), f[i]);
        /* k*ln2_hi - ((hfsq - (s*(hfsq + R) + k*ln2_lo)) - f) */
        __m512d t = _mm512_add_pd(_mm512_mul_pd(s[i], _mm512_add_pd(hfsq, Rz)),
                                  _mm512_mul_pd(k[i], NN_ZPD(ln2_lo)));
        y[i] = _mm512_sub_pd(_mm512_mul_pd(k[i], NN_ZPD(ln2_hi)),
                             _mm512_sub_pd(_mm512_sub_pd(hfsq, t), f[i]));
    }
}

/* nn_sincos2pi, given t = 4u (exact; u = k * 2^-53 in [0, 1)); the
 * quadrant's swap is a masked blend on bit 0 of j, each sign one
 * vpternlogq, as in nn_sincos2pif16_g. */
NN_AINLINE void nn_sincos2pi8_g(int g, const __m512d *t, __m512d *s, __m512d *c)
{
    static const double cs[5] = {NN_SIN_S5, NN_SIN_S4, NN_SIN_S3, NN_SIN_S2,
                                 NN_SIN_S1};
    static const double cc[6] = {NN_COS_C5, NN_COS_C4, NN_COS_C3,
                                 NN_COS_C2, NN_COS_C1, NN_COS_C0};
    __m512i j[NN_ZG];
    __m512d r[NN_ZG], z[NN_ZG], ps[NN_ZG], pc[NN_ZG];
    NN_ZFOR(i, g)
    {
        __m512d big = _mm512_add_pd(t[i], NN_ZPD(0x1.8p52));
        j[i] = _mm512_castpd_si512(big);
        r[i] = _mm512_mul_pd(
            _mm512_sub_pd(t[i], _mm512_sub_pd(big, NN_ZPD(0x1.8p52))),
            NN_ZPD(0.25));
        z[i] = _mm512_mul_pd(r[i], r[i]);
        ps[i] = _mm512_fmadd_pd(NN_ZPD(NN_SIN_S6), z[i], NN_ZPD(cs[0]));
        pc[i] = _mm512_fmadd_pd(NN_ZPD(NN_COS_C6), z[i], NN_ZPD(cc[0]));
    }
    for (int k = 1; k < 5; k++)
        NN_ZFOR(i, g)
        {
            ps[i] = _mm512_fmadd_pd(ps[i], z[i], NN_ZPD(cs[k]));
            pc[i] = _mm512_fmadd_pd(pc[i], z[i], NN_ZPD(cc[k]));
        }
    const __m512i top = NN_ZI64(0x8000000000000000u);
    NN_ZFOR(i, g)
    {
        pc[i] = _mm512_fmadd_pd(pc[i], z[i], NN_ZPD(cc[5]));
        __m512d sr = _mm512_fmadd_pd(
            NN_ZPD(NN_SIN_S0_HI), r[i],
            _mm512_mul_pd(r[i],
                          _mm512_fmadd_pd(ps[i], z[i], NN_ZPD(NN_SIN_S0_LO))));
        __m512d cr = _mm512_fmadd_pd(z[i], pc[i], NN_ZPD(1.0));
        __mmask8 odd = _mm512_test_epi64_mask(j[i], NN_ZI64(1));
        __m512i a = _mm512_castpd_si512(_mm512_mask_blend_pd(odd, sr, cr));
        __m512i b = _mm512_castpd_si512(_mm512_mask_blend_pd(odd, cr, sr));
        /* a ^ ((j << 62) & top), b ^ (((j + 1) << 62) & top) */
        s[i] = _mm512_castsi512_pd(_mm512_ternarylogic_epi64(
            a, _mm512_slli_epi64(j[i], 62), top, 0x78));
        c[i] = _mm512_castsi512_pd(_mm512_ternarylogic_epi64(
            b, _mm512_slli_epi64(_mm512_add_epi64(j[i], NN_ZI64(1)), 62), top,
            0x78));
    }
}

/*
 * The two tail regions of AS 241 on g vectors (nn_ndtri_tail4_g of
 * nnmath_avx2.h on 8 lanes): the negated numerator and the denominator,
 * -C/D or -E/F selected by r > FAR_R; the far pair only when some lane
 * needs it.
 */
NN_AINLINE void nn_ndtri_tail8_g(int g, const __m512d *q, __m512d *nt,
                                 __m512d *dt)
{
    static const double C[8] = {NN_NDTRI_C7, NN_NDTRI_C6, NN_NDTRI_C5,
                                NN_NDTRI_C4, NN_NDTRI_C3, NN_NDTRI_C2,
                                NN_NDTRI_C1, NN_NDTRI_C0};
    static const double D[8] = {NN_NDTRI_D7, NN_NDTRI_D6, NN_NDTRI_D5,
                                NN_NDTRI_D4, NN_NDTRI_D3, NN_NDTRI_D2,
                                NN_NDTRI_D1, NN_NDTRI_D0};
    static const double E[8] = {NN_NDTRI_E7, NN_NDTRI_E6, NN_NDTRI_E5,
                                NN_NDTRI_E4, NN_NDTRI_E3, NN_NDTRI_E2,
                                NN_NDTRI_E1, NN_NDTRI_E0};
    static const double F[8] = {NN_NDTRI_F7, NN_NDTRI_F6, NN_NDTRI_F5,
                                NN_NDTRI_F4, NN_NDTRI_F3, NN_NDTRI_F2,
                                NN_NDTRI_F1, NN_NDTRI_F0};
    __m512d r[NN_ZG], r1[NN_ZG];
    __mmask8 far[NN_ZG];
    unsigned anyfar = 0;
    nn_log8_g(g, q, r);
    NN_ZFOR(i, g)
    {
        r[i] = _mm512_sqrt_pd(nn_neg8d(r[i]));
        r1[i] = _mm512_sub_pd(r[i], NN_ZPD(NN_NDTRI_MID_R));
        far[i] = _mm512_cmp_pd_mask(r[i], NN_ZPD(NN_NDTRI_FAR_R), _CMP_GT_OQ);
        anyfar |= far[i];
        nt[i] = NN_ZPD(C[0]);
        dt[i] = NN_ZPD(D[0]);
    }
    for (int k = 1; k < 8; k++)
        NN_ZFOR(i, g)
        {
            nt[i] = _mm512_fmadd_pd(nt[i], r1[i], NN_ZPD(C[k]));
            dt[i] = _mm512_fmadd_pd(dt[i], r1[i], NN_ZPD(D[k]));
        }
    if (NN_UNLIKELY(anyfar != 0)) {
        __m512d r2[NN_ZG], ne[NN_ZG], de[NN_ZG];
        NN_ZFOR(i, g)
        {
            r2[i] = _mm512_sub_pd(r[i], NN_ZPD(NN_NDTRI_FAR_R));
            ne[i] = NN_ZPD(E[0]);
            de[i] = NN_ZPD(F[0]);
        }
        for (int k = 1; k < 8; k++)
            NN_ZFOR(i, g)
            {
                ne[i] = _mm512_fmadd_pd(ne[i], r2[i], NN_ZPD(E[k]));
                de[i] = _mm512_fmadd_pd(de[i], r2[i], NN_ZPD(F[k]));
            }
        NN_ZFOR(i, g)
        {
            nt[i] = _mm512_mask_blend_pd(far[i], nt[i], ne[i]);
            dt[i] = _mm512_mask_blend_pd(far[i], dt[i], de[i]);
        }
    }
    NN_ZFOR(i, g) nt[i] = nn_neg8d(nt[i]);
}

/* The central region's num = qc A(rc) and den = B(rc) on g <= NN_ZG
 * vectors, and the lanes outside it (the tail lanes) as an opmask. */
NN_AINLINE void nn_ndtri_central8_g(int g, const __m512d *q, __m512d *num,
                                    __m512d *den, __mmask8 *tail)
{
    static const double A[8] = {NN_NDTRI_A7, NN_NDTRI_A6, NN_NDTRI_A5,
                                NN_NDTRI_A4, NN_NDTRI_A3, NN_NDTRI_A2,
                                NN_NDTRI_A1, NN_NDTRI_A0};
    static const double B[8] = {NN_NDTRI_B7, NN_NDTRI_B6, NN_NDTRI_B5,
                                NN_NDTRI_B4, NN_NDTRI_B3, NN_NDTRI_B2,
                                NN_NDTRI_B1, NN_NDTRI_B0};
    __m512d qc[NN_ZG], rc[NN_ZG];
    NN_ZFOR(i, g)
    {
        qc[i] = _mm512_sub_pd(q[i], NN_ZPD(0.5));
        rc[i] = _mm512_fnmadd_pd(qc[i], qc[i],
                                 NN_ZPD(NN_NDTRI_RC0)); /* fma(-qc,qc,.) */
        num[i] = NN_ZPD(A[0]);
        den[i] = NN_ZPD(B[0]);
        /* !(qc >= CENTRAL_QC) */
        tail[i] =
            _mm512_cmp_pd_mask(qc[i], NN_ZPD(NN_NDTRI_CENTRAL_QC), _CMP_NGE_UQ);
    }
    for (int k = 1; k < 8; k++)
        NN_ZFOR(i, g)
        {
            num[i] = _mm512_fmadd_pd(num[i], rc[i], NN_ZPD(A[k]));
            den[i] = _mm512_fmadd_pd(den[i], rc[i], NN_ZPD(B[k]));
        }
    NN_ZFOR(i, g) num[i] = _mm512_mul_pd(qc[i], num[i]);
}

/* Vectors per step of the tail regions in nn_ndtri_lower8_g, and the most
 * vectors it takes at once. */
#ifndef NN_ZNDTRI_TAIL_G
#define NN_ZNDTRI_TAIL_G 2
#endif
#define NN_ZNDTRI_G (2 * NN_ZG)

/*
 * nn_ndtri_lower on g <= NN_ZNDTRI_G vectors of 8 lanes, q in
 * [2^-1022, 0.5]: nn_ndtri_lower4_g of nnmath_avx2.h with its lane packing
 * done by AVX-512's own instructions. The central region for every
 * vector; the tail lanes (15% of q in (0, 0.5]) are packed into whole
 * vectors, each vector's tail lanes moved to the front by vcompresspd (in
 * registers: its memory form is slow on Zen 4) and stored unaligned after
 * the previous ones; computed NN_ZNDTRI_TAIL_G vectors at a time (the
 * lanes padding the last step get q = 1/4); and put back in their places
 * by vexpandpd over the central values. A lane's value is the same
 * function of its q wherever it is computed, so no bit changes.
 */
NN_AINLINE void nn_ndtri_lower8_g(int g, const __m512d *q, __m512d *t)
{
    enum { TG = NN_ZNDTRI_TAIL_G };
    __m512d num[NN_ZNDTRI_G], den[NN_ZNDTRI_G];
    __mmask8 tail[NN_ZNDTRI_G];
    /* the packed tail lanes: q, then -numerator and denominator */
    _Alignas(64) double qp[8 * (NN_ZNDTRI_G + TG)];
    _Alignas(64) double np[8 * (NN_ZNDTRI_G + TG + 1)];
    _Alignas(64) double dp[8 * (NN_ZNDTRI_G + TG + 1)];
    unsigned pos[NN_ZNDTRI_G];
    unsigned np_lanes = 0;
    for (int c0 = 0; c0 < g; c0 += NN_ZG) {
        int gc = g - c0 < NN_ZG ? g - c0 : NN_ZG;
        nn_ndtri_central8_g(gc, q + c0, num + c0, den + c0, tail + c0);
    }
    for (int i = 0; i < g; i++) {
        pos[i] = np_lanes;
        _mm512_storeu_pd(qp + np_lanes,
                         _mm512_maskz_compress_pd(tail[i], q[i]));
        np_lanes += (unsigned)__builtin_popcount(tail[i]);
    }
    unsigned steps = (np_lanes + 8 * TG - 1) / (8 * TG);
    for (int i = 0; i < TG; i++) /* pad the last step */
        _mm512_storeu_pd(qp + np_lanes + 8 * i, NN_ZPD(0.25));
    for (unsigned j = 0; j < steps; j++) {
        __m512d qt[TG], nt[TG], dt[TG];
        for (int i = 0; i < TG; i++)
            qt[i] = _mm512_load_pd(qp + 8 * (TG * j + i));
        nn_ndtri_tail8_g(TG, qt, nt, dt);
        for (int i = 0; i < TG; i++) {
            _mm512_store_pd(np + 8 * (TG * j + i), nt[i]);
            _mm512_store_pd(dp + 8 * (TG * j + i), dt[i]);
        }
    }
    /* the loads below read up to 7 lanes past the last packed one */
    _mm512_store_pd(np + 8 * TG * steps, NN_ZPD(0.0));
    _mm512_store_pd(dp + 8 * TG * steps, NN_ZPD(1.0));
    for (int i = 0; i < g; i++) {
        num[i] = _mm512_mask_expand_pd(num[i], tail[i],
                                       _mm512_loadu_pd(np + pos[i]));
        den[i] = _mm512_mask_expand_pd(den[i], tail[i],
                                       _mm512_loadu_pd(dp + pos[i]));
    }
    for (int i = 0; i < g; i++)
        t[i] = _mm512_div_pd(num[i], den[i]);
}

#endif /* NNINIT_NNMATH_AVX512_H */
