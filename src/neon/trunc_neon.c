/*
 * Truncated normal on NEON: the scalar reference's composition
 * (src/scalar/trunc_scalar.c) over the NEON Ziggurat. In the
 * NN_TRUNC_NORMAL regime attempt 0 is the element's Ziggurat normal, which
 * the vector Ziggurat fills; the shared fix-up then replaces the values
 * outside [a, b] (attempt 1 on), and does every element in the other
 * regimes. The same bits as the scalar path by construction.
 *
 * (Before the templates the NEON Ziggurat had the bounds test fused in, one
 * pass instead of two. That fusion belongs in a truncated-normal template
 * shared with x86, not in a second copy of the Ziggurat here.)
 */
#include "../scalar/slowpath.h"
#include "neon.h"

void nn_trunc_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_ziggurat_f32_neon(p, out, n);
    nn_trunc_fixup_f32(p, out, n);
}

void nn_trunc_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_ziggurat_f64_neon(p, out, n);
    nn_trunc_fixup_f64(p, out, n);
}
