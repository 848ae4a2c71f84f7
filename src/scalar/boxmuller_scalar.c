/*
 * Box-Muller normal fills, scalar reference (the specification every vector
 * path mirrors bit for bit).
 *
 * Box and Muller, "A note on the generation of random normal deviates",
 * Ann. Math. Statist. 29 (1958): for independent U1 in (0, 1] and U2 in
 * [0, 1), with R = sqrt(-2 ln U1) and T = 2 pi U2, R cos T and R sin T are
 * two independent standard normals. We keep both: one pair of uniforms makes
 * one pair of consecutive elements, the cosine for the even element and the
 * sine for the odd one. No rejection, so every element is a fixed function
 * of its own Philox block.
 *
 * Stream layout (frozen; docs/streams.md):
 *
 * float32. Element e belongs to pair m = e >> 1, which uses the words
 * a = W[2m] and b = W[2m+1] (so Philox block B serves elements 4B .. 4B+3:
 * words 0,1 make the pair 2B, words 2,3 the pair 2B+1).
 *   u1 = (a >> 8) * 2^-24 + ((((a & 0xFF) << 8) | (b & 0xFF)) + 0.5) * 2^-40
 *        evaluated in float exactly as written (two exact terms, one
 *        rounded add): 40 random bits, u1 in [2^-41, 1], so the log below
 *        is finite and the tails reach sqrt(-2 ln 2^-41) = 7.54 sigma
 *        (a 24-bit u1 would stop at 5.8 sigma);
 *   u2 = (b >> 8) * 2^-24, in [0, 1), a multiple of 2^-24 as nn_sincos2pif
 *        wants;
 *   r  = sqrtf(-2 * nn_logf(u1));
 *   z  = r * cos(2 pi u2) for even e, r * sin(2 pi u2) for odd e
 *        (nn_sincos2pif);
 *   out = fmaf(f_std, z, f_mean).
 *
 * float64. Element e belongs to pair m = e >> 1, which uses the whole Philox
 * block m (words W[4m .. 4m+3]):
 *   u1 = nn_u53_open0(W[4m], W[4m+1])   (53 bits, in (0, 1]; tails to
 *                                        sqrt(-2 ln 2^-53) = 8.57 sigma),
 *   u2 = nn_u53(W[4m+2], W[4m+3])       (53 bits, in [0, 1)),
 *   r  = sqrt(-2 * nn_log(u1)),
 *   z  = r * cos(2 pi u2) (even e) or r * sin(2 pi u2) (odd e)
 *        (nn_sincos2pi),
 *   out = fma(d_std, z, d_mean).
 *
 * Any first element and count: a fill that starts at an odd element (the
 * second half of a pair), or in the middle of a block, gets exactly the
 * values the longer fill would have had there.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../core/kernels.h"
#include "bits.h"
#include "nnmath.h"
#include "philox.h"
#include "scalar.h"

/* ---------------------------------------------------------------- float32 */

/* The two standard normals of one float32 pair, from its words a, b. */
static inline void bm_pair_f32(uint32_t a, uint32_t b, float *z_cos,
                               float *z_sin)
{
    float u1_hi = (float)(int32_t)(a >> 8) * 0x1p-24f;
    float u1_lo =
        ((float)(int32_t)(((a & 0xFFu) << 8) | (b & 0xFFu)) + 0.5f) * 0x1p-40f;
    float u1 = u1_hi + u1_lo;
    float u2 = (float)(int32_t)(b >> 8) * 0x1p-24f;

    float r = sqrtf(-2.0f * nn_logf(u1));
    float s, c;
    nn_sincos2pif(u2, &s, &c);
    *z_cos = r * c;
    *z_sin = r * s;
}

/* Elements 4*blk .. 4*blk+3, already scaled: one Philox block, two pairs. */
static inline void bm_block_f32(const nn_kparams *p, uint64_t blk, float v[4])
{
    uint32_t w[4];
    nn_philox_block(p, blk, w);
    bm_pair_f32(w[0], w[1], &v[0], &v[1]);
    bm_pair_f32(w[2], w[3], &v[2], &v[3]);
    for (int k = 0; k < 4; k++)
        v[k] = fmaf(p->f_std, v[k], p->f_mean);
}

void nn_boxmuller_f32_scalar(const nn_kparams *p, float *restrict out, size_t n)
{
    uint64_t e = p->first;
    size_t i = 0;
    float v[4];

    /* Head: the fill starts inside a block. */
    if ((e & 3u) != 0 && n > 0) {
        bm_block_f32(p, e >> 2, v);
        for (unsigned k = (unsigned)(e & 3u); k < 4 && i < n; k++)
            nn_store_f32(out + i++, v[k]);
    }
    /* Whole blocks. */
    for (; n - i >= 4; i += 4) {
        bm_block_f32(p, (e + i) >> 2, v);
        memcpy(out + i, v, sizeof v);
    }
    /* Tail: the fill ends inside a block. */
    if (i < n) {
        bm_block_f32(p, (e + i) >> 2, v);
        for (unsigned k = 0; i < n; k++)
            nn_store_f32(out + i++, v[k]);
    }
}

/* ---------------------------------------------------------------- float64 */

/* Elements 2*m and 2*m+1, already scaled: Philox block m is pair m. */
static inline void bm_block_f64(const nn_kparams *p, uint64_t m, double v[2])
{
    uint32_t w[4];
    nn_philox_block(p, m, w);
    double u1 = nn_u53_open0(w[0], w[1]);
    double u2 = nn_u53(w[2], w[3]);

    double r = sqrt(-2.0 * nn_log(u1));
    double s, c;
    nn_sincos2pi(u2, &s, &c);
    v[0] = fma(p->d_std, r * c, p->d_mean);
    v[1] = fma(p->d_std, r * s, p->d_mean);
}

void nn_boxmuller_f64_scalar(const nn_kparams *p, double *restrict out,
                             size_t n)
{
    uint64_t e = p->first;
    size_t i = 0;
    double v[2];

    /* Head: the fill starts with the sine half of a pair. */
    if ((e & 1u) != 0 && n > 0) {
        bm_block_f64(p, e >> 1, v);
        nn_store_f64(out + i++, v[1]);
    }
    /* Whole pairs. */
    for (; n - i >= 2; i += 2) {
        bm_block_f64(p, (e + i) >> 1, v);
        memcpy(out + i, v, sizeof v);
    }
    /* Tail: the fill ends with the cosine half of a pair. */
    if (i < n) {
        bm_block_f64(p, (e + i) >> 1, v);
        nn_store_f64(out + i++, v[0]);
    }
}
