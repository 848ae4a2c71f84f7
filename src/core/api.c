/* Shapes, fans and gains: torch.nn.init's rules. */
#include <math.h>

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

nninit_status nninit_fans(const int64_t *shape, size_t ndim, int64_t *fan_in,
                          int64_t *fan_out)
{
    if (fan_in == NULL || fan_out == NULL)
        return NNINIT_ERR_NULL;
    if (ndim < 2) /* also for a NULL shape, which ndim 0 allows elsewhere */
        return NNINIT_ERR_SHAPE;
    if (shape == NULL)
        return NNINIT_ERR_NULL;
    int64_t receptive = 1;
    for (size_t i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return NNINIT_ERR_SHAPE;
    for (size_t i = 2; i < ndim; i++) {
        if (shape[i] != 0 && receptive > INT64_MAX / shape[i])
            return NNINIT_ERR_SIZE;
        receptive *= shape[i];
    }
    if ((receptive != 0 && shape[1] > INT64_MAX / receptive) ||
        (receptive != 0 && shape[0] > INT64_MAX / receptive))
        return NNINIT_ERR_SIZE;
    *fan_in = shape[1] * receptive;
    *fan_out = shape[0] * receptive;
    return NNINIT_OK;
}

nninit_status nninit_calculate_gain(nninit_nonlinearity nl, double param,
                                    double *gain)
{
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
