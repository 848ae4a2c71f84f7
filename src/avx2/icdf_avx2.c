/* TEMPORARY: forwards to the scalar kernel until nnmath.h is final. */
#include "../scalar/scalar.h"
#include "avx2.h"

void nn_icdf_f32_avx2(const nn_kparams *p, float *restrict out, size_t n)
{
    nn_icdf_f32_scalar(p, out, n);
}

void nn_icdf_f64_avx2(const nn_kparams *p, double *restrict out, size_t n)
{
    nn_icdf_f64_scalar(p, out, n);
}
