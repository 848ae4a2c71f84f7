/*
 * The AVX-512 operation layer of the templates in src/simd/: vector types,
 * lane count, the operations the templates use, the set loop, and the
 * kernel names (<op>_avx512). A translation unit includes one operation
 * layer.
 */
#ifndef NNINIT_OPS_AVX512_H
#define NNINIT_OPS_AVX512_H

#include "intrin_avx512.h"

#include "avx512.h"
#include "loop_avx512.h"
#include "nnmath_avx512.h"
#include "slowpath_avx512.h"
#include "ziggurat_avx512.h"

#define NN_KNAME(name) nn_##name##_avx512
#define NN_LANES 16 /* float32 lanes (Philox blocks per set) */
#define NN_VI __m512i
#define NN_VF __m512
#define NN_VD __m512d
#define NN_RUN_SETS nn_run_sets16
#define NN_EACH_SET_V NN_EACH_SET16

#define NN_VI_STOREU _mm512_storeu_si512
#define NN_VI_SRLI32 _mm512_srli_epi32
#define NN_VF_CVT_I32 _mm512_cvtepi32_ps
#define NN_VF_SET1 _mm512_set1_ps
#define NN_VF_MUL _mm512_mul_ps
#define NN_VF_FMADD _mm512_fmadd_ps
#define NN_VF_MIN _mm512_min_ps
#define NN_VF_STOREU _mm512_storeu_ps

/* (v >> 11) of each 64-bit lane as a double, exactly (53 bits), with
 * vcvtuqq2pd (AVX-512DQ). */
#define NN_VD_U53(v) _mm512_cvtepu64_pd(_mm512_srli_epi64(v, 11))
#define NN_VD_SET1 _mm512_set1_pd
#define NN_VD_MUL _mm512_mul_pd
#define NN_VD_FMADD _mm512_fmadd_pd
#define NN_VD_MIN _mm512_min_pd
#define NN_VD_STOREU _mm512_storeu_pd

/* Box-Muller and the inverse CDF (src/simd/boxmuller_tpl.h, icdf_tpl.h):
 * the wide math of nnmath_avx512.h, the raw-set loop and the transpose. */
#define NN_MATH_G NN_ZG
#define NN_RUN_SETS_EX nn_run_sets16_ex
#define NN_VI_TRANSPOSE nn_px16_transpose
#define NN_VF_ADD _mm512_add_ps
#define NN_VF_SQRT _mm512_sqrt_ps
#define NN_VF_AS_VI _mm512_castps_si512
#define NN_VF_LOG_G nn_logf16_g
#define NN_VF_SINCOS2PI_G nn_sincos2pif16_g
/* ((a << 8) & 0xFF00) | (b & 0xFF): one ternary op (0xF8: a | (b & c))
 * and one and. */
#define NN_BM_L16(a, b)                                                        \
    _mm512_and_si512(_mm512_ternarylogic_epi32(_mm512_slli_epi32(a, 8), b,     \
                                               NN_ZI32(0xFF), 0xF8),           \
                     NN_ZI32(0xFFFF))
#define NN_LMASK __mmask16 /* the lanes as bits: an opmask */
#define NN_VI_LT32_BITS _mm512_cmplt_epi32_mask
#define NN_VI_AND _mm512_and_si512
#define NN_VI_SET1(x) NN_ZI32(x)
#define NN_VI_STORE _mm512_store_si512
#define NN_VF_STORE _mm512_store_ps
#define NN_VF_LOAD _mm512_load_ps
/* t ^ (w & sign): one ternary op (0x78: a ^ (b & c)) */
#define NN_VF_XOR_SIGN(t, w)                                                   \
    _mm512_castsi512_ps(_mm512_ternarylogic_epi32(_mm512_castps_si512(t), w,   \
                                                  NN_ZI32(0x80000000u), 0x78))
#define NN_VF_NDTRI_LOWER_G nn_ndtri_lower_f32_16g

/* The float64 halves of Box-Muller and the inverse CDF: 8 lanes. The
 * 64-bit unpacks work per 128-bit lane as AVX2's do, which is what
 * boxmuller_tpl.h's float64 layout asks for (lanes: blocks j, j+4, j+1,
 * j+5, ... after the first unpack; memory order after the second). */
#define NN_VI_UNPACKLO64 _mm512_unpacklo_epi64
#define NN_VI_UNPACKHI64 _mm512_unpackhi_epi64
#define NN_VD_ADD _mm512_add_pd
#define NN_VD_SQRT _mm512_sqrt_pd
#define NN_VD_UNPACKLO _mm512_unpacklo_pd
#define NN_VD_UNPACKHI _mm512_unpackhi_pd
#define NN_VD_LOG_G nn_log8_g
#define NN_VD_SINCOS2PI_G nn_sincos2pi8_g
#define NN_VI_LT64_BITS _mm512_cmplt_epi64_mask
#define NN_VI_SET1_64(x) NN_ZI64(x)
#define NN_VI_SRLI64 _mm512_srli_epi64
#define NN_VD_STORE _mm512_store_pd
#define NN_VD_LOAD _mm512_load_pd
/* m < 2^53: vcvtuqq2pd is exact */
#define NN_VD_CVT_U53 _mm512_cvtepu64_pd
/* t ^ (w & sign): one ternary op (0x78: a ^ (b & c)) */
#define NN_VD_XOR_SIGN(t, w)                                                   \
    _mm512_castsi512_pd(_mm512_ternarylogic_epi64(                             \
        _mm512_castpd_si512(t), w, NN_ZI64(0x8000000000000000u), 0x78))
#define NN_VD_NDTRI_LOWER_G nn_ndtri_lower8_g

#define NN_DEFER nn_defer16
#define NN_DEFER_INIT nn_defer16_init
#define NN_DEFER_FULL nn_defer16_full
#define NN_DEFER_STAGE nn_defer16_stage
#define NN_DEFER_MARK nn_defer16_mark
#define NN_DEFER_TAKE nn_defer16_take

/* The Ziggurat fast test of one staged group of 16 words (16 float32
 * lanes, 8 float64), its opmask of passing lanes, and the failing lanes as
 * bits. */
#define NN_ZIG_MASK_F32 __mmask16
#define NN_ZIG_MASK_F64 __mmask8
#define NN_ZIG_FAST_F32(wm, fast) nn_zig16_f32(_mm512_load_si512(wm), wm, fast)
#define NN_ZIG_FAST_F64(wm, fast) nn_zig8_f64(_mm512_load_si512(wm), wm, fast)
#define NN_ZIG_FAIL_F32(fast) ((uint32_t)(uint16_t) ~(fast))
#define NN_ZIG_FAIL_F64(fast) ((uint32_t)(uint8_t) ~(fast))

/* The truncated normal (src/simd/trunc_tpl.h): the lanes of a group that
 * passed the fast test and whose value x is not inside [a, b], as an
 * opmask (not (a <= x <= b): two compares, a kand and a kandn), and the
 * masks of one out-of-bounds record's groups as bits (trunc_half_tpl.h's
 * TH_RG: 2 groups of 16 float32 lanes, 4 of 8 float64 lanes). */
#define NN_TRUNC_OOB_F32(x, fast, a, b)                                        \
    ((__mmask16)((fast) & ~(_mm512_cmp_ps_mask(x, a, _CMP_GE_OQ) &             \
                            _mm512_cmp_ps_mask(x, b, _CMP_LE_OQ))))
#define NN_TRUNC_OOB_F64(x, fast, a, b)                                        \
    ((__mmask8)((fast) & ~(_mm512_cmp_pd_mask(x, a, _CMP_GE_OQ) &              \
                           _mm512_cmp_pd_mask(x, b, _CMP_LE_OQ))))
#define NN_TRUNC_OOB_BITS_F32(m) ((uint32_t)(m)[0] | (uint32_t)(m)[1] << 16)
#define NN_TRUNC_OOB_BITS_F64(m)                                               \
    ((uint32_t)(m)[0] | (uint32_t)(m)[1] << 8 | (uint32_t)(m)[2] << 16 |       \
     (uint32_t)(m)[3] << 24)
#define NN_DEFER_GROUPS NN_DEFER16_CAP

/* The Ziggurat's first slow-path attempt on the deferred lanes: AVX2's
 * 8-lane functions (src/avx2/ziggurat_avx2.h), the code the AVX2 path runs
 * and the tests check against the scalar slow path, compiled here; the
 * deferred lanes are rare enough (1.5%) that 16-lane versions would buy
 * little. */
#include "../avx2/ziggurat_avx2.h"
#define NN_ZIG_WEDGE_LANES 8
#define NN_ZIG_WEDGE_F32 nn_zig8_wedge_f32
#define NN_ZIG_WEDGE_F64 nn_zig8_wedge_f64

#endif /* NNINIT_OPS_AVX512_H */
