/* Inverse-CDF normal fills on AVX-512: the template over the AVX-512
 * operations, float32 and float64. */
#include "ops_avx512.h"

/* Sets per wide step (4 vectors each): 1 measured 1.04 ns per sample, 2
 * 1.34 (spills). */
#ifndef NN_ICDF_SETS_G
#define NN_ICDF_SETS_G 1
#endif
/* float64: all 3 sets of an iteration (12 vectors of 8 lanes), so that
 * nn_ndtri_lower8_g packs their tail lanes (15%: 14 of 96 on average)
 * into one or two steps of 16, as AVX2 takes all 4 of its sets; not timed
 * (no AVX-512 where it was written). */
#ifndef NN_ICDF64_SETS_G
#define NN_ICDF64_SETS_G 3
#endif
#define NN_ICDF_F64

#include "../simd/icdf_tpl.h"
