/*
 * The Ziggurat fast path: decode an element's first random bits into a layer,
 * a sign and a coordinate, and test whether the point is certainly under the
 * density (Marsaglia & Tsang 2000; tables and their conventions in
 * ziggurat_tables.h). Shared by the scalar kernels and the slow path, and
 * the operation-for-operation reference for vector paths.
 *
 * float32, one word w = W[e] per element e:
 *     bits 0-7  layer i        bit 8  sign        bits 9-31  m (23 bits)
 * float64, 64 bits v = V[e] = (uint64)W[2e+1] << 32 | W[2e] per element:
 *     bits 0-7  layer i        bit 8  sign        bits 9-11  unused
 *     bits 12-63  m (52 bits: a vector path converts it to double exactly
 *                 with the 2^52 exponent trick)
 * x = m * wi[i], rounded once in the output precision (m converts exactly).
 * The fast test is m < ki[i] (about 98.5% of draws): then z = +-x, the sign
 * applied as an xor of the sign bit (so -0.0 can come out for m = 0, as in
 * a vector path). Otherwise the element goes to nn_zig_slow_f32/_f64
 * (slowpath_ziggurat.c) with its first bits.
 *
 * The layer and the sign come from the low bits and m from the high bits,
 * so the three are independent, and the fast test is one table load, one
 * multiply and one integer compare.
 */
#ifndef NNINIT_ZIGGURAT_H
#define NNINIT_ZIGGURAT_H

#include <stdint.h>
#include <string.h>

#include "ziggurat_tables.h"

/* ---------------------------------------------------------------- float32 */

static inline uint32_t nn_zig_layer_f32(uint32_t w)
{
    return w & 0xFFu;
}

/* |z| candidate: m * wi_f[i] in float. */
static inline float nn_zig_x_f32(uint32_t w)
{
    return (float)(w >> 9) * nn_zig_wi_f[w & 0xFFu];
}

/* x with the sign of bit 8 (moved to bit 31 and xored in). */
static inline float nn_zig_sign_f32(float x, uint32_t w)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= (w << 23) & 0x80000000u;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* The fast test: the point lies left of the layer's inner edge. */
static inline int nn_zig_fast_f32(uint32_t w)
{
    return (w >> 9) < nn_zig_ki_f[w & 0xFFu];
}

/* Sets *z to the signed candidate; returns nonzero when it is accepted as
 * is (the fast test), zero when the element needs the slow path. */
static inline int nn_zig_try_f32(uint32_t w, float *z)
{
    *z = nn_zig_sign_f32(nn_zig_x_f32(w), w);
    return nn_zig_fast_f32(w);
}

/* ---------------------------------------------------------------- float64 */

static inline uint32_t nn_zig_layer_f64(uint64_t v)
{
    return (uint32_t)v & 0xFFu;
}

static inline double nn_zig_x_f64(uint64_t v)
{
    return (double)(v >> 12) * nn_zig_wi_d[v & 0xFFu];
}

/* Bit 8 moved to bit 63. */
static inline double nn_zig_sign_f64(double x, uint64_t v)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= (v << 55) & 0x8000000000000000u;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static inline int nn_zig_fast_f64(uint64_t v)
{
    return (v >> 12) < nn_zig_ki_d[v & 0xFFu];
}

static inline int nn_zig_try_f64(uint64_t v, double *z)
{
    *z = nn_zig_sign_f64(nn_zig_x_f64(v), v);
    return nn_zig_fast_f64(v);
}

#endif /* NNINIT_ZIGGURAT_H */
