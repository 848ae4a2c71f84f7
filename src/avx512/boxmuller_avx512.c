/* Box-Muller normal fills on AVX-512: the template over the AVX-512
 * operations, float32 and float64. */
#include "ops_avx512.h"

/* Sets per wide step (2 chains each): all NN_AVX512_SETS = 3 at once
 * measured 0.58-0.66 ns per sample, 1 set 0.80, 2 sets 0.97 (3 = 2 + 1
 * leaves a narrow step). */
#ifndef NN_BM_SETS_G
#define NN_BM_SETS_G 3
#endif
/* float64: all 3 sets of an iteration too (6 chains of 8 lanes), as AVX2
 * takes all 4 of its own; not timed (no AVX-512 where it was written). */
#ifndef NN_BM64_SETS_G
#define NN_BM64_SETS_G 3
#endif
#define NN_BM_F64

#include "../simd/boxmuller_tpl.h"
