/*
 * Truncated normal (nn_trunc_f32_scalar / _f64_scalar). In the
 * NN_TRUNC_NORMAL regime (0 inside the bounds, wide interval: [-2, 2] std
 * and the like) attempt 0 is the element's Ziggurat normal, so the NEON
 * Ziggurat runs with its bounds test switched on and replaces the values
 * outside [a, b] with the shared retries (nn_trunc_slow_*, attempt 1 on), in
 * the same pass. The uniform and exponential regimes draw every attempt from
 * the element's auxiliary sequence in double precision; they run the shared
 * scalar fix-up as the scalar kernel does.
 */
#include "../scalar/slowpath.h"
#include "neon.h"

void nn_trunc_f32_neon(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_zig_trunc_f32_neon(p, out, n);
    else
        nn_trunc_fixup_f32(p, out, n);
}

void nn_trunc_f64_neon(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL)
        nn_zig_trunc_f64_neon(p, out, n);
    else
        nn_trunc_fixup_f64(p, out, n);
}
