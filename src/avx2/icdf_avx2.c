/* Inverse-CDF normal fills on AVX2: the template over the AVX2 operations,
 * float32 and float64. */
#include "ops_avx2.h"

/* Sets per wide step, float32: 2 (8 chains) 1.14 ns per sample; 1 set
 * 1.29, 4 sets 1.39 (16 chains spill too much). float64: 1 and 2 measure
 * the same (the divider bounds it). */
#define NN_ICDF_SETS_G 2
#define NN_ICDF64_SETS_G 1
#define NN_ICDF_F64

#include "../simd/icdf_tpl.h"
