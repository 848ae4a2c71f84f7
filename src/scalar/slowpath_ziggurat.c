/*
 * The Ziggurat slow path: the wedge test and the tail, for the elements whose
 * first draw failed the fast test (about 1.5%). Every ISA calls these same
 * functions for those elements, so the slow path is bit-identical by
 * construction; it is the specification of what follows a failed fast test.
 *
 * A draw d is the element's first bits (w = W[e] for float32, v = V[e] for
 * float64; layout in ziggurat.h): layer i, sign s, coordinate m, candidate
 * x = m * wi[i] rounded in the output precision. Tables: ziggurat_tables.h.
 *
 * For attempt r = 0, 1, 2, ...:
 *   A = nn_aux_block(p, NN_AUX_ZIGGURAT, r, e)       (four words)
 *   if i == 0, the draw is in the tail part of the base strip (m >= ki[0],
 *   i.e. x >= R; the rectangle part x < R was accepted by the fast test):
 *       Marsaglia's tail (Marsaglia 1964; Marsaglia & Tsang 2000, sec. 3),
 *       with u1 = nn_u53_open0(A[0], A[1]), u2 = nn_u53_open0(A[2], A[3])
 *       in (0, 1] so the logarithms are finite:
 *           xx = -log(u1) / R,  yy = -log(u2)
 *           accept if 2 yy > xx^2:  return s ? -(R + xx) : R + xx
 *           (float32: R + xx is computed in double and rounded once)
 *       else go to attempt r + 1 with the same draw (stay in the tail).
 *       This samples exactly the density of x > R given x > R: R + xx with
 *       xx exponential of rate R, accepted with probability
 *       exp(-xx^2 / 2).
 *   else, the wedge test of layer i (the point (x, y) with y uniform on the
 *   layer's height [f(x_i), f(x_{i-1})) is under the density or not):
 *       u = nn_u53(A[0], A[1]) in [0, 1)
 *       y = fi[i] + u (fi[i-1] - fi[i])  (one fma)
 *       accept if y < exp(-x x / 2), x widened to double:  return s ? -x : x
 *       else reject the draw and make a new one from the same block:
 *           float32: w' = A[2];  float64: v' = (uint64)A[3] << 32 | A[2]
 *       if the new draw passes the fast test, return its signed candidate;
 *       otherwise go to attempt r + 1 with the new draw (its own layer, sign
 *       and m: it may now be a tail draw).
 * log and exp are nn_log / nn_exp (nnmath.h): our own approximations, so the
 * bits do not depend on the platform's libm.
 *
 * Each attempt ends in acceptance with probability above 0.9 (the tail test
 * accepts 0.94 of its attempts at R = 3.65; a rejected wedge draw is
 * followed by a fresh Ziggurat draw), so the loop runs one or two times;
 * the attempt counter r cannot reach 2^32 in practice.
 */
#include <math.h>

#include "nnmath.h"
#include "philox.h"
#include "slowpath.h"
#include "ziggurat.h"

/* Marsaglia's tail step on the four words of an auxiliary block: sets *t to
 * R + xx and returns nonzero when it is accepted. */
static int zig_tail(const uint32_t A[4], double *t)
{
    double xx = -nn_log(nn_u53_open0(A[0], A[1])) / nn_zig_r;
    double yy = -nn_log(nn_u53_open0(A[2], A[3]));
    *t = nn_zig_r + xx;
    return yy + yy > xx * xx;
}

/* The wedge test of layer i >= 1 for |candidate| x, with the height drawn
 * from A[0], A[1]. */
static int zig_wedge(uint32_t i, double x, const uint32_t A[4])
{
    double u = nn_u53(A[0], A[1]);
    double y = fma(u, nn_zig_fi_d[i - 1] - nn_zig_fi_d[i], nn_zig_fi_d[i]);
    return y < nn_exp(-0.5 * x * x);
}

float nn_zig_slow_f32(const nn_kparams *p, uint64_t e, uint32_t w)
{
    for (uint32_t r = 0;; r++) {
        uint32_t A[4];
        nn_aux_block(p, NN_AUX_ZIGGURAT, r, e, A);
        uint32_t i = nn_zig_layer_f32(w);
        if (i == 0) {
            double t;
            if (zig_tail(A, &t))
                return nn_zig_sign_f32((float)t, w);
            continue;
        }
        float x = nn_zig_x_f32(w);
        if (zig_wedge(i, (double)x, A))
            return nn_zig_sign_f32(x, w);
        w = A[2];
        float z;
        if (nn_zig_try_f32(w, &z))
            return z;
    }
}

double nn_zig_slow_f64(const nn_kparams *p, uint64_t e, uint64_t v)
{
    for (uint32_t r = 0;; r++) {
        uint32_t A[4];
        nn_aux_block(p, NN_AUX_ZIGGURAT, r, e, A);
        uint32_t i = nn_zig_layer_f64(v);
        if (i == 0) {
            double t;
            if (zig_tail(A, &t))
                return nn_zig_sign_f64(t, v);
            continue;
        }
        double x = nn_zig_x_f64(v);
        if (zig_wedge(i, x, A))
            return nn_zig_sign_f64(x, v);
        v = (uint64_t)A[3] << 32 | A[2];
        double z;
        if (nn_zig_try_f64(v, &z))
            return z;
    }
}
