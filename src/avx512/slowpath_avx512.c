/* The shared slow paths, built with this folder's flags (see
 * slowpath_avx512.h): the sources are src/scalar's, unchanged. */
#include "slowpath_avx512.h"

#include "../scalar/slowpath_icdf.c"
#include "../scalar/slowpath_trunc.c"
#include "../scalar/slowpath_ziggurat.c"
