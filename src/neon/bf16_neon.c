/*
 * float32 -> bfloat16, round to nearest even, then clamp into [lo, hi]
 * (nn_f32_to_bf16_scalar, src/scalar/bf16.h), eight values per step (the
 * driver: src/simd/half_tpl.h): the
 * same integer rounding (add 0x7FFF plus the lowest kept bit), the same NaN
 * rule (keep the sign, set the quiet bit) and the same two comparisons of
 * the rounded value, which a NaN fails, as in the scalar code.
 */
#include <string.h>

#include "../scalar/bf16.h"
#include "ops_neon.h"

/* Four floats to four bfloat16 values, each in the low half of a lane. */
static inline uint32x4_t bf16_of(float32x4_t f, float32x4_t lo, float32x4_t hi,
                                 uint32x4_t hlo, uint32x4_t hhi)
{
    uint32x4_t u = vreinterpretq_u32_f32(f);
    uint32x4_t is_nan = vcgtq_u32(vandq_u32(u, vdupq_n_u32(0x7FFFFFFFu)),
                                  vdupq_n_u32(0x7F800000u));
    uint32x4_t nan_h = vorrq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(0x0040u));
    uint32x4_t bias = vaddq_u32(vdupq_n_u32(0x7FFFu),
                                vandq_u32(vshrq_n_u32(u, 16), vdupq_n_u32(1)));
    uint32x4_t h = vshrq_n_u32(vaddq_u32(u, bias), 16);
    h = vbslq_u32(is_nan, nan_h, h);
    float32x4_t y = vreinterpretq_f32_u32(vshlq_n_u32(h, 16));
    h = vbslq_u32(vcgtq_f32(y, hi), hhi, h);
    return vbslq_u32(vcltq_f32(y, lo), hlo, h);
}

#define NN_HALF_NAME NN_KNAME(f32_to_bf16)
#define NN_HALF_ONE bf16_of
#define NN_HALF_RNE nn_f32_to_bf16_rne
#include "../simd/half_tpl.h"
