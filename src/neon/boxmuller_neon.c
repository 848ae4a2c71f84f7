/*
 * Normal N(mean, std) by Box-Muller (nn_boxmuller_f32_scalar / _f64_scalar,
 * src/scalar/boxmuller_scalar.c), four float or two double pairs at a time,
 * with the NEON transcriptions of nn_logf / nn_sincos2pif and nn_log /
 * nn_sincos2pi (nnmath_neon.h). No rejection, so no slow path.
 *
 * The set loop (src/simd/loop_tpl.h) hands each set of four blocks over
 * raw, in the transposed Philox state (x[k] = word k of the four blocks).
 * float32: block B serves elements 4B .. 4B+3, words (0, 1) the pair 2B and
 * words (2, 3) the pair 2B + 1; in the transposed Philox state that is
 * a = x[0], b = x[1] for elements 4B, 4B+1 (cosine, sine) and a = x[2],
 * b = x[3] for 4B+2, 4B+3, so vst4q_f32 stores them in order.
 * float64: block m is the pair m, elements 2m (cosine) and 2m + 1 (sine).
 *
 * Why this is not src/simd/boxmuller_tpl.h: the x86 template evaluates the
 * math g vectors wide (NN_VF_LOG_G) and puts the four result vectors in
 * memory order with a 4 x NN_LANES unpack network (NN_VI_TRANSPOSE) and
 * plain stores. On NEON that transpose is what vst4q_f32 does as it
 * stores, and nnmath_neon.h works on one vector at a time. Bringing this
 * kernel onto the template needs a wide NEON math layer and a store hook
 * that interleaves; until then it is the same algorithm in NEON's form,
 * checked element for element against the scalar reference by
 * tests/conformance.c (SIMDe on x86, qemu-aarch64).
 */
#include "nnmath_neon.h"
#include "ops_neon.h"

typedef struct {
    float mean, std;
    double dmean, dstd;
} bm_ctx;

/* The two standard normals of four float32 pairs (words a, b per lane). */
static inline void bm_pair_f32(uint32x4_t a, uint32x4_t b, float32x4_t *zc,
                               float32x4_t *zs)
{
    float32x4_t u1_hi =
        vmulq_f32(vcvtq_f32_u32(vshrq_n_u32(a, 8)), NN_DUPF(0x1p-24f));
    uint32x4_t lo_bits =
        vorrq_u32(vshlq_n_u32(vandq_u32(a, vdupq_n_u32(0xFFu)), 8),
                  vandq_u32(b, vdupq_n_u32(0xFFu)));
    float32x4_t u1_lo = vmulq_f32(
        vaddq_f32(vcvtq_f32_u32(lo_bits), NN_DUPF(0.5f)), NN_DUPF(0x1p-40f));
    float32x4_t u1 = vaddq_f32(u1_hi, u1_lo);
    float32x4_t u2 =
        vmulq_f32(vcvtq_f32_u32(vshrq_n_u32(b, 8)), NN_DUPF(0x1p-24f));

    float32x4_t r = nn_vsqrtq_f32(vmulq_f32(NN_DUPF(-2.0f), nn_logf_neon(u1)));
    float32x4_t s, c;
    nn_sincos2pif_neon(u2, &s, &c);
    *zc = vmulq_f32(r, c);
    *zs = vmulq_f32(r, s);
}

NN_AINLINE void bm_set_f32(void *ctx, uint32x4_t x[4], uint64_t e0, void *dst)
{
    const bm_ctx *c = ctx;
    float *o = dst;
    (void)e0;
    const float32x4_t mean = NN_DUPF(c->mean), std = NN_DUPF(c->std);
    float32x4x4_t z;
    bm_pair_f32(x[0], x[1], &z.val[0], &z.val[1]);
    bm_pair_f32(x[2], x[3], &z.val[2], &z.val[3]);
    for (int k = 0; k < 4; k++)
        z.val[k] = nn_fma_f32(std, z.val[k], mean);
    vst4q_f32(o, z);
}

NN_EACH_SET_V(bm_sets_f32, bm_set_f32, 16)

void nn_boxmuller_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    bm_ctx c = {.mean = p->f_mean, .std = p->f_std};
    nn_run_sets_ex(p, out, n, 0, 1, &c, bm_sets_f32);
}

/* ------------------------------------------------------------- float64 */

/* u53 / u53open0 of two lanes, from the zipped (lo, hi) words. */
static inline uint64x2_t bits53(uint32x4_t lohi)
{
    return vshrq_n_u64(vreinterpretq_u64_u32(lohi), 11);
}

/* Pairs of two blocks: w01 = zip of words 0, 1, w23 = zip of words 2, 3. */
static inline void bm_pair_f64(const bm_ctx *c, uint32x4_t w01, uint32x4_t w23,
                               float64x2_t *vc, float64x2_t *vs)
{
    float64x2_t u1 =
        vmulq_f64(vcvtq_f64_u64(vaddq_u64(bits53(w01), vdupq_n_u64(1))),
                  NN_DUPD(0x1p-53));
    float64x2_t u2 = vmulq_f64(vcvtq_f64_u64(bits53(w23)), NN_DUPD(0x1p-53));

    float64x2_t r = nn_vsqrtq_f64(vmulq_f64(NN_DUPD(-2.0), nn_log_neon(u1)));
    float64x2_t s, co;
    nn_sincos2pi_neon(u2, &s, &co);
    const float64x2_t mean = NN_DUPD(c->dmean), std = NN_DUPD(c->dstd);
    *vc = nn_fma_f64(std, vmulq_f64(r, co), mean);
    *vs = nn_fma_f64(std, vmulq_f64(r, s), mean);
}

NN_AINLINE void bm_set_f64(void *ctx, uint32x4_t x[4], uint64_t e0, void *dst)
{
    const bm_ctx *c = ctx;
    double *o = dst;
    (void)e0;
    float64x2x2_t lo, hi;
    bm_pair_f64(c, vzip1q_u32(x[0], x[1]), vzip1q_u32(x[2], x[3]), &lo.val[0],
                &lo.val[1]);
    bm_pair_f64(c, vzip2q_u32(x[0], x[1]), vzip2q_u32(x[2], x[3]), &hi.val[0],
                &hi.val[1]);
    vst2q_f64(o, lo);
    vst2q_f64(o + 4, hi);
}

NN_EACH_SET_V(bm_sets_f64, bm_set_f64, 8)

void nn_boxmuller_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    bm_ctx c = {.dmean = p->d_mean, .dstd = p->d_std};
    nn_run_sets_ex(p, out, n, 1, 1, &c, bm_sets_f64);
}
