/* The one definition of the 16-bit conversion slots: round each float32 to
 * the format (nearest even), then clamp into [lo, hi] (exact values of the
 * format, given as floats) so that rounding never leaves the range the fill
 * promised (uniform: hi excluded; truncated normal: [a, b]). The format is
 * its rounding and widening functions; both callers pass constants, so
 * this inlines to a direct loop. */
#ifndef NNINIT_HALF_H
#define NNINIT_HALF_H

#include <stddef.h>
#include <stdint.h>

#include "bits.h"

static inline void nn_half_convert(const float *restrict in,
                                   uint16_t *restrict out, size_t n, float lo,
                                   float hi, uint16_t (*round)(float),
                                   float (*widen)(uint16_t))
{
    const uint16_t hlo = round(lo), hhi = round(hi);
    for (size_t i = 0; i < n; i++) {
        uint16_t h = round(in[i]);
        float y = widen(h);
        if (y < lo)
            h = hlo;
        else if (y > hi)
            h = hhi;
        nn_store_u16(out + i, h);
    }
}

#endif
