/* Uniform U[lo, hi) on AVX-512: the template over the AVX-512 operations
 * (float64 converts v >> 11 < 2^53 with vcvtuqq2pd, exact). */
#include "ops_avx512.h"

#include "../simd/uniform_tpl.h"
