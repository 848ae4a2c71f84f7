/* Normal N(mean, std) by the Ziggurat method on NEON: the template over the
 * NEON operations (slow lanes through the deferred ring, as on x86). */
#include "ops_neon.h"

#include "../simd/ziggurat_tpl.h"
