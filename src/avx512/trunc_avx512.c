/* Interim: the AVX2 kernel compiled with this folder's flags (reuse_avx2.h)
 * until its 16-lane version lands here. */
#include "reuse_avx2.h"
/* (the renaming above must come first) */
#include "../avx2/trunc_avx2.c"
