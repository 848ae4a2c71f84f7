/*
 * Normal N(mean, std) by inverse CDF (nn_icdf_f32_scalar / _f64_scalar,
 * src/scalar/icdf_scalar.c), with the NEON transcriptions of
 * nn_ndtri_lower_f32 / nn_ndtri_lower (nnmath_neon.h).
 *
 * float32: w = W[e]; m = w & 0x7FFFFFFF; q = ((float)m + 0.5f) * 2^-32 (the
 * conversion rounds m to 24 bits, to nearest even: scvtf does as the C cast
 * does); t = Phi^-1(q) <= 0; the sign bit of w is xored into t.
 * float64: v = V[e]; m = (v & 0x7FFF...F) >> 10 (53 bits, exact in double);
 * q = ((double)m + 0.5) * 2^-54.
 * Lanes whose m is below 2^12 (float32) or 2^20 (float64) are the far tails
 * (probability 2^-19 and 2^-33): the vector value is discarded and the
 * shared nn_icdf_tail_f32/_f64 (slowpath_icdf.c) gives t, which goes through
 * the same sign and scaling.
 *
 * The set loop (src/simd/loop_tpl.h) hands each set of four blocks over raw
 * (x[k] = word k of the four blocks); the rare tail lanes are finished
 * inline, before the set is left, not through the deferred ring: at
 * 2^-19 and 2^-33 per element the ring would buy nothing.
 *
 * Not src/simd/icdf_tpl.h, for the reason given in boxmuller_neon.c: the
 * template's wide math and transposing stores have no NEON form yet.
 */
#include <math.h>

#include "../scalar/bf16.h"
#include "../scalar/bits.h"
#include "../scalar/slowpath.h"
#include "nnmath_neon.h"
#include "ops_neon.h"

/* ---------------------------------------------------------------- float32 */

NN_AINLINE void icdf_set_f32(void *ctx, uint32x4_t x[4], uint64_t e0, void *dst)
{
    const nn_kparams *p = ctx;
    float *o = dst;
    const float32x4_t mean = NN_DUPF(p->f_mean), std = NN_DUPF(p->f_std);
    float32x4x4_t r;
    uint32x4_t tail[4], any = vdupq_n_u32(0);
    for (int k = 0; k < 4; k++) {
        uint32x4_t w = x[k];
        uint32x4_t sign = vandq_u32(w, vdupq_n_u32(0x80000000u));
        uint32x4_t m = vandq_u32(w, vdupq_n_u32(0x7FFFFFFFu));
        float32x4_t q = vmulq_f32(
            vaddq_f32(vcvtq_f32_s32(vreinterpretq_s32_u32(m)), NN_DUPF(0.5f)),
            NN_DUPF(0x1p-32f));
        float32x4_t t = nn_ndtri_lower_f32_neon(q);
        float32x4_t z =
            vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(t), sign));
        r.val[k] = nn_fma_f32(std, z, mean);
        tail[k] = vcltq_u32(m, vdupq_n_u32(1u << 12));
        any = vorrq_u32(any, tail[k]);
    }
    vst4q_f32(o, r);
    if (NN_LIKELY(!nn_any_u32(any)))
        return;
    uint32_t tail_bits = 0;
    for (int k = 0; k < 4; k++)
        tail_bits |= nn_mask_bits_f32(tail[k], k);
    uint32_t words[16];
    uint32x4x4_t xs = {{x[0], x[1], x[2], x[3]}};
    vst4q_u32(words, xs);
    for (; tail_bits; tail_bits &= tail_bits - 1) {
        unsigned i = (unsigned)__builtin_ctz(tail_bits);
        float t = nn_icdf_tail_f32(p, e0 + i, words[i]);
        float z = nn_bits_f32(nn_f32_bits(t) ^ (words[i] & 0x80000000u));
        nn_store_f32(o + i, fmaf(p->f_std, z, p->f_mean));
    }
}

NN_EACH_SET_V(icdf_sets_f32, icdf_set_f32, 16)

void nn_icdf_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    nn_run_sets_ex(p, out, n, 0, 1, (void *)p, icdf_sets_f32);
}

/* ---------------------------------------------------------------- float64 */

/* Two elements from their 64-bit draws v; *tail gets the far-tail lanes. */
static inline float64x2_t icdf_pair_f64(const nn_kparams *p, uint64x2_t v,
                                        uint64x2_t *tail)
{
    uint64x2_t sign = vandq_u64(v, vdupq_n_u64(0x8000000000000000ull));
    uint64x2_t m =
        vshrq_n_u64(vandq_u64(v, vdupq_n_u64(0x7FFFFFFFFFFFFFFFull)), 10);
    float64x2_t q = vmulq_f64(
        vaddq_f64(vcvtq_f64_s64(vreinterpretq_s64_u64(m)), NN_DUPD(0.5)),
        NN_DUPD(0x1p-54));
    float64x2_t t = nn_ndtri_lower_neon(q);
    float64x2_t z =
        vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(t), sign));
    *tail = vcltq_u64(m, vdupq_n_u64(1u << 20));
    return nn_fma_f64(NN_DUPD(p->d_std), z, NN_DUPD(p->d_mean));
}

/* Element 2(b + j) is x[1]:x[0] of lane j, 2(b + j) + 1 is x[3]:x[2]. */
NN_AINLINE void icdf_set_f64(void *ctx, uint32x4_t x[4], uint64_t e0, void *dst)
{
    const nn_kparams *p = ctx;
    double *o = dst;
    static const unsigned lane_elem[4][2] = {{0, 2}, {1, 3}, {4, 6}, {5, 7}};
    uint64x2_t v[4] = {vreinterpretq_u64_u32(vzip1q_u32(x[0], x[1])),
                       vreinterpretq_u64_u32(vzip1q_u32(x[2], x[3])),
                       vreinterpretq_u64_u32(vzip2q_u32(x[0], x[1])),
                       vreinterpretq_u64_u32(vzip2q_u32(x[2], x[3]))};
    uint64x2_t tail[4];
    float64x2_t r[4];
    for (int k = 0; k < 4; k++)
        r[k] = icdf_pair_f64(p, v[k], &tail[k]);
    float64x2x2_t r01 = {{r[0], r[1]}}, r23 = {{r[2], r[3]}};
    vst2q_f64(o, r01);
    vst2q_f64(o + 4, r23);
    uint64x2_t any =
        vorrq_u64(vorrq_u64(tail[0], tail[1]), vorrq_u64(tail[2], tail[3]));
    if (NN_LIKELY(!nn_any_u64(any)))
        return;
    uint32_t tail_bits = 0;
    for (int k = 0; k < 4; k++)
        tail_bits |=
            nn_mask_bits_f64(tail[k], lane_elem[k][0], lane_elem[k][1]);
    uint64_t vs[8];
    uint64x2x2_t v01 = {{v[0], v[1]}}, v23 = {{v[2], v[3]}};
    vst2q_u64(vs, v01);
    vst2q_u64(vs + 4, v23);
    for (; tail_bits; tail_bits &= tail_bits - 1) {
        unsigned i = (unsigned)__builtin_ctz(tail_bits);
        double t = nn_icdf_tail_f64(p, e0 + i, vs[i]);
        uint64_t bits;
        memcpy(&bits, &t, sizeof bits);
        bits ^= vs[i] & 0x8000000000000000ull;
        memcpy(&t, &bits, sizeof t);
        nn_store_f64(o + i, fma(p->d_std, t, p->d_mean));
    }
}

NN_EACH_SET_V(icdf_sets_f64, icdf_set_f64, 8)

void nn_icdf_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    nn_run_sets_ex(p, out, n, 1, 1, (void *)p, icdf_sets_f64);
}
