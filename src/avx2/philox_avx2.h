/*
 * Philox4x32-10 over 8 counters per __m256i set, several sets in flight: the
 * AVX2 mirror of src/scalar/philox.h. Lane j of a set equals the scalar block
 * at the same counter, so every kernel built on it gives the scalar bits.
 *
 * A set holds the four counter words of 8 blocks, one vector per word. The
 * 32x32 -> 64 products come from _mm256_mul_epu32 (even lanes, and odd lanes
 * after a 64-bit shift) for the high halves and _mm256_mullo_epi32 for the
 * low halves: six instructions per vector product.
 *
 * Lane order. Set s of a call starting at block b0 covers blocks
 * b0 + 8s .. b0 + 8s + 7, lane j holding block b0 + 8s + {0,2,4,6,1,3,5,7}[j].
 * With that order the 4x8 transpose to memory order is two levels of
 * in-lane unpacks (no cross-lane permute): nn_px_gen returns, per set, the
 * 32 consecutive words W[4(b0 + 8s)] .. W[4(b0 + 8s) + 31] in four vectors.
 *
 * The first two rounds are cheaper than the others: counter word 2 is the
 * stream (the same for every lane), and counter word 1 (the block's high
 * half) is the same for all lanes of a call that does not cross a multiple
 * of 2^32 blocks; then round 1 multiplies only word 0 and round 2 only word
 * 2, 18 vector products per set instead of 20. nn_px_gen checks the
 * condition and falls back to the plain rounds when it fails.
 */
#ifndef NNINIT_PHILOX_AVX2_H
#define NNINIT_PHILOX_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#include "../simd/philox_keys.h"

/* hi and lo halves of the 8 products a * m (m broadcast). */
NN_AINLINE void nn_px_mul(__m256i a, __m256i m, __m256i *hi, __m256i *lo)
{
    __m256i pe = _mm256_mul_epu32(a, m);
    __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
    /* one vpmulld beats a shift and a blend of pe, po (measured) */
    *lo = _mm256_mullo_epi32(a, m);
}

NN_AINLINE __m256i nn_px_bc(uint32_t x)
{
    return _mm256_set1_epi32((int)x);
}

/* The lane offsets {0,2,4,6,1,3,5,7} (see the lane order above). */
NN_AINLINE __m256i nn_px_lane_offsets(void)
{
    return _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
}

/* 4x8 transpose of one set to memory order (see the lane order). */
NN_AINLINE void nn_px_transpose(__m256i c[4])
{
    __m256i t0 = _mm256_unpacklo_epi32(c[0], c[1]);
    __m256i t1 = _mm256_unpackhi_epi32(c[0], c[1]);
    __m256i t2 = _mm256_unpacklo_epi32(c[2], c[3]);
    __m256i t3 = _mm256_unpackhi_epi32(c[2], c[3]);
    c[0] = _mm256_unpacklo_epi64(t0, t2);
    c[1] = _mm256_unpackhi_epi64(t0, t2);
    c[2] = _mm256_unpacklo_epi64(t1, t3);
    c[3] = _mm256_unpackhi_epi64(t1, t3);
}

/* The plain ten rounds on NS sets whose counters are given in full. */
NN_AINLINE void nn_px_rounds_plain(const nn_px *px, int ns, __m256i (*c)[4])
{
    const __m256i m0 = nn_px_bc(NN_PHILOX_M0), m1 = nn_px_bc(NN_PHILOX_M1);
    for (int r = 0; r < 10; r++) {
        const __m256i k0 = nn_px_bc(px->k0[r]), k1 = nn_px_bc(px->k1[r]);
#pragma GCC unroll 4
        for (int s = 0; s < ns; s++) {
            __m256i hi0, lo0, hi1, lo1;
            nn_px_mul(c[s][0], m0, &hi0, &lo0);
            nn_px_mul(c[s][2], m1, &hi1, &lo1);
            c[s][0] = _mm256_xor_si256(_mm256_xor_si256(hi1, c[s][1]), k0);
            c[s][1] = lo1;
            c[s][2] = _mm256_xor_si256(_mm256_xor_si256(hi0, c[s][3]), k1);
            c[s][3] = lo0;
        }
    }
}

/*
 * NS (1..4) sets: blocks b0 + 8s .. b0 + 8s + 7 for s < NS; c[s][0..3]
 * receive the 32 words of set s in memory order, or, when raw is set, as
 * the rounds leave them (c[s][k] = word k of the 8 blocks, in the lane
 * order above). Any b0 works; px caches the constants of the current high
 * counter word.
 */
NN_AINLINE void nn_px_gen(nn_px *px, uint64_t b0, int ns, int raw,
                          __m256i (*c)[4])
{
    const __m256i m0 = nn_px_bc(NN_PHILOX_M0), m1 = nn_px_bc(NN_PHILOX_M1);
    const uint32_t lo = (uint32_t)b0;
    const __m256i offs = nn_px_lane_offsets();
    if (NN_UNLIKELY((uint32_t)(b0 >> 32) != px->hi))
        nn_px_set_hi(px, (uint32_t)(b0 >> 32));
    if (NN_UNLIKELY(lo > 0xFFFFFFFFu - (uint32_t)(8 * ns - 1))) {
        /* Rare: the sets cross a multiple of 2^32 blocks, so the high
         * counter word differs between lanes. */
        for (int s = 0; s < ns; s++) {
            __m256i bl =
                _mm256_add_epi32(nn_px_bc(lo + 8u * (uint32_t)s), offs);
            /* carry into the high word where the low word wrapped */
            __m256i wrapped = _mm256_cmpgt_epi32(
                _mm256_xor_si256(nn_px_bc(lo), nn_px_bc(0x80000000u)),
                _mm256_xor_si256(bl, nn_px_bc(0x80000000u)));
            c[s][0] = bl;
            c[s][1] = _mm256_sub_epi32(nn_px_bc((uint32_t)(b0 >> 32)), wrapped);
            c[s][2] = nn_px_bc(px->stream[0]);
            c[s][3] = nn_px_bc(px->stream[1]);
        }
        nn_px_rounds_plain(px, ns, c);
    } else {
        /* Rounds 1 and 2: one product each (see the header comment). */
        const __m256i x2 = nn_px_bc(px->r1_x2);
#pragma GCC unroll 4
        for (int s = 0; s < ns; s++) {
            __m256i bl =
                _mm256_add_epi32(nn_px_bc(lo + 8u * (uint32_t)s), offs);
            __m256i hi0, lo0, hi1, lo1;
            nn_px_mul(bl, m0, &hi0, &lo0);
            /* after round 1: c0 = x0, c1 = c1, c2 = hi0 ^ x2, c3 = lo0 */
            __m256i c2 = _mm256_xor_si256(hi0, x2);
            nn_px_mul(c2, m1, &hi1, &lo1);
            /* after round 2 */
            c[s][0] = _mm256_xor_si256(hi1, nn_px_bc(px->r2_x0));
            c[s][1] = lo1;
            c[s][2] = _mm256_xor_si256(lo0, nn_px_bc(px->r2_x2));
            /* c3 is the constant lo(p0); round 3 needs only c3 ^ k1[2] */
        }
        /* Round 3 with the constant c3 folded into the key. */
        {
            const __m256i k0 = nn_px_bc(px->k0[2]);
            const __m256i x3 = nn_px_bc(px->r3_x2);
#pragma GCC unroll 4
            for (int s = 0; s < ns; s++) {
                __m256i hi0, lo0, hi1, lo1;
                nn_px_mul(c[s][0], m0, &hi0, &lo0);
                nn_px_mul(c[s][2], m1, &hi1, &lo1);
                c[s][0] = _mm256_xor_si256(_mm256_xor_si256(hi1, c[s][1]), k0);
                c[s][1] = lo1;
                c[s][2] = _mm256_xor_si256(hi0, x3);
                c[s][3] = lo0;
            }
        }
        for (int r = 3; r < 10; r++) {
            const __m256i k0 = nn_px_bc(px->k0[r]), k1 = nn_px_bc(px->k1[r]);
#pragma GCC unroll 4
            for (int s = 0; s < ns; s++) {
                __m256i hi0, lo0, hi1, lo1;
                nn_px_mul(c[s][0], m0, &hi0, &lo0);
                nn_px_mul(c[s][2], m1, &hi1, &lo1);
                c[s][0] = _mm256_xor_si256(_mm256_xor_si256(hi1, c[s][1]), k0);
                c[s][1] = lo1;
                c[s][2] = _mm256_xor_si256(_mm256_xor_si256(hi0, c[s][3]), k1);
                c[s][3] = lo0;
            }
        }
    }
    if (!raw) {
#pragma GCC unroll 4
        for (int s = 0; s < ns; s++)
            nn_px_transpose(c[s]);
    }
}

#endif /* NNINIT_PHILOX_AVX2_H */
