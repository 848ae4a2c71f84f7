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

#define NN_VF(c) vdupq_n_f32(c)
#define NN_VD(c) vdupq_n_f64(c)

/* One Horner step p * t + c, as the scalar `p = fmaf(p, t, c)`. */
#define NN_HORNER_F32(p, t, c) ((p) = nn_fma_f32((p), (t), NN_VF(c)))
#define NN_HORNER_F64(p, t, c) ((p) = nn_fma_f64((p), (t), NN_VD(c)))

/* ================================================================ float32 */

/* nn_logf: positive normal floats. */
static inline float32x4_t nn_logf_neon(float32x4_t x)
{
    uint32x4_t ix = vaddq_u32(vreinterpretq_u32_f32(x),
                              vdupq_n_u32(0x3F800000u - 0x3F3504F3u));
    int32x4_t ke =
        vsubq_s32(vreinterpretq_s32_u32(vshrq_n_u32(ix, 23)), vdupq_n_s32(127));
    float32x4_t k = vcvtq_f32_s32(ke);
    float32x4_t m = vreinterpretq_f32_u32(vaddq_u32(
        vandq_u32(ix, vdupq_n_u32(0x007FFFFFu)), vdupq_n_u32(0x3F3504F3u)));
    float32x4_t f = vsubq_f32(m, NN_VF(1.0f));

    float32x4_t p = NN_VF(-0x1.38303p-4f);
    NN_HORNER_F32(p, f, 0x1.084868p-3f);
    NN_HORNER_F32(p, f, -0x1.0f3764p-3f);
    NN_HORNER_F32(p, f, 0x1.22719ap-3f);
    NN_HORNER_F32(p, f, -0x1.54276ep-3f);
    NN_HORNER_F32(p, f, 0x1.99a3f2p-3f);
    NN_HORNER_F32(p, f, -0x1.000426p-2f);
    NN_HORNER_F32(p, f, 0x1.55555p-2f);
    NN_HORNER_F32(p, f, -0x1.fffff8p-2f);

    float32x4_t y = nn_fma_f32(vmulq_f32(f, f), p, f);
    return nn_fma_f32(k, NN_VF(0x1.62e43p-1f),
                      nn_fma_f32(k, NN_VF(-0x1.05c61p-29f), y));
}

/* nn_sincos2pif: u in [0, 1), a multiple of 2^-24. */
static inline void nn_sincos2pif_neon(float32x4_t u, float32x4_t *s,
                                      float32x4_t *c)
{
    float32x4_t t = vmulq_f32(u, NN_VF(4.0f));
    float32x4_t big = vaddq_f32(t, NN_VF(0x1.8p23f));
    uint32x4_t j = vreinterpretq_u32_f32(big);
    float32x4_t r =
        vmulq_f32(vsubq_f32(t, vsubq_f32(big, NN_VF(0x1.8p23f))), NN_VF(0.25f));
    float32x4_t z = vmulq_f32(r, r);

    float32x4_t ps =
        nn_fma_f32(NN_VF(-0x1.2d9302p+6f), z, NN_VF(0x1.465e92p+6f));
    NN_HORNER_F32(ps, z, -0x1.4abbbap+5f);
    float32x4_t sr =
        nn_fma_f32(NN_VF(0x1.921fb6p+2f), r,
                   vmulq_f32(r, nn_fma_f32(ps, z, NN_VF(-0x1.a32bccp-23f))));

    float32x4_t pc =
        nn_fma_f32(NN_VF(0x1.d9d57ep+5f), z, NN_VF(-0x1.55c5ep+6f));
    NN_HORNER_F32(pc, z, 0x1.03c1dep+6f);
    NN_HORNER_F32(pc, z, -0x1.3bd3ccp+4f);
    float32x4_t cr = nn_fma_f32(z, pc, NN_VF(1.0f));

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
        vmulq_f32(vmulq_f32(NN_VF(4.0f), q), vsubq_f32(NN_VF(1.0f), q))));

    float32x4_t ta = vsubq_f32(w, NN_VF(1.5f));
    float32x4_t pa = NN_VF(-0x1.ab2c48p-27f);
    NN_HORNER_F32(pa, ta, 0x1.36d7ap-23f);
    NN_HORNER_F32(pa, ta, -0x1.b75c98p-25f);
    NN_HORNER_F32(pa, ta, -0x1.fa823ap-18f);
    NN_HORNER_F32(pa, ta, 0x1.132776p-15f);
    NN_HORNER_F32(pa, ta, 0x1.076c1p-12f);
    NN_HORNER_F32(pa, ta, -0x1.83d284p-9f);
    NN_HORNER_F32(pa, ta, 0x1.46283cp-10f);
    NN_HORNER_F32(pa, ta, 0x1.6a9042p-2f);
    NN_HORNER_F32(pa, ta, 0x1.c54ba8p+0f);

    float32x4_t tb = vsubq_f32(nn_vsqrtq_f32(w), NN_VF(3.5f));
    float32x4_t pb = NN_VF(-0x1.1feab6p-15f);
    NN_HORNER_F32(pb, tb, 0x1.f95bcep-16f);
    NN_HORNER_F32(pb, tb, 0x1.277eep-13f);
    NN_HORNER_F32(pb, tb, -0x1.79ea8cp-12f);
    NN_HORNER_F32(pb, tb, 0x1.315466p-11f);
    NN_HORNER_F32(pb, tb, -0x1.ed0496p-11f);
    NN_HORNER_F32(pb, tb, 0x1.981f92p-10f);
    NN_HORNER_F32(pb, tb, -0x1.7f03c2p-9f);
    NN_HORNER_F32(pb, tb, 0x1.2f9c48p-8f);
    NN_HORNER_F32(pb, tb, 0x1.6cb4ep+0f);
    NN_HORNER_F32(pb, tb, 0x1.2de4cap+2f);

    float32x4_t p = vbslq_f32(vcltq_f32(w, NN_VF(5.0f)), pa, pb);
    return nn_fma_f32(vmulq_f32(NN_VF(2.0f), q), p, vnegq_f32(p));
}

/* ================================================================ float64 */

/* nn_log: positive doubles, subnormals included. */
static inline float64x2_t nn_log_neon(float64x2_t x)
{
    const float64x2_t ln2_hi = NN_VD(0x1.62e42feep-1);
    const float64x2_t ln2_lo = NN_VD(0x1.a39ef35793c76p-33);

    uint64x2_t sub = vcltq_f64(x, NN_VD(0x1p-1022));
    float64x2_t xs = vbslq_f64(sub, vmulq_f64(x, NN_VD(0x1p54)), x);
    float64x2_t kbias = vbslq_f64(sub, NN_VD(-54.0), NN_VD(0.0));

    uint64x2_t ix =
        vaddq_u64(vreinterpretq_u64_f64(xs),
                  vdupq_n_u64(0x3FF0000000000000u - 0x3FE6A09E667F3BCDu));
    int64x2_t ke = vsubq_s64(vreinterpretq_s64_u64(vshrq_n_u64(ix, 52)),
                             vdupq_n_s64(1023));
    float64x2_t k = vaddq_f64(vcvtq_f64_s64(ke), kbias);
    float64x2_t m = vreinterpretq_f64_u64(
        vaddq_u64(vandq_u64(ix, vdupq_n_u64(0x000FFFFFFFFFFFFFu)),
                  vdupq_n_u64(0x3FE6A09E667F3BCDu)));
    float64x2_t f = vsubq_f64(m, NN_VD(1.0));

    float64x2_t s = nn_vdivq_f64(f, vaddq_f64(NN_VD(2.0), f));
    float64x2_t z = vmulq_f64(s, s);
    float64x2_t R = NN_VD(0x1.2f05633221bf7p-3);
    NN_HORNER_F64(R, z, 0x1.39a1bac0ff939p-3);
    NN_HORNER_F64(R, z, 0x1.74663ee7fc3c7p-3);
    NN_HORNER_F64(R, z, 0x1.c71c52095fb5cp-3);
    NN_HORNER_F64(R, z, 0x1.24924941f120fp-2);
    NN_HORNER_F64(R, z, 0x1.999999997fdb8p-2);
    NN_HORNER_F64(R, z, 0x1.5555555555592p-1);
    R = vmulq_f64(R, z);

    float64x2_t hfsq = vmulq_f64(vmulq_f64(NN_VD(0.5), f), f);
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
    float64x2_t t = vmulq_f64(u, NN_VD(4.0));
    float64x2_t big = vaddq_f64(t, NN_VD(0x1.8p52));
    uint64x2_t j = vreinterpretq_u64_f64(big);
    float64x2_t r =
        vmulq_f64(vsubq_f64(t, vsubq_f64(big, NN_VD(0x1.8p52))), NN_VD(0.25));
    float64x2_t z = vmulq_f64(r, r);

    float64x2_t ps = nn_fma_f64(NN_VD(0x1.e3eed5de3ed79p+1), z,
                                NN_VD(-0x1.e30063a0573cdp+3));
    NN_HORNER_F64(ps, z, 0x1.50782fca38e84p+5);
    NN_HORNER_F64(ps, z, -0x1.32d2cce2d5363p+6);
    NN_HORNER_F64(ps, z, 0x1.466bc67758700p+6);
    NN_HORNER_F64(ps, z, -0x1.4abbce625be41p+5);
    float64x2_t sr = nn_fma_f64(
        NN_VD(0x1.921fb54442d18p+2), r,
        vmulq_f64(r, nn_fma_f64(ps, z, NN_VD(0x1.0264588db4ba2p-52))));

    float64x2_t pc = nn_fma_f64(NN_VD(-0x1.b263c3527f95cp+0), z,
                                NN_VD(0x1.f9cc40acc3584p+2));
    NN_HORNER_F64(pc, z, -0x1.a6d1ec7e0ba21p+4);
    NN_HORNER_F64(pc, z, 0x1.e1f5068367b21p+5);
    NN_HORNER_F64(pc, z, -0x1.55d3c7e3c9280p+6);
    NN_HORNER_F64(pc, z, 0x1.03c1f081b5aaep+6);
    NN_HORNER_F64(pc, z, -0x1.3bd3cc9be45dep+4);
    float64x2_t cr = nn_fma_f64(z, pc, NN_VD(1.0));

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
    float64x2_t qc = vsubq_f64(q, NN_VD(0.5));
    float64x2_t rc = nn_fma_f64(vnegq_f64(qc), qc, NN_VD(0.180625));
    float64x2_t na = NN_VD(2.5090809287301226727e+3);
    NN_HORNER_F64(na, rc, 3.3430575583588128105e+4);
    NN_HORNER_F64(na, rc, 6.7265770927008700853e+4);
    NN_HORNER_F64(na, rc, 4.5921953931549871457e+4);
    NN_HORNER_F64(na, rc, 1.3731693765509461125e+4);
    NN_HORNER_F64(na, rc, 1.9715909503065514427e+3);
    NN_HORNER_F64(na, rc, 1.3314166789178437745e+2);
    NN_HORNER_F64(na, rc, 3.3871328727963666080e+0);
    float64x2_t da = NN_VD(5.2264952788528545610e+3);
    NN_HORNER_F64(da, rc, 2.8729085735721942674e+4);
    NN_HORNER_F64(da, rc, 3.9307895800092710610e+4);
    NN_HORNER_F64(da, rc, 2.1213794301586595867e+4);
    NN_HORNER_F64(da, rc, 5.3941960214247511077e+3);
    NN_HORNER_F64(da, rc, 6.8718700749205790830e+2);
    NN_HORNER_F64(da, rc, 4.2313330701600911252e+1);
    NN_HORNER_F64(da, rc, 1.0);

    float64x2_t r = nn_vsqrtq_f64(vnegq_f64(nn_log_neon(q)));

    float64x2_t r1 = vsubq_f64(r, NN_VD(1.6));
    float64x2_t nc = NN_VD(7.74545014278341407640e-4);
    NN_HORNER_F64(nc, r1, 2.27238449892691845833e-2);
    NN_HORNER_F64(nc, r1, 2.41780725177450611770e-1);
    NN_HORNER_F64(nc, r1, 1.27045825245236838258e+0);
    NN_HORNER_F64(nc, r1, 3.64784832476320460504e+0);
    NN_HORNER_F64(nc, r1, 5.76949722146069140550e+0);
    NN_HORNER_F64(nc, r1, 4.63033784615654529590e+0);
    NN_HORNER_F64(nc, r1, 1.42343711074968357734e+0);
    float64x2_t dc = NN_VD(1.05075007164441684324e-9);
    NN_HORNER_F64(dc, r1, 5.47593808499534494600e-4);
    NN_HORNER_F64(dc, r1, 1.51986665636164571966e-2);
    NN_HORNER_F64(dc, r1, 1.48103976427480074590e-1);
    NN_HORNER_F64(dc, r1, 6.89767334985100004550e-1);
    NN_HORNER_F64(dc, r1, 1.67638483018380384940e+0);
    NN_HORNER_F64(dc, r1, 2.05319162663775882187e+0);
    NN_HORNER_F64(dc, r1, 1.0);

    float64x2_t r2 = vsubq_f64(r, NN_VD(5.0));
    float64x2_t ne = NN_VD(2.01033439929228813265e-7);
    NN_HORNER_F64(ne, r2, 2.71155556874348757815e-5);
    NN_HORNER_F64(ne, r2, 1.24266094738807843860e-3);
    NN_HORNER_F64(ne, r2, 2.65321895265761230930e-2);
    NN_HORNER_F64(ne, r2, 2.96560571828504891230e-1);
    NN_HORNER_F64(ne, r2, 1.78482653991729133580e+0);
    NN_HORNER_F64(ne, r2, 5.46378491116411436990e+0);
    NN_HORNER_F64(ne, r2, 6.65790464350110377720e+0);
    float64x2_t de = NN_VD(2.04426310338993978564e-15);
    NN_HORNER_F64(de, r2, 1.42151175831644588870e-7);
    NN_HORNER_F64(de, r2, 1.84631831751005468180e-5);
    NN_HORNER_F64(de, r2, 7.86869131145613259100e-4);
    NN_HORNER_F64(de, r2, 1.48753612908506148525e-2);
    NN_HORNER_F64(de, r2, 1.36929880922735805310e-1);
    NN_HORNER_F64(de, r2, 5.99832206555887937690e-1);
    NN_HORNER_F64(de, r2, 1.0);

    uint64x2_t central = vcgeq_f64(qc, NN_VD(-0.425));
    uint64x2_t far = vcgtq_f64(r, NN_VD(5.0));
    float64x2_t num = vbslq_f64(central, vmulq_f64(qc, na),
                                vnegq_f64(vbslq_f64(far, ne, nc)));
    float64x2_t den = vbslq_f64(central, da, vbslq_f64(far, de, dc));
    return nn_vdivq_f64(num, den);
}

#endif /* NNINIT_NNMATH_NEON_H */
