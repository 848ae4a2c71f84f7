/* Internal helpers shared by the core files. */
#ifndef NNINIT_FILL_H
#define NNINIT_FILL_H

#include "kernels.h"

/* Choose the truncated-normal regime for standardized bounds; fills
 * alpha, beta, trunc_regime, trunc_flip, lambda (d_mean, d_std set). */
NN_HIDDEN void nn_trunc_choose(nn_kparams *p, double a, double b);

/* Writes value, converted to dtype, to out[0..n): the caller has checked
 * the byte count and that the value converts to a finite number. */
NN_HIDDEN void nn_fill_constant(nninit_dtype dtype, void *out, size_t n,
                                double value);

#endif
