/*
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as
 * easy as 1, 2, 3", SC11), the scalar reference every vector path mirrors.
 *
 * One call maps a 128-bit counter and a 64-bit key to 128 random bits. Ten
 * rounds; each multiplies two counter words by fixed odd constants, keeps
 * both halves of the 64-bit products and mixes in the key, which is bumped by
 * the Weyl constants between rounds.
 *
 * The nninit word sequence (docs/streams.md): word j of (seed, stream) is word
 * j % 4 of philox(key = (seed lo, seed hi),
 *                 ctr = (b lo, b hi, stream lo, stream hi)), b = j / 4.
 */
#ifndef NNINIT_PHILOX_H
#define NNINIT_PHILOX_H

#include <stdint.h>

#include "../core/kernels.h"

#define NN_PHILOX_M0 0xD2511F53u
#define NN_PHILOX_M1 0xCD9E8D57u
#define NN_PHILOX_W0 0x9E3779B9u
#define NN_PHILOX_W1 0xBB67AE85u

static inline void nn_philox4x32_10(const uint32_t ctr_in[4],
                                    const uint32_t key_in[2],
                                    uint32_t out[4])
{
    uint32_t c0 = ctr_in[0], c1 = ctr_in[1], c2 = ctr_in[2], c3 = ctr_in[3];
    uint32_t k0 = key_in[0], k1 = key_in[1];
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)NN_PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)NN_PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += NN_PHILOX_W0;
        k1 += NN_PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* Block b of the main sequence of p: words 4b .. 4b+3. */
static inline void nn_philox_block(const nn_kparams *p, uint64_t b,
                                   uint32_t out[4])
{
    uint32_t ctr[4] = {(uint32_t)b, (uint32_t)(b >> 32), p->stream[0],
                       p->stream[1]};
    nn_philox4x32_10(ctr, p->key, out);
}

/* Word j of the main sequence (slow; kernels generate whole blocks). */
static inline uint32_t nn_philox_word(const nn_kparams *p, uint64_t j)
{
    uint32_t w[4];
    nn_philox_block(p, j >> 2, w);
    return w[j & 3];
}

/*
 * The auxiliary sequences that rejection methods draw from. Attempt r of
 * purpose q for element e of (seed, stream) is the block
 *     philox(key = K(seed, q, r), ctr = (e lo, e hi, stream lo, stream hi))
 * where K(seed, q, r) is the first two words of
 *     philox(key = (seed lo ^ 0x243F6A88, seed hi ^ 0x85A308D3),
 *            ctr = (r, q, 0x4E4E494E, 0x41555820)).
 * So an element's extra bits depend only on its own index, never on which
 * other elements needed extra bits.
 */
static inline void nn_aux_key(uint64_t seed, uint32_t purpose, uint32_t r,
                              uint32_t key[2])
{
    uint32_t dkey[2] = {(uint32_t)seed ^ 0x243F6A88u,
                        (uint32_t)(seed >> 32) ^ 0x85A308D3u};
    uint32_t ctr[4] = {r, purpose, 0x4E4E494Eu, 0x41555820u};
    uint32_t w[4];
    nn_philox4x32_10(ctr, dkey, w);
    key[0] = w[0];
    key[1] = w[1];
}

/* Fill the cached first-attempt keys of p (once per call, after seed). */
static inline void nn_aux_keys_init(nn_kparams *p)
{
    for (uint32_t q = 1; q < 4; q++) {
        nn_aux_key(p->seed, q, 0, p->aux_key0[q]);
        nn_aux_key(p->seed, q, 1, p->aux_key1[q]);
    }
}

static inline void nn_aux_block(const nn_kparams *p, uint32_t purpose,
                                uint32_t r, uint64_t e, uint32_t out[4])
{
    uint32_t key[2];
    uint32_t ctr[4] = {(uint32_t)e, (uint32_t)(e >> 32), p->stream[0],
                       p->stream[1]};
    if (r == 0 && purpose < 4) {
        key[0] = p->aux_key0[purpose][0];
        key[1] = p->aux_key0[purpose][1];
    } else if (r == 1 && purpose < 4) {
        key[0] = p->aux_key1[purpose][0];
        key[1] = p->aux_key1[purpose][1];
    } else {
        nn_aux_key(p->seed, purpose, r, key);
    }
    nn_philox4x32_10(ctr, key, out);
}

/* A double in (0, 1]: 53 random bits from two words, never 0 so that a log
 * may follow. */
static inline double nn_u53_open0(uint32_t lo, uint32_t hi)
{
    uint64_t x = ((uint64_t)hi << 32 | lo) >> 11;
    return (double)(x + 1) * 0x1p-53;
}

/* A double in [0, 1): 53 random bits. */
static inline double nn_u53(uint32_t lo, uint32_t hi)
{
    uint64_t x = ((uint64_t)hi << 32 | lo) >> 11;
    return (double)x * 0x1p-53;
}

#endif /* NNINIT_PHILOX_H */
