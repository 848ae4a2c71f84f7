/* Raw words of the main sequence on AVX2: the template over the AVX2
 * operations. */
#include "ops_avx2.h"

#include "../simd/bits_tpl.h"
