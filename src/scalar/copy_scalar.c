/* Portable C has no non-temporal store: the large-output copy is memcpy. */
#include <string.h>

#include "scalar.h"

void nn_copy_nt_scalar(void *restrict dst, const void *restrict src,
                       size_t bytes)
{
    memcpy(dst, src, bytes);
}
