/*
 * Orthogonal initialization (torch.nn.init.orthogonal_) and JAX's
 * delta_orthogonal, computed by our own blocked Householder QR
 * (orth_tpl.h) so that the bits depend on (seed, stream, offset, shape,
 * gain, dtype) only: no BLAS or LAPACK, whose blocking and kernels differ
 * per CPU and thread count.
 *
 * Precision: float64 output is computed in double; float32, bfloat16 and
 * float16 in float (rounded at the end), as torch does for float32. Float
 * is enough: Householder QR is backward stable, and the computed Q is
 * orthogonal to a few units of n * 2^-24 (tests/test_orth.c checks a bound
 * derived from that), far below what bfloat16 or float16 can show.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../scalar/bf16.h"
#include "../scalar/f16.h"
#include "fpenv.h"
#include "kernels.h"
#include "orth.h"
#include "threads.h"

/* Columns per Householder block (the WY block size). Fixed for every path
 * and thread count: it decides the order of operations. */
#define NN_QR_NB 32

/* Element e of out, which may have any alignment (the header promises
 * it): stored through memcpy, which compiles to one unaligned-safe store. */
static void store_f32(nninit_dtype dtype, void *out, size_t e, float x)
{
    unsigned char *p = out;
    if (dtype == NNINIT_F32) {
        memcpy(p + e * sizeof x, &x, sizeof x);
    } else {
        uint16_t h =
            dtype == NNINIT_BF16 ? nn_f32_to_bf16_rne(x) : nn_f32_to_f16_rne(x);
        memcpy(p + e * sizeof h, &h, sizeof h);
    }
}

static void store_f64(nninit_dtype dtype, void *out, size_t e, double x)
{
    (void)dtype;
    memcpy((unsigned char *)out + e * sizeof x, &x, sizeof x);
}

#define OT float
#define OT_NAME(x) x##_f32
#define OT_FMA fmaf
#define OT_SQRT sqrtf
#define OT_GEMM (nn_dispatch()->qr_gemm_f32)
#define OT_DTYPE NNINIT_F32
#define nn_gemm_fn_t nn_gemm_f32_fn
#include "orth_tpl.h"

#define OT double
#define OT_NAME(x) x##_f64
#define OT_FMA fma
#define OT_SQRT sqrt
#define OT_GEMM (nn_dispatch()->qr_gemm_f64)
#define OT_DTYPE NNINIT_F64
#define nn_gemm_fn_t nn_gemm_f64_fn
#include "orth_tpl.h"

nninit_status nn_orth_check(nninit_rng rng, nninit_dtype dtype, const void *out,
                            const int64_t *shape, size_t ndim, double gain,
                            int delta)
{
    size_t numel;
    if (nninit_dtype_size(dtype) == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL || (ndim > 0 && shape == NULL))
        return NNINIT_ERR_NULL;
    if (ndim < 2 || (delta && (ndim < 3 || ndim > 5)))
        return NNINIT_ERR_SHAPE;
    nninit_status st = nninit_numel(shape, ndim, &numel);
    if (st != NNINIT_OK)
        return st;
    if (numel > PTRDIFF_MAX / nninit_dtype_size(dtype))
        return NNINIT_ERR_SIZE;
    if (!isfinite(gain) || (dtype != NNINIT_F64 && !isfinite((float)gain)))
        return NNINIT_ERR_PARAM;
    if (dtype == NNINIT_F16 && !(fabs(gain) < 65520.0))
        return NNINIT_ERR_PARAM; /* entries up to |gain| would overflow */
    /* JAX: the centre matrix (out x in) needs in <= out. */
    if (delta && shape[1] > shape[0])
        return NNINIT_ERR_SHAPE;
    /* The Gaussian matrix uses normal numbers offset .. offset + rows *
     * cols - 1 (rows * cols <= numel). */
    size_t used = delta ? (size_t)shape[0] * (size_t)shape[1] : numel;
    if (numel > 0 && used > 0 && rng.offset > UINT64_MAX - (uint64_t)(used - 1))
        return NNINIT_ERR_SIZE;
    return NNINIT_OK;
}

nninit_status nn_orth_fill(nninit_rng rng, nninit_dtype dtype, void *out,
                           const int64_t *shape, size_t ndim, double gain,
                           int delta)
{
    size_t numel;
    nninit_numel(shape, ndim, &numel);
    if (numel == 0)
        return NNINIT_OK; /* torch: a no-op */
    size_t rows = (size_t)shape[0], cols = numel / rows, kk = 1, centre = 0;
    if (delta) {
        cols = (size_t)shape[1];
        kk = numel / (rows * cols);
        for (size_t d = 2; d < ndim; d++)
            centre = centre * (size_t)shape[d] + (size_t)shape[d] / 2;
    }
    if (dtype == NNINIT_F64)
        return orth_matrix_f64(rng, rows, cols, gain, dtype, out, kk, centre);
    return orth_matrix_f32(rng, rows, cols, gain, dtype, out, kk, centre);
}

nninit_status nninit_orthogonal(nninit_rng rng, nninit_dtype dtype, void *out,
                                const int64_t *shape, size_t ndim, double gain)
{
    NN_FPENV_SCOPE;
    nninit_status st = nn_orth_check(rng, dtype, out, shape, ndim, gain, 0);
    if (st != NNINIT_OK)
        return st;
    return nn_orth_fill(rng, dtype, out, shape, ndim, gain, 0);
}

nninit_status nninit_delta_orthogonal(nninit_rng rng, nninit_dtype dtype,
                                      void *out, const int64_t *shape,
                                      size_t ndim, double gain)
{
    NN_FPENV_SCOPE;
    nninit_status st = nn_orth_check(rng, dtype, out, shape, ndim, gain, 1);
    if (st != NNINIT_OK)
        return st;
    return nn_orth_fill(rng, dtype, out, shape, ndim, gain, 1);
}
