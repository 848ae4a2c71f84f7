/*
 * The AVX2 instance of the set loop and deferred-lane ring
 * (src/simd/loop_tpl.h): sets of 8 blocks in one __m256i per counter word,
 * 128 output bytes per set (32 float32 or 16 float64).
 */
#ifndef NNINIT_LOOP_AVX2_H
#define NNINIT_LOOP_AVX2_H

#include <immintrin.h>

#include "philox_avx2.h"

/* Sets in flight per iteration of the main loop: Philox's products have
 * latency, and independent sets fill the pipes (measured on Zen 4: 1 set
 * 0.60 ns/word, 2 sets 0.45, 3 sets 0.39, 4 sets 0.37). */
#ifndef NN_AVX2_SETS
#define NN_AVX2_SETS 4
#endif

#ifndef NN_DEFER_CAP
#define NN_DEFER_CAP 128 /* groups */
#endif

#define NN_TPL_V __m256i
#define NN_TPL_BLOCKS 8
#define NN_TPL_SETS NN_AVX2_SETS
#define NN_TPL_DEFER_CAP NN_DEFER_CAP
#define NN_TPL_SFX
#define NN_TPL_GEN nn_px_gen
#define NN_TPL_STORE(p, v) _mm256_store_si256((__m256i *)(p), v)
#include "../simd/loop_tpl.h"

#define NN_EACH_SET(name, one, eps) NN_EACH_SET_OF(name, one, eps, __m256i, 128)

#endif /* NNINIT_LOOP_AVX2_H */
