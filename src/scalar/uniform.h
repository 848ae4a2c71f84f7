/* Uniform conversions shared by the scalar kernels (vector paths mirror
 * them). */
#ifndef NNINIT_UNIFORM_H
#define NNINIT_UNIFORM_H

#include <math.h>
#include <stdint.h>

/* [0, 1) from the top 24 bits of a word: every value is a multiple of 2^-24,
 * so the float is exact and (w >> 8) * 2^-24 < 1 always. */
static inline float nn_u24(uint32_t w) { return (float)(w >> 8) * 0x1p-24f; }

/* U[lo, hi) in float: fma(u, scale, lo) rounds once; rounding can still
 * reach hi (u close to 1 with scale = hi - lo), so clamp to the greatest
 * float below hi. The fma result is >= lo because u, scale >= 0. */
static inline float nn_uniform_f32_of(uint32_t w, float lo, float scale,
                                      float max)
{
    float x = fmaf(nn_u24(w), scale, lo);
    return x < max ? x : max;
}

/* U[lo, hi) in double from 53 bits of (hi:lo) words, same clamp. */
static inline double nn_uniform_f64_of(uint32_t w0, uint32_t w1, double lo,
                                       double scale, double max)
{
    uint64_t v = ((uint64_t)w1 << 32 | w0) >> 11;
    double x = fma((double)v * 0x1p-53, scale, lo);
    return x < max ? x : max;
}

#endif
