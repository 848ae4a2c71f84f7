/* Raw words of the main sequence on NEON: the template over the NEON
 * operations. */
#include "ops_neon.h"

#include "../simd/bits_tpl.h"
