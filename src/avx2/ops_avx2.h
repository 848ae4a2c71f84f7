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

/* (v >> 11) of each 64-bit lane as a double, exactly (53 bits): AVX2 has
 * no unsigned 64-bit conversion, nnmath_avx2.h builds one. */
#define NN_VD_U53(v) nn_cvt_u53(_mm256_srli_epi64(v, 11))
#define NN_VD_SET1 _mm256_set1_pd
#define NN_VD_MUL _mm256_mul_pd
#define NN_VD_FMADD _mm256_fmadd_pd
#define NN_VD_MIN _mm256_min_pd
#define NN_VD_STOREU _mm256_storeu_pd

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

/* The Ziggurat's first slow-path attempt on 8 deferred lanes at a time
 * (ziggurat_avx2.h); the template finishes its lanes in vector form and
 * hands the rest to the scalar slow path. */
#define NN_ZIG_WEDGE_LANES 8
#define NN_ZIG_WEDGE_F32 nn_zig8_wedge_f32
#define NN_ZIG_WEDGE_F64 nn_zig8_wedge_f64

#endif /* NNINIT_OPS_AVX2_H */
