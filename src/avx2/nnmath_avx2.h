/*
 * nninit's elementary functions on 8 float32 or 4 float64 lanes: the AVX2
 * mirror of src/scalar/nnmath.h, operation for operation (the methods, the
 * coefficients and the accuracy are documented there). Each scalar
 * operation is one vector instruction; fmaf/fma become _mm256_fmadd_*, a
 * negation is an xor of the sign bit, and a scalar select is a blend.
 * A few steps are written differently but give the same bits, each noted
 * where it happens.
 */
#ifndef NNINIT_NNMATH_AVX2_H
#define NNINIT_NNMATH_AVX2_H

#include <immintrin.h>

#include "philox_avx2.h" /* NN_AINLINE */

#define NN_PS(x) _mm256_set1_ps(x)
#define NN_PD(x) _mm256_set1_pd(x)
#define NN_I32(x) _mm256_set1_epi32((int)(x))
#define NN_I64(x) _mm256_set1_epi64x((long long)(x))

NN_AINLINE __m256 nn_neg8(__m256 x)
{
    return _mm256_xor_ps(x, NN_PS(-0.0f));
}

NN_AINLINE __m256d nn_neg4(__m256d x)
{
    return _mm256_xor_pd(x, NN_PD(-0.0));
}

/* x < 2^53 (4 lanes) as a double, exactly: the high 21 bits through the
 * exponent of 2^84, the low 32 through that of 2^52, then one exact
 * subtraction and one exact addition (the classic uint64 -> double). */
NN_AINLINE __m256d nn_cvt_u53(__m256i x)
{
    __m256i hi =
        _mm256_or_si256(_mm256_srli_epi64(x, 32), NN_I64(0x4530000000000000u));
    __m256i lo = _mm256_blend_epi32(x, NN_I64(0x4330000000000000u), 0xAA);
    __m256d h = _mm256_sub_pd(_mm256_castsi256_pd(hi), NN_PD(0x1p84 + 0x1p52));
    return _mm256_add_pd(h, _mm256_castsi256_pd(lo));
}

/* ================================================================ float32 */

/*
 * Most functions come in a "wide" form, f_g(g, in, out) on g <= NN_G
 * vectors: each step is written for all g vectors before the next step,
 * so that g independent dependency chains interleave in the instruction
 * stream (the compiler keeps the source order here). One chain at a time,
 * a polynomial's latency (4 cycles per fma) leaves the pipes idle.
 */
#define NN_G 8

/* nn_logf: positive normal floats. */
NN_AINLINE void nn_logf8_g(int g, const __m256 *x, __m256 *y)
{
    __m256 k[NN_G], f[NN_G], p[NN_G];
    for (int i = 0; i < g; i++) {
        __m256i ix = _mm256_add_epi32(_mm256_castps_si256(x[i]),
                                      NN_I32(0x3F800000u - 0x3F3504F3u));
        k[i] = _mm256_cvtepi32_ps(
            _mm256_sub_epi32(_mm256_srli_epi32(ix, 23), NN_I32(127)));
        __m256 m = _mm256_castsi256_ps(_mm256_add_epi32(
            _mm256_and_si256(ix, NN_I32(0x007FFFFFu)), NN_I32(0x3F3504F3u)));
        f[i] = _mm256_sub_ps(m, NN_PS(1.0f));
    }
    static const float c[8] = {
        0x1.084868p-3f, -0x1.0f3764p-3f, 0x1.22719ap-3f, -0x1.54276ep-3f,
        0x1.99a3f2p-3f, -0x1.000426p-2f, 0x1.55555p-2f,  -0x1.fffff8p-2f};
    for (int i = 0; i < g; i++)
        p[i] = _mm256_fmadd_ps(NN_PS(-0x1.38303p-4f), f[i], NN_PS(c[0]));
    for (int j = 1; j < 8; j++)
        for (int i = 0; i < g; i++)
            p[i] = _mm256_fmadd_ps(p[i], f[i], NN_PS(c[j]));
    for (int i = 0; i < g; i++) {
        __m256 yy = _mm256_fmadd_ps(_mm256_mul_ps(f[i], f[i]), p[i], f[i]);
        y[i] =
            _mm256_fmadd_ps(k[i], NN_PS(0x1.62e43p-1f),
                            _mm256_fmadd_ps(k[i], NN_PS(-0x1.05c61p-29f), yy));
    }
}

/* nn_sincos2pif, given t = 4u (exact; u = k * 2^-24 in [0, 1), and the
 * caller forms t directly as k * 2^-22). The quadrant's swap is one blend
 * on bit 0 of j (moved to the sign bit), the signs two xors. */
NN_AINLINE void nn_sincos2pif8_g(int g, const __m256 *t, __m256 *s, __m256 *c)
{
    __m256i j[NN_G];
    __m256 r[NN_G], z[NN_G], ps[NN_G], pc[NN_G];
    for (int i = 0; i < g; i++) {
        __m256 big = _mm256_add_ps(t[i], NN_PS(0x1.8p23f));
        j[i] = _mm256_castps_si256(big);
        r[i] = _mm256_mul_ps(
            _mm256_sub_ps(t[i], _mm256_sub_ps(big, NN_PS(0x1.8p23f))),
            NN_PS(0.25f));
        z[i] = _mm256_mul_ps(r[i], r[i]);
    }
    for (int i = 0; i < g; i++) {
        ps[i] = _mm256_fmadd_ps(NN_PS(-0x1.2d9302p+6f), z[i],
                                NN_PS(0x1.465e92p+6f));
        pc[i] =
            _mm256_fmadd_ps(NN_PS(0x1.d9d57ep+5f), z[i], NN_PS(-0x1.55c5ep+6f));
    }
    for (int i = 0; i < g; i++) {
        ps[i] = _mm256_fmadd_ps(ps[i], z[i], NN_PS(-0x1.4abbbap+5f));
        pc[i] = _mm256_fmadd_ps(pc[i], z[i], NN_PS(0x1.03c1dep+6f));
    }
    for (int i = 0; i < g; i++) {
        ps[i] = _mm256_fmadd_ps(ps[i], z[i], NN_PS(-0x1.a32bccp-23f));
        pc[i] = _mm256_fmadd_ps(pc[i], z[i], NN_PS(-0x1.3bd3ccp+4f));
    }
    const __m256i top = NN_I32(0x80000000u);
    for (int i = 0; i < g; i++) {
        __m256 sr = _mm256_fmadd_ps(NN_PS(0x1.921fb6p+2f), r[i],
                                    _mm256_mul_ps(r[i], ps[i]));
        __m256 cr = _mm256_fmadd_ps(z[i], pc[i], NN_PS(1.0f));
        __m256 sign_s = _mm256_castsi256_ps(
            _mm256_and_si256(_mm256_slli_epi32(j[i], 30), top));
        __m256 sign_c = _mm256_castsi256_ps(_mm256_and_si256(
            _mm256_slli_epi32(_mm256_add_epi32(j[i], NN_I32(1)), 30), top));
        __m256 odd = _mm256_castsi256_ps(_mm256_slli_epi32(j[i], 31));
        __m256 a = _mm256_blendv_ps(sr, cr, odd);
        __m256 b = _mm256_blendv_ps(cr, sr, odd);
        s[i] = _mm256_xor_ps(a, sign_s);
        c[i] = _mm256_xor_ps(b, sign_c);
    }
}

/* The two polynomials of nn_ndtri_lower_f32 (wide: see nn_logf8_g). */
NN_AINLINE void nn_ndtri_pa8_g(int g, const __m256 *w, __m256 *pa)
{
    static const float c[9] = {
        0x1.36d7ap-23f,  -0x1.b75c98p-25f, -0x1.fa823ap-18f,
        0x1.132776p-15f, 0x1.076c1p-12f,   -0x1.83d284p-9f,
        0x1.46283cp-10f, 0x1.6a9042p-2f,   0x1.c54ba8p+0f};
    __m256 ta[NN_G];
    for (int i = 0; i < g; i++)
        ta[i] = _mm256_sub_ps(w[i], NN_PS(1.5f));
    for (int i = 0; i < g; i++)
        pa[i] = _mm256_fmadd_ps(NN_PS(-0x1.ab2c48p-27f), ta[i], NN_PS(c[0]));
    for (int j = 1; j < 9; j++)
        for (int i = 0; i < g; i++)
            pa[i] = _mm256_fmadd_ps(pa[i], ta[i], NN_PS(c[j]));
}

NN_AINLINE __m256 nn_ndtri_pb8(__m256 w)
{
    __m256 tb = _mm256_sub_ps(_mm256_sqrt_ps(w), NN_PS(3.5f));
    __m256 pb = NN_PS(-0x1.1feab6p-15f);
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.f95bcep-16f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.277eep-13f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(-0x1.79ea8cp-12f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.315466p-11f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(-0x1.ed0496p-11f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.981f92p-10f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(-0x1.7f03c2p-9f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.2f9c48p-8f));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(0x1.6cb4ep+0f));
    return _mm256_fmadd_ps(pb, tb, NN_PS(0x1.2de4cap+2f));
}

/*
 * nn_ndtri_lower_f32 on G vectors at once (q in (0, 0.5]): the G
 * computations are written step by step side by side, so their long
 * dependency chains (the log and the polynomial, some 25 dependent
 * operations each) interleave in the instruction stream; one at a time,
 * the out-of-order window could not hide their latency. The second
 * polynomial (w >= 5, i.e. q below about 0.0017) is evaluated only when
 * some lane needs it (2.7% of the vectors of uniform q): a lane with
 * w < 5 takes the first polynomial either way, so skipping the second
 * changes no bit.
 */
NN_AINLINE void nn_ndtri_lower_f32_g(int g, const __m256 *q, __m256 *t)
{
    __m256 x[NN_G], w[NN_G], p[NN_G], far[NN_G];
    int any = 0;
    for (int i = 0; i < g; i++)
        x[i] = _mm256_mul_ps(_mm256_mul_ps(NN_PS(4.0f), q[i]),
                             _mm256_sub_ps(NN_PS(1.0f), q[i]));
    nn_logf8_g(g, x, w);
    for (int i = 0; i < g; i++)
        w[i] = nn_neg8(w[i]);
    nn_ndtri_pa8_g(g, w, p);
    for (int i = 0; i < g; i++) {
        far[i] = _mm256_cmp_ps(w[i], NN_PS(5.0f), _CMP_NLT_UQ); /* !(w < 5) */
        any |= _mm256_movemask_ps(far[i]);
    }
    if (NN_UNLIKELY(any != 0))
        for (int i = 0; i < g; i++)
            p[i] = _mm256_blendv_ps(p[i], nn_ndtri_pb8(w[i]), far[i]);
    for (int i = 0; i < g; i++)
        t[i] = _mm256_fmadd_ps(_mm256_mul_ps(NN_PS(2.0f), q[i]), p[i],
                               nn_neg8(p[i]));
}

/* ================================================================ float64 */

/*
 * nn_log for x >= 2^-1022 (every caller here passes such x: Box-Muller's u1
 * >= 2^-53, the quantile's q > 2^-34): the scalar function's subnormal
 * pre-scale is then the identity (xs = x, kbias = 0, and k + 0.0 is k, +0
 * included), so it is left out. (int)(ix >> 52) - 1023 as a double comes
 * from the exponent of 2^52: (2^52 + e) - (2^52 + 1023), exact.
 */
NN_AINLINE void nn_log4_g(int g, const __m256d *x, __m256d *y)
{
    const double ln2_hi = 0x1.62e42feep-1;
    const double ln2_lo = 0x1.a39ef35793c76p-33;
    static const double c[6] = {0x1.39a1bac0ff939p-3, 0x1.74663ee7fc3c7p-3,
                                0x1.c71c52095fb5cp-3, 0x1.24924941f120fp-2,
                                0x1.999999997fdb8p-2, 0x1.5555555555592p-1};
    __m256d k[NN_G], f[NN_G], s[NN_G], z[NN_G], R[NN_G];
    for (int i = 0; i < g; i++) {
        __m256i ix =
            _mm256_add_epi64(_mm256_castpd_si256(x[i]),
                             NN_I64(0x3FF0000000000000u - 0x3FE6A09E667F3BCDu));
        k[i] = _mm256_sub_pd(
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(ix, 52),
                                                NN_I64(0x4330000000000000u))),
            NN_PD(0x1p52 + 1023.0));
        __m256d m = _mm256_castsi256_pd(
            _mm256_add_epi64(_mm256_and_si256(ix, NN_I64(0x000FFFFFFFFFFFFFu)),
                             NN_I64(0x3FE6A09E667F3BCDu)));
        f[i] = _mm256_sub_pd(m, NN_PD(1.0));
    }
    for (int i = 0; i < g; i++)
        s[i] = _mm256_div_pd(f[i], _mm256_add_pd(NN_PD(2.0), f[i]));
    for (int i = 0; i < g; i++) {
        z[i] = _mm256_mul_pd(s[i], s[i]);
        R[i] = _mm256_fmadd_pd(NN_PD(0x1.2f05633221bf7p-3), z[i], NN_PD(c[0]));
    }
    for (int j = 1; j < 6; j++)
        for (int i = 0; i < g; i++)
            R[i] = _mm256_fmadd_pd(R[i], z[i], NN_PD(c[j]));
    for (int i = 0; i < g; i++) {
        __m256d Rz = _mm256_mul_pd(R[i], z[i]);
        __m256d hfsq = _mm256_mul_pd(_mm256_mul_pd(NN_PD(0.5), f[i]), f[i]);
        /* k*ln2_hi - ((hfsq - (s*(hfsq + R) + k*ln2_lo)) - f) */
        __m256d t = _mm256_add_pd(_mm256_mul_pd(s[i], _mm256_add_pd(hfsq, Rz)),
                                  _mm256_mul_pd(k[i], NN_PD(ln2_lo)));
        y[i] = _mm256_sub_pd(_mm256_mul_pd(k[i], NN_PD(ln2_hi)),
                             _mm256_sub_pd(_mm256_sub_pd(hfsq, t), f[i]));
    }
}

/*
 * nn_exp on 4 lanes, for the Ziggurat's wedge test (exp(-x^2 / 2), x in
 * [0, 3.66]). Every step as in the scalar function; the clamps are max/min
 * (the same for any non-NaN x), and k / 2 is C's division rounding toward
 * zero, (k + (k < 0)) >> 1, so even the split of 2^k is the scalar one.
 * kd is an integer in [-1077, 1025] after the clamps, so the truncating
 * conversion gives (int)kd exactly.
 */
NN_AINLINE __m256d nn_exp4(__m256d x)
{
    const double ln2_hi = 0x1.62e42fefa39efp-1;
    const double ln2_lo = 0x1.abc9e3b39803fp-56;
    static const double c[9] = {
        0x1.28ad68a667824p-22, 0x1.71df2538c2050p-19, 0x1.a0199a16dd7d9p-16,
        0x1.a01a012a6a692p-13, 0x1.6c16c184266edp-10, 0x1.1111111127b99p-7,
        0x1.555555555088cp-5,  0x1.55555555554fap-3,  0x1.000000000000ap-1};
    x = _mm256_max_pd(x, NN_PD(-746.0));
    x = _mm256_min_pd(x, NN_PD(710.0));
    __m256d kd = _mm256_add_pd(_mm256_mul_pd(x, NN_PD(0x1.71547652b82fep+0)),
                               NN_PD(0x1.8p52));
    kd = _mm256_sub_pd(kd, NN_PD(0x1.8p52));
    __m256d r = _mm256_fnmadd_pd(kd, NN_PD(ln2_hi), x); /* fma(-kd, hi, x) */
    r = _mm256_fnmadd_pd(kd, NN_PD(ln2_lo), r);
    __m256d q = NN_PD(0x1.ad7f7cfaa8f3fp-26);
    for (int j = 0; j < 9; j++)
        q = _mm256_fmadd_pd(q, r, NN_PD(c[j]));
    __m256d p =
        _mm256_fmadd_pd(r, _mm256_fmadd_pd(r, q, NN_PD(1.0)), NN_PD(1.0));
    __m128i k = _mm256_cvttpd_epi32(kd);
    __m128i k1 = _mm_srai_epi32(_mm_add_epi32(k, _mm_srli_epi32(k, 31)), 1);
    __m128i k2 = _mm_sub_epi32(k, k1);
    __m256d s1 = _mm256_castsi256_pd(_mm256_slli_epi64(
        _mm256_add_epi64(_mm256_cvtepi32_epi64(k1), NN_I64(1023)), 52));
    __m256d s2 = _mm256_castsi256_pd(_mm256_slli_epi64(
        _mm256_add_epi64(_mm256_cvtepi32_epi64(k2), NN_I64(1023)), 52));
    return _mm256_mul_pd(_mm256_mul_pd(p, s1), s2);
}

/* nn_sincos2pi, given t = 4u (exact; u = k * 2^-53 in [0, 1)). */
NN_AINLINE void nn_sincos2pi4_g(int g, const __m256d *t, __m256d *s, __m256d *c)
{
    static const double cs[5] = {-0x1.e30063a0573cdp+3, 0x1.50782fca38e84p+5,
                                 -0x1.32d2cce2d5363p+6, 0x1.466bc67758700p+6,
                                 -0x1.4abbce625be41p+5};
    static const double cc[6] = {0x1.f9cc40acc3584p+2, -0x1.a6d1ec7e0ba21p+4,
                                 0x1.e1f5068367b21p+5, -0x1.55d3c7e3c9280p+6,
                                 0x1.03c1f081b5aaep+6, -0x1.3bd3cc9be45dep+4};
    __m256i j[NN_G];
    __m256d r[NN_G], z[NN_G], ps[NN_G], pc[NN_G];
    for (int i = 0; i < g; i++) {
        __m256d big = _mm256_add_pd(t[i], NN_PD(0x1.8p52));
        j[i] = _mm256_castpd_si256(big);
        r[i] = _mm256_mul_pd(
            _mm256_sub_pd(t[i], _mm256_sub_pd(big, NN_PD(0x1.8p52))),
            NN_PD(0.25));
        z[i] = _mm256_mul_pd(r[i], r[i]);
        ps[i] =
            _mm256_fmadd_pd(NN_PD(0x1.e3eed5de3ed79p+1), z[i], NN_PD(cs[0]));
        pc[i] =
            _mm256_fmadd_pd(NN_PD(-0x1.b263c3527f95cp+0), z[i], NN_PD(cc[0]));
    }
    for (int k = 1; k < 5; k++)
        for (int i = 0; i < g; i++) {
            ps[i] = _mm256_fmadd_pd(ps[i], z[i], NN_PD(cs[k]));
            pc[i] = _mm256_fmadd_pd(pc[i], z[i], NN_PD(cc[k]));
        }
    const __m256i top = NN_I64(0x8000000000000000u);
    for (int i = 0; i < g; i++) {
        pc[i] = _mm256_fmadd_pd(pc[i], z[i], NN_PD(cc[5]));
        __m256d sr = _mm256_fmadd_pd(
            NN_PD(0x1.921fb54442d18p+2), r[i],
            _mm256_mul_pd(r[i], _mm256_fmadd_pd(ps[i], z[i],
                                                NN_PD(0x1.0264588db4ba2p-52))));
        __m256d cr = _mm256_fmadd_pd(z[i], pc[i], NN_PD(1.0));
        __m256d sign_s = _mm256_castsi256_pd(
            _mm256_and_si256(_mm256_slli_epi64(j[i], 62), top));
        __m256d sign_c = _mm256_castsi256_pd(_mm256_and_si256(
            _mm256_slli_epi64(_mm256_add_epi64(j[i], NN_I64(1)), 62), top));
        __m256d odd = _mm256_castsi256_pd(_mm256_slli_epi64(j[i], 63));
        __m256d a = _mm256_blendv_pd(sr, cr, odd);
        __m256d b = _mm256_blendv_pd(cr, sr, odd);
        s[i] = _mm256_xor_pd(a, sign_s);
        c[i] = _mm256_xor_pd(b, sign_c);
    }
}

/*
 * nn_ndtri_lower on g vectors (wide), q in [2^-1022, 0.5] (nn_log4 needs q
 * normal; the inverse-CDF kernel passes q >= 2^-55). The three regions of
 * AS 241 are selected per lane as in the scalar code; the two tail
 * regions (log, sqrt and four polynomials) are computed only when some
 * lane of the g vectors is outside the central one, which changes no bit
 * of a central lane.
 */
NN_AINLINE void nn_ndtri_lower4_g(int g, const __m256d *q, __m256d *t)
{
    static const double A[8] = {
        2.5090809287301226727e+3, 3.3430575583588128105e+4,
        6.7265770927008700853e+4, 4.5921953931549871457e+4,
        1.3731693765509461125e+4, 1.9715909503065514427e+3,
        1.3314166789178437745e+2, 3.3871328727963666080e+0};
    static const double B[8] = {
        5.2264952788528545610e+3, 2.8729085735721942674e+4,
        3.9307895800092710610e+4, 2.1213794301586595867e+4,
        5.3941960214247511077e+3, 6.8718700749205790830e+2,
        4.2313330701600911252e+1, 1.0};
    static const double C[8] = {
        7.74545014278341407640e-4, 2.27238449892691845833e-2,
        2.41780725177450611770e-1, 1.27045825245236838258e+0,
        3.64784832476320460504e+0, 5.76949722146069140550e+0,
        4.63033784615654529590e+0, 1.42343711074968357734e+0};
    static const double D[8] = {
        1.05075007164441684324e-9, 5.47593808499534494600e-4,
        1.51986665636164571966e-2, 1.48103976427480074590e-1,
        6.89767334985100004550e-1, 1.67638483018380384940e+0,
        2.05319162663775882187e+0, 1.0};
    static const double E[8] = {
        2.01033439929228813265e-7, 2.71155556874348757815e-5,
        1.24266094738807843860e-3, 2.65321895265761230930e-2,
        2.96560571828504891230e-1, 1.78482653991729133580e+0,
        5.46378491116411436990e+0, 6.65790464350110377720e+0};
    static const double F[8] = {
        2.04426310338993978564e-15, 1.42151175831644588870e-7,
        1.84631831751005468180e-5,  7.86869131145613259100e-4,
        1.48753612908506148525e-2,  1.36929880922735805310e-1,
        5.99832206555887937690e-1,  1.0};

    __m256d qc[NN_G], rc[NN_G], num[NN_G], den[NN_G], central[NN_G];
    int all = 1;
    for (int i = 0; i < g; i++) {
        qc[i] = _mm256_sub_pd(q[i], NN_PD(0.5));
        rc[i] =
            _mm256_fnmadd_pd(qc[i], qc[i], NN_PD(0.180625)); /* fma(-qc,qc,.) */
        num[i] = NN_PD(A[0]);
        den[i] = NN_PD(B[0]);
        central[i] = _mm256_cmp_pd(qc[i], NN_PD(-0.425), _CMP_GE_OQ);
        all &= _mm256_movemask_pd(central[i]) == 0xF;
    }
    for (int k = 1; k < 8; k++)
        for (int i = 0; i < g; i++) {
            num[i] = _mm256_fmadd_pd(num[i], rc[i], NN_PD(A[k]));
            den[i] = _mm256_fmadd_pd(den[i], rc[i], NN_PD(B[k]));
        }
    for (int i = 0; i < g; i++)
        num[i] = _mm256_mul_pd(qc[i], num[i]);
    if (NN_UNLIKELY(!all)) {
        __m256d r[NN_G], r1[NN_G], r2[NN_G], nc[NN_G], dc[NN_G], ne[NN_G],
            de[NN_G];
        nn_log4_g(g, q, r);
        for (int i = 0; i < g; i++) {
            r[i] = _mm256_sqrt_pd(nn_neg4(r[i]));
            r1[i] = _mm256_sub_pd(r[i], NN_PD(1.6));
            r2[i] = _mm256_sub_pd(r[i], NN_PD(5.0));
            nc[i] = NN_PD(C[0]);
            dc[i] = NN_PD(D[0]);
            ne[i] = NN_PD(E[0]);
            de[i] = NN_PD(F[0]);
        }
        for (int k = 1; k < 8; k++)
            for (int i = 0; i < g; i++) {
                nc[i] = _mm256_fmadd_pd(nc[i], r1[i], NN_PD(C[k]));
                dc[i] = _mm256_fmadd_pd(dc[i], r1[i], NN_PD(D[k]));
                ne[i] = _mm256_fmadd_pd(ne[i], r2[i], NN_PD(E[k]));
                de[i] = _mm256_fmadd_pd(de[i], r2[i], NN_PD(F[k]));
            }
        for (int i = 0; i < g; i++) {
            __m256d far = _mm256_cmp_pd(r[i], NN_PD(5.0), _CMP_GT_OQ);
            __m256d nt = _mm256_blendv_pd(nc[i], ne[i], far);
            __m256d dt = _mm256_blendv_pd(dc[i], de[i], far);
            num[i] = _mm256_blendv_pd(nn_neg4(nt), num[i], central[i]);
            den[i] = _mm256_blendv_pd(dt, den[i], central[i]);
        }
    }
    for (int i = 0; i < g; i++)
        t[i] = _mm256_div_pd(num[i], den[i]);
}

#endif /* NNINIT_NNMATH_AVX2_H */
