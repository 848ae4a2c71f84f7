/*
 * Truncated normal: the attempts after the first, and every attempt of the
 * uniform and exponential regimes (the regime is chosen per call in
 * src/core/fill.c, nn_trunc_choose).
 *
 * Attempt r of element e draws the block A = aux(NN_AUX_TRUNC, r, e), so an
 * element's value depends on its index only. The regimes, in standard
 * units with bounds [alpha, beta]:
 *   NORMAL  attempt 0 is the element's Ziggurat normal (done by the kernel);
 *           attempt r >= 1 proposes z = Phi^-1(q) from 64 bits of A (the
 *           float64 inverse-CDF layout: sign bit, 53-bit q in (0, 1/2)),
 *           accepted when mean + std * z lands inside the bounds.
 *   UNIFORM x = alpha + (beta - alpha) * u1, accepted when
 *           u2 < exp((m^2 - x^2) / 2), m the point of [alpha, beta] nearest
 *           to 0.
 *   EXP     (upper tail, lower tail mirrored) x = alpha + E / lambda with
 *           E = -log(u1), rejected if x > beta, accepted when
 *           u2 < exp(-(x - lambda)^2 / 2). The value is formed from the
 *           bound, a + std * E / lambda, which keeps full precision when
 *           alpha is huge (tiny std, bound far from the mean).
 *   u1 = 53 bits of A[0], A[1]; u2 = 53 bits of A[2], A[3].
 * After NN_TRUNC_MAX_ATTEMPTS rejections (probability below 2^-200 for every
 * regime, so never in practice) the last proposal is clamped to the bounds;
 * this caps the work when rounding in the output type makes the accepted
 * set empty.
 */
#include <math.h>

#include "bits.h"
#include "nnmath.h"
#include "philox.h"
#include "slowpath.h"

#define NN_TRUNC_MAX_ATTEMPTS 1024u

/* One attempt: returns 1 and the proposal in *y (output units, double) when
 * accepted by the regime's test; *y is always set to the proposal. */
static int attempt(const nn_kparams *p, uint64_t e, uint32_t r, double *y)
{
    uint32_t A[4];
    nn_aux_block(p, NN_AUX_TRUNC, r, e, A);
    double u2 = nn_u53(A[2], A[3]);
    switch (p->trunc_regime) {
    case NN_TRUNC_NORMAL: {
        uint64_t v = (uint64_t)A[1] << 32 | A[0];
        double q =
            ((double)((v & 0x7FFFFFFFFFFFFFFFull) >> 10) + 0.5) * 0x1p-54;
        double t = nn_ndtri_lower_branchy(q);
        double z = (v >> 63) ? -t : t;
        *y = fma(p->d_std, z, p->d_mean);
        return 1; /* the bounds test is done by the caller */
    }
    case NN_TRUNC_UNIFORM: {
        double x = fma(p->beta - p->alpha, nn_u53(A[0], A[1]), p->alpha);
        double m = (p->alpha > 0) ? p->alpha : (p->beta < 0 ? p->beta : 0.0);
        *y = fma(p->d_std, x, p->d_mean);
        return u2 < nn_exp(0.5 * (m - x) * (m + x));
    }
    default: { /* NN_TRUNC_EXP */
        double lo = p->trunc_flip ? -p->beta : p->alpha;
        double hi = p->trunc_flip ? -p->alpha : p->beta;
        double d = -nn_log(nn_u53_open0(A[0], A[1])) / p->lambda;
        double x = lo + d;
        double g = x - p->lambda;
        *y = p->trunc_flip ? p->d_b - p->d_std * d : p->d_a + p->d_std * d;
        return x <= hi && u2 < nn_exp(-0.5 * g * g);
    }
    }
}

float nn_trunc_slow_f32(const nn_kparams *p, uint64_t e, uint32_t first_attempt)
{
    float f = 0;
    for (uint32_t r = first_attempt; r < NN_TRUNC_MAX_ATTEMPTS; r++) {
        double y;
        int ok = attempt(p, e, r, &y);
        f = (float)y;
        if (ok && f >= p->f_a && f <= p->f_b)
            return f;
    }
    return f < p->f_a ? p->f_a : (f > p->f_b ? p->f_b : f);
}

double nn_trunc_slow_f64(const nn_kparams *p, uint64_t e,
                         uint32_t first_attempt)
{
    double y = 0;
    for (uint32_t r = first_attempt; r < NN_TRUNC_MAX_ATTEMPTS; r++) {
        int ok = attempt(p, e, r, &y);
        if (ok && y >= p->d_a && y <= p->d_b)
            return y;
    }
    return y < p->d_a ? p->d_a : (y > p->d_b ? p->d_b : y);
}

void nn_trunc_fixup_f32(const nn_kparams *p, float *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL) {
        for (size_t i = 0; i < n; i++)
            if (!(nn_load_f32(out + i) >= p->f_a &&
                  nn_load_f32(out + i) <= p->f_b))
                nn_store_f32(out + i, nn_trunc_slow_f32(p, p->first + i, 1));
    } else {
        for (size_t i = 0; i < n; i++)
            nn_store_f32(out + i, nn_trunc_slow_f32(p, p->first + i, 0));
    }
}

void nn_trunc_fixup_f64(const nn_kparams *p, double *restrict out, size_t n)
{
    if (p->trunc_regime == NN_TRUNC_NORMAL) {
        for (size_t i = 0; i < n; i++)
            if (!(nn_load_f64(out + i) >= p->d_a &&
                  nn_load_f64(out + i) <= p->d_b))
                nn_store_f64(out + i, nn_trunc_slow_f64(p, p->first + i, 1));
    } else {
        for (size_t i = 0; i < n; i++)
            nn_store_f64(out + i, nn_trunc_slow_f64(p, p->first + i, 0));
    }
}
