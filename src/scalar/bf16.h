/* float32 -> bfloat16, round to nearest even (the scalar definition). */
#ifndef NNINIT_BF16_H
#define NNINIT_BF16_H

#include <stdint.h>
#include <string.h>

#include "bits.h"

/* Adding 0x7FFF plus the lowest kept bit rounds to nearest, ties to even;
 * a carry out of the mantissa correctly bumps the exponent (to infinity at
 * the top). NaN keeps its sign and becomes quiet. Denormals round like any
 * other value (no flush to zero). */
static inline uint16_t nn_f32_to_bf16_rne(float f)
{
    uint32_t u = nn_f32_bits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u)
        return (uint16_t)((u >> 16) | 0x0040u);
    u += 0x7FFFu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

static inline float nn_bf16_to_f32(uint16_t h)
{
    return nn_bits_f32((uint32_t)h << 16);
}

#endif
