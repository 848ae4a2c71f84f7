/* float32 -> IEEE binary16, round to nearest even (the scalar definition;
 * F16C's vcvtps2ph and AArch64's fcvtn give the same bits). */
#ifndef NNINIT_F16_H
#define NNINIT_F16_H

#include <math.h>
#include <stdint.h>

#include "bf16.h"

static inline uint16_t nn_f32_to_f16_rne(float f)
{
    uint32_t x = nn_f32_bits(f);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000u);
    x &= 0x7FFFFFFFu;
    if (x > 0x7F800000u) /* NaN: quiet, top payload bits kept */
        return (uint16_t)(sign | 0x7E00u | ((x >> 13) & 0x3FFu));
    if (x >= 0x477FF000u) /* >= 65520 (halfway above 65504): infinity */
        return (uint16_t)(sign | 0x7C00u);
    if (x < 0x38800000u) {
        /* Below 2^-14, the result is a multiple of 2^-24 (subnormal or
         * zero): adding 0.5, whose ulp is 2^-24, rounds |f| to nearest
         * even in that grid; the low bits are the binary16 pattern (0x400
         * when it rounds up to the least normal, which is right too). */
        float t = fabsf(f) + 0.5f;
        return (uint16_t)(sign | (nn_f32_bits(t) - 0x3F000000u));
    }
    /* Normal: rebias the exponent (127 -> 15) and round the 13 dropped
     * mantissa bits to nearest even; a carry bumps the exponent. */
    uint32_t odd = (x >> 13) & 1u;
    x += 0xC8000000u + 0xFFFu + odd; /* (15 - 127) << 23, mod 2^32 */
    return (uint16_t)(sign | (x >> 13));
}

static inline float nn_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1Fu, m = h & 0x3FFu;
    if (e == 0) /* zero or subnormal: m * 2^-24, exact in float */
        return nn_bits_f32(sign | nn_f32_bits((float)m * 0x1p-24f));
    if (e == 31)
        return nn_bits_f32(sign | 0x7F800000u | (m << 13));
    return nn_bits_f32(sign | ((e + 112u) << 23) | (m << 13));
}

#endif
