/* Uniform U[lo, hi) on AVX2: the template over the AVX2 operations. */
#include "ops_avx2.h"

#include "../simd/uniform_tpl.h"
