/*
 * The shared slow paths: scalar functions that every ISA calls for the rare
 * elements its vector fast path cannot finish (Ziggurat wedge and tail, the
 * far tails of the inverse CDF, truncated-normal retries). One function per
 * case, so every path gets the same bits by construction. Each depends only
 * on the call's constants, the element index e and the element's own first
 * bits, never on its neighbours.
 */
#ifndef NNINIT_SLOWPATH_H
#define NNINIT_SLOWPATH_H

#include <stddef.h>
#include <stdint.h>

#include "../core/kernels.h"

/* Ziggurat: a standard normal for element e whose first word w (float32) or
 * 64-bit value v (float64) failed the fast test. */
NN_HIDDEN float nn_zig_slow_f32(const nn_kparams *p, uint64_t e, uint32_t w);
NN_HIDDEN double nn_zig_slow_f64(const nn_kparams *p, uint64_t e, uint64_t v);

/* Inverse CDF: t = Phi^-1(q) <= 0 (unsigned: the kernel applies the
 * element's sign bit) for element e whose first bits fall in the far tail,
 * with q refined by extra bits from the auxiliary sequence. */
NN_HIDDEN float nn_icdf_tail_f32(const nn_kparams *p, uint64_t e, uint32_t w);
NN_HIDDEN double nn_icdf_tail_f64(const nn_kparams *p, uint64_t e,
                                  uint64_t v);

/* Truncated normal: the final value (mean + std * x, inside the bounds) of
 * element e, from attempt `first_attempt` on. The NN_TRUNC_NORMAL regime's
 * attempt 0 is the element's Ziggurat normal and is done by the kernel;
 * the other regimes start here at attempt 0. */
NN_HIDDEN float nn_trunc_slow_f32(const nn_kparams *p, uint64_t e,
                                  uint32_t first_attempt);
NN_HIDDEN double nn_trunc_slow_f64(const nn_kparams *p, uint64_t e,
                                   uint32_t first_attempt);

/* Second half of every ISA's truncated-normal kernel: out holds the
 * Ziggurat normals of the elements (NN_TRUNC_NORMAL regime) or anything
 * (other regimes); replaces each value the regime does not accept. */
NN_HIDDEN void nn_trunc_fixup_f32(const nn_kparams *p, float *restrict out,
                                  size_t n);
NN_HIDDEN void nn_trunc_fixup_f64(const nn_kparams *p, double *restrict out,
                                  size_t n);

#endif /* NNINIT_SLOWPATH_H */
