/* The shared slow paths, built with this folder's flags (see
 * slowpath_avx512.h): the sources are src/scalar's, unchanged. The
 * truncated normal is inherited from AVX2 and does not call its copy here,
 * but leaving slowpath_trunc.c out changes GCC 12's inlining of the
 * Ziggurat slow path (zig_wedge becomes a call), code that cannot be timed
 * on a machine without AVX-512; so the unit stays as it was (about 4 KB). */
#include "slowpath_avx512.h"

#include "../scalar/slowpath_icdf.c"
#include "../scalar/slowpath_trunc.c"
#include "../scalar/slowpath_ziggurat.c"
