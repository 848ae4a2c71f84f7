/* The orthogonal initializers' entry points for the descriptor API
 * (init.c): validate without writing, then fill the whole tensor. */
#ifndef NNINIT_ORTH_H
#define NNINIT_ORTH_H

#include "kernels.h"

/* delta = 1: delta_orthogonal. NNINIT_OK when nn_orth_fill can only fail
 * for lack of memory. */
NN_HIDDEN nninit_status nn_orth_check(nninit_rng rng, nninit_dtype dtype,
                                      const void *out, const int64_t *shape,
                                      size_t ndim, double gain, int delta);
NN_HIDDEN nninit_status nn_orth_fill(nninit_rng rng, nninit_dtype dtype,
                                     void *out, const int64_t *shape,
                                     size_t ndim, double gain, int delta);

#endif
