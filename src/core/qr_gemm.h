/* The QR kernel of every path (the nn_gemm_*_fn slots of kernels.h): the
 * scalar reference in src/scalar/qr_scalar.c, the vector ones instantiated
 * from src/generic/qr_gemm_tpl.h in each ISA folder. */
#ifndef NNINIT_QR_GEMM_H
#define NNINIT_QR_GEMM_H

#include "kernels.h"

#define NN_QR_GEMM_DECL(isa)                                                   \
    NN_HIDDEN void nn_qr_gemm_f32_##isa(                                       \
        size_t rows, size_t cols, size_t depth, const float *a, size_t lda,    \
        const float *b, size_t ldb, float *c, size_t ldc);                     \
    NN_HIDDEN void nn_qr_gemm_f64_##isa(                                       \
        size_t rows, size_t cols, size_t depth, const double *a, size_t lda,   \
        const double *b, size_t ldb, double *c, size_t ldc);

NN_QR_GEMM_DECL(scalar)
NN_QR_GEMM_DECL(avx2)
NN_QR_GEMM_DECL(avx512)
NN_QR_GEMM_DECL(neon)

#endif
