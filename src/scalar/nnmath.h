/*
 * nninit's own elementary functions: the operation-for-operation
 * specification that every vector path (AVX2, AVX-512, NEON) mirrors.
 *
 * Why our own: libm differs between systems and has no vector form, so a
 * value computed with it could differ between the scalar and a vector path.
 * Every function here is straight-line code made of operations that are
 * correctly rounded on every target: +, -, *, /, sqrt, fma, integer and bit
 * operations, conversions, and a final select. The kernels are built with
 * -ffp-contract=off, so each operation below rounds exactly as written; a
 * wanted fused multiply-add is spelled fmaf/fma. A vector path computes
 * every branch of a function and blends (for example both polynomials of
 * nn_ndtri_lower_f32), so a `c ? a : b` here is a blend, never a jump
 * around work.
 *
 * Accuracy, measured by tests/test_math.c against libm in higher precision
 * (max error in ulps of the result; "every" = exhaustive sweep):
 *   nn_logf             every positive normal float        0.92 ulp
 *   nn_sincos2pif       every u = k * 2^-24 in [0, 1)      0.99 ulp relative,
 *                                                          zeros included
 *   nn_ndtri_lower_f32  every float q in [2^-32, 0.5]      2.54 ulp relative
 *   nn_log              1.2e7 points, subnormals included  0.84 ulp
 *   nn_exp              1.2e7 points in [-745, 709.7]      0.92 ulp
 *   nn_sincos2pi        1.2e7 points u = k * 2^-53         1.01 ulp relative
 *   nn_ndtri_lower      2e6 points q in (0, 0.5]           7.6e-16 relative
 *
 * The polynomial coefficients are minimax (Remez exchange, weighted for
 * relative error of the final result) fits made with mpmath at 40-50 digits
 * and rounded to the working precision; each block says which function, on
 * which interval, and to what degree, so the fit can be reproduced. Their
 * digits are in nnmath_coeffs.h, generated from tools/nnmath_coeffs.txt
 * (tools/gen_nnmath_coeffs.py; the vector mirrors include it too), so every
 * path reads the very same numbers.
 */
#ifndef NNINIT_NNMATH_H
#define NNINIT_NNMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "bits.h"
#include "nnmath_coeffs.h"

/* ================================================================ float32 */

/*
 * Natural logarithm for positive normal floats, x in [2^-126, FLT_MAX]
 * (the callers pass (0, 1]). Max error 0.92 ulp over every such float.
 *
 * Method (the classic one of Cephes logf and musl): write x = 2^k * m with
 * m in [sqrt(1/2), sqrt(2)), then log x = k*ln2 + log1p(f), f = m - 1.
 *  - The split is integer arithmetic on the bits: adding
 *    0x3F800000 - 0x3F3504F3 (1.0 minus sqrt(1/2) in bits) moves the
 *    exponent boundary from 1.0 down to sqrt(1/2); the exponent field then is
 *    k + 127 and the mantissa bits, re-based at sqrt(1/2), are m.
 *  - f = m - 1 is exact (Sterbenz: m is within a factor 2 of 1).
 *  - log1p(f) = f + f^2 * P(f), P a degree-8 minimax fit of
 *    (log1p(f) - f) / f^2 on [sqrt(1/2) - 1, sqrt(2) - 1], weighted for the
 *    relative error of log1p (approximation error 2^-27.9).
 *  - k*ln2 is added with ln2 split in two floats (ln2 = HI + LO to 2^-48),
 *    each product exact inside its fma, so the only large rounding is the
 *    last one.
 * x = 1 gives exactly 0; zero, negative, subnormal, inf and NaN inputs are
 * outside the contract.
 */
static inline float nn_logf(float x)
{
    uint32_t ix = nn_f32_bits(x) + (0x3F800000u - NN_SQRT_HALF_BITS_F32);
    float k = (float)((int32_t)(ix >> 23) - 127);
    float m = nn_bits_f32((ix & 0x007FFFFFu) + NN_SQRT_HALF_BITS_F32);
    float f = m - 1.0f;

    float p = NN_LOGF_P8;
    p = fmaf(p, f, NN_LOGF_P7);
    p = fmaf(p, f, NN_LOGF_P6);
    p = fmaf(p, f, NN_LOGF_P5);
    p = fmaf(p, f, NN_LOGF_P4);
    p = fmaf(p, f, NN_LOGF_P3);
    p = fmaf(p, f, NN_LOGF_P2);
    p = fmaf(p, f, NN_LOGF_P1);
    p = fmaf(p, f, NN_LOGF_P0);

    float y = fmaf(f * f, p, f);                 /* log1p(f) */
    return fmaf(k, NN_LOGF_LN2_HI, fmaf(k, NN_LOGF_LN2_LO, y));
}

/*
 * sin(2*pi*u) and cos(2*pi*u) for u in [0, 1), u a multiple of 2^-24 (as
 * Box-Muller's u2 is). Max error 0.99 ulp of each result over all 2^24
 * inputs, relative to the true value, including near the zeros of sin and
 * cos (there the reduced argument is exact and tiny, and the polynomial keeps
 * full relative accuracy; the absolute error is at most 6e-8 everywhere).
 *
 * Method: working in turns instead of radians makes the range reduction
 * exact. With j = round(4u) (0..4) and r = u - j/4, r in [-1/8, 1/8] is exact
 * in float (u has at most 24 bits after the binary point). Then
 *   sin(2 pi r) = r * S(r^2),  cos(2 pi r) = 1 + r^2 * C(r^2),
 * S of degree 3 and C of degree 3 in r^2: minimax fits on r in [0, 1/8]
 * (relative errors 2^-28.2 and 2^-33.9). S's leading coefficient (~2 pi) is
 * carried as HI + LO so that its rounding does not cost half an ulp. The
 * quadrant j & 3 then maps (sin, cos)(2 pi u) to
 *   j=0: ( S,  C)   j=1: ( C, -S)   j=2: (-S, -C)   j=3: (-C,  S)
 * which a vector path does with one blend (swap when j is odd) and two sign
 * xors. j comes from the round-to-nearest "magic number" trick: adding
 * 1.5 * 2^23 to t = 4u leaves round(t) in the low mantissa bits.
 */
static inline void nn_sincos2pif(float u, float *s, float *c)
{
    float t = u * 4.0f;                          /* exact */
    float big = t + 0x1.8p23f;                   /* round(t) in low bits */
    uint32_t j = nn_f32_bits(big);
    float r = (t - (big - 0x1.8p23f)) * 0.25f;   /* exact, |r| <= 1/8 */
    float z = r * r;

    float ps = fmaf(NN_SINF_S3, z, NN_SINF_S2);
    ps = fmaf(ps, z, NN_SINF_S1);
    float sr = fmaf(NN_SINF_S0_HI, r, r * fmaf(ps, z, NN_SINF_S0_LO));

    float pc = fmaf(NN_COSF_C3, z, NN_COSF_C2);
    pc = fmaf(pc, z, NN_COSF_C1);
    pc = fmaf(pc, z, NN_COSF_C0);
    float cr = fmaf(z, pc, 1.0f);

    uint32_t sign_s = (j & 2u) << 30;            /* j = 2, 3 */
    uint32_t sign_c = ((j + 1u) & 2u) << 30;     /* j = 1, 2 */
    float a = (j & 1u) ? cr : sr;
    float b = (j & 1u) ? sr : cr;
    *s = nn_bits_f32(nn_f32_bits(a) ^ sign_s);
    *c = nn_bits_f32(nn_f32_bits(b) ^ sign_c);
}

/*
 * The standard normal quantile Phi^-1(q) for q in (0, 0.5], in float: the
 * lower half, result <= 0 (the inverse-CDF kernel applies the sign).
 * Domain of the accuracy claim: q in [2^-32, 0.5]; max relative error
 * 2.54 ulp over every float there. The kernel only passes q > 2^-20.
 *
 * Method: Giles, "Approximating the erfinv function", GPU Computing Gems
 * (2010). With x = 1 - 2q, Phi^-1(q) = -sqrt(2) * erfinv(x), and Giles
 * writes erfinv(x) = x * P(w), w = -log((1 - x)(1 + x)), with one
 * polynomial in w for w < 5 and one in sqrt(w) beyond. Here:
 *  - (1 - x)(1 + x) = 4q(1 - q) is formed from q directly, so the small
 *    probabilities keep all their bits (1 - x would cancel);
 *  - the factor sqrt(2) is folded into the polynomials, which are our own
 *    minimax fits of sqrt(2) * erfinv(x) / x for relative error:
 *      A: degree 9 in (w - 1.5) on w in [0, 5]             (2^-27.4)
 *      B: degree 10 in (sqrt(w) - 3.5) on w in [5, 21]      (2^-26.8)
 *    (w = 21 is q = 2^-32 with a margin); the centres keep Horner's rounding
 *    small, and the subtractions are exact where they matter (Sterbenz);
 *  - -x * P = fmaf(2q, P, -P) with 2q exact: x itself is never rounded.
 * A vector path evaluates both polynomials and blends on w < 5.
 */
static inline float nn_ndtri_lower_f32(float q)
{
    float w = -nn_logf((4.0f * q) * (1.0f - q));

    float ta = w - NN_NDTRIF_A_CENTRE;
    float pa = NN_NDTRIF_A9;
    pa = fmaf(pa, ta, NN_NDTRIF_A8);
    pa = fmaf(pa, ta, NN_NDTRIF_A7);
    pa = fmaf(pa, ta, NN_NDTRIF_A6);
    pa = fmaf(pa, ta, NN_NDTRIF_A5);
    pa = fmaf(pa, ta, NN_NDTRIF_A4);
    pa = fmaf(pa, ta, NN_NDTRIF_A3);
    pa = fmaf(pa, ta, NN_NDTRIF_A2);
    pa = fmaf(pa, ta, NN_NDTRIF_A1);
    pa = fmaf(pa, ta, NN_NDTRIF_A0);

    float tb = sqrtf(w) - NN_NDTRIF_B_CENTRE;
    float pb = NN_NDTRIF_B10;
    pb = fmaf(pb, tb, NN_NDTRIF_B9);
    pb = fmaf(pb, tb, NN_NDTRIF_B8);
    pb = fmaf(pb, tb, NN_NDTRIF_B7);
    pb = fmaf(pb, tb, NN_NDTRIF_B6);
    pb = fmaf(pb, tb, NN_NDTRIF_B5);
    pb = fmaf(pb, tb, NN_NDTRIF_B4);
    pb = fmaf(pb, tb, NN_NDTRIF_B3);
    pb = fmaf(pb, tb, NN_NDTRIF_B2);
    pb = fmaf(pb, tb, NN_NDTRIF_B1);
    pb = fmaf(pb, tb, NN_NDTRIF_B0);

    float p = w < NN_NDTRIF_W_SPLIT ? pa : pb;
    return fmaf(2.0f * q, p, -p);                /* -(1 - 2q) * p */
}

/* ================================================================ float64 */

/*
 * Natural logarithm for positive doubles, subnormals included (the
 * Ziggurat's tail passes u in (0, 1], nn_ndtri_lower passes q in (0, 0.5]).
 *
 * Method: fdlibm's e_log.c (Sun Microsystems, 1993), branch-free:
 *  - subnormal x is first scaled by 2^54 (a select; k is corrected);
 *  - x = 2^k * m, m in [sqrt(1/2), sqrt(2)), by the same bit trick as
 *    nn_logf; f = m - 1 exact;
 *  - s = f / (2 + f), so that log1p(f) = 2 atanh(s) = 2s + s*R(s^2) with
 *    R(z) = 2z/3 + 2z^2/5 + ...; R is our minimax fit of degree 7 in z on
 *    z in [0, ((sqrt(2) - 1) / (sqrt(2) + 1))^2] (absolute error 2^-59.5);
 *  - fdlibm's rearrangement log1p(f) = f - (hfsq - s*(hfsq + R)),
 *    hfsq = f^2/2, keeps the large part f exact until the last operation;
 *  - ln2 = LN2_HI + LN2_LO with LN2_HI's low 21 bits zero, so k * LN2_HI is
 *    exact for any k.
 * log(1) is exactly 0. Zero, negative, inf and NaN inputs are outside the
 * contract.
 */
static inline double nn_log(double x)
{
    const double ln2_hi = NN_LOG_LN2_HI; /* fdlibm's split of ln2 */
    const double ln2_lo = NN_LOG_LN2_LO;

    int sub = x < 0x1p-1022;
    double xs = sub ? x * 0x1p54 : x;
    double kbias = sub ? -54.0 : 0.0;

    uint64_t ix = nn_f64_bits(xs) + (0x3FF0000000000000u - NN_SQRT_HALF_BITS_F64);
    double k = (double)((int32_t)(ix >> 52) - 1023) + kbias;
    double m = nn_bits_f64((ix & 0x000FFFFFFFFFFFFFu) + NN_SQRT_HALF_BITS_F64);
    double f = m - 1.0;

    double s = f / (2.0 + f);
    double z = s * s;
    double R = NN_LOG_R7;
    R = fma(R, z, NN_LOG_R6);
    R = fma(R, z, NN_LOG_R5);
    R = fma(R, z, NN_LOG_R4);
    R = fma(R, z, NN_LOG_R3);
    R = fma(R, z, NN_LOG_R2);
    R = fma(R, z, NN_LOG_R1);
    R = R * z;

    double hfsq = 0.5 * f * f;
    return k * ln2_hi - ((hfsq - (s * (hfsq + R) + k * ln2_lo)) - f);
}

/*
 * exp(x) for any double: the Ziggurat's wedge test uses it on [-745, 0].
 * Results below 2^-1022 are subnormal (correctly to about 1 ulp of the
 * subnormal), x < -745.2 gives 0, x > 709.8 gives +inf, NaN stays NaN.
 *
 * Method: Cody-Waite reduction with an fma. k = round(x / ln2) by the
 * round-to-nearest magic number 1.5 * 2^52; r = x - k*ln2 with ln2 = HI + LO:
 * x - k*HI is exact inside the fma (both are multiples of 2^-53 and the
 * difference is below 1/2), so r carries one rounding only. Then
 *   exp(r) = 1 + r * (1 + r * Q(r)),  |r| <= ln2/2,
 * Q a degree-9 minimax fit of (exp(r) - 1 - r) / r^2 (relative error of
 * exp(r) 2^-57.9). Finally 2^k is applied as two powers of two,
 * (p * 2^k1) * 2^k2 with k1 = k/2, k2 = k - k1, so that neither factor
 * leaves the exponent range: p * 2^k1 is exact, and the second product is
 * exact too unless the result is subnormal, where it is the one rounding.
 * (So any split of k with both halves in [-538, 512] gives the same bits; a
 * vector path may halve k with an arithmetic shift.) x is clamped to
 * [-746, 710] first so that k stays in range (exp is 0 or inf there anyway).
 */
static inline double nn_exp(double x)
{
    const double ln2_hi = NN_EXP_LN2_HI;
    const double ln2_lo = NN_EXP_LN2_LO;

    x = x < -746.0 ? -746.0 : x;                 /* NaN compares false */
    x = x > 710.0 ? 710.0 : x;

    double kd = x * NN_EXP_INV_LN2 + 0x1.8p52;
    kd = kd - 0x1.8p52;                          /* round(x / ln2) */
    double r = fma(-kd, ln2_hi, x);
    r = fma(-kd, ln2_lo, r);

    double q = NN_EXP_Q9;
    q = fma(q, r, NN_EXP_Q8);
    q = fma(q, r, NN_EXP_Q7);
    q = fma(q, r, NN_EXP_Q6);
    q = fma(q, r, NN_EXP_Q5);
    q = fma(q, r, NN_EXP_Q4);
    q = fma(q, r, NN_EXP_Q3);
    q = fma(q, r, NN_EXP_Q2);
    q = fma(q, r, NN_EXP_Q1);
    q = fma(q, r, NN_EXP_Q0);
    double p = fma(r, fma(r, q, 1.0), 1.0);

    /* A NaN x stays NaN through p whatever k is; converting NaN to int
     * would be undefined, so it takes k = 0. */
    int k = kd == kd ? (int)kd : 0;
    int k1 = k / 2;
    int k2 = k - k1;
    double s1 = nn_bits_f64((uint64_t)(k1 + 1023) << 52);
    double s2 = nn_bits_f64((uint64_t)(k2 + 1023) << 52);
    return (p * s1) * s2;
}

/*
 * sin(2*pi*u) and cos(2*pi*u) for u in [0, 1), u a multiple of 2^-53 (as
 * Box-Muller's double u2 is). Same method as nn_sincos2pif: exact reduction
 * in turns, r = u - round(4u)/4 in [-1/8, 1/8], then
 *   sin(2 pi r) = r * S(r^2)  (S degree 6, relative error 2^-58.1, leading
 *                              coefficient as HI + LO),
 *   cos(2 pi r) = 1 + r^2 * C(r^2)  (C degree 6, relative error 2^-64.5),
 * and the quadrant swap/sign as in the float version.
 */
static inline void nn_sincos2pi(double u, double *s, double *c)
{
    double t = u * 4.0;                          /* exact */
    double big = t + 0x1.8p52;                   /* round(t) in low bits */
    uint64_t j = nn_f64_bits(big);
    double r = (t - (big - 0x1.8p52)) * 0.25;    /* exact, |r| <= 1/8 */
    double z = r * r;

    double ps = fma(NN_SIN_S6, z, NN_SIN_S5);
    ps = fma(ps, z, NN_SIN_S4);
    ps = fma(ps, z, NN_SIN_S3);
    ps = fma(ps, z, NN_SIN_S2);
    ps = fma(ps, z, NN_SIN_S1);
    double sr = fma(NN_SIN_S0_HI, r, r * fma(ps, z, NN_SIN_S0_LO));

    double pc = fma(NN_COS_C6, z, NN_COS_C5);
    pc = fma(pc, z, NN_COS_C4);
    pc = fma(pc, z, NN_COS_C3);
    pc = fma(pc, z, NN_COS_C2);
    pc = fma(pc, z, NN_COS_C1);
    pc = fma(pc, z, NN_COS_C0);
    double cr = fma(z, pc, 1.0);

    uint64_t sign_s = (j & 2u) << 62;            /* j = 2, 3 */
    uint64_t sign_c = ((j + 1u) & 2u) << 62;     /* j = 1, 2 */
    double a = (j & 1u) ? cr : sr;
    double b = (j & 1u) ? sr : cr;
    *s = nn_bits_f64(nn_f64_bits(a) ^ sign_s);
    *c = nn_bits_f64(nn_f64_bits(b) ^ sign_c);
}

/*
 * The standard normal quantile Phi^-1(q) for q in (0, 0.5] in double
 * (result <= 0; q may be subnormal).
 *
 * Method: Wichura, "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37 (1988) 477-484, PPND16: three
 * regions, each a ratio of two degree-7 polynomials (coefficients as
 * published), accurate to about 1 part in 10^16:
 *   central, q >= 0.075:   qc * A(rc) / B(rc),  qc = q - 1/2,
 *                          rc = 0.180625 - qc^2;
 *   tail, r = sqrt(-log q) <= 5:  -C(r - 1.6) / D(r - 1.6);
 *   far tail, r > 5:              -E(r - 5) / F(r - 5).
 * All three numerators and denominators are computed (a vector path does
 * the same), the region's pair is selected, and one division finishes.
 * Horner steps use fma.
 */
/* The three regions of AS241, each a rational function; nn_ndtri_lower
 * computes all three and selects (as a vector path must), the slow paths
 * use nn_ndtri_lower_branchy, which computes only the region needed and
 * gives the same bits. */
static inline double nn_ndtri_central(double qc)
{
    double rc = fma(-qc, qc, NN_NDTRI_RC0);
    double na = NN_NDTRI_A7;
    na = fma(na, rc, NN_NDTRI_A6);
    na = fma(na, rc, NN_NDTRI_A5);
    na = fma(na, rc, NN_NDTRI_A4);
    na = fma(na, rc, NN_NDTRI_A3);
    na = fma(na, rc, NN_NDTRI_A2);
    na = fma(na, rc, NN_NDTRI_A1);
    na = fma(na, rc, NN_NDTRI_A0);
    double da = NN_NDTRI_B7;
    da = fma(da, rc, NN_NDTRI_B6);
    da = fma(da, rc, NN_NDTRI_B5);
    da = fma(da, rc, NN_NDTRI_B4);
    da = fma(da, rc, NN_NDTRI_B3);
    da = fma(da, rc, NN_NDTRI_B2);
    da = fma(da, rc, NN_NDTRI_B1);
    da = fma(da, rc, NN_NDTRI_B0);
    return qc * na / da;
}

static inline double nn_ndtri_mid(double r)
{
    double r1 = r - NN_NDTRI_MID_R;
    double nc = NN_NDTRI_C7;
    nc = fma(nc, r1, NN_NDTRI_C6);
    nc = fma(nc, r1, NN_NDTRI_C5);
    nc = fma(nc, r1, NN_NDTRI_C4);
    nc = fma(nc, r1, NN_NDTRI_C3);
    nc = fma(nc, r1, NN_NDTRI_C2);
    nc = fma(nc, r1, NN_NDTRI_C1);
    nc = fma(nc, r1, NN_NDTRI_C0);
    double dc = NN_NDTRI_D7;
    dc = fma(dc, r1, NN_NDTRI_D6);
    dc = fma(dc, r1, NN_NDTRI_D5);
    dc = fma(dc, r1, NN_NDTRI_D4);
    dc = fma(dc, r1, NN_NDTRI_D3);
    dc = fma(dc, r1, NN_NDTRI_D2);
    dc = fma(dc, r1, NN_NDTRI_D1);
    dc = fma(dc, r1, NN_NDTRI_D0);
    return -nc / dc;
}

static inline double nn_ndtri_far(double r)
{
    double r2 = r - NN_NDTRI_FAR_R;
    double ne = NN_NDTRI_E7;
    ne = fma(ne, r2, NN_NDTRI_E6);
    ne = fma(ne, r2, NN_NDTRI_E5);
    ne = fma(ne, r2, NN_NDTRI_E4);
    ne = fma(ne, r2, NN_NDTRI_E3);
    ne = fma(ne, r2, NN_NDTRI_E2);
    ne = fma(ne, r2, NN_NDTRI_E1);
    ne = fma(ne, r2, NN_NDTRI_E0);
    double de = NN_NDTRI_F7;
    de = fma(de, r2, NN_NDTRI_F6);
    de = fma(de, r2, NN_NDTRI_F5);
    de = fma(de, r2, NN_NDTRI_F4);
    de = fma(de, r2, NN_NDTRI_F3);
    de = fma(de, r2, NN_NDTRI_F2);
    de = fma(de, r2, NN_NDTRI_F1);
    de = fma(de, r2, NN_NDTRI_F0);
    return -ne / de;
}

static inline double nn_ndtri_lower(double q)
{
    double qc = q - 0.5;
    double r = sqrt(-nn_log(q));
    double c = nn_ndtri_central(qc), m = nn_ndtri_mid(r), f = nn_ndtri_far(r);
    return qc >= NN_NDTRI_CENTRAL_QC ? c : (r > NN_NDTRI_FAR_R ? f : m);
}

static inline double nn_ndtri_lower_branchy(double q)
{
    double qc = q - 0.5;
    if (qc >= NN_NDTRI_CENTRAL_QC)
        return nn_ndtri_central(qc);
    double r = sqrt(-nn_log(q));
    return r > NN_NDTRI_FAR_R ? nn_ndtri_far(r) : nn_ndtri_mid(r);
}

#endif /* NNINIT_NNMATH_H */
