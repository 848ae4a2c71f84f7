/*
 * The reference for the QR kernel slot (kernels.h, nn_gemm_*_fn):
 * C += A * B where each element of C is one chain of fused multiply-adds,
 * taken in increasing p. The vector paths compute exactly these chains,
 * several columns k at a time.
 */
#include <math.h>

#include "../core/qr_gemm.h"

void nn_qr_gemm_f32_scalar(size_t rows, size_t cols, size_t depth,
                           const float *a, size_t lda, const float *b,
                           size_t ldb, float *c, size_t ldc)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t k = 0; k < cols; k++) {
            float acc = c[i * ldc + k];
            for (size_t p = 0; p < depth; p++)
                acc = fmaf(a[i * lda + p], b[p * ldb + k], acc);
            c[i * ldc + k] = acc;
        }
}

void nn_qr_gemm_f64_scalar(size_t rows, size_t cols, size_t depth,
                           const double *a, size_t lda, const double *b,
                           size_t ldb, double *c, size_t ldc)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t k = 0; k < cols; k++) {
            double acc = c[i * ldc + k];
            for (size_t p = 0; p < depth; p++)
                acc = fma(a[i * lda + p], b[p * ldb + k], acc);
            c[i * ldc + k] = acc;
        }
}
