/* Raw words of the main sequence on AVX-512: the template over the AVX-512
 * operations. */
#include "ops_avx512.h"

#include "../simd/bits_tpl.h"
