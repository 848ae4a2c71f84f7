/*
 * float32 -> IEEE binary16, round to nearest even, then clamp into [lo, hi]
 * (nn_f32_to_f16_scalar, src/scalar/f16.h), eight values per step (the
 * driver: src/simd/half_tpl.h).
 *
 * The scalar rounding is transcribed with integer operations rather than
 * taken from FCVTN: the same code then runs natively and through SIMDe
 * (whose vcvt_f16_f32 drops NaN payloads), so the x86 tests check the code
 * that runs on AArch64. Every case of nn_f32_to_f16_rne is computed and the
 * right one selected: normal (rebias the exponent, round the 13 dropped
 * bits to nearest even), subnormal (add 0.5 to |f| and keep the low bits),
 * overflow to infinity, and NaN (quiet, top payload bits kept).
 */
#include <string.h>

#include "../scalar/f16.h"
#include "ops_neon.h"

/* nn_f32_to_f16_rne on four lanes; the result in the low half of a lane. */
static inline uint32x4_t f16_rne(float32x4_t f)
{
    uint32x4_t u = vreinterpretq_u32_f32(f);
    uint32x4_t sign = vandq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(0x8000u));
    uint32x4_t x = vandq_u32(u, vdupq_n_u32(0x7FFFFFFFu));

    uint32x4_t odd = vandq_u32(vshrq_n_u32(x, 13), vdupq_n_u32(1u));
    uint32x4_t normal = vshrq_n_u32(
        vaddq_u32(vaddq_u32(x, vdupq_n_u32(0xC8000000u + 0xFFFu)), odd), 13);
    float32x4_t t = vaddq_f32(vreinterpretq_f32_u32(x), vdupq_n_f32(0.5f));
    uint32x4_t sub =
        vsubq_u32(vreinterpretq_u32_f32(t), vdupq_n_u32(0x3F000000u));
    uint32x4_t nan =
        vorrq_u32(vdupq_n_u32(0x7E00u),
                  vandq_u32(vshrq_n_u32(x, 13), vdupq_n_u32(0x3FFu)));

    uint32x4_t h = normal;
    h = vbslq_u32(vcltq_u32(x, vdupq_n_u32(0x38800000u)), sub, h);
    h = vbslq_u32(vcgeq_u32(x, vdupq_n_u32(0x477FF000u)), vdupq_n_u32(0x7C00u),
                  h);
    h = vbslq_u32(vcgtq_u32(x, vdupq_n_u32(0x7F800000u)), nan, h);
    return vandq_u32(vorrq_u32(sign, h), vdupq_n_u32(0xFFFFu));
}

/* nn_f16_to_f32 on four lanes (h in the low half of each lane). */
static inline float32x4_t f16_widen(uint32x4_t h)
{
    uint32x4_t sign = vshlq_n_u32(vandq_u32(h, vdupq_n_u32(0x8000u)), 16);
    uint32x4_t e = vandq_u32(vshrq_n_u32(h, 10), vdupq_n_u32(0x1Fu));
    uint32x4_t m = vandq_u32(h, vdupq_n_u32(0x3FFu));
    uint32x4_t m13 = vshlq_n_u32(m, 13);
    uint32x4_t sub = vreinterpretq_u32_f32(
        vmulq_f32(vcvtq_f32_u32(m), vdupq_n_f32(0x1p-24f)));
    uint32x4_t inf = vorrq_u32(vdupq_n_u32(0x7F800000u), m13);
    uint32x4_t normal =
        vorrq_u32(vshlq_n_u32(vaddq_u32(e, vdupq_n_u32(112u)), 23), m13);
    uint32x4_t r = vbslq_u32(vceqq_u32(e, vdupq_n_u32(0)), sub, normal);
    r = vbslq_u32(vceqq_u32(e, vdupq_n_u32(31u)), inf, r);
    return vreinterpretq_f32_u32(vorrq_u32(sign, r));
}

static inline uint32x4_t f16_of(float32x4_t f, float32x4_t lo, float32x4_t hi,
                                uint32x4_t hlo, uint32x4_t hhi)
{
    uint32x4_t h = f16_rne(f);
    float32x4_t y = f16_widen(h);
    h = vbslq_u32(vcgtq_f32(y, hi), hhi, h);
    return vbslq_u32(vcltq_f32(y, lo), hlo, h);
}

#define NN_HALF_NAME NN_KNAME(f32_to_f16)
#define NN_HALF_ONE f16_of
#define NN_HALF_RNE nn_f32_to_f16_rne
#include "../simd/half_tpl.h"
