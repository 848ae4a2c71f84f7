/* The shared slow paths, built with -mavx2 -mfma (see slowpath_avx2.h):
 * the sources are src/scalar's, unchanged. */
#include "slowpath_avx2.h"

#include "../scalar/slowpath_icdf.c"
#include "../scalar/slowpath_trunc.c"
#include "../scalar/slowpath_ziggurat.c"
