/* Bit casts between floating-point values and their patterns. */
#ifndef NNINIT_BITS_H
#define NNINIT_BITS_H

#include <stdint.h>
#include <string.h>

static inline uint32_t nn_f32_bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline float nn_bits_f32(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static inline uint64_t nn_f64_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double nn_bits_f64(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/*
 * Element loads and stores that need no alignment. The public API accepts
 * outputs at any byte address, so a kernel may never store (or read back)
 * through a dereferenced float, double or integer pointer: that is
 * undefined behaviour when the address is not a multiple of the element
 * size. memcpy of one element compiles to a single move on x86 and AArch64.
 * The destination is a void pointer so that no compiler may assume the
 * alignment of a typed pointer.
 */
static inline void nn_store_f32(void *dst, float x)
{
    memcpy(dst, &x, 4);
}
static inline void nn_store_f64(void *dst, double x)
{
    memcpy(dst, &x, 8);
}
static inline void nn_store_u32(void *dst, uint32_t x)
{
    memcpy(dst, &x, 4);
}
static inline void nn_store_u16(void *dst, uint16_t x)
{
    memcpy(dst, &x, 2);
}

static inline float nn_load_f32(const void *src)
{
    float x;
    memcpy(&x, src, 4);
    return x;
}

static inline double nn_load_f64(const void *src)
{
    double x;
    memcpy(&x, src, 8);
    return x;
}

#endif
