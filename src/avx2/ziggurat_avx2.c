/* Normal N(mean, std) by the Ziggurat method on AVX2: the template over the
 * AVX2 operations. */
#include "ops_avx2.h"

#include "../simd/ziggurat_tpl.h"
