/* Normal N(mean, std) by the Ziggurat method on AVX-512: the template over
 * the AVX-512 operations (16 float32 lanes and an opmask per group). */
#include "ops_avx512.h"

#include "../simd/ziggurat_tpl.h"
