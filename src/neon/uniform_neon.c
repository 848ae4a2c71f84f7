/* Uniform U[lo, hi) on NEON: the template over the NEON operations. */
#include "ops_neon.h"

#include "../simd/uniform_tpl.h"
