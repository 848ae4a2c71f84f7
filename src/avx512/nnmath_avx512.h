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

#endif /* NNINIT_NNMATH_AVX512_H */
