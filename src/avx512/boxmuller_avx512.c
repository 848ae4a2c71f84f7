/* Box-Muller normal fills on AVX-512: the template over the AVX-512
 * operations, float32 only (float64 is inherited from AVX2). */
#include "ops_avx512.h"

/* Sets per wide step (2 chains each): all NN_AVX512_SETS = 3 at once
 * measured 0.58-0.66 ns per sample, 1 set 0.80, 2 sets 0.97 (3 = 2 + 1
 * leaves a narrow step). */
#ifndef NN_BM_SETS_G
#define NN_BM_SETS_G 3
#endif

#include "../simd/boxmuller_tpl.h"
