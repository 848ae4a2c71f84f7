/* Truncated normal: the Ziggurat normal of each element, then the shared
 * fix-up (src/scalar/slowpath_trunc.c) for the values outside the bounds or
 * for regimes that do not start from the normal. */
#include "scalar.h"
#include "slowpath.h"

void nn_trunc_f32_scalar(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_ziggurat_f32_scalar(p, out, n);
    nn_trunc_fixup_f32(p, out, n);
}

void nn_trunc_f64_scalar(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_ziggurat_f64_scalar(p, out, n);
    nn_trunc_fixup_f64(p, out, n);
}
