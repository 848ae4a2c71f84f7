/*
 * The AVX2 operation layer of the templates in src/simd/: vector types,
 * lane count, the operations the templates use, the set loop, and the
 * kernel names (<op>_avx2). A translation unit includes one operation
 * layer.
 */
#ifndef NNINIT_OPS_AVX2_H
#define NNINIT_OPS_AVX2_H

#include <immintrin.h>

#include "avx2.h"
#include "loop_avx2.h"
#include "nnmath_avx2.h"
#include "slowpath_avx2.h"
#include "ziggurat_avx2.h"

#define NN_KNAME(name) nn_##name##_avx2
#define NN_LANES 8 /* float32 lanes (Philox blocks per set) */
#define NN_VI __m256i
#define NN_VF __m256
#define NN_VD __m256d
#define NN_RUN_SETS nn_run_sets
#define NN_EACH_SET_V NN_EACH_SET

#define NN_VI_STOREU _mm256_storeu_si256
#define NN_VI_SRLI32 _mm256_srli_epi32
#define NN_VF_CVT_I32 _mm256_cvtepi32_ps
#define NN_VF_SET1 _mm256_set1_ps
#define NN_VF_MUL _mm256_mul_ps
#define NN_VF_FMADD _mm256_fmadd_ps
#define NN_VF_MIN _mm256_min_ps
#define NN_VF_STOREU _mm256_storeu_ps
#define NN_VF_LOADU _mm256_loadu_ps
/* packus works per 128-bit lane: the permute puts the quarters in order */
#define NN_VI_PACK16(a, b)                                                     \
    _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xD8)

/* (v >> 11) of each 64-bit lane as a double, exactly (53 bits): AVX2 has
 * no unsigned 64-bit conversion, nnmath_avx2.h builds one. */
#define NN_VD_U53(v) nn_cvt_u53(_mm256_srli_epi64(v, 11))
#define NN_VD_SET1 _mm256_set1_pd
#define NN_VD_MUL _mm256_mul_pd
#define NN_VD_FMADD _mm256_fmadd_pd
#define NN_VD_MIN _mm256_min_pd
#define NN_VD_STOREU _mm256_storeu_pd
/* The float64 uniform from raw sets (src/simd/uniform_tpl.h): the
 * conversion folded into the transpose (nnmath_avx2.h). */
#define NN_VD_U01_RAW nn_u01_raw
#define NN_VD_U53_STORE nn_u53_store

/* Box-Muller and the inverse CDF (src/simd/boxmuller_tpl.h, icdf_tpl.h):
 * the wide math of nnmath_avx2.h, the raw-set loop and the transpose. */
#define NN_MATH_G NN_G
#define NN_RUN_SETS_EX nn_run_sets_ex
#define NN_VI_TRANSPOSE nn_px_transpose
#define NN_VF_ADD _mm256_add_ps
#define NN_VF_SQRT _mm256_sqrt_ps
#define NN_VF_AS_VI _mm256_castps_si256
#define NN_VF_LOG_G nn_logf8_g
#define NN_VF_SINCOS2PI_G nn_sincos2pif8_g
#define NN_BM_L16(a, b)                                                        \
    _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi32(a, 8), NN_I32(0xFF00)), \
                    _mm256_and_si256(b, NN_I32(0xFF)))
#define NN_VI_UNPACKLO64 _mm256_unpacklo_epi64
#define NN_VI_UNPACKHI64 _mm256_unpackhi_epi64
#define NN_VD_ADD _mm256_add_pd
#define NN_VD_SQRT _mm256_sqrt_pd
#define NN_VD_UNPACKLO _mm256_unpacklo_pd
#define NN_VD_UNPACKHI _mm256_unpackhi_pd
#define NN_VD_LOG_G nn_log4_g
#define NN_VD_SINCOS2PI_G nn_sincos2pi4_g
#define NN_LMASK unsigned /* the lanes as bits: a movemask */
#define NN_VI_LT32_BITS(a, b)                                                  \
    ((unsigned)_mm256_movemask_ps(                                             \
        _mm256_castsi256_ps(_mm256_cmpgt_epi32(b, a))))
#define NN_VI_LT64_BITS(a, b)                                                  \
    ((unsigned)_mm256_movemask_pd(                                             \
        _mm256_castsi256_pd(_mm256_cmpgt_epi64(b, a))))
#define NN_VI_AND _mm256_and_si256
#define NN_VI_SET1(x) NN_I32(x)
#define NN_VI_SET1_64(x) NN_I64(x)
#define NN_VI_SRLI64 _mm256_srli_epi64
#define NN_VI_STORE(p, v) _mm256_store_si256((__m256i *)(p), v)
#define NN_VF_STORE _mm256_store_ps
#define NN_VF_LOAD _mm256_load_ps
#define NN_VD_STORE _mm256_store_pd
#define NN_VD_LOAD _mm256_load_pd
#define NN_VD_CVT_U53 nn_cvt_u53
#define NN_VF_XOR_SIGN(t, w)                                                   \
    _mm256_xor_ps(                                                             \
        t, _mm256_castsi256_ps(_mm256_and_si256(w, NN_I32(0x80000000u))))
#define NN_VD_XOR_SIGN(t, w)                                                   \
    _mm256_xor_pd(t, _mm256_castsi256_pd(                                      \
                         _mm256_and_si256(w, NN_I64(0x8000000000000000u))))
#define NN_VF_NDTRI_LOWER_G nn_ndtri_lower_f32_g
#define NN_VD_NDTRI_LOWER_G nn_ndtri_lower4_g

#define NN_DEFER_GROUPS NN_DEFER_CAP
#define NN_DEFER nn_defer
#define NN_DEFER_INIT nn_defer_init
#define NN_DEFER_FULL nn_defer_full
#define NN_DEFER_STAGE nn_defer_stage
#define NN_DEFER_MARK nn_defer_mark
#define NN_DEFER_TAKE nn_defer_take

/* The Ziggurat fast test of one staged group of 8 words (8 float32 lanes,
 * 4 float64), its mask of passing lanes, and the failing lanes as bits. */
#define NN_ZIG_MASK_F32 __m256i
#define NN_ZIG_MASK_F64 __m256i
#define NN_ZIG_FAST_F32(wm, fast)                                              \
    nn_zig8_f32(_mm256_load_si256((const __m256i *)(wm)), wm, fast)
#define NN_ZIG_FAST_F64(wm, fast)                                              \
    nn_zig4_f64(_mm256_load_si256((const __m256i *)(wm)), wm, fast)
#define NN_ZIG_FAIL_F32(fast)                                                  \
    ((uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(fast)) ^ 0xFFu)
#define NN_ZIG_FAIL_F64(fast)                                                  \
    ((uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(fast)) ^ 0xFu)
/* The truncated normal (src/simd/trunc_tpl.h): the lanes of a group that
 * passed the fast test and whose value x is not inside [a, b], as a mask,
 * and a set's 4 such masks as bits. */
#define NN_TRUNC_OOB_F32(x, fast, a, b)                                        \
    _mm256_andnot_si256(                                                       \
        _mm256_castps_si256(_mm256_and_ps(_mm256_cmp_ps(x, a, _CMP_GE_OQ),     \
                                          _mm256_cmp_ps(x, b, _CMP_LE_OQ))),   \
        fast)
#define NN_TRUNC_OOB_F64(x, fast, a, b)                                        \
    _mm256_andnot_si256(                                                       \
        _mm256_castpd_si256(_mm256_and_pd(_mm256_cmp_pd(x, a, _CMP_GE_OQ),     \
                                          _mm256_cmp_pd(x, b, _CMP_LE_OQ))),   \
        fast)
#define NN_TRUNC_OOB_BITS_F32 nn_oob_bits_f32
#define NN_TRUNC_OOB_BITS_F64 nn_oob_bits_f64

/* Four masks of 8 32-bit lanes as 32 bits: two saturating packs to 16 and
 * one to 8 bits per lane keep the lanes' signs, in the order the packs'
 * 128-bit halves give (4-lane quarters 0 of m[0..3], then quarters 1),
 * which one permute of 32-bit quarters puts back; one movemask. */
NN_AINLINE uint32_t nn_oob_bits_f32(const __m256i m[4])
{
    __m256i b = _mm256_packs_epi16(_mm256_packs_epi32(m[0], m[1]),
                                   _mm256_packs_epi32(m[2], m[3]));
    b = _mm256_permutevar8x32_epi32(b,
                                    _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    return (uint32_t)_mm256_movemask_epi8(b);
}

/* Four masks of 4 64-bit lanes as 16 bits. */
NN_AINLINE uint32_t nn_oob_bits_f64(const __m256i m[4])
{
    uint32_t bits = 0;
    for (int k = 0; k < 4; k++)
        bits |= (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(m[k]))
                << (4 * k);
    return bits;
}

/* The Ziggurat's first slow-path attempt on 8 deferred lanes at a time
 * (ziggurat_avx2.h); the template finishes its lanes in vector form and
 * hands the rest to the scalar slow path. */
#define NN_ZIG_WEDGE_LANES 8
#define NN_ZIG_WEDGE_F32 nn_zig8_wedge_f32
#define NN_ZIG_WEDGE_F64 nn_zig8_wedge_f64

#endif /* NNINIT_OPS_AVX2_H */
