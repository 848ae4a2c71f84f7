/* Inverse-CDF normal fills on AVX2: the template over the AVX2 operations,
 * float32 and float64. */
#include "ops_avx2.h"

/* Sets per wide step, float32: 2 (8 chains) 1.14 ns per sample; 1 set
 * 1.29, 4 sets 1.39 (16 chains spill too much). float64: all 4 sets of an
 * iteration (16 vectors), so that nn_ndtri_lower4_g packs their tail
 * lanes into one step of 4 vectors (1 set: 6.8 ns per sample, 2: 6.3,
 * 4: 5.6, Zen 2, shared machine). */
#define NN_ICDF_SETS_G 2
#define NN_ICDF64_SETS_G 4
#define NN_ICDF_F64

#include "../simd/icdf_tpl.h"
