/*
 * The far tails of the inverse-CDF method: the shared slow path that every
 * ISA calls for the rare elements whose first bits leave too few significant
 * bits in q (icdf_scalar.c describes the fast path).
 *
 * Both functions return the lower-tail quantile t = Phi^-1(q) <= 0 WITHOUT
 * the element's sign: the kernel flips the sign bit of t exactly as on its
 * fast path, so a vector path can insert t into its lane and keep one code
 * path for the sign and the scaling.
 *
 * Extra bits: attempt 0 of the auxiliary sequence NN_AUX_ICDF for element e
 * (nn_aux_block), words 0 and 1, as a 53-bit uniform u in (0, 1]
 * (nn_u53_open0). The element's magnitude m keeps its high bits and u
 * refines the cell [m, m+1) of width 2^-32 (float32) or 2^-54 (float64)
 * into 2^53 sub-cells; u never being 0 keeps q > 0, so the result is always
 * finite. Words 2 and 3 are unused (reserved).
 *
 *   float32:  q = ((double)m + u) * 2^-32,  m = w & 0x7FFFFFFF < 2^12,
 *             t = (float)nn_ndtri_lower_branchy(q)       (q >= 2^-85: |t| <= 10.55)
 *   float64:  q = ((double)m + u) * 2^-54,  m = (v & 0x7FFF...F) >> 10
 *             < 2^20, t = nn_ndtri_lower_branchy(q)      (q >= 2^-107: |t| <= 11.90)
 *
 * (m + u is rounded to double when m is large; that loses only bits finer
 * than the double resolution of q, deterministically.)
 */
#include <stdint.h>

#include "../core/kernels.h"
#include "nnmath.h"
#include "philox.h"
#include "slowpath.h"

float nn_icdf_tail_f32(const nn_kparams *p, uint64_t e, uint32_t w)
{
    uint32_t a[4];
    nn_aux_block(p, NN_AUX_ICDF, 0, e, a);
    double u = nn_u53_open0(a[0], a[1]);
    uint32_t m = w & 0x7FFFFFFFu;
    double q = ((double)m + u) * 0x1p-32;
    return (float)nn_ndtri_lower_branchy(q);
}

double nn_icdf_tail_f64(const nn_kparams *p, uint64_t e, uint64_t v)
{
    uint32_t a[4];
    nn_aux_block(p, NN_AUX_ICDF, 0, e, a);
    double u = nn_u53_open0(a[0], a[1]);
    uint64_t m = (v & 0x7FFFFFFFFFFFFFFFu) >> 10;
    double q = ((double)(int64_t)m + u) * 0x1p-54;
    return nn_ndtri_lower_branchy(q);
}
