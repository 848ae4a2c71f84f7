/*
 * The NEON folder's one view of the intrinsics.
 *
 * On AArch64 the kernels compile against <arm_neon.h>. Everywhere else they
 * compile through SIMDe (Debian's libsimde-dev), which implements the same
 * intrinsics with the host's own SIMD, so the ordinary x86 test suite runs
 * the NEON code; src/neon/meson.build builds this folder with -mavx2 -mfma
 * there, so that SIMDe's vfmaq_f32/vfmaq_f64 are real fused multiply-adds
 * (_mm_fmadd_ps/_pd) and round like FMLA. NNINIT_NEON_SIMDE marks that
 * build.
 *
 * SIMDe 0.7.4 lacks a few AArch64 intrinsics the kernels need (division and
 * square root); nn_vdivq_* and nn_vsqrtq_* below are the native instruction
 * on AArch64 and a lane-wise IEEE operation (the same correctly rounded
 * result) through SIMDe.
 */
#ifndef NNINIT_NEON_H
#define NNINIT_NEON_H

#if defined(__aarch64__) && !defined(NNINIT_NEON_SIMDE)
#include <arm_neon.h>
#define NN_NEON_NATIVE 1
#else
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/arm/neon.h>
#define NN_NEON_NATIVE 0
#endif

#include "../core/kernels.h"

static inline float32x4_t nn_vdivq_f32(float32x4_t a, float32x4_t b)
{
#if NN_NEON_NATIVE
    return vdivq_f32(a, b);
#else
    simde_float32x4_private a_ = simde_float32x4_to_private(a),
                            b_ = simde_float32x4_to_private(b), r_;
    for (int i = 0; i < 4; i++)
        r_.values[i] = a_.values[i] / b_.values[i];
    return simde_float32x4_from_private(r_);
#endif
}

static inline float64x2_t nn_vdivq_f64(float64x2_t a, float64x2_t b)
{
#if NN_NEON_NATIVE
    return vdivq_f64(a, b);
#else
    simde_float64x2_private a_ = simde_float64x2_to_private(a),
                            b_ = simde_float64x2_to_private(b), r_;
    for (int i = 0; i < 2; i++)
        r_.values[i] = a_.values[i] / b_.values[i];
    return simde_float64x2_from_private(r_);
#endif
}

static inline float32x4_t nn_vsqrtq_f32(float32x4_t a)
{
#if NN_NEON_NATIVE
    return vsqrtq_f32(a);
#else
    simde_float32x4_private a_ = simde_float32x4_to_private(a), r_;
    for (int i = 0; i < 4; i++)
        r_.values[i] = __builtin_sqrtf(a_.values[i]);
    return simde_float32x4_from_private(r_);
#endif
}

static inline float64x2_t nn_vsqrtq_f64(float64x2_t a)
{
#if NN_NEON_NATIVE
    return vsqrtq_f64(a);
#else
    simde_float64x2_private a_ = simde_float64x2_to_private(a), r_;
    for (int i = 0; i < 2; i++)
        r_.values[i] = __builtin_sqrt(a_.values[i]);
    return simde_float64x2_from_private(r_);
#endif
}

/* Nonzero when any lane of the mask is set (a mask lane is 0 or ~0). */
static inline int nn_any_u32(uint32x4_t m)
{
    return vmaxvq_u32(m) != 0;
}

static inline int nn_any_u64(uint64x2_t m)
{
    return vmaxvq_u32(vreinterpretq_u32_u64(m)) != 0;
}

/* The lanes of a mask as bits of an element index within a set of
 * sixteen float32 elements stored by vst4q: lane j of word vector k is
 * element 4j + k, bit 4j + k of the result. */
static inline uint32_t nn_mask_bits_f32(uint32x4_t mask, unsigned k)
{
    static const uint32_t bit[4][4] = {{1u << 0, 1u << 4, 1u << 8, 1u << 12},
                                       {1u << 1, 1u << 5, 1u << 9, 1u << 13},
                                       {1u << 2, 1u << 6, 1u << 10, 1u << 14},
                                       {1u << 3, 1u << 7, 1u << 11, 1u << 15}};
    return vaddvq_u32(vandq_u32(mask, vld1q_u32(bit[k])));
}

/* The two lanes of a 64-bit mask as bits t0 and t1. */
static inline uint32_t nn_mask_bits_f64(uint64x2_t mask, unsigned t0,
                                        unsigned t1)
{
    const uint32_t bit[4] = {1u << t0, 0, 1u << t1, 0};
    return vaddvq_u32(vandq_u32(vreinterpretq_u32_u64(mask), vld1q_u32(bit)));
}

/* x < max ? x : max, lane-wise, as the scalar clamps spell it (no vminq:
 * its NaN rule differs from the C expression, and SIMDe maps it to minps,
 * whose rule differs again). */
static inline float32x4_t nn_clamp_below_f32(float32x4_t x, float32x4_t max)
{
    return vbslq_f32(vcltq_f32(x, max), x, max);
}

static inline float64x2_t nn_clamp_below_f64(float64x2_t x, float64x2_t max)
{
    return vbslq_f64(vcltq_f64(x, max), x, max);
}

/* The kernels of this folder (kernels_neon.c puts them in the table). */
NN_HIDDEN void nn_bits_neon(const nn_kparams *p, uint32_t *restrict out,
                            size_t n);
NN_HIDDEN void nn_uniform_f32_neon(const nn_kparams *p, float *restrict out,
                                   size_t n);
NN_HIDDEN void nn_uniform_f64_neon(const nn_kparams *p, double *restrict out,
                                   size_t n);
NN_HIDDEN void nn_ziggurat_f32_neon(const nn_kparams *p, float *restrict out,
                                    size_t n);
NN_HIDDEN void nn_ziggurat_f64_neon(const nn_kparams *p, double *restrict out,
                                    size_t n);
NN_HIDDEN void nn_boxmuller_f32_neon(const nn_kparams *p, float *restrict out,
                                     size_t n);
NN_HIDDEN void nn_boxmuller_f64_neon(const nn_kparams *p, double *restrict out,
                                     size_t n);
NN_HIDDEN void nn_icdf_f32_neon(const nn_kparams *p, float *restrict out,
                                size_t n);
NN_HIDDEN void nn_icdf_f64_neon(const nn_kparams *p, double *restrict out,
                                size_t n);
NN_HIDDEN void nn_trunc_f32_neon(const nn_kparams *p, float *restrict out,
                                 size_t n);
NN_HIDDEN void nn_trunc_f64_neon(const nn_kparams *p, double *restrict out,
                                 size_t n);
NN_HIDDEN void nn_f32_to_bf16_neon(const float *restrict in,
                                   uint16_t *restrict out, size_t n, float lo,
                                   float hi);
NN_HIDDEN void nn_copy_nt_neon(void *restrict dst, const void *restrict src,
                               size_t bytes);
NN_HIDDEN void nn_f32_to_f16_neon(const float *restrict in,
                                  uint16_t *restrict out, size_t n, float lo,
                                  float hi);

#endif /* NNINIT_NEON_H */
