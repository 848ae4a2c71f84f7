/* Internal helpers shared by the core files. */
#ifndef NNINIT_FILL_H
#define NNINIT_FILL_H

#include "kernels.h"

/* Choose the truncated-normal regime for standardized bounds; fills
 * alpha, beta, trunc_regime, trunc_flip, lambda (d_mean, d_std set). */
NN_HIDDEN void nn_trunc_choose(nn_kparams *p, double a, double b);

#endif
