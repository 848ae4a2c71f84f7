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

#include "../scalar/nnmath_coeffs.h"
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

/*
 * u = ((w1 << 32 | w0) >> 11) 2^-53 (the uniform's 53-bit value in
 * [0, 1)) for the 16 elements of one raw Philox set (c[k] = word k of 8
 * blocks, in nn_px_gen's lane order), exactly: element 2b of block b
 * takes words 0 and 1, element 2b + 1 words 2 and 3. Each word vector is
 * unpacked with an exponent into 64-bit lanes: w1 becomes
 * 2^20 + w1 2^-32 (the ulp of 2^20 is 2^-32), w0 >> 11 becomes
 * 1/2 + (w0 >> 11) 2^-53 (the ulp of 1/2); then
 * (2^20 + w1 2^-32 - (2^20 + 1/2)) + (1/2 + (w0 >> 11) 2^-53) is exact at
 * both steps (each result is a multiple of 2^-32, resp. 2^-53, below 1).
 * x[0], x[1] hold the even elements of the blocks in lanes {0, 2, 1, 3}
 * and {4, 6, 5, 7}, x[2], x[3] the odd ones; nn_u53_store puts them in
 * memory order. Per 16 values: 2 shifts, 8 unpacks and 8 adds, where the
 * transpose, nn_cvt_u53 and the scaling take 8 unpacks, 8 shifts and 20
 * others.
 */
NN_AINLINE void nn_u01_raw(const __m256i c[4], __m256d x[4])
{
    const __m256i eh = NN_I32(0x41300000u), el = NN_I32(0x3FE00000u);
    const __m256d k = NN_PD(0x1p20 + 0.5);
    for (int e = 0; e < 2; e++) {
        __m256i lo = _mm256_srli_epi32(c[2 * e], 11), hi = c[2 * e + 1];
        __m256d h0 = _mm256_castsi256_pd(_mm256_unpacklo_epi32(hi, eh));
        __m256d h1 = _mm256_castsi256_pd(_mm256_unpackhi_epi32(hi, eh));
        __m256d l0 = _mm256_castsi256_pd(_mm256_unpacklo_epi32(lo, el));
        __m256d l1 = _mm256_castsi256_pd(_mm256_unpackhi_epi32(lo, el));
        x[2 * e] = _mm256_add_pd(_mm256_sub_pd(h0, k), l0);
        x[2 * e + 1] = _mm256_add_pd(_mm256_sub_pd(h1, k), l1);
    }
}

/* Stores the 16 doubles x[k] = f(v[k]) of nn_u53_raw's layout in memory
 * order at d (unaligned). */
NN_AINLINE void nn_u53_store(double *d, const __m256d x[4])
{
    _mm256_storeu_pd(d, _mm256_unpacklo_pd(x[0], x[2]));
    _mm256_storeu_pd(d + 4, _mm256_unpackhi_pd(x[0], x[2]));
    _mm256_storeu_pd(d + 8, _mm256_unpacklo_pd(x[1], x[3]));
    _mm256_storeu_pd(d + 12, _mm256_unpackhi_pd(x[1], x[3]));
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
        __m256i ix =
            _mm256_add_epi32(_mm256_castps_si256(x[i]),
                             NN_I32(0x3F800000u - NN_SQRT_HALF_BITS_F32));
        k[i] = _mm256_cvtepi32_ps(
            _mm256_sub_epi32(_mm256_srli_epi32(ix, 23), NN_I32(127)));
        __m256 m = _mm256_castsi256_ps(
            _mm256_add_epi32(_mm256_and_si256(ix, NN_I32(0x007FFFFFu)),
                             NN_I32(NN_SQRT_HALF_BITS_F32)));
        f[i] = _mm256_sub_ps(m, NN_PS(1.0f));
    }
    static const float c[8] = {NN_LOGF_P7, NN_LOGF_P6, NN_LOGF_P5, NN_LOGF_P4,
                               NN_LOGF_P3, NN_LOGF_P2, NN_LOGF_P1, NN_LOGF_P0};
    for (int i = 0; i < g; i++)
        p[i] = _mm256_fmadd_ps(NN_PS(NN_LOGF_P8), f[i], NN_PS(c[0]));
    for (int j = 1; j < 8; j++)
        for (int i = 0; i < g; i++)
            p[i] = _mm256_fmadd_ps(p[i], f[i], NN_PS(c[j]));
    for (int i = 0; i < g; i++) {
        __m256 yy = _mm256_fmadd_ps(_mm256_mul_ps(f[i], f[i]), p[i], f[i]);
        y[i] =
            _mm256_fmadd_ps(k[i], NN_PS(NN_LOGF_LN2_HI),
                            _mm256_fmadd_ps(k[i], NN_PS(NN_LOGF_LN2_LO), yy));
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
        ps[i] = _mm256_fmadd_ps(NN_PS(NN_SINF_S3), z[i], NN_PS(NN_SINF_S2));
        pc[i] = _mm256_fmadd_ps(NN_PS(NN_COSF_C3), z[i], NN_PS(NN_COSF_C2));
    }
    for (int i = 0; i < g; i++) {
        ps[i] = _mm256_fmadd_ps(ps[i], z[i], NN_PS(NN_SINF_S1));
        pc[i] = _mm256_fmadd_ps(pc[i], z[i], NN_PS(NN_COSF_C1));
    }
    for (int i = 0; i < g; i++) {
        ps[i] = _mm256_fmadd_ps(ps[i], z[i], NN_PS(NN_SINF_S0_LO));
        pc[i] = _mm256_fmadd_ps(pc[i], z[i], NN_PS(NN_COSF_C0));
    }
    const __m256i top = NN_I32(0x80000000u);
    for (int i = 0; i < g; i++) {
        __m256 sr = _mm256_fmadd_ps(NN_PS(NN_SINF_S0_HI), r[i],
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
    static const float c[9] = {NN_NDTRIF_A8, NN_NDTRIF_A7, NN_NDTRIF_A6,
                               NN_NDTRIF_A5, NN_NDTRIF_A4, NN_NDTRIF_A3,
                               NN_NDTRIF_A2, NN_NDTRIF_A1, NN_NDTRIF_A0};
    __m256 ta[NN_G];
    for (int i = 0; i < g; i++)
        ta[i] = _mm256_sub_ps(w[i], NN_PS(NN_NDTRIF_A_CENTRE));
    for (int i = 0; i < g; i++)
        pa[i] = _mm256_fmadd_ps(NN_PS(NN_NDTRIF_A9), ta[i], NN_PS(c[0]));
    for (int j = 1; j < 9; j++)
        for (int i = 0; i < g; i++)
            pa[i] = _mm256_fmadd_ps(pa[i], ta[i], NN_PS(c[j]));
}

NN_AINLINE __m256 nn_ndtri_pb8(__m256 w)
{
    __m256 tb = _mm256_sub_ps(_mm256_sqrt_ps(w), NN_PS(NN_NDTRIF_B_CENTRE));
    __m256 pb = NN_PS(NN_NDTRIF_B10);
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B9));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B8));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B7));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B6));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B5));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B4));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B3));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B2));
    pb = _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B1));
    return _mm256_fmadd_ps(pb, tb, NN_PS(NN_NDTRIF_B0));
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
        far[i] = _mm256_cmp_ps(w[i], NN_PS(NN_NDTRIF_W_SPLIT),
                               _CMP_NLT_UQ); /* !(w < 5) */
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
    const double ln2_hi = NN_LOG_LN2_HI;
    const double ln2_lo = NN_LOG_LN2_LO;
    static const double c[6] = {NN_LOG_R6, NN_LOG_R5, NN_LOG_R4,
                                NN_LOG_R3, NN_LOG_R2, NN_LOG_R1};
    __m256d k[NN_G], f[NN_G], s[NN_G], z[NN_G], R[NN_G];
    for (int i = 0; i < g; i++) {
        __m256i ix = _mm256_add_epi64(
            _mm256_castpd_si256(x[i]),
            NN_I64(0x3FF0000000000000u - NN_SQRT_HALF_BITS_F64));
        k[i] = _mm256_sub_pd(
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(ix, 52),
                                                NN_I64(0x4330000000000000u))),
            NN_PD(0x1p52 + 1023.0));
        __m256d m = _mm256_castsi256_pd(
            _mm256_add_epi64(_mm256_and_si256(ix, NN_I64(0x000FFFFFFFFFFFFFu)),
                             NN_I64(NN_SQRT_HALF_BITS_F64)));
        f[i] = _mm256_sub_pd(m, NN_PD(1.0));
    }
    for (int i = 0; i < g; i++)
        s[i] = _mm256_div_pd(f[i], _mm256_add_pd(NN_PD(2.0), f[i]));
    for (int i = 0; i < g; i++) {
        z[i] = _mm256_mul_pd(s[i], s[i]);
        R[i] = _mm256_fmadd_pd(NN_PD(NN_LOG_R7), z[i], NN_PD(c[0]));
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
    const double ln2_hi = NN_EXP_LN2_HI;
    const double ln2_lo = NN_EXP_LN2_LO;
    static const double c[9] = {NN_EXP_Q8, NN_EXP_Q7, NN_EXP_Q6,
                                NN_EXP_Q5, NN_EXP_Q4, NN_EXP_Q3,
                                NN_EXP_Q2, NN_EXP_Q1, NN_EXP_Q0};
    x = _mm256_max_pd(x, NN_PD(-746.0));
    x = _mm256_min_pd(x, NN_PD(710.0));
    __m256d kd =
        _mm256_add_pd(_mm256_mul_pd(x, NN_PD(NN_EXP_INV_LN2)), NN_PD(0x1.8p52));
    kd = _mm256_sub_pd(kd, NN_PD(0x1.8p52));
    __m256d r = _mm256_fnmadd_pd(kd, NN_PD(ln2_hi), x); /* fma(-kd, hi, x) */
    r = _mm256_fnmadd_pd(kd, NN_PD(ln2_lo), r);
    __m256d q = NN_PD(NN_EXP_Q9);
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
    static const double cs[5] = {NN_SIN_S5, NN_SIN_S4, NN_SIN_S3, NN_SIN_S2,
                                 NN_SIN_S1};
    static const double cc[6] = {NN_COS_C5, NN_COS_C4, NN_COS_C3,
                                 NN_COS_C2, NN_COS_C1, NN_COS_C0};
    __m256i j[NN_G];
    __m256d r[NN_G], z[NN_G], ps[NN_G], pc[NN_G];
    for (int i = 0; i < g; i++) {
        __m256d big = _mm256_add_pd(t[i], NN_PD(0x1.8p52));
        j[i] = _mm256_castpd_si256(big);
        r[i] = _mm256_mul_pd(
            _mm256_sub_pd(t[i], _mm256_sub_pd(big, NN_PD(0x1.8p52))),
            NN_PD(0.25));
        z[i] = _mm256_mul_pd(r[i], r[i]);
        ps[i] = _mm256_fmadd_pd(NN_PD(NN_SIN_S6), z[i], NN_PD(cs[0]));
        pc[i] = _mm256_fmadd_pd(NN_PD(NN_COS_C6), z[i], NN_PD(cc[0]));
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
            NN_PD(NN_SIN_S0_HI), r[i],
            _mm256_mul_pd(r[i],
                          _mm256_fmadd_pd(ps[i], z[i], NN_PD(NN_SIN_S0_LO))));
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
 * The two tail regions of AS 241 on g vectors (wide): for the lanes of q
 * outside the central region, the negated numerator and the denominator
 * of the scalar nn_ndtri_lower (-C/D or -E/F, selected by r > FAR_R).
 * The far pair (q < e^-25) is computed only when some lane of the g
 * vectors needs it: a lane that does not gets -C/D either way.
 */
NN_AINLINE void nn_ndtri_tail4_g(int g, const __m256d *q, __m256d *nt,
                                 __m256d *dt)
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
    __m256d r[NN_G], r1[NN_G], far[NN_G];
    int anyfar = 0;
    nn_log4_g(g, q, r);
    for (int i = 0; i < g; i++) {
        r[i] = _mm256_sqrt_pd(nn_neg4(r[i]));
        r1[i] = _mm256_sub_pd(r[i], NN_PD(NN_NDTRI_MID_R));
        far[i] = _mm256_cmp_pd(r[i], NN_PD(NN_NDTRI_FAR_R), _CMP_GT_OQ);
        anyfar |= _mm256_movemask_pd(far[i]);
        nt[i] = NN_PD(C[0]);
        dt[i] = NN_PD(D[0]);
    }
    for (int k = 1; k < 8; k++)
        for (int i = 0; i < g; i++) {
            nt[i] = _mm256_fmadd_pd(nt[i], r1[i], NN_PD(C[k]));
            dt[i] = _mm256_fmadd_pd(dt[i], r1[i], NN_PD(D[k]));
        }
    if (NN_UNLIKELY(anyfar)) {
        __m256d r2[NN_G], ne[NN_G], de[NN_G];
        for (int i = 0; i < g; i++) {
            r2[i] = _mm256_sub_pd(r[i], NN_PD(NN_NDTRI_FAR_R));
            ne[i] = NN_PD(E[0]);
            de[i] = NN_PD(F[0]);
        }
        for (int k = 1; k < 8; k++)
            for (int i = 0; i < g; i++) {
                ne[i] = _mm256_fmadd_pd(ne[i], r2[i], NN_PD(E[k]));
                de[i] = _mm256_fmadd_pd(de[i], r2[i], NN_PD(F[k]));
            }
        for (int i = 0; i < g; i++) {
            nt[i] = _mm256_blendv_pd(nt[i], ne[i], far[i]);
            dt[i] = _mm256_blendv_pd(dt[i], de[i], far[i]);
        }
    }
    for (int i = 0; i < g; i++)
        nt[i] = nn_neg4(nt[i]);
}

/* Vectors per step of the tail regions in nn_ndtri_lower4_g, and the
 * most vectors it takes at once. */
#ifndef NN_NDTRI_TAIL_G
#define NN_NDTRI_TAIL_G 4
#endif
#define NN_NDTRI_G (2 * NN_G)

/* The central region's num = qc A(rc) and den = B(rc) on g <= NN_G vectors
 * (wide), and the lanes that are in it. */
NN_AINLINE void nn_ndtri_central4_g(int g, const __m256d *q, __m256d *num,
                                    __m256d *den, __m256d *central)
{
    static const double A[8] = {NN_NDTRI_A7, NN_NDTRI_A6, NN_NDTRI_A5,
                                NN_NDTRI_A4, NN_NDTRI_A3, NN_NDTRI_A2,
                                NN_NDTRI_A1, NN_NDTRI_A0};
    static const double B[8] = {NN_NDTRI_B7, NN_NDTRI_B6, NN_NDTRI_B5,
                                NN_NDTRI_B4, NN_NDTRI_B3, NN_NDTRI_B2,
                                NN_NDTRI_B1, NN_NDTRI_B0};
    __m256d qc[NN_G], rc[NN_G];
    for (int i = 0; i < g; i++) {
        qc[i] = _mm256_sub_pd(q[i], NN_PD(0.5));
        rc[i] = _mm256_fnmadd_pd(qc[i], qc[i],
                                 NN_PD(NN_NDTRI_RC0)); /* fma(-qc,qc,.) */
        num[i] = NN_PD(A[0]);
        den[i] = NN_PD(B[0]);
        central[i] =
            _mm256_cmp_pd(qc[i], NN_PD(NN_NDTRI_CENTRAL_QC), _CMP_GE_OQ);
    }
    for (int k = 1; k < 8; k++)
        for (int i = 0; i < g; i++) {
            num[i] = _mm256_fmadd_pd(num[i], rc[i], NN_PD(A[k]));
            den[i] = _mm256_fmadd_pd(den[i], rc[i], NN_PD(B[k]));
        }
    for (int i = 0; i < g; i++)
        num[i] = _mm256_mul_pd(qc[i], num[i]);
}

/* vpermps indices that move 64-bit lanes a, b, c, d to lanes 0-3. */
#define NN_PK(a, b, c, d)                                                      \
    {                                                                          \
        2 * (a), 2 * (a) + 1, 2 * (b), 2 * (b) + 1, 2 * (c), 2 * (c) + 1,      \
            2 * (d), 2 * (d) + 1                                               \
    }
/* For each 4-bit lane mask m: the lanes of m moved to the front, in order
 * (compress), and back to their places from the front (expand); the
 * lanes outside m get lane 0 (expand: a blend discards them). */
static const int32_t nn_pk_compress[16][8] = {
    NN_PK(0, 0, 0, 0), NN_PK(0, 0, 0, 0), NN_PK(1, 0, 0, 0), NN_PK(0, 1, 0, 0),
    NN_PK(2, 0, 0, 0), NN_PK(0, 2, 0, 0), NN_PK(1, 2, 0, 0), NN_PK(0, 1, 2, 0),
    NN_PK(3, 0, 0, 0), NN_PK(0, 3, 0, 0), NN_PK(1, 3, 0, 0), NN_PK(0, 1, 3, 0),
    NN_PK(2, 3, 0, 0), NN_PK(0, 2, 3, 0), NN_PK(1, 2, 3, 0), NN_PK(0, 1, 2, 3)};
static const int32_t nn_pk_expand[16][8] = {
    NN_PK(0, 0, 0, 0), NN_PK(0, 0, 0, 0), NN_PK(0, 0, 0, 0), NN_PK(0, 1, 0, 0),
    NN_PK(0, 0, 0, 0), NN_PK(0, 0, 1, 0), NN_PK(0, 0, 1, 0), NN_PK(0, 1, 2, 0),
    NN_PK(0, 0, 0, 0), NN_PK(0, 0, 0, 1), NN_PK(0, 0, 0, 1), NN_PK(0, 1, 0, 2),
    NN_PK(0, 0, 0, 1), NN_PK(0, 0, 1, 2), NN_PK(0, 0, 1, 2), NN_PK(0, 1, 2, 3)};
#undef NN_PK

/*
 * nn_ndtri_lower on g <= NN_NDTRI_G vectors, q in [2^-1022, 0.5] (nn_log4
 * needs q normal; the inverse-CDF kernel passes q >= 2^-55). The three
 * regions of AS 241 are selected per lane as in the scalar code. The
 * central region is computed for every vector, NN_G at a time. The tail
 * regions (log, sqrt and two or four polynomials: most of the work, and a
 * long dependency chain) only for the lanes outside the central one, 15%
 * of q in (0, 0.5]: those lanes are packed into whole vectors (a permute
 * and an unaligned store per vector), computed NN_NDTRI_TAIL_G vectors at
 * a time (16 vectors of q need one such step 98.7% of the time, where
 * taking the vectors with any tail lane, half of them, needed two), and
 * put back in place (a load, a permute and a blend). The lanes that pad
 * the last step get q = 1/4. A lane's value is the same function of its
 * q wherever it is computed, so no bit changes.
 */
NN_AINLINE void nn_ndtri_lower4_g(int g, const __m256d *q, __m256d *t)
{
    enum { TG = NN_NDTRI_TAIL_G };
    __m256d num[NN_NDTRI_G], den[NN_NDTRI_G], central[NN_NDTRI_G];
    /* the packed tail lanes: q, then -numerator and denominator */
    _Alignas(32) double qp[4 * (NN_NDTRI_G + TG)];
    _Alignas(32) double np[4 * (NN_NDTRI_G + TG + 1)];
    _Alignas(32) double dp[4 * (NN_NDTRI_G + TG + 1)];
    unsigned mask[NN_NDTRI_G];
    unsigned pos[NN_NDTRI_G];
    unsigned np_lanes = 0;
    for (int c0 = 0; c0 < g; c0 += NN_G) {
        int gc = g - c0 < NN_G ? g - c0 : NN_G;
        nn_ndtri_central4_g(gc, q + c0, num + c0, den + c0, central + c0);
    }
    for (int i = 0; i < g; i++) {
        mask[i] = (unsigned)_mm256_movemask_pd(central[i]) ^ 0xFu;
        pos[i] = np_lanes;
        __m256i ix =
            _mm256_load_si256((const __m256i *)nn_pk_compress[mask[i]]);
        _mm256_storeu_pd(qp + np_lanes,
                         _mm256_castps_pd(_mm256_permutevar8x32_ps(
                             _mm256_castpd_ps(q[i]), ix)));
        np_lanes += (unsigned)__builtin_popcount(mask[i]);
    }
    unsigned steps = (np_lanes + 4 * TG - 1) / (4 * TG);
    for (int i = 0; i < TG; i++) /* pad the last step */
        _mm256_storeu_pd(qp + np_lanes + 4 * i, NN_PD(0.25));
    for (unsigned j = 0; j < steps; j++) {
        __m256d qt[TG], nt[TG], dt[TG];
        for (int i = 0; i < TG; i++)
            qt[i] = _mm256_load_pd(qp + 4 * (TG * j + i));
        nn_ndtri_tail4_g(TG, qt, nt, dt);
        for (int i = 0; i < TG; i++) {
            _mm256_store_pd(np + 4 * (TG * j + i), nt[i]);
            _mm256_store_pd(dp + 4 * (TG * j + i), dt[i]);
        }
    }
    /* the expand below reads up to 3 lanes past the last packed one */
    _mm256_store_pd(np + 4 * TG * steps, NN_PD(0.0));
    _mm256_store_pd(dp + 4 * TG * steps, NN_PD(1.0));
    for (int i = 0; i < g; i++) {
        __m256i ix = _mm256_load_si256((const __m256i *)nn_pk_expand[mask[i]]);
        __m256d nt = _mm256_castps_pd(_mm256_permutevar8x32_ps(
            _mm256_castpd_ps(_mm256_loadu_pd(np + pos[i])), ix));
        __m256d dt = _mm256_castps_pd(_mm256_permutevar8x32_ps(
            _mm256_castpd_ps(_mm256_loadu_pd(dp + pos[i])), ix));
        num[i] = _mm256_blendv_pd(nt, num[i], central[i]);
        den[i] = _mm256_blendv_pd(dt, den[i], central[i]);
    }
    for (int i = 0; i < g; i++)
        t[i] = _mm256_div_pd(num[i], den[i]);
}

#endif /* NNINIT_NNMATH_AVX2_H */
