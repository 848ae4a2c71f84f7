/*
 * The initializers: the scale each scheme derives from the shape, then one
 * of the fills. Formulas and argument order follow torch.nn.init (xavier,
 * kaiming, trunc_normal) and Keras/JAX (variance_scaling, lecun_normal).
 */
#include <math.h>

#include "nninit.h"

/* Validation common to every initializer: the buffer and the shape. The
 * fill itself re-checks the buffer; doing it here first keeps the status
 * the same whatever the scheme computes next. */
static nninit_status prepare(nninit_dtype dtype, const void *out,
                             const int64_t *shape, size_t ndim, size_t *n,
                             int64_t *fan_in, int64_t *fan_out)
{
    if (nninit_dtype_size(dtype) == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL || shape == NULL)
        return NNINIT_ERR_NULL;
    nninit_status st = nninit_numel(shape, ndim, n);
    if (st != NNINIT_OK)
        return st;
    return nninit_fans(shape, ndim, fan_in, fan_out);
}

static nninit_status pick_fan(nninit_fan_mode mode, int allow_avg,
                              int64_t fan_in, int64_t fan_out, double *fan)
{
    switch (mode) {
    case NNINIT_FAN_IN:
        *fan = (double)fan_in;
        break;
    case NNINIT_FAN_OUT:
        *fan = (double)fan_out;
        break;
    case NNINIT_FAN_AVG:
        if (!allow_avg)
            return NNINIT_ERR_ENUM;
        *fan = 0.5 * ((double)fan_in + (double)fan_out);
        break;
    default:
        return NNINIT_ERR_ENUM;
    }
    return *fan > 0 ? NNINIT_OK : NNINIT_ERR_FAN;
}

static nninit_status xavier_std(nninit_dtype dtype, const void *out,
                                const int64_t *shape, size_t ndim,
                                double gain, size_t *n, double *std)
{
    int64_t fi, fo;
    nninit_status st = prepare(dtype, out, shape, ndim, n, &fi, &fo);
    if (st != NNINIT_OK)
        return st;
    if (!isfinite(gain) || gain < 0)
        return NNINIT_ERR_PARAM;
    if (fi + fo == 0)
        return NNINIT_ERR_FAN;
    *std = gain * sqrt(2.0 / (double)(fi + fo));
    return NNINIT_OK;
}

nninit_status nninit_xavier_uniform(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double gain)
{
    size_t n;
    double std;
    nninit_status st = xavier_std(dtype, out, shape, ndim, gain, &n, &std);
    if (st != NNINIT_OK)
        return st;
    double bound = sqrt(3.0) * std;
    return nninit_fill_uniform(rng, dtype, out, n, -bound, bound);
}

nninit_status nninit_xavier_normal(nninit_rng rng, nninit_dtype dtype,
                                   void *out, const int64_t *shape,
                                   size_t ndim, double gain)
{
    size_t n;
    double std;
    nninit_status st = xavier_std(dtype, out, shape, ndim, gain, &n, &std);
    if (st != NNINIT_OK)
        return st;
    return nninit_fill_normal(rng, dtype, out, n, 0.0, std, NNINIT_ZIGGURAT);
}

static nninit_status kaiming_std(nninit_dtype dtype, const void *out,
                                 const int64_t *shape, size_t ndim, double a,
                                 nninit_fan_mode mode, nninit_nonlinearity nl,
                                 size_t *n, double *std)
{
    int64_t fi, fo;
    double fan, gain;
    nninit_status st = prepare(dtype, out, shape, ndim, n, &fi, &fo);
    if (st != NNINIT_OK)
        return st;
    if (!isfinite(a))
        return NNINIT_ERR_PARAM;
    st = nninit_calculate_gain(nl, a, &gain);
    if (st != NNINIT_OK)
        return st;
    st = pick_fan(mode, 0, fi, fo, &fan);
    if (st != NNINIT_OK)
        return st;
    *std = gain / sqrt(fan);
    return NNINIT_OK;
}

nninit_status nninit_kaiming_uniform(nninit_rng rng, nninit_dtype dtype,
                                     void *out, const int64_t *shape,
                                     size_t ndim, double a,
                                     nninit_fan_mode mode,
                                     nninit_nonlinearity nl)
{
    size_t n;
    double std;
    nninit_status st =
        kaiming_std(dtype, out, shape, ndim, a, mode, nl, &n, &std);
    if (st != NNINIT_OK)
        return st;
    double bound = sqrt(3.0) * std;
    return nninit_fill_uniform(rng, dtype, out, n, -bound, bound);
}

nninit_status nninit_kaiming_normal(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double a,
                                    nninit_fan_mode mode,
                                    nninit_nonlinearity nl)
{
    size_t n;
    double std;
    nninit_status st =
        kaiming_std(dtype, out, shape, ndim, a, mode, nl, &n, &std);
    if (st != NNINIT_OK)
        return st;
    return nninit_fill_normal(rng, dtype, out, n, 0.0, std, NNINIT_ZIGGURAT);
}

nninit_status nninit_trunc_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim, double mean, double std,
                                  double a, double b)
{
    size_t n;
    if (nninit_dtype_size(dtype) == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL || shape == NULL)
        return NNINIT_ERR_NULL;
    nninit_status st = nninit_numel(shape, ndim, &n);
    if (st != NNINIT_OK)
        return st;
    return nninit_fill_trunc_normal(rng, dtype, out, n, mean, std, a, b);
}

/* The standard deviation of a standard normal truncated to [-2, 2], the
 * constant Keras and JAX divide by so that the truncated samples keep the
 * requested variance. */
#define NN_TRUNC2_STD 0.87962566103423978

nninit_status nninit_variance_scaling(nninit_rng rng, nninit_dtype dtype,
                                      void *out, const int64_t *shape,
                                      size_t ndim, double scale,
                                      nninit_fan_mode mode,
                                      nninit_vs_distribution distribution)
{
    size_t n;
    int64_t fi, fo;
    double fan;
    nninit_status st = prepare(dtype, out, shape, ndim, &n, &fi, &fo);
    if (st != NNINIT_OK)
        return st;
    if (distribution != NNINIT_VS_TRUNCATED_NORMAL &&
        distribution != NNINIT_VS_NORMAL && distribution != NNINIT_VS_UNIFORM)
        return NNINIT_ERR_ENUM;
    if (!isfinite(scale) || !(scale > 0))
        return NNINIT_ERR_PARAM;
    st = pick_fan(mode, 1, fi, fo, &fan);
    if (st != NNINIT_OK)
        return st;
    double variance = scale / fan;
    switch (distribution) {
    case NNINIT_VS_TRUNCATED_NORMAL: {
        double s = sqrt(variance) / NN_TRUNC2_STD;
        return nninit_fill_trunc_normal(rng, dtype, out, n, 0.0, s, -2.0 * s,
                                        2.0 * s);
    }
    case NNINIT_VS_NORMAL:
        return nninit_fill_normal(rng, dtype, out, n, 0.0, sqrt(variance),
                                  NNINIT_ZIGGURAT);
    default: {
        double limit = sqrt(3.0 * variance);
        return nninit_fill_uniform(rng, dtype, out, n, -limit, limit);
    }
    }
}

nninit_status nninit_lecun_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim)
{
    return nninit_variance_scaling(rng, dtype, out, shape, ndim, 1.0,
                                   NNINIT_FAN_IN, NNINIT_VS_TRUNCATED_NORMAL);
}
