/*
 * The per-call Philox constants every x86 vector path shares: the ten round
 * keys, and the folded constants of rounds 1-3 that hold while the high
 * counter word of a set's blocks is `hi` (see the round folding in
 * src/avx2/philox_avx2.h). Plain C: the per-ISA Philox layers
 * (src/avx2/philox_avx2.h, src/avx512/philox_avx512.h) broadcast these into
 * their own vectors.
 */
#ifndef NNINIT_SIMD_PHILOX_KEYS_H
#define NNINIT_SIMD_PHILOX_KEYS_H

#include <stdint.h>

#include "../scalar/philox.h"

#ifndef NN_AINLINE
#define NN_AINLINE static inline __attribute__((always_inline))
#endif

/* Per-call constants: the round keys and the folded constants of rounds 1
 * and 2 (valid for counters whose high word is `hi`). */
typedef struct nn_px {
    uint32_t k0[10], k1[10];
    uint32_t stream[2];
    /* round 1: c0' = c1 ^ r1_x0, c1' = r1_c1, c2' = hi(M0 c0) ^ r1_x2 */
    uint32_t r1_x0, r1_c1, r1_x2;
    /* round 2 for c1 == hi: p0 = M0 * (hi ^ r1_x0) is a constant */
    uint32_t hi;
    uint32_t r2_x0; /* c0'' = hi(M1 c2') ^ r2_x0 (= r1_c1 ^ k0[1]) */
    uint32_t r2_x2; /* c2'' = lo(M0 c0) ^ r2_x2 (= hi(p0) ^ k1[1]) */
    uint32_t r3_x2; /* round 3: c3'' ^ k1[2] (= lo(p0) ^ k1[2]) */
} nn_px;

NN_AINLINE void nn_px_set_hi(nn_px *px, uint32_t hi)
{
    uint64_t p0 = (uint64_t)NN_PHILOX_M0 * (hi ^ px->r1_x0);
    px->hi = hi;
    px->r2_x0 = px->r1_c1 ^ px->k0[1];
    px->r2_x2 = (uint32_t)(p0 >> 32) ^ px->k1[1];
    px->r3_x2 = (uint32_t)p0 ^ px->k1[2];
}

NN_AINLINE void nn_px_init(nn_px *px, const uint32_t key[2],
                           const uint32_t stream[2])
{
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        px->k0[r] = k0;
        px->k1[r] = k1;
        k0 += NN_PHILOX_W0;
        k1 += NN_PHILOX_W1;
    }
    px->stream[0] = stream[0];
    px->stream[1] = stream[1];
    uint64_t p1 = (uint64_t)NN_PHILOX_M1 * stream[0];
    px->r1_x0 = (uint32_t)(p1 >> 32) ^ px->k0[0];
    px->r1_c1 = (uint32_t)p1;
    px->r1_x2 = stream[1] ^ px->k1[0];
    nn_px_set_hi(px, 0);
}

#endif /* NNINIT_SIMD_PHILOX_KEYS_H */
