/*
 * Normal N(mean, std) by the Ziggurat (nn_ziggurat_f32_scalar / _f64_scalar,
 * src/scalar/ziggurat.h), four lanes at a time.
 *
 * The fast path of every lane is the scalar one, operation for operation:
 * layer i = low byte, m = the high bits, converted exactly, x = m * wi[i]
 * (one rounding), the sign bit xored in, the compare m < ki[i], and the
 * output fma(std, z, mean). NEON has no gather: each lane's table entry is
 * one scalar load (float32 reads ki and wi together from nn_zig_kw_f32).
 *
 * A set of four blocks is finished in registers and stored whole; its lanes
 * that failed the fast test (about 1.5%) are collected in a bit mask and
 * then overwritten one by one with the shared slow path nn_zig_slow_f32/_f64
 * (src/scalar/slowpath_ziggurat.c), which depends only on the element index
 * and its first bits: the same function the scalar kernel calls.
 *
 * The truncated normal (NN_TRUNC_NORMAL regime, trunc_neon.c) is this fill
 * plus a bounds test: with `trunc` set, a lane whose value lies outside
 * [a, b] is replaced by nn_trunc_slow_f32/_f64(p, e, 1), exactly what
 * nn_trunc_fixup_f32/_f64 does after the scalar Ziggurat.
 */
#include <math.h>

#include "../scalar/bits.h"
#include "../scalar/slowpath.h"
#include "../scalar/ziggurat.h"
#include "neon.h"
#include "philox_neon.h"

typedef struct {
    nn_philox_neon k;
    const nn_kparams *p;
} zig_ctx;

/* Elements whose value lies outside [a, b] (or is NaN), as the scalar
 * fix-up tests them. */
static inline uint32x4_t outside_f32(float32x4_t v, float32x4_t a,
                                     float32x4_t b)
{
    return vmvnq_u32(vandq_u32(vcgeq_f32(v, a), vcleq_f32(v, b)));
}

static inline uint64x2_t outside_f64(float64x2_t v, float64x2_t a,
                                     float64x2_t b)
{
    uint64x2_t in = vandq_u64(vcgeq_f64(v, a), vcleq_f64(v, b));
    return vreinterpretq_u64_u32(vmvnq_u32(vreinterpretq_u32_u64(in)));
}

/* ki and wi of the four lanes' layers, from the packed float32 table. */
static inline void gather_f32(uint32x4_t layer, uint32x4_t *ki, float32x4_t *wi)
{
    uint64x2_t a =
        vcombine_u64(vld1_u64(&nn_zig_kw_f32[vgetq_lane_u32(layer, 0)]),
                     vld1_u64(&nn_zig_kw_f32[vgetq_lane_u32(layer, 1)]));
    uint64x2_t b =
        vcombine_u64(vld1_u64(&nn_zig_kw_f32[vgetq_lane_u32(layer, 2)]),
                     vld1_u64(&nn_zig_kw_f32[vgetq_lane_u32(layer, 3)]));
    *ki = vuzp1q_u32(vreinterpretq_u32_u64(a), vreinterpretq_u32_u64(b));
    *wi = vreinterpretq_f32_u32(
        vuzp2q_u32(vreinterpretq_u32_u64(a), vreinterpretq_u32_u64(b)));
}

/* Sixteen elements 4b .. 4b + 15 (e0 = 4b) from the words x[0..3] of blocks
 * b .. b + 3, to o[0..15]. */
static inline __attribute__((always_inline)) void
zig_f32_set(const nn_kparams *p, const uint32x4_t x[4], uint64_t e0, float *o,
            int trunc)
{
    const float32x4_t mean = vdupq_n_f32(p->f_mean),
                      std = vdupq_n_f32(p->f_std);
    const float32x4_t a = vdupq_n_f32(p->f_a), b = vdupq_n_f32(p->f_b);
    float32x4x4_t r;
    uint32x4_t slow[4], outside[4], any = vdupq_n_u32(0);
    for (int k = 0; k < 4; k++) {
        uint32x4_t w = x[k], ki;
        float32x4_t wi;
        gather_f32(vandq_u32(w, vdupq_n_u32(0xFFu)), &ki, &wi);
        uint32x4_t m = vshrq_n_u32(w, 9);
        float32x4_t z = vmulq_f32(vcvtq_f32_u32(m), wi);
        uint32x4_t sign =
            vandq_u32(vshlq_n_u32(w, 23), vdupq_n_u32(0x80000000u));
        z = vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(z), sign));
        slow[k] = vcgeq_u32(m, ki); /* the fast test m < ki failed */
        r.val[k] = vfmaq_f32(mean, std, z);
        any = vorrq_u32(any, slow[k]);
        if (trunc) {
            outside[k] = vbicq_u32(outside_f32(r.val[k], a, b), slow[k]);
            any = vorrq_u32(any, outside[k]);
        }
    }
    vst4q_f32(o, r);
    if (NN_LIKELY(!nn_any_u32(any)))
        return;
    /* Rare (a set of sixteen has a slow lane one time in five): the lanes
     * as bits of the element offset, then one lane at a time. */
    uint32_t slow_bits = 0, outside_bits = 0;
    for (int k = 0; k < 4; k++) {
        slow_bits |= nn_mask_bits_f32(slow[k], k);
        if (trunc)
            outside_bits |= nn_mask_bits_f32(outside[k], k);
    }
    uint32_t words[16];
    uint32x4x4_t xs = {{x[0], x[1], x[2], x[3]}};
    vst4q_u32(words, xs);
    for (; slow_bits; slow_bits &= slow_bits - 1) {
        unsigned t = (unsigned)__builtin_ctz(slow_bits);
        float v =
            fmaf(p->f_std, nn_zig_slow_f32(p, e0 + t, words[t]), p->f_mean);
        if (trunc && !(v >= p->f_a && v <= p->f_b))
            v = nn_trunc_slow_f32(p, e0 + t, 1);
        nn_store_f32(o + t, v);
    }
    for (; outside_bits; outside_bits &= outside_bits - 1) {
        unsigned t = (unsigned)__builtin_ctz(outside_bits);
        nn_store_f32(o + t, nn_trunc_slow_f32(p, e0 + t, 1));
    }
}

static inline __attribute__((always_inline)) void
zig_f32_group(const void *ctxv, uint64_t b, void *out, int trunc)
{
    const zig_ctx *c = ctxv;
    uint32x4_t x[4], y[4];
    float *o = out;
    nn_philox8_neon(&c->k, b, x, y);
    zig_f32_set(c->p, x, 4 * b, o, trunc);
    zig_f32_set(c->p, y, 4 * b + 16, o + 16, trunc);
}

static void normal_f32_group(const void *ctx, uint64_t b, void *out)
{
    zig_f32_group(ctx, b, out, 0);
}

static void trunc_f32_group(const void *ctx, uint64_t b, void *out)
{
    zig_f32_group(ctx, b, out, 1);
}

void nn_ziggurat_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    zig_ctx c = {.p = p};
    nn_philox_neon_init(&c.k, p->key, p->stream);
    nn_neon_drive(&c, p->first, out, n, 2, sizeof *out, normal_f32_group);
}

void nn_zig_trunc_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    zig_ctx c = {.p = p};
    nn_philox_neon_init(&c.k, p->key, p->stream);
    nn_neon_drive(&c, p->first, out, n, 2, sizeof *out, trunc_f32_group);
}

/* ------------------------------------------------------------- float64 */

/* One vector of two 64-bit draws v: the fast path; *slow gets the lanes
 * that failed the fast test, *outside (trunc) the fast lanes outside the
 * bounds. */
static inline __attribute__((always_inline)) float64x2_t
zig_f64_pair(const nn_kparams *p, uint64x2_t v, uint64x2_t *slow,
             uint64x2_t *outside, int trunc)
{
    unsigned i0 = (unsigned)vgetq_lane_u64(v, 0) & 0xFFu;
    unsigned i1 = (unsigned)vgetq_lane_u64(v, 1) & 0xFFu;
    uint64x2_t ki =
        vcombine_u64(vld1_u64(&nn_zig_ki_d[i0]), vld1_u64(&nn_zig_ki_d[i1]));
    float64x2_t wi =
        vcombine_f64(vld1_f64(&nn_zig_wi_d[i0]), vld1_f64(&nn_zig_wi_d[i1]));
    uint64x2_t m = vshrq_n_u64(v, 12);
    float64x2_t z = vmulq_f64(vcvtq_f64_u64(m), wi);
    uint64x2_t sign =
        vandq_u64(vshlq_n_u64(v, 55), vdupq_n_u64(0x8000000000000000ull));
    z = vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(z), sign));
    *slow = vcgeq_u64(m, ki);
    float64x2_t r = vfmaq_f64(vdupq_n_f64(p->d_mean), vdupq_n_f64(p->d_std), z);
    if (trunc)
        *outside = vbicq_u64(
            outside_f64(r, vdupq_n_f64(p->d_a), vdupq_n_f64(p->d_b)), *slow);
    return r;
}

/* Eight elements 2b .. 2b + 7 (e0 = 2b) from blocks b .. b + 3: element
 * 2(b + j) is x[1]:x[0] of lane j, element 2(b + j) + 1 is x[3]:x[2]. The
 * four draw vectors hold elements (0, 2), (1, 3), (4, 6) and (5, 7). */
static inline __attribute__((always_inline)) void
zig_f64_set(const nn_kparams *p, const uint32x4_t x[4], uint64_t e0, double *o,
            int trunc)
{
    static const unsigned lane_elem[4][2] = {{0, 2}, {1, 3}, {4, 6}, {5, 7}};
    uint64x2_t v[4] = {vreinterpretq_u64_u32(vzip1q_u32(x[0], x[1])),
                       vreinterpretq_u64_u32(vzip1q_u32(x[2], x[3])),
                       vreinterpretq_u64_u32(vzip2q_u32(x[0], x[1])),
                       vreinterpretq_u64_u32(vzip2q_u32(x[2], x[3]))};
    uint64x2_t slow[4], outside[4] = {vdupq_n_u64(0), vdupq_n_u64(0),
                                      vdupq_n_u64(0), vdupq_n_u64(0)};
    float64x2_t r[4];
    for (int k = 0; k < 4; k++)
        r[k] = zig_f64_pair(p, v[k], &slow[k], &outside[k], trunc);
    float64x2x2_t r01 = {{r[0], r[1]}}, r23 = {{r[2], r[3]}};
    vst2q_f64(o, r01);
    vst2q_f64(o + 4, r23);
    uint64x2_t any =
        vorrq_u64(vorrq_u64(slow[0], slow[1]), vorrq_u64(slow[2], slow[3]));
    if (trunc)
        any = vorrq_u64(any, vorrq_u64(vorrq_u64(outside[0], outside[1]),
                                       vorrq_u64(outside[2], outside[3])));
    if (NN_LIKELY(!nn_any_u64(any)))
        return;
    uint32_t slow_bits = 0, outside_bits = 0;
    for (int k = 0; k < 4; k++) {
        slow_bits |=
            nn_mask_bits_f64(slow[k], lane_elem[k][0], lane_elem[k][1]);
        outside_bits |=
            nn_mask_bits_f64(outside[k], lane_elem[k][0], lane_elem[k][1]);
    }
    uint64_t vs[8];
    uint64x2x2_t v01 = {{v[0], v[1]}}, v23 = {{v[2], v[3]}};
    vst2q_u64(vs, v01);
    vst2q_u64(vs + 4, v23);
    for (; slow_bits; slow_bits &= slow_bits - 1) {
        unsigned t = (unsigned)__builtin_ctz(slow_bits);
        double y = fma(p->d_std, nn_zig_slow_f64(p, e0 + t, vs[t]), p->d_mean);
        if (trunc && !(y >= p->d_a && y <= p->d_b))
            y = nn_trunc_slow_f64(p, e0 + t, 1);
        nn_store_f64(o + t, y);
    }
    for (; outside_bits; outside_bits &= outside_bits - 1) {
        unsigned t = (unsigned)__builtin_ctz(outside_bits);
        nn_store_f64(o + t, nn_trunc_slow_f64(p, e0 + t, 1));
    }
}

static inline __attribute__((always_inline)) void
zig_f64_group(const void *ctxv, uint64_t b, void *out, int trunc)
{
    const zig_ctx *c = ctxv;
    uint32x4_t x[4], y[4];
    double *o = out;
    nn_philox8_neon(&c->k, b, x, y);
    zig_f64_set(c->p, x, 2 * b, o, trunc);
    zig_f64_set(c->p, y, 2 * b + 8, o + 8, trunc);
}

static void normal_f64_group(const void *ctx, uint64_t b, void *out)
{
    zig_f64_group(ctx, b, out, 0);
}

static void trunc_f64_group(const void *ctx, uint64_t b, void *out)
{
    zig_f64_group(ctx, b, out, 1);
}

void nn_ziggurat_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    zig_ctx c = {.p = p};
    nn_philox_neon_init(&c.k, p->key, p->stream);
    nn_neon_drive(&c, p->first, out, n, 1, sizeof *out, normal_f64_group);
}

void nn_zig_trunc_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    zig_ctx c = {.p = p};
    nn_philox_neon_init(&c.k, p->key, p->stream);
    nn_neon_drive(&c, p->first, out, n, 1, sizeof *out, trunc_f64_group);
}
