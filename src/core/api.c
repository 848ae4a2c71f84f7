/* Shapes, fans and gains: torch.nn.init's rules. */
#include <math.h>

#include "fpenv.h"
#include "nninit.h"

nninit_status nninit_numel(const int64_t *shape, size_t ndim, size_t *numel)
{
    if (numel == NULL || (ndim > 0 && shape == NULL))
        return NNINIT_ERR_NULL;
    int zero = 0;
    for (size_t i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return NNINIT_ERR_SHAPE;
        zero |= shape[i] == 0;
    }
    size_t n = 1;
    for (size_t i = 0; i < ndim && !zero; i++) {
        if ((uint64_t)shape[i] > SIZE_MAX / n)
            return NNINIT_ERR_SIZE;
        n *= (size_t)shape[i];
    }
    *numel = zero ? 0 : n;
    return NNINIT_OK;
}

/* Product of two dims or partial products, -1 standing for one past
 * INT64_MAX: a zero factor gives 0 even beside an overflowed one (the true
 * product is 0), otherwise an overflow stays -1. */
static int64_t checked_mul(int64_t a, int64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    if (a < 0 || b < 0 || b > INT64_MAX / a)
        return -1;
    return a * b;
}

nninit_status nninit_fans(const int64_t *shape, size_t ndim, int64_t *fan_in,
                          int64_t *fan_out)
{
    if (fan_in == NULL || fan_out == NULL)
        return NNINIT_ERR_NULL;
    if (ndim < 2) /* also for a NULL shape, which ndim 0 allows elsewhere */
        return NNINIT_ERR_SHAPE;
    if (shape == NULL)
        return NNINIT_ERR_NULL;
    for (size_t i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return NNINIT_ERR_SHAPE;
    int64_t receptive = 1;
    for (size_t i = 2; i < ndim; i++)
        receptive = checked_mul(receptive, shape[i]);
    const int64_t fi = checked_mul(shape[1], receptive);
    const int64_t fo = checked_mul(shape[0], receptive);
    if (fi < 0 || fo < 0)
        return NNINIT_ERR_SIZE;
    *fan_in = fi;
    *fan_out = fo;
    return NNINIT_OK;
}

nninit_status nninit_calculate_gain(nninit_nonlinearity nl, double param,
                                    double *gain)
{
    NN_FPENV_SCOPE;
    if (gain == NULL)
        return NNINIT_ERR_NULL;
    switch (nl) {
    case NNINIT_LINEAR:
    case NNINIT_CONV1D:
    case NNINIT_CONV2D:
    case NNINIT_CONV3D:
    case NNINIT_CONV_TRANSPOSE1D:
    case NNINIT_CONV_TRANSPOSE2D:
    case NNINIT_CONV_TRANSPOSE3D:
    case NNINIT_SIGMOID:
        *gain = 1.0;
        return NNINIT_OK;
    case NNINIT_TANH:
        *gain = 5.0 / 3.0;
        return NNINIT_OK;
    case NNINIT_RELU:
        *gain = sqrt(2.0);
        return NNINIT_OK;
    case NNINIT_LEAKY_RELU: {
        double slope = isnan(param) ? 0.01 : param;
        if (!isfinite(slope))
            return NNINIT_ERR_PARAM;
        *gain = sqrt(2.0 / (1.0 + slope * slope));
        return NNINIT_OK;
    }
    case NNINIT_SELU:
        *gain = 3.0 / 4.0;
        return NNINIT_OK;
    }
    return NNINIT_ERR_ENUM;
}

/* Normalizes the axes of one list into ax[], marking them in used[]. */
static nninit_status take_axes(const nninit_axes *list, int32_t def,
                               size_t ndim, unsigned char *used,
                               const int64_t *shape, int64_t *size)
{
    int32_t n = list != NULL ? list->n : 0;
    *size = 1;
    if (n < 0 || n > NNINIT_MAX_AXES)
        return NNINIT_ERR_SHAPE;
    for (int32_t k = 0; k < (n > 0 ? n : (def != 0 ? 1 : 0)); k++) {
        int64_t a = n > 0 ? list->axis[k] : def;
        if (a < 0)
            a += (int64_t)ndim;
        if (a < 0 || a >= (int64_t)ndim || used[a])
            return NNINIT_ERR_SHAPE;
        used[a] = 1;
        *size = checked_mul(*size, shape[a]); /* -1: judged by the caller */
    }
    return NNINIT_OK;
}

nninit_status nninit_fans_layout(const int64_t *shape, size_t ndim,
                                 nninit_fan_layout layout,
                                 const nninit_axes *in_axes,
                                 const nninit_axes *out_axes,
                                 const nninit_axes *batch_axes, int64_t *fan_in,
                                 int64_t *fan_out)
{
    if (fan_in == NULL || fan_out == NULL || (ndim > 0 && shape == NULL))
        return NNINIT_ERR_NULL;
    for (size_t i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return NNINIT_ERR_SHAPE;
    switch (layout) {
    case NNINIT_LAYOUT_TORCH:
        return nninit_fans(shape, ndim, fan_in, fan_out);
    case NNINIT_LAYOUT_KERAS:
        if (ndim < 2) { /* keras.initializers compute_fans */
            *fan_in = *fan_out = ndim == 0 ? 1 : shape[0];
            return NNINIT_OK;
        }
        break;
    case NNINIT_LAYOUT_JAX:
        break;
    default:
        return NNINIT_ERR_ENUM;
    }
    if (ndim < 2)
        return NNINIT_ERR_SHAPE;
    if (ndim > 64)
        return NNINIT_ERR_SHAPE;
    /* Keras is JAX's default: in = -2, out = -1. */
    nninit_axes none = {0, {0}};
    const nninit_axes *in = layout == NNINIT_LAYOUT_JAX ? in_axes : &none;
    const nninit_axes *out = layout == NNINIT_LAYOUT_JAX ? out_axes : &none;
    const nninit_axes *batch = layout == NNINIT_LAYOUT_JAX ? batch_axes : &none;
    unsigned char used[64] = {0};
    int64_t in_size, out_size, batch_size, receptive = 1;
    nninit_status st = take_axes(in, -2, ndim, used, shape, &in_size);
    if (st == NNINIT_OK)
        st = take_axes(out, -1, ndim, used, shape, &out_size);
    if (st == NNINIT_OK)
        st = take_axes(batch, 0, ndim, used, shape, &batch_size);
    if (st != NNINIT_OK)
        return st;
    for (size_t i = 0; i < ndim; i++)
        if (!used[i])
            receptive = checked_mul(receptive, shape[i]);
    int64_t fi = checked_mul(in_size, receptive);
    int64_t fo = checked_mul(out_size, receptive);
    if (fi < 0 || fo < 0)
        return NNINIT_ERR_SIZE;
    *fan_in = fi;
    *fan_out = fo;
    return NNINIT_OK;
}
