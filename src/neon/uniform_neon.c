/*
 * Uniform U[lo, hi) (nn_uniform_f32_scalar / _f64_scalar, src/scalar/
 * uniform.h), four lanes at a time:
 *   float32: u = (float)(w >> 8) * 2^-24 (exact), x = fma(u, scale, lo),
 *            then x < max ? x : max;
 *   float64: u = (double)(v >> 11) * 2^-53 with v = W[2e+1]:W[2e] (exact),
 *            the same fma and clamp in double.
 * The conversions are exact (at most 24 and 53 significant bits), so the
 * only rounding is the fused multiply-add, as in the scalar code.
 */
#include "neon.h"
#include "philox_neon.h"

typedef struct {
    nn_philox_neon k;
    float lo, scale, max;
    double dlo, dscale, dmax;
} uniform_ctx;

static inline float32x4_t uniform_f32_of(uint32x4_t w, float32x4_t lo,
                                         float32x4_t scale, float32x4_t max)
{
    float32x4_t u = vmulq_n_f32(vcvtq_f32_u32(vshrq_n_u32(w, 8)), 0x1p-24f);
    return nn_clamp_below_f32(vfmaq_f32(lo, u, scale), max);
}

static void uniform_f32_group(const void *ctxv, uint64_t b, void *out)
{
    const uniform_ctx *c = ctxv;
    float32x4_t lo = vdupq_n_f32(c->lo), scale = vdupq_n_f32(c->scale),
                max = vdupq_n_f32(c->max);
    uint32x4_t x[4], y[4];
    float *o = out;
    nn_philox8_neon(&c->k, b, x, y);
    float32x4x4_t rx, ry;
    for (int k = 0; k < 4; k++) {
        rx.val[k] = uniform_f32_of(x[k], lo, scale, max);
        ry.val[k] = uniform_f32_of(y[k], lo, scale, max);
    }
    vst4q_f32(o, rx);
    vst4q_f32(o + 16, ry);
}

void nn_uniform_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    uniform_ctx c;
    nn_philox_neon_init(&c.k, p->key, p->stream);
    c.lo = p->f_lo;
    c.scale = p->f_scale;
    c.max = p->f_max;
    nn_neon_drive(&c, p->first, out, n, 2, sizeof *out, uniform_f32_group);
}

/* v = hi:lo (lo in the even 32-bit lanes after the zip), to a uniform. */
static inline float64x2_t uniform_f64_of(uint32x4_t lohi, float64x2_t lo,
                                         float64x2_t scale, float64x2_t max)
{
    uint64x2_t v = vshrq_n_u64(vreinterpretq_u64_u32(lohi), 11);
    float64x2_t u = vmulq_n_f64(vcvtq_f64_u64(v), 0x1p-53);
    return nn_clamp_below_f64(vfmaq_f64(lo, u, scale), max);
}

/* Four blocks x[0..3] are eight elements: element 2(b+j) is x[1]:x[0] of
 * lane j, element 2(b+j)+1 is x[3]:x[2]. */
static inline void uniform_f64_set(const uniform_ctx *c, const uint32x4_t x[4],
                                   double *o)
{
    float64x2_t lo = vdupq_n_f64(c->dlo), scale = vdupq_n_f64(c->dscale),
                max = vdupq_n_f64(c->dmax);
    float64x2_t e01 = uniform_f64_of(vzip1q_u32(x[0], x[1]), lo, scale, max);
    float64x2_t o01 = uniform_f64_of(vzip1q_u32(x[2], x[3]), lo, scale, max);
    float64x2_t e23 = uniform_f64_of(vzip2q_u32(x[0], x[1]), lo, scale, max);
    float64x2_t o23 = uniform_f64_of(vzip2q_u32(x[2], x[3]), lo, scale, max);
    float64x2x2_t r01 = {{e01, o01}}, r23 = {{e23, o23}};
    vst2q_f64(o, r01);
    vst2q_f64(o + 4, r23);
}

static void uniform_f64_group(const void *ctxv, uint64_t b, void *out)
{
    const uniform_ctx *c = ctxv;
    uint32x4_t x[4], y[4];
    double *o = out;
    nn_philox8_neon(&c->k, b, x, y);
    uniform_f64_set(c, x, o);
    uniform_f64_set(c, y, o + 8);
}

void nn_uniform_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    uniform_ctx c;
    nn_philox_neon_init(&c.k, p->key, p->stream);
    c.dlo = p->d_lo;
    c.dscale = p->d_scale;
    c.dmax = p->d_max;
    nn_neon_drive(&c, p->first, out, n, 1, sizeof *out, uniform_f64_group);
}
