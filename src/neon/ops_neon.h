/*
 * The NEON operation layer of the templates in src/simd/: vector types,
 * lane count, the operations the templates use, the set loop and its
 * deferred-lane ring (src/simd/loop_tpl.h over nn_px_gen_neon), the
 * Ziggurat fast test, and the kernel names (<op>_neon). A translation unit
 * includes one operation layer.
 *
 * A NEON vector holds 4 words, so a set is 4 Philox blocks (16 float32 or
 * 8 float64 elements, 64 bytes), and a deferred group is 4 words.
 *
 * What has no direct NEON counterpart, and what stands in for it:
 *  - x86's movemask (lanes as bits, for the ring's records): an and with
 *    the lane bits {1, 2, 4, 8} and one horizontal add (vaddvq);
 *  - min_ps as the clamp: vminq's NaN rule differs from `x < max ? x : max`
 *    (which min_ps happens to implement), so the clamp is the compare and
 *    select nn_clamp_below_* (neon.h);
 *  - the Ziggurat's table look-ups: no gather, one scalar load per lane, as
 *    on AVX2.
 */
#ifndef NNINIT_OPS_NEON_H
#define NNINIT_OPS_NEON_H

#include <stdint.h>

#include "../scalar/slowpath.h"
#include "../scalar/ziggurat_tables.h"
#include "neon.h"
#include "philox_neon.h"

#define NN_KNAME(name) nn_##name##_neon
#define NN_LANES 4 /* float32 lanes (Philox blocks per set) */
#define NN_VI uint32x4_t
#define NN_VF float32x4_t
#define NN_VD float64x2_t

/* ------------------------------------------------ the set loop, the ring */

/* Sets in flight per iteration of the main loop (the two of the NEON
 * kernels before the templates: eight blocks). */
#ifndef NN_NEON_SETS
#define NN_NEON_SETS 2
#endif

#define NN_TPL_V uint32x4_t
#define NN_TPL_BLOCKS 4
#define NN_TPL_SETS NN_NEON_SETS
#define NN_NEON_DEFER_CAP 256 /* groups of 4 words: the AVX2 ring's bytes */
#define NN_TPL_DEFER_CAP NN_NEON_DEFER_CAP
#define NN_TPL_SFX
#define NN_TPL_GEN nn_px_gen_neon
#define NN_TPL_STORE(p, v) vst1q_u32((uint32_t *)(p), v)
#include "../simd/loop_tpl.h"

#define NN_RUN_SETS nn_run_sets
#define NN_EACH_SET_V(name, one, eps)                                          \
    NN_EACH_SET_OF(name, one, eps, uint32x4_t, 64)

#define NN_DEFER_GROUPS NN_NEON_DEFER_CAP
#define NN_DEFER nn_defer
#define NN_DEFER_INIT nn_defer_init
#define NN_DEFER_FULL nn_defer_full
#define NN_DEFER_STAGE nn_defer_stage
#define NN_DEFER_MARK nn_defer_mark
#define NN_DEFER_TAKE nn_defer_take

/* ------------------------------------------------------------ operations */

#define NN_VI_STOREU(p, v) vst1q_u32((uint32_t *)(p), v)
#define NN_VI_SRLI32(v, k) vshrq_n_u32(v, k)
/* the templates convert values below 2^24 (exact either way) */
#define NN_VF_CVT_I32(v) vcvtq_f32_u32(v)
#define NN_VF_SET1 vdupq_n_f32
#define NN_VF_MUL vmulq_f32
#define NN_VF_FMADD(a, b, c) vfmaq_f32(c, a, b) /* a * b + c, one rounding */
#define NN_VF_MIN nn_clamp_below_f32
#define NN_VF_STOREU vst1q_f32
#define NN_VF_LOADU vld1q_f32
#define NN_VI_SET1(x) vdupq_n_u32(x)
/* The low 16 bits of a's then b's 32-bit lanes, in order (for
 * src/simd/half_tpl.h; stored through NN_VI_STOREU, little-endian). */
#define NN_VI_PACK16(a, b)                                                     \
    vreinterpretq_u32_u16(vcombine_u16(vmovn_u32(a), vmovn_u32(b)))

/* (v >> 11) of each 64-bit lane as a double, exactly (53 bits). */
#define NN_VD_U53(v) vcvtq_f64_u64(vshrq_n_u64(vreinterpretq_u64_u32(v), 11))
#define NN_VD_SET1 vdupq_n_f64
#define NN_VD_MUL vmulq_f64
#define NN_VD_FMADD(a, b, c) vfmaq_f64(c, a, b)
#define NN_VD_MIN nn_clamp_below_f64
#define NN_VD_STOREU vst1q_f64

/* ---------------------------------------------------- Ziggurat fast test */

/*
 * The fast path of src/scalar/ziggurat.h on one staged group at wm, lane by
 * lane the scalar operations: layer i = low byte, m = the high bits
 * (converted exactly), z = m * wi[i] with the sign bit xored in, and the
 * test m < ki[i]. *fast receives all-ones in the lanes that pass.
 * float32: 4 lanes; one 64-bit load per lane fetches the packed entry
 * nn_zig_kw_f32[i] = ki_f[i] | bits(wi_f[i]) << 32.
 */
NN_AINLINE float32x4_t nn_zig4_f32_neon(const uint32_t *wm, uint32x4_t *fast)
{
    uint32x4_t w = vld1q_u32(wm);
    uint64x2_t a = vcombine_u64(vld1_u64(&nn_zig_kw_f32[wm[0] & 0xFFu]),
                                vld1_u64(&nn_zig_kw_f32[wm[1] & 0xFFu]));
    uint64x2_t b = vcombine_u64(vld1_u64(&nn_zig_kw_f32[wm[2] & 0xFFu]),
                                vld1_u64(&nn_zig_kw_f32[wm[3] & 0xFFu]));
    uint32x4_t ki =
        vuzp1q_u32(vreinterpretq_u32_u64(a), vreinterpretq_u32_u64(b));
    float32x4_t wi = vreinterpretq_f32_u32(
        vuzp2q_u32(vreinterpretq_u32_u64(a), vreinterpretq_u32_u64(b)));
    uint32x4_t m = vshrq_n_u32(w, 9);
    *fast = vcltq_u32(m, ki);
    float32x4_t x = vmulq_f32(vcvtq_f32_u32(m), wi);
    uint32x4_t sign = vandq_u32(vshlq_n_u32(w, 23), vdupq_n_u32(0x80000000u));
    return vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(x), sign));
}

/* float64: 2 lanes of 64-bit values v; ki_d[i] and wi_d[i], one load each
 * per lane; m = v >> 12 (52 bits) converts exactly. */
NN_AINLINE float64x2_t nn_zig2_f64_neon(const uint32_t *wm, uint64x2_t *fast)
{
    uint64x2_t v = vreinterpretq_u64_u32(vld1q_u32(wm));
    unsigned i0 = wm[0] & 0xFFu, i1 = wm[2] & 0xFFu;
    uint64x2_t ki =
        vcombine_u64(vld1_u64(&nn_zig_ki_d[i0]), vld1_u64(&nn_zig_ki_d[i1]));
    float64x2_t wi =
        vcombine_f64(vld1_f64(&nn_zig_wi_d[i0]), vld1_f64(&nn_zig_wi_d[i1]));
    uint64x2_t m = vshrq_n_u64(v, 12);
    *fast = vcltq_u64(m, ki);
    float64x2_t x = vmulq_f64(vcvtq_f64_u64(m), wi);
    uint64x2_t sign =
        vandq_u64(vshlq_n_u64(v, 55), vdupq_n_u64(0x8000000000000000ull));
    return vreinterpretq_f64_u64(veorq_u64(vreinterpretq_u64_f64(x), sign));
}

/* The lanes of a mask that are set, as bits (lane j: bit j): NEON has no
 * movemask; an and with each lane's bit and a horizontal add make one. */
NN_AINLINE uint32_t nn_lane_bits_u32(uint32x4_t m)
{
    static const uint32_t bit[4] = {1u, 2u, 4u, 8u};
    return vaddvq_u32(vandq_u32(vld1q_u32(bit), m));
}

NN_AINLINE uint32_t nn_lane_bits_u64(uint64x2_t m)
{
    static const uint32_t bit[4] = {1u, 0u, 2u, 0u};
    return vaddvq_u32(vandq_u32(vld1q_u32(bit), vreinterpretq_u32_u64(m)));
}

#define NN_ZIG_MASK_F32 uint32x4_t
#define NN_ZIG_MASK_F64 uint64x2_t
#define NN_ZIG_FAST_F32(wm, fast) nn_zig4_f32_neon(wm, fast)
#define NN_ZIG_FAST_F64(wm, fast) nn_zig2_f64_neon(wm, fast)
#define NN_ZIG_FAIL_F32(fast) (nn_lane_bits_u32(fast) ^ 0xFu)
#define NN_ZIG_FAIL_F64(fast) (nn_lane_bits_u64(fast) ^ 0x3u)
/* The truncated normal (src/simd/trunc_tpl.h): the lanes of a group that
 * passed the fast test and whose value x is not inside [a, b], as a mask,
 * and a set's 4 such masks as bits. */
#define NN_TRUNC_OOB_F32(x, fast, a, b)                                        \
    vbicq_u32(fast, vandq_u32(vcgeq_f32(x, a), vcleq_f32(x, b)))
#define NN_TRUNC_OOB_F64(x, fast, a, b)                                        \
    vbicq_u64(fast, vandq_u64(vcgeq_f64(x, a), vcleq_f64(x, b)))
#define NN_TRUNC_OOB_BITS_F32(m)                                               \
    (nn_lane_bits_u32((m)[0]) | nn_lane_bits_u32((m)[1]) << 4 |                \
     nn_lane_bits_u32((m)[2]) << 8 | nn_lane_bits_u32((m)[3]) << 12)
#define NN_TRUNC_OOB_BITS_F64(m)                                               \
    (nn_lane_bits_u64((m)[0]) | nn_lane_bits_u64((m)[1]) << 2 |                \
     nn_lane_bits_u64((m)[2]) << 4 | nn_lane_bits_u64((m)[3]) << 6)

#endif /* NNINIT_OPS_NEON_H */
