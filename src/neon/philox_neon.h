/*
 * Philox4x32-10 on NEON: four counters per vector set, lane j computing
 * block b + j exactly as nn_philox4x32_10 (src/scalar/philox.h) does.
 *
 * The state is kept transposed: x[k] holds word k of the four blocks, so a
 * round is two vmull_u32 pairs (the 32x32->64 products of words 0 and 2 of
 * every lane), an unzip into high and low halves, and xors. Two independent
 * sets (eight blocks) run interleaved, because one set alone leaves the
 * multiplier waiting on its own latency.
 *
 * vst4q_u32(out, {x[0], x[1], x[2], x[3]}) stores the four blocks in
 * sequence order (word k of block b + j at out[4 j + k]).
 */
#ifndef NNINIT_PHILOX_NEON_H
#define NNINIT_PHILOX_NEON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../scalar/philox.h"
#include "neon.h"

/* Blocks per call of nn_philox8_neon and elements per group of the float32
 * (one word per element) and float64 (two words) kernels. */
#define NN_NEON_BLOCKS 8
#define NN_NEON_GROUP_F32 (4 * NN_NEON_BLOCKS)
#define NN_NEON_GROUP_F64 (2 * NN_NEON_BLOCKS)

/* The per-call constants: the key of every round (the key schedule adds the
 * Weyl constants, wrapping, exactly as the scalar loop does) and the
 * stream words 2 and 3 of the counter. */
typedef struct nn_philox_neon {
    uint32_t rk0[10], rk1[10];
    uint32_t s0, s1;
} nn_philox_neon;

static inline void nn_philox_neon_init(nn_philox_neon *k, const uint32_t key[2],
                                       const uint32_t stream[2])
{
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        k->rk0[r] = k0;
        k->rk1[r] = k1;
        k0 += NN_PHILOX_W0;
        k1 += NN_PHILOX_W1;
    }
    k->s0 = stream[0];
    k->s1 = stream[1];
}

/* Counter words 0 and 1 (the low and high halves of b + j) of lanes j. */
static inline void nn_philox_neon_ctr(uint64_t b, uint32x4_t *c0,
                                      uint32x4_t *c1)
{
    static const uint64_t add01[2] = {0, 1}, add23[2] = {2, 3};
    uint64x2_t bb = vdupq_n_u64(b);
    uint32x4_t b01 = vreinterpretq_u32_u64(vaddq_u64(bb, vld1q_u64(add01)));
    uint32x4_t b23 = vreinterpretq_u32_u64(vaddq_u64(bb, vld1q_u64(add23)));
    *c0 = vuzp1q_u32(b01, b23);
    *c1 = vuzp2q_u32(b01, b23);
}

/* High and low 32-bit halves of m * c, lane-wise. */
static inline void nn_philox_neon_mul(uint32x4_t c, uint32_t m, uint32x4_t *hi,
                                      uint32x4_t *lo)
{
    uint32x4_t p01 =
        vreinterpretq_u32_u64(vmull_u32(vget_low_u32(c), vdup_n_u32(m)));
#if NN_NEON_NATIVE
    uint32x4_t p23 = vreinterpretq_u32_u64(vmull_high_u32(c, vdupq_n_u32(m)));
#else
    /* SIMDe 0.7.4's vmull_high_u32 multiplies as signed 64-bit integers, an
     * overflow UBSan reports; the high half through vmull_u32 is clean. */
    uint32x4_t p23 =
        vreinterpretq_u32_u64(vmull_u32(vget_high_u32(c), vdup_n_u32(m)));
#endif
    *hi = vuzp2q_u32(p01, p23);
    *lo = vuzp1q_u32(p01, p23);
}

/* Blocks b .. b+3 into x[0..3] and b+4 .. b+7 into y[0..3]. */
static inline void nn_philox8_neon(const nn_philox_neon *k, uint64_t b,
                                   uint32x4_t x[4], uint32x4_t y[4])
{
    uint32x4_t a0, a1, a2, a3, d0, d1, d2, d3;
    nn_philox_neon_ctr(b, &a0, &a1);
    nn_philox_neon_ctr(b + 4, &d0, &d1);
    a2 = d2 = vdupq_n_u32(k->s0);
    a3 = d3 = vdupq_n_u32(k->s1);
    /* Unrolled: the rounds rename the state instead of moving it. */
#pragma GCC unroll 10
    for (int r = 0; r < 10; r++) {
        uint32x4_t k0 = vdupq_n_u32(k->rk0[r]), k1 = vdupq_n_u32(k->rk1[r]);
        uint32x4_t ahi0, alo0, ahi1, alo1, dhi0, dlo0, dhi1, dlo1;
        nn_philox_neon_mul(a0, NN_PHILOX_M0, &ahi0, &alo0);
        nn_philox_neon_mul(d0, NN_PHILOX_M0, &dhi0, &dlo0);
        nn_philox_neon_mul(a2, NN_PHILOX_M1, &ahi1, &alo1);
        nn_philox_neon_mul(d2, NN_PHILOX_M1, &dhi1, &dlo1);
        a0 = veorq_u32(veorq_u32(ahi1, a1), k0);
        d0 = veorq_u32(veorq_u32(dhi1, d1), k0);
        a1 = alo1;
        d1 = dlo1;
        a2 = veorq_u32(veorq_u32(ahi0, a3), k1);
        d2 = veorq_u32(veorq_u32(dhi0, d3), k1);
        a3 = alo0;
        d3 = dlo0;
    }
    x[0] = a0, x[1] = a1, x[2] = a2, x[3] = a3;
    y[0] = d0, y[1] = d1, y[2] = d2, y[3] = d3;
}

/*
 * The loop every NEON kernel shares. A kernel computes whole groups of
 * NN_NEON_BLOCKS consecutive blocks (group(ctx, b, out) writes the elements
 * of blocks b .. b + 7 to out); epb_log2 is log2 of the elements per block
 * (2: one word per element, 1: two words) and es the element size.
 * A call that starts inside a block, and the part of the last group past n,
 * go through a buffer: the group is computed whole and only the elements in
 * [first, first + n) are copied out, so every element keeps the value its
 * index gives it and nothing outside out[0..n) is written.
 */
typedef void (*nn_neon_group_fn)(const void *ctx, uint64_t b, void *out);

static inline __attribute__((always_inline)) void
nn_neon_drive(const void *ctx, uint64_t first, void *out, size_t n,
              unsigned epb_log2, size_t es, nn_neon_group_fn group)
{
    const size_t g = (size_t)NN_NEON_BLOCKS << epb_log2; /* elements */
    const uint64_t in_block = first & ((1u << epb_log2) - 1);
    unsigned char *o = out;
    _Alignas(16) unsigned char tmp[NN_NEON_BLOCKS * 16];
    uint64_t e = first;
    size_t i = 0;
    if (in_block != 0 && n > 0) {
        size_t m = g - (size_t)in_block;
        if (m > n)
            m = n;
        group(ctx, e >> epb_log2, tmp);
        memcpy(o, tmp + (size_t)in_block * es, m * es);
        i = m;
        e += m;
    }
    for (; n - i >= g; i += g, e += g)
        group(ctx, e >> epb_log2, o + i * es);
    if (i < n) {
        group(ctx, e >> epb_log2, tmp);
        memcpy(o + i * es, tmp, (n - i) * es);
    }
}

#endif /* NNINIT_PHILOX_NEON_H */
