/*
 * Philox4x32-10 over 16 counters per __m512i set, several sets in flight:
 * the AVX-512 mirror of src/scalar/philox.h (and of src/avx2/philox_avx2.h,
 * whose round folding it shares). Lane j of a set equals the scalar block at
 * the same counter, so every kernel built on it gives the scalar bits.
 *
 * A set comes out as the four words of 16 blocks, one vector per word; the
 * rounds themselves run on half sets (see nn_px16_round below): 12
 * instructions per round and 16 blocks, no permutes.
 *
 * Lane order. Set s of a call starting at block b0 covers blocks
 * b0 + 16s .. b0 + 16s + 15, lane j holding block b0 + 16s + 4(j % 4) + j / 4.
 * With that order the 4x16 transpose to memory order is two levels of
 * in-lane unpacks (no cross-lane permute): nn_px16_gen returns, per set,
 * the 64 consecutive words W[4(b0 + 16s)] .. in four vectors.
 *
 * Rounds 1 and 2 are cheaper than the others (counter words 1-3 are the
 * same for every lane of a call that does not cross a multiple of 2^32
 * blocks); see philox_avx2.h.
 */
#ifndef NNINIT_PHILOX_AVX512_H
#define NNINIT_PHILOX_AVX512_H

#include "intrin_avx512.h"
#include <stdint.h>

#include "../simd/philox_keys.h"

NN_AINLINE __m512i nn_px16_bc(uint32_t x)
{
    return _mm512_set1_epi32((int)x);
}

/* a ^ b ^ c */
NN_AINLINE __m512i nn_px16_xor3(__m512i a, __m512i b, __m512i c)
{
    return _mm512_ternarylogic_epi32(a, b, c, 0x96);
}

/* 4x16 transpose of one set to memory order (see the lane order). */
NN_AINLINE void nn_px16_transpose(__m512i c[4])
{
    __m512i t0 = _mm512_unpacklo_epi32(c[0], c[1]);
    __m512i t1 = _mm512_unpackhi_epi32(c[0], c[1]);
    __m512i t2 = _mm512_unpacklo_epi32(c[2], c[3]);
    __m512i t3 = _mm512_unpackhi_epi32(c[2], c[3]);
    c[0] = _mm512_unpacklo_epi64(t0, t2);
    c[1] = _mm512_unpackhi_epi64(t0, t2);
    c[2] = _mm512_unpacklo_epi64(t1, t3);
    c[3] = _mm512_unpackhi_epi64(t1, t3);
}

/*
 * The rounds work on half sets: a __m512i of 8 qword lanes whose low dwords
 * are counter words of 8 blocks (vpmuludq reads only the low dword, so the
 * high dwords may hold anything). A product is then one vpmuludq, its high
 * half one 64-bit shift and its low half the product itself: per round and
 * 16 blocks, 4 products, 4 shifts and 4 vpternlogd, no permutes. Half 0 of
 * a set holds the blocks of the even lanes of the lane order above, half 1
 * those of the odd lanes; one masked shift-and-blend per word merges them.
 */

/* One full round on nh half sets. */
NN_AINLINE void nn_px16_round(int nh, __m512i (*c)[4], __m512i k0, __m512i k1)
{
    const __m512i m0 = _mm512_set1_epi64(NN_PHILOX_M0);
    const __m512i m1 = _mm512_set1_epi64(NN_PHILOX_M1);
#pragma GCC unroll 8
    for (int s = 0; s < nh; s++) {
        __m512i p0 = _mm512_mul_epu32(c[s][0], m0);
        __m512i p1 = _mm512_mul_epu32(c[s][2], m1);
        c[s][0] = nn_px16_xor3(_mm512_srli_epi64(p1, 32), c[s][1], k0);
        c[s][1] = p1;
        c[s][2] = nn_px16_xor3(_mm512_srli_epi64(p0, 32), c[s][3], k1);
        c[s][3] = p0;
    }
}

/*
 * NS (1..4) sets: blocks b0 + 16s .. b0 + 16s + 15 for s < NS; c[s][0..3]
 * receive the 64 words of set s in memory order, or, when raw is set, as
 * the rounds leave them (c[s][k] = word k of the 16 blocks, in the lane
 * order above).
 */
NN_AINLINE void nn_px16_gen(nn_px *px, uint64_t b0, int ns, int raw,
                            __m512i (*c)[4])
{
    const __m512i m0 = _mm512_set1_epi64(NN_PHILOX_M0);
    const __m512i m1 = _mm512_set1_epi64(NN_PHILOX_M1);
    const uint32_t lo = (uint32_t)b0;
    /* block offsets of the even and the odd lanes of the lane order */
    const __m512i offs[2] = {_mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11),
                             _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15)};
    __m512i h[8][4];
    const int nh = 2 * ns;
    if (NN_UNLIKELY((uint32_t)(b0 >> 32) != px->hi))
        nn_px_set_hi(px, (uint32_t)(b0 >> 32));
    if (NN_UNLIKELY(lo > 0xFFFFFFFFu - (uint32_t)(16 * ns - 1))) {
        /* Rare: the sets cross a multiple of 2^32 blocks: the 64-bit sum
         * carries into the high word. */
        for (int s = 0; s < nh; s++) {
            __m512i b = _mm512_add_epi64(
                _mm512_set1_epi64((long long)(b0 + 16u * (unsigned)(s / 2))),
                offs[s & 1]);
            h[s][0] = b;
            h[s][1] = _mm512_srli_epi64(b, 32);
            h[s][2] = _mm512_set1_epi64(px->stream[0]);
            h[s][3] = _mm512_set1_epi64(px->stream[1]);
        }
        for (int r = 0; r < 10; r++)
            nn_px16_round(nh, h, nn_px16_bc(px->k0[r]), nn_px16_bc(px->k1[r]));
    } else {
        const __m512i x2 = nn_px16_bc(px->r1_x2);
        const __m512i r2x0 = nn_px16_bc(px->r2_x0);
        const __m512i r2x2 = nn_px16_bc(px->r2_x2);
#pragma GCC unroll 8
        for (int s = 0; s < nh; s++) {
            __m512i bl = _mm512_add_epi64(
                _mm512_set1_epi64(lo + 16u * (uint32_t)(s / 2)), offs[s & 1]);
            __m512i p0 = _mm512_mul_epu32(bl, m0);
            __m512i c2 = _mm512_xor_si512(_mm512_srli_epi64(p0, 32), x2);
            __m512i p1 = _mm512_mul_epu32(c2, m1);
            h[s][0] = _mm512_xor_si512(_mm512_srli_epi64(p1, 32), r2x0);
            h[s][1] = p1;
            h[s][2] = _mm512_xor_si512(p0, r2x2);
        }
        {
            const __m512i k0 = nn_px16_bc(px->k0[2]);
            const __m512i x3 = nn_px16_bc(px->r3_x2);
#pragma GCC unroll 8
            for (int s = 0; s < nh; s++) {
                __m512i p0 = _mm512_mul_epu32(h[s][0], m0);
                __m512i p1 = _mm512_mul_epu32(h[s][2], m1);
                h[s][0] = nn_px16_xor3(_mm512_srli_epi64(p1, 32), h[s][1], k0);
                h[s][1] = p1;
                h[s][2] = _mm512_xor_si512(_mm512_srli_epi64(p0, 32), x3);
                h[s][3] = p0;
            }
        }
        for (int r = 3; r < 10; r++)
            nn_px16_round(nh, h, nn_px16_bc(px->k0[r]), nn_px16_bc(px->k1[r]));
    }
#pragma GCC unroll 4
    for (int s = 0; s < ns; s++) {
#pragma GCC unroll 4
        for (int k = 0; k < 4; k++)
            c[s][k] = _mm512_mask_blend_epi32(
                0xAAAA, h[2 * s][k], _mm512_slli_epi64(h[2 * s + 1][k], 32));
        if (!raw)
            nn_px16_transpose(c[s]);
    }
}

#endif /* NNINIT_PHILOX_AVX512_H */
