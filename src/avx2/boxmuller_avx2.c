/* Box-Muller normal fills on AVX2: the template over the AVX2 operations,
 * float32 and float64. */
#include "ops_avx2.h"

/* Sets per wide step, float32: 4 (8 chains) 0.84 ns per sample, 2 sets
 * 0.91, 1 set 0.97 (Zen 4; spills do not hurt as much as idle pipes).
 * float64: 4 sets 2.18 ns per sample, 2 sets 2.30, 1 set 2.58. */
#define NN_BM_SETS_G 4
#define NN_BM64_SETS_G 4
#define NN_BM_F64

#include "../simd/boxmuller_tpl.h"
