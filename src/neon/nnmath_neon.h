/*
 * nninit's elementary functions on NEON: src/scalar/nnmath.h, operation for
 * operation, four float or two double lanes at a time. Read that file for
 * the methods, the coefficients' origin and the accuracy; this one only
 * transcribes.
 *
 * Transcription rules, so that every lane gives the scalar bits:
 *  - fmaf(a, b, c) / fma(a, b, c) is nn_fma_f32(a, b, c) / nn_fma_f64
 *    (vfmaq with the scalar argument order); every other multiply and add
 *    is a separate vmulq / vaddq / vsubq (never vmlaq, which AArch64 may
 *    fuse), in the order C evaluates the scalar expression;
 *  - division and square root are the IEEE operations (nn_vdivq_*,
 *    nn_vsqrtq_*: correctly rounded, like the scalar ones);
 *  - conversions convert exact integers (small exponents, < 2^24 or 2^53
 *    mantissas), except where the scalar code rounds too and says so;
 *  - a scalar `c ? a : b` is a compare and vbslq; both sides are always
 *    computed, as the scalar comments anticipate.
 */
#ifndef NNINIT_NNMATH_NEON_H
#define NNINIT_NNMATH_NEON_H

#include <stdint.h>

#include "../scalar/nnmath_coeffs.h"
#include "neon.h"

/* a * b + c with one rounding: the scalar fmaf(a, b, c). */
static inline float32x4_t nn_fma_f32(float32x4_t a, float32x4_t b,
                                     float32x4_t c)
{
    return vfmaq_f32(c, a, b);
}

static inline float64x2_t nn_fma_f64(float64x2_t a, float64x2_t b,
                                     float64x2_t c)
{
    return vfmaq_f64(c, a, b);
}

#define NN_DUPF(c) vdupq_n_f32(c) /* a constant in every lane */
#define NN_DUPD(c) vdupq_n_f64(c)

/* One Horner step p * t + c, as the scalar `p = fmaf(p, t, c)`. */
#define NN_HORNER_F32(p, t, c) ((p) = nn_fma_f32((p), (t), NN_DUPF(c)))
#define NN_HORNER_F64(p, t, c) ((p) = nn_fma_f64((p), (t), NN_DUPD(c)))

/* ================================================================ float32 */

/* nn_logf: positive normal floats. */
static inline float32x4_t nn_logf_neon(float32x4_t x)
{
    uint32x4_t ix = vaddq_u32(vreinterpretq_u32_f32(x),
                              vdupq_n_u32(0x3F800000u - NN_SQRT_HALF_BITS_F32));
    int32x4_t ke =
        vsubq_s32(vreinterpretq_s32_u32(vshrq_n_u32(ix, 23)), vdupq_n_s32(127));
    float32x4_t k = vcvtq_f32_s32(ke);
    float32x4_t m =
        vreinterpretq_f32_u32(vaddq_u32(vandq_u32(ix, vdupq_n_u32(0x007FFFFFu)),
                                        vdupq_n_u32(NN_SQRT_HALF_BITS_F32)));
    float32x4_t f = vsubq_f32(m, NN_DUPF(1.0f));

    float32x4_t p = NN_DUPF(NN_LOGF_P8);
    NN_HORNER_F32(p, f, NN_LOGF_P7);
    NN_HORNER_F32(p, f, NN_LOGF_P6);
    NN_HORNER_F32(p, f, NN_LOGF_P5);
    NN_HORNER_F32(p, f, NN_LOGF_P4);
    NN_HORNER_F32(p, f, NN_LOGF_P3);
    NN_HORNER_F32(p, f, NN_LOGF_P2);
    NN_HORNER_F32(p, f, NN_LOGF_P1);
    NN_HORNER_F32(p, f, NN_LOGF_P0);

    float32x4_t y = nn_fma_f32(vmulq_f32(f, f), p, f);
    return nn_fma_f32(k, NN_DUPF(NN_LOGF_LN2_HI),
                      nn_fma_f32(k, NN_DUPF(NN_LOGF_LN2_LO), y));
}

/* nn_sincos2pif: u in [0, 1), a multiple of 2^-24. */
static inline void nn_sincos2pif_neon(float32x4_t u, float32x4_t *s,
                                      float32x4_t *c)
{
    float32x4_t t = vmulq_f32(u, NN_DUPF(4.0f));
    float32x4_t big = vaddq_f32(t, NN_DUPF(0x1.8p23f));
    uint32x4_t j = vreinterpretq_u32_f32(big);
    float32x4_t r = vmulq_f32(vsubq_f32(t, vsubq_f32(big, NN_DUPF(0x1.8p23f))),
                              NN_DUPF(0.25f));
    float32x4_t z = vmulq_f32(r, r);

    float32x4_t ps = nn_fma_f32(NN_DUPF(NN_SINF_S3), z, NN_DUPF(NN_SINF_S2));
    NN_HORNER_F32(ps, z, NN_SINF_S1);
    float32x4_t sr =
        nn_fma_f32(NN_DUPF(NN_SINF_S0_HI), r,
                   vmulq_f32(r, nn_fma_f32(ps, z, NN_DUPF(NN_SINF_S0_LO))));

    float32x4_t pc = nn_fma_f32(NN_DUPF(NN_COSF_C3), z, NN_DUPF(NN_COSF_C2));
    NN_HORNER_F32(pc, z, NN_COSF_C1);
    NN_HORNER_F32(pc, z, NN_COSF_C0);
    float32x4_t cr = nn_fma_f32(z, pc, NN_DUPF(1.0f));

    uint32x4_t two = vdupq_n_u32(2u);
    uint32x4_t sign_s = vshlq_n_u32(vandq_u32(j, two), 30);
    uint32x4_t sign_c =
        vshlq_n_u32(vandq_u32(vaddq_u32(j, vdupq_n_u32(1u)), two), 30);
    uint32x4_t odd = vtstq_u32(j, vdupq_n_u32(1u));
    float32x4_t a = vbslq_f32(odd, cr, sr);
    float32x4_t b = vbslq_f32(odd, sr, cr);
    *s = vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(a), sign_s));
    *c = vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(b), sign_c));
}

/* nn_ndtri_lower_f32: q in (0, 0.5]; both polynomials, then the blend. */
static inline float32x4_t nn_ndtri_lower_f32_neon(float32x4_t q)
{
    float32x4_t w = vnegq_f32(nn_logf_neon(
        vmulq_f32(vmulq_f32(NN_DUPF(4.0f), q), vsubq_f32(NN_DUPF(1.0f), q))));

    float32x4_t ta = vsubq_f32(w, NN_DUPF(NN_NDTRIF_A_CENTRE));
    float32x4_t pa = NN_DUPF(NN_NDTRIF_A9);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A8);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A7);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A6);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A5);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A4);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A3);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A2);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A1);
    NN_HORNER_F32(pa, ta, NN_NDTRIF_A0);

    float32x4_t tb = vsubq_f32(nn_vsqrtq_f32(w), NN_DUPF(NN_NDTRIF_B_CENTRE));
    float32x4_t pb = NN_DUPF(NN_NDTRIF_B10);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B9);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B8);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B7);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B6);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B5);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B4);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B3);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B2);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B1);
    NN_HORNER_F32(pb, tb, NN_NDTRIF_B0);

    float32x4_t p = vbslq_f32(vcltq_f32(w, NN_DUPF(NN_NDTRIF_W_SPLIT)), pa, pb);
    return nn_fma_f32(vmulq_f32(NN_DUPF(2.0f), q), p, vnegq_f32(p));
}

/* ================================================================ float64 */

/* nn_log: positive doubles, subnormals included. */
static inline float64x2_t nn_log_neon(float64x2_t x)
{
    const float64x2_t ln2_hi = NN_DUPD(NN_LOG_LN2_HI);
    const float64x2_t ln2_lo = NN_DUPD(NN_LOG_LN2_LO);

    uint64x2_t sub = vcltq_f64(x, NN_DUPD(0x1p-1022));
    float64x2_t xs = vbslq_f64(sub, vmulq_f64(x, NN_DUPD(0x1p54)), x);
    float64x2_t kbias = vbslq_f64(sub, NN_DUPD(-54.0), NN_DUPD(0.0));

    uint64x2_t ix =
        vaddq_u64(vreinterpretq_u64_f64(xs),
                  vdupq_n_u64(0x3FF0000000000000u - NN_SQRT_HALF_BITS_F64));
    int64x2_t ke = vsubq_s64(vreinterpretq_s64_u64(vshrq_n_u64(ix, 52)),
                             vdupq_n_s64(1023));
    float64x2_t k = vaddq_f64(vcvtq_f64_s64(ke), kbias);
    float64x2_t m = vreinterpretq_f64_u64(
        vaddq_u64(vandq_u64(ix, vdupq_n_u64(0x000FFFFFFFFFFFFFu)),
                  vdupq_n_u64(NN_SQRT_HALF_BITS_F64)));
    float64x2_t f = vsubq_f64(m, NN_DUPD(1.0));

    float64x2_t s = nn_vdivq_f64(f, vaddq_f64(NN_DUPD(2.0), f));
    float64x2_t z = vmulq_f64(s, s);
    float64x2_t R = NN_DUPD(NN_LOG_R7);
    NN_HORNER_F64(R, z, NN_LOG_R6);
    NN_HORNER_F64(R, z, NN_LOG_R5);
    NN_HORNER_F64(R, z, NN_LOG_R4);
    NN_HORNER_F64(R, z, NN_LOG_R3);
    NN_HORNER_F64(R, z, NN_LOG_R2);
    NN_HORNER_F64(R, z, NN_LOG_R1);
    R = vmulq_f64(R, z);

    float64x2_t hfsq = vmulq_f64(vmulq_f64(NN_DUPD(0.5), f), f);
    /* k*ln2_hi - ((hfsq - (s*(hfsq + R) + k*ln2_lo)) - f) */
    float64x2_t inner =
        vaddq_f64(vmulq_f64(s, vaddq_f64(hfsq, R)), vmulq_f64(k, ln2_lo));
    return vsubq_f64(vmulq_f64(k, ln2_hi),
                     vsubq_f64(vsubq_f64(hfsq, inner), f));
}

/* nn_sincos2pi: u in [0, 1), a multiple of 2^-53. */
static inline void nn_sincos2pi_neon(float64x2_t u, float64x2_t *s,
                                     float64x2_t *c)
{
    float64x2_t t = vmulq_f64(u, NN_DUPD(4.0));
    float64x2_t big = vaddq_f64(t, NN_DUPD(0x1.8p52));
    uint64x2_t j = vreinterpretq_u64_f64(big);
    float64x2_t r = vmulq_f64(vsubq_f64(t, vsubq_f64(big, NN_DUPD(0x1.8p52))),
                              NN_DUPD(0.25));
    float64x2_t z = vmulq_f64(r, r);

    float64x2_t ps = nn_fma_f64(NN_DUPD(NN_SIN_S6), z, NN_DUPD(NN_SIN_S5));
    NN_HORNER_F64(ps, z, NN_SIN_S4);
    NN_HORNER_F64(ps, z, NN_SIN_S3);
    NN_HORNER_F64(ps, z, NN_SIN_S2);
    NN_HORNER_F64(ps, z, NN_SIN_S1);
    float64x2_t sr =
        nn_fma_f64(NN_DUPD(NN_SIN_S0_HI), r,
                   vmulq_f64(r, nn_fma_f64(ps, z, NN_DUPD(NN_SIN_S0_LO))));

    float64x2_t pc = nn_fma_f64(NN_DUPD(NN_COS_C6), z, NN_DUPD(NN_COS_C5));
    NN_HORNER_F64(pc, z, NN_COS_C4);
    NN_HORNER_F64(pc, z, NN_COS_C3);
    NN_HORNER_F64(pc, z, NN_COS_C2);
    NN_HORNER_F64(pc, z, NN_COS_C1);
    NN_HORNER_F64(pc, z, NN_COS_C0);
    float64x2_t cr = nn_fma_f64(z, pc, NN_DUPD(1.0));

    uint64x2_t two = vdupq_n_u64(2u);
    uint64x2_t sign_s = vshlq_n_u64(vandq_u64(j, two), 62);
    uint64x2_t sign_c =
        vshlq_n_u64(vandq_u64(vaddq_u64(j, vdupq_n_u64(1u)), two), 62);
    uint64x2_t odd = vtstq_u64(j, vdupq_n_u64(1u));
    float64x2_t a = vbslq_f64(odd, cr, sr);
    float64x2_t b = vbslq_f64(odd, sr, cr);
    *s = vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(a), sign_s));
    *c = vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(b), sign_c));
}

/* nn_ndtri_lower: q in (0, 0.5]; all three regions, then the selects and
 * one division. */
static inline float64x2_t nn_ndtri_lower_neon(float64x2_t q)
{
    float64x2_t qc = vsubq_f64(q, NN_DUPD(0.5));
    float64x2_t rc = nn_fma_f64(vnegq_f64(qc), qc, NN_DUPD(NN_NDTRI_RC0));
    float64x2_t na = NN_DUPD(NN_NDTRI_A7);
    NN_HORNER_F64(na, rc, NN_NDTRI_A6);
    NN_HORNER_F64(na, rc, NN_NDTRI_A5);
    NN_HORNER_F64(na, rc, NN_NDTRI_A4);
    NN_HORNER_F64(na, rc, NN_NDTRI_A3);
    NN_HORNER_F64(na, rc, NN_NDTRI_A2);
    NN_HORNER_F64(na, rc, NN_NDTRI_A1);
    NN_HORNER_F64(na, rc, NN_NDTRI_A0);
    float64x2_t da = NN_DUPD(NN_NDTRI_B7);
    NN_HORNER_F64(da, rc, NN_NDTRI_B6);
    NN_HORNER_F64(da, rc, NN_NDTRI_B5);
    NN_HORNER_F64(da, rc, NN_NDTRI_B4);
    NN_HORNER_F64(da, rc, NN_NDTRI_B3);
    NN_HORNER_F64(da, rc, NN_NDTRI_B2);
    NN_HORNER_F64(da, rc, NN_NDTRI_B1);
    NN_HORNER_F64(da, rc, NN_NDTRI_B0);

    float64x2_t r = nn_vsqrtq_f64(vnegq_f64(nn_log_neon(q)));

    float64x2_t r1 = vsubq_f64(r, NN_DUPD(NN_NDTRI_MID_R));
    float64x2_t nc = NN_DUPD(NN_NDTRI_C7);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C6);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C5);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C4);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C3);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C2);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C1);
    NN_HORNER_F64(nc, r1, NN_NDTRI_C0);
    float64x2_t dc = NN_DUPD(NN_NDTRI_D7);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D6);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D5);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D4);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D3);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D2);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D1);
    NN_HORNER_F64(dc, r1, NN_NDTRI_D0);

    float64x2_t r2 = vsubq_f64(r, NN_DUPD(NN_NDTRI_FAR_R));
    float64x2_t ne = NN_DUPD(NN_NDTRI_E7);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E6);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E5);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E4);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E3);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E2);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E1);
    NN_HORNER_F64(ne, r2, NN_NDTRI_E0);
    float64x2_t de = NN_DUPD(NN_NDTRI_F7);
    NN_HORNER_F64(de, r2, NN_NDTRI_F6);
    NN_HORNER_F64(de, r2, NN_NDTRI_F5);
    NN_HORNER_F64(de, r2, NN_NDTRI_F4);
    NN_HORNER_F64(de, r2, NN_NDTRI_F3);
    NN_HORNER_F64(de, r2, NN_NDTRI_F2);
    NN_HORNER_F64(de, r2, NN_NDTRI_F1);
    NN_HORNER_F64(de, r2, NN_NDTRI_F0);

    uint64x2_t central = vcgeq_f64(qc, NN_DUPD(NN_NDTRI_CENTRAL_QC));
    uint64x2_t far = vcgtq_f64(r, NN_DUPD(NN_NDTRI_FAR_R));
    float64x2_t num = vbslq_f64(central, vmulq_f64(qc, na),
                                vnegq_f64(vbslq_f64(far, ne, nc)));
    float64x2_t den = vbslq_f64(central, da, vbslq_f64(far, de, dc));
    return nn_vdivq_f64(num, den);
}

#endif /* NNINIT_NNMATH_NEON_H */
