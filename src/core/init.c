/*
 * The initializers. Each scheme is resolved, from its descriptor and the
 * tensor's shape, into one concrete fill (constant, uniform, normal or
 * truncated normal with numbers); whole tensors, flat ranges and blocks are
 * then that fill on the right element indices. Formulas and defaults follow
 * torch.nn.init (xavier, kaiming, trunc_normal) and Keras/JAX
 * (variance_scaling, lecun_normal); fans follow torch's layout rules.
 */
#include <math.h>
#include <string.h>

#include "../scalar/bf16.h"
#include "../scalar/f16.h"
#include "nninit.h"

typedef enum { C_CONST, C_UNIFORM, C_NORMAL, C_TRUNC } concrete_kind;

typedef struct concrete {
    concrete_kind kind;
    double p0, p1, p2, p3; /* value | lo, hi | mean, std | mean, std, a, b */
    nninit_method method;
} concrete;

/* The standard deviation of a standard normal truncated to [-2, 2], the
 * constant Keras and JAX divide by so that the truncated samples keep the
 * requested variance. */
#define NN_TRUNC2_STD 0.87962566103423978

nninit_status nninit_desc_default(nninit_scheme scheme, nninit_desc *d)
{
    if (d == NULL)
        return NNINIT_ERR_NULL;
    if ((int)scheme < 0 || scheme >= NNINIT_SCHEME_COUNT_)
        return NNINIT_ERR_ENUM;
    memset(d, 0, sizeof *d);
    d->scheme = scheme;
    d->hi = 1.0;
    d->std = 1.0;
    d->a = -2.0;
    d->b = 2.0;
    d->gain = 1.0;
    d->scale = 1.0;
    d->mode = NNINIT_FAN_IN;
    d->nonlinearity = NNINIT_LEAKY_RELU;
    d->distribution = NNINIT_VS_TRUNCATED_NORMAL;
    d->method = NNINIT_ZIGGURAT;
    if (scheme == NNINIT_SCHEME_KAIMING_UNIFORM ||
        scheme == NNINIT_SCHEME_KAIMING_NORMAL)
        d->a = 0.0;
    if (scheme == NNINIT_SCHEME_ONES)
        d->value = 1.0; /* what it fills with; the value is not read */
    return NNINIT_OK;
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

static nninit_status resolve(const nninit_desc *d, const int64_t *shape,
                             size_t ndim, concrete *c)
{
    int64_t fi = 0, fo = 0;
    double fan, gain, std;
    nninit_status st;
    memset(c, 0, sizeof *c);
    c->method = NNINIT_ZIGGURAT;
    switch (d->scheme) {
    case NNINIT_SCHEME_CONSTANT:
        if (!isfinite(d->value))
            return NNINIT_ERR_PARAM;
        c->kind = C_CONST;
        c->p0 = d->value;
        return NNINIT_OK;
    case NNINIT_SCHEME_ZEROS:
    case NNINIT_SCHEME_ONES:
        c->kind = C_CONST;
        c->p0 = d->scheme == NNINIT_SCHEME_ONES ? 1.0 : 0.0;
        return NNINIT_OK;
    case NNINIT_SCHEME_UNIFORM:
        *c = (concrete){C_UNIFORM, d->lo, d->hi, 0, 0, NNINIT_ZIGGURAT};
        return NNINIT_OK;
    case NNINIT_SCHEME_NORMAL:
        *c = (concrete){C_NORMAL, d->mean, d->std, 0, 0, d->method};
        return NNINIT_OK;
    case NNINIT_SCHEME_TRUNC_NORMAL:
        *c = (concrete){C_TRUNC, d->mean, d->std, d->a, d->b, NNINIT_ZIGGURAT};
        return NNINIT_OK;
    default:
        break;
    }
    if ((int)d->scheme < 0 || d->scheme >= NNINIT_SCHEME_COUNT_)
        return NNINIT_ERR_ENUM;
    /* The remaining schemes scale by fans of the (global) shape. */
    st = nninit_fans(shape, ndim, &fi, &fo);
    if (st != NNINIT_OK)
        return st;
    switch (d->scheme) {
    case NNINIT_SCHEME_XAVIER_UNIFORM:
    case NNINIT_SCHEME_XAVIER_NORMAL:
        if (!isfinite(d->gain) || d->gain < 0)
            return NNINIT_ERR_PARAM;
        if (fi + fo == 0)
            return NNINIT_ERR_FAN;
        std = d->gain * sqrt(2.0 / (double)(fi + fo));
        if (d->scheme == NNINIT_SCHEME_XAVIER_NORMAL)
            *c = (concrete){C_NORMAL, 0.0, std, 0, 0, d->method};
        else
            *c = (concrete){C_UNIFORM, -sqrt(3.0) * std, sqrt(3.0) * std, 0, 0,
                            NNINIT_ZIGGURAT};
        return NNINIT_OK;
    case NNINIT_SCHEME_KAIMING_UNIFORM:
    case NNINIT_SCHEME_KAIMING_NORMAL:
        if (!isfinite(d->a))
            return NNINIT_ERR_PARAM;
        st = nninit_calculate_gain(d->nonlinearity, d->a, &gain);
        if (st != NNINIT_OK)
            return st;
        st = pick_fan(d->mode, 0, fi, fo, &fan);
        if (st != NNINIT_OK)
            return st;
        std = gain / sqrt(fan);
        if (d->scheme == NNINIT_SCHEME_KAIMING_NORMAL)
            *c = (concrete){C_NORMAL, 0.0, std, 0, 0, d->method};
        else
            *c = (concrete){C_UNIFORM, -sqrt(3.0) * std, sqrt(3.0) * std, 0, 0,
                            NNINIT_ZIGGURAT};
        return NNINIT_OK;
    case NNINIT_SCHEME_LECUN_NORMAL:
    case NNINIT_SCHEME_VARIANCE_SCALING: {
        int lecun = d->scheme == NNINIT_SCHEME_LECUN_NORMAL;
        double scale = lecun ? 1.0 : d->scale;
        nninit_fan_mode mode = lecun ? NNINIT_FAN_IN : d->mode;
        nninit_vs_distribution dist =
            lecun ? NNINIT_VS_TRUNCATED_NORMAL : d->distribution;
        if (dist != NNINIT_VS_TRUNCATED_NORMAL && dist != NNINIT_VS_NORMAL &&
            dist != NNINIT_VS_UNIFORM)
            return NNINIT_ERR_ENUM;
        if (!isfinite(scale) || !(scale > 0))
            return NNINIT_ERR_PARAM;
        st = pick_fan(mode, 1, fi, fo, &fan);
        if (st != NNINIT_OK)
            return st;
        double variance = scale / fan;
        if (dist == NNINIT_VS_TRUNCATED_NORMAL) {
            double s = sqrt(variance) / NN_TRUNC2_STD;
            *c = (concrete){C_TRUNC, 0.0, s, -2.0 * s, 2.0 * s,
                            NNINIT_ZIGGURAT};
        } else if (dist == NNINIT_VS_NORMAL) {
            *c = (concrete){C_NORMAL, 0.0, sqrt(variance), 0, 0, d->method};
        } else {
            double limit = sqrt(3.0 * variance);
            *c = (concrete){C_UNIFORM, -limit, limit, 0, 0, NNINIT_ZIGGURAT};
        }
        return NNINIT_OK;
    }
    default:
        return NNINIT_ERR_ENUM;
    }
}

static nninit_status fill_constant(nninit_dtype dtype, void *out, size_t n,
                                   double value)
{
    if (dtype != NNINIT_F64 && !isfinite((float)value))
        return NNINIT_ERR_PARAM;
    if (dtype == NNINIT_F16 && !(fabs(value) < 65520.0))
        return NNINIT_ERR_PARAM; /* would round to infinity */
    if (dtype == NNINIT_F32) {
        float v = (float)value;
        float *o = out;
        for (size_t i = 0; i < n; i++)
            o[i] = v;
    } else if (dtype == NNINIT_F64) {
        double *o = out;
        for (size_t i = 0; i < n; i++)
            o[i] = value;
    } else {
        uint16_t v = dtype == NNINIT_BF16 ? nn_f32_to_bf16_rne((float)value)
                                          : nn_f32_to_f16_rne((float)value);
        uint16_t *o = out;
        for (size_t i = 0; i < n; i++)
            o[i] = v;
    }
    return NNINIT_OK;
}

static nninit_status run_concrete(const concrete *c, nninit_rng rng,
                                  nninit_dtype dtype, void *out, size_t n)
{
    switch (c->kind) {
    case C_CONST:
        return fill_constant(dtype, out, n, c->p0);
    case C_UNIFORM:
        return nninit_fill_uniform(rng, dtype, out, n, c->p0, c->p1);
    case C_NORMAL:
        return nninit_fill_normal(rng, dtype, out, n, c->p0, c->p1,
                                  c->method);
    default:
        return nninit_fill_trunc_normal(rng, dtype, out, n, c->p0, c->p1,
                                        c->p2, c->p3);
    }
}

/* Everything that can fail, checked before anything is written: the
 * buffer, the shape, the scheme's parameters (by a zero-length fill, which
 * validates all of them) and that the last element index stays below
 * 2^64. */
static nninit_status prepare(nninit_rng rng, nninit_dtype dtype,
                             const void *out, const int64_t *shape,
                             size_t ndim, const nninit_desc *d, size_t *numel,
                             concrete *c)
{
    if (nninit_dtype_size(dtype) == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL || d == NULL || (ndim > 0 && shape == NULL))
        return NNINIT_ERR_NULL;
    nninit_status st = nninit_numel(shape, ndim, numel);
    if (st != NNINIT_OK)
        return st;
    st = resolve(d, shape, ndim, c);
    if (st != NNINIT_OK)
        return st;
    unsigned char probe[8];
    st = run_concrete(c, rng, dtype, probe, 0);
    if (st != NNINIT_OK)
        return st;
    if (*numel > 0 && rng.offset > UINT64_MAX - (uint64_t)(*numel - 1))
        return NNINIT_ERR_SIZE;
    return NNINIT_OK;
}

nninit_status nninit_init(nninit_rng rng, nninit_dtype dtype, void *out,
                          const int64_t *shape, size_t ndim,
                          const nninit_desc *desc)
{
    size_t n;
    concrete c;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    return run_concrete(&c, rng, dtype, out, n);
}

nninit_status nninit_init_range(nninit_rng rng, nninit_dtype dtype,
                                void *out, const int64_t *shape, size_t ndim,
                                const nninit_desc *desc, uint64_t first,
                                size_t count)
{
    size_t n;
    concrete c;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    if (first > n || count > n - first)
        return NNINIT_ERR_SIZE;
    rng.offset += first;
    return run_concrete(&c, rng, dtype, out, count);
}

nninit_status nninit_init_block(nninit_rng rng, nninit_dtype dtype,
                                void *out, const int64_t *shape, size_t ndim,
                                const int64_t *start, const int64_t *extent,
                                const nninit_desc *desc)
{
    size_t n;
    concrete c;
    if (ndim > 0 && (start == NULL || extent == NULL))
        return NNINIT_ERR_NULL;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    size_t rows = 1, row_len = 1;
    for (size_t k = 0; k < ndim; k++) {
        if (start[k] < 0 || extent[k] < 0 || start[k] > shape[k] ||
            extent[k] > shape[k] - start[k])
            return NNINIT_ERR_SHAPE;
        /* The block has at most as many elements as the tensor: no
         * overflow. */
        if (k + 1 < ndim)
            rows *= (size_t)extent[k];
        else
            row_len = (size_t)extent[k];
    }
    if (rows == 0 || row_len == 0)
        return NNINIT_OK;
    const size_t es = nninit_dtype_size(dtype);
    int64_t idx[16]; /* position of the current row within the block */
    if (ndim > 16)
        return NNINIT_ERR_SHAPE;
    memset(idx, 0, sizeof idx);
    unsigned char *o = out;
    for (size_t r = 0; r < rows; r++) {
        /* Flat index of the row's first element in the global tensor. */
        uint64_t flat = 0;
        for (size_t k = 0; k < ndim; k++) {
            int64_t pos = start[k] + (k + 1 < ndim ? idx[k] : 0);
            flat = flat * (uint64_t)shape[k] + (uint64_t)pos;
        }
        nninit_rng at = rng;
        at.offset += flat;
        st = run_concrete(&c, at, dtype, o + r * row_len * es, row_len);
        if (st != NNINIT_OK)
            return st; /* unreachable: prepare validated every input */
        for (size_t k = ndim - 1; k-- > 0;) {
            if (++idx[k] < extent[k])
                break;
            idx[k] = 0;
        }
    }
    return NNINIT_OK;
}

/* ------------------------------------------------ the named initializers */

static nninit_status init_with(nninit_rng rng, nninit_dtype dtype, void *out,
                               const int64_t *shape, size_t ndim,
                               nninit_desc *d)
{
    return nninit_init(rng, dtype, out, shape, ndim, d);
}

nninit_status nninit_xavier_uniform(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double gain)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_XAVIER_UNIFORM, &d);
    d.gain = gain;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_xavier_normal(nninit_rng rng, nninit_dtype dtype,
                                   void *out, const int64_t *shape,
                                   size_t ndim, double gain)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_XAVIER_NORMAL, &d);
    d.gain = gain;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

static nninit_status kaiming(nninit_scheme s, nninit_rng rng,
                             nninit_dtype dtype, void *out,
                             const int64_t *shape, size_t ndim, double a,
                             nninit_fan_mode mode, nninit_nonlinearity nl)
{
    nninit_desc d;
    nninit_desc_default(s, &d);
    d.a = a;
    d.mode = mode;
    d.nonlinearity = nl;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_kaiming_uniform(nninit_rng rng, nninit_dtype dtype,
                                     void *out, const int64_t *shape,
                                     size_t ndim, double a,
                                     nninit_fan_mode mode,
                                     nninit_nonlinearity nl)
{
    return kaiming(NNINIT_SCHEME_KAIMING_UNIFORM, rng, dtype, out, shape, ndim,
                   a, mode, nl);
}

nninit_status nninit_kaiming_normal(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double a,
                                    nninit_fan_mode mode,
                                    nninit_nonlinearity nl)
{
    return kaiming(NNINIT_SCHEME_KAIMING_NORMAL, rng, dtype, out, shape, ndim,
                   a, mode, nl);
}

nninit_status nninit_lecun_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_LECUN_NORMAL, &d);
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_trunc_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim, double mean, double std,
                                  double a, double b)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_TRUNC_NORMAL, &d);
    d.mean = mean;
    d.std = std;
    d.a = a;
    d.b = b;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_variance_scaling(nninit_rng rng, nninit_dtype dtype,
                                      void *out, const int64_t *shape,
                                      size_t ndim, double scale,
                                      nninit_fan_mode mode,
                                      nninit_vs_distribution distribution)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_VARIANCE_SCALING, &d);
    d.scale = scale;
    d.mode = mode;
    d.distribution = distribution;
    return init_with(rng, dtype, out, shape, ndim, &d);
}
