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

#include <immintrin.h>

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
        __m512i ix = _mm512_add_epi32(_mm512_castps_si512(x[i]),
                                      NN_ZI32(0x3F800000u - 0x3F3504F3u));
        k[i] = _mm512_cvtepi32_ps(
            _mm512_sub_epi32(_mm512_srli_epi32(ix, 23), NN_ZI32(127)));
        __m512 m = _mm512_castsi512_ps(_mm512_add_epi32(
            _mm512_and_si512(ix, NN_ZI32(0x007FFFFFu)), NN_ZI32(0x3F3504F3u)));
        f[i] = _mm512_sub_ps(m, NN_ZPS(1.0f));
    }
    static const float c[8] = {
        0x1.084868p-3f, -0x1.0f3764p-3f, 0x1.22719ap-3f, -0x1.54276ep-3f,
        0x1.99a3f2p-3f, -0x1.000426p-2f, 0x1.55555p-2f,  -0x1.fffff8p-2f};
    NN_ZFOR(i, g)
    p[i] = _mm512_fmadd_ps(NN_ZPS(-0x1.38303p-4f), f[i], NN_ZPS(c[0]));
    for (int j = 1; j < 8; j++)
        NN_ZFOR(i, g) p[i] = _mm512_fmadd_ps(p[i], f[i], NN_ZPS(c[j]));
    NN_ZFOR(i, g)
    {
        __m512 yy = _mm512_fmadd_ps(_mm512_mul_ps(f[i], f[i]), p[i], f[i]);
        y[i] =
            _mm512_fmadd_ps(k[i], NN_ZPS(0x1.62e43p-1f),
                            _mm512_fmadd_ps(k[i], NN_ZPS(-0x1.05c61p-29f), yy));
    }
}

/* The two polynomials of nn_ndtri_lower_f32. */
NN_AINLINE void nn_ndtri_pa16_g(int g, const __m512 *w, __m512 *pa)
{
    static const float c[9] = {
        0x1.36d7ap-23f,  -0x1.b75c98p-25f, -0x1.fa823ap-18f,
        0x1.132776p-15f, 0x1.076c1p-12f,   -0x1.83d284p-9f,
        0x1.46283cp-10f, 0x1.6a9042p-2f,   0x1.c54ba8p+0f};
    __m512 ta[NN_ZG];
    NN_ZFOR(i, g) ta[i] = _mm512_sub_ps(w[i], NN_ZPS(1.5f));
    NN_ZFOR(i, g)
    pa[i] = _mm512_fmadd_ps(NN_ZPS(-0x1.ab2c48p-27f), ta[i], NN_ZPS(c[0]));
    for (int j = 1; j < 9; j++)
        NN_ZFOR(i, g) pa[i] = _mm512_fmadd_ps(pa[i], ta[i], NN_ZPS(c[j]));
}

NN_AINLINE __m512 nn_ndtri_pb16(__m512 w)
{
    __m512 tb = _mm512_sub_ps(_mm512_sqrt_ps(w), NN_ZPS(3.5f));
    __m512 pb = NN_ZPS(-0x1.1feab6p-15f);
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.f95bcep-16f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.277eep-13f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(-0x1.79ea8cp-12f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.315466p-11f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(-0x1.ed0496p-11f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.981f92p-10f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(-0x1.7f03c2p-9f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.2f9c48p-8f));
    pb = _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.6cb4ep+0f));
    return _mm512_fmadd_ps(pb, tb, NN_ZPS(0x1.2de4cap+2f));
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
        far[i] = _mm512_cmp_ps_mask(w[i], NN_ZPS(5.0f), _CMP_NLT_UQ);
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
        ps[i] = _mm512_fmadd_ps(NN_ZPS(-0x1.2d9302p+6f), z[i],
                                NN_ZPS(0x1.465e92p+6f));
        pc[i] = _mm512_fmadd_ps(NN_ZPS(0x1.d9d57ep+5f), z[i],
                                NN_ZPS(-0x1.55c5ep+6f));
    }
    NN_ZFOR(i, g)
    {
        ps[i] = _mm512_fmadd_ps(ps[i], z[i], NN_ZPS(-0x1.4abbbap+5f));
        pc[i] = _mm512_fmadd_ps(pc[i], z[i], NN_ZPS(0x1.03c1dep+6f));
    }
    NN_ZFOR(i, g)
    {
        ps[i] = _mm512_fmadd_ps(ps[i], z[i], NN_ZPS(-0x1.a32bccp-23f));
        pc[i] = _mm512_fmadd_ps(pc[i], z[i], NN_ZPS(-0x1.3bd3ccp+4f));
    }
    const __m512i top = NN_ZI32(0x80000000u);
    NN_ZFOR(i, g)
    {
        __m512 sr = _mm512_fmadd_ps(NN_ZPS(0x1.921fb6p+2f), r[i],
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
