/* The worker pool behind large fills. */
#ifndef NNINIT_THREADS_H
#define NNINIT_THREADS_H

#include <stddef.h>

#include "kernels.h"

/* Work on [begin, end) of a range. */
typedef void (*nn_range_fn)(void *ctx, size_t begin, size_t end);

/* Run fn over [0, n) in chunks of `grain` elements (the last may be
 * shorter), on the pool's threads plus the caller, and return when all are
 * done. Runs everything on the caller when n is small, when one thread is
 * configured, or when another thread is using the pool (no waiting, no
 * oversubscription). Chunk boundaries are multiples of grain. */
NN_HIDDEN void nn_parallel_for(size_t n, size_t grain, nn_range_fn fn,
                               void *ctx);

/* Outputs of at least this many bytes are written with non-temporal
 * stores (nninit_set_nt_threshold). */
NN_HIDDEN size_t nn_nt_threshold(void);

#endif
