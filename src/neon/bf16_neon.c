/*
 * float32 -> bfloat16, round to nearest even, then clamp into [lo, hi]
 * (nn_f32_to_bf16_scalar, src/scalar/bf16.h), eight values at a time: the
 * same integer rounding (add 0x7FFF plus the lowest kept bit), the same NaN
 * rule (keep the sign, set the quiet bit) and the same two comparisons of
 * the rounded value, which a NaN fails, as in the scalar code.
 */
#include <string.h>

#include "../scalar/bf16.h"
#include "neon.h"

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

void nn_f32_to_bf16_neon(const float *restrict in, uint16_t *restrict out,
                         size_t n, float lo, float hi)
{
    const float32x4_t vlo = vdupq_n_f32(lo), vhi = vdupq_n_f32(hi);
    const uint32x4_t hlo = vdupq_n_u32(nn_f32_to_bf16_rne(lo));
    const uint32x4_t hhi = vdupq_n_u32(nn_f32_to_bf16_rne(hi));
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint32x4_t a = bf16_of(vld1q_f32(in + i), vlo, vhi, hlo, hhi);
        uint32x4_t b = bf16_of(vld1q_f32(in + i + 4), vlo, vhi, hlo, hhi);
        vst1q_u16(out + i, vcombine_u16(vmovn_u32(a), vmovn_u32(b)));
    }
    if (i < n) {
        float f[8] = {0};
        uint16_t h[8];
        memcpy(f, in + i, (n - i) * sizeof *f);
        uint32x4_t a = bf16_of(vld1q_f32(f), vlo, vhi, hlo, hhi);
        uint32x4_t b = bf16_of(vld1q_f32(f + 4), vlo, vhi, hlo, hhi);
        vst1q_u16(h, vcombine_u16(vmovn_u32(a), vmovn_u32(b)));
        memcpy(out + i, h, (n - i) * sizeof *h);
    }
}
