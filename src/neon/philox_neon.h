/*
 * Philox4x32-10 on NEON: sets of four counters in one uint32x4_t per
 * counter word, several sets in flight, lane j of a set computing block
 * b + j exactly as nn_philox4x32_10 (src/scalar/philox.h) does. This is
 * the generator of the NEON instance of the set loop (loop_neon.h,
 * src/simd/loop_tpl.h), as nn_px_gen is for AVX2.
 *
 * The state is kept transposed: c[k] holds word k of the four blocks, so a
 * round is two vmull_u32 pairs (the 32x32->64 products of words 0 and 2 of
 * every lane), an unzip into high and low halves, and xors. The sets of a
 * call run interleaved, because one set alone leaves the multiplier waiting
 * on its own latency.
 *
 * Unlike the x86 generators this one does not fold rounds 1 and 2 (the
 * constant stream and high counter words): it runs the plain rounds, with
 * the counter's carry into the high word computed per lane.
 */
#ifndef NNINIT_PHILOX_NEON_H
#define NNINIT_PHILOX_NEON_H

#include <stdint.h>

#include "../simd/philox_keys.h"
#include "neon.h"

/* Counter words 0 and 1 (the low and high halves of b + j) of lanes j. */
NN_AINLINE void nn_px_ctr_neon(uint64_t b, uint32x4_t *c0, uint32x4_t *c1)
{
    static const uint64_t add01[2] = {0, 1}, add23[2] = {2, 3};
    uint64x2_t bb = vdupq_n_u64(b);
    uint32x4_t b01 = vreinterpretq_u32_u64(vaddq_u64(bb, vld1q_u64(add01)));
    uint32x4_t b23 = vreinterpretq_u32_u64(vaddq_u64(bb, vld1q_u64(add23)));
    *c0 = vuzp1q_u32(b01, b23);
    *c1 = vuzp2q_u32(b01, b23);
}

/* High and low 32-bit halves of m * c, lane-wise. */
NN_AINLINE void nn_px_mul_neon(uint32x4_t c, uint32_t m, uint32x4_t *hi,
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

/* 4x4 transpose of one set to memory order: c[j] becomes the four words of
 * block j (what vst4q_u32 would store). */
NN_AINLINE void nn_px_transpose_neon(uint32x4_t c[4])
{
    uint32x4x2_t t01 = vtrnq_u32(c[0], c[1]);
    uint32x4x2_t t23 = vtrnq_u32(c[2], c[3]);
    c[0] = vcombine_u32(vget_low_u32(t01.val[0]), vget_low_u32(t23.val[0]));
    c[1] = vcombine_u32(vget_low_u32(t01.val[1]), vget_low_u32(t23.val[1]));
    c[2] = vcombine_u32(vget_high_u32(t01.val[0]), vget_high_u32(t23.val[0]));
    c[3] = vcombine_u32(vget_high_u32(t01.val[1]), vget_high_u32(t23.val[1]));
}

/*
 * NS sets: blocks b0 + 4s .. b0 + 4s + 3 for s < NS; c[s][0..3] receive
 * the 16 words of set s in memory order, or, when raw is set, as the rounds
 * leave them (c[s][k] = word k of the four blocks, lane j = block
 * b0 + 4s + j).
 */
NN_AINLINE void nn_px_gen_neon(nn_px *px, uint64_t b0, int ns, int raw,
                               uint32x4_t (*c)[4])
{
    for (int s = 0; s < ns; s++) {
        nn_px_ctr_neon(b0 + 4u * (unsigned)s, &c[s][0], &c[s][1]);
        c[s][2] = vdupq_n_u32(px->stream[0]);
        c[s][3] = vdupq_n_u32(px->stream[1]);
    }
    /* Unrolled: the rounds rename the state instead of moving it. */
#pragma GCC unroll 10
    for (int r = 0; r < 10; r++) {
        const uint32x4_t k0 = vdupq_n_u32(px->k0[r]);
        const uint32x4_t k1 = vdupq_n_u32(px->k1[r]);
#pragma GCC unroll 4
        for (int s = 0; s < ns; s++) {
            uint32x4_t hi0, lo0, hi1, lo1;
            nn_px_mul_neon(c[s][0], NN_PHILOX_M0, &hi0, &lo0);
            nn_px_mul_neon(c[s][2], NN_PHILOX_M1, &hi1, &lo1);
            c[s][0] = veorq_u32(veorq_u32(hi1, c[s][1]), k0);
            c[s][1] = lo1;
            c[s][2] = veorq_u32(veorq_u32(hi0, c[s][3]), k1);
            c[s][3] = lo0;
        }
    }
    if (!raw) {
#pragma GCC unroll 4
        for (int s = 0; s < ns; s++)
            nn_px_transpose_neon(c[s]);
    }
}

#endif /* NNINIT_PHILOX_NEON_H */
