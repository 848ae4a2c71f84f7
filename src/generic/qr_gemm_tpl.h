/*
 * The QR kernel (kernels.h, nn_gemm_*_fn) written once over a tiny per-ISA
 * operation layer. The including file defines:
 *
 *   NN_T            element type (float or double)
 *   NN_V            vector type holding NN_VL elements
 *   NN_LOADU(p)     load NN_VL elements from p (any alignment)
 *   NN_STOREU(p, v) store them
 *   NN_SET1(x)      broadcast one element
 *   NN_FMADD(a,b,c) a * b + c with one rounding, lane by lane
 *   NN_SFMA(a,b,c)  the same on one element (fmaf or fma)
 *   NN_MR, NN_NR    register tile: NN_MR rows of C by NN_NR vectors
 *   NN_GEMM         the function's name, e.g. nn_qr_gemm_f32_avx2
 *
 * and may include this file more than once (the macros are undefined at the
 * end). Each element of C is one chain of fused multiply-adds over p in
 * increasing order, exactly as in src/scalar/qr_scalar.c: a vector holds
 * NN_VL independent columns, so the tile shape, the depth blocking and the
 * vector width change the speed, never the bits.
 */
#include <stddef.h>

#define NN_TPL_CAT2(a, b) a##b
#define NN_TPL_CAT(a, b) NN_TPL_CAT2(a, b)
#define NN_TILE NN_TPL_CAT(NN_GEMM, _tile)
#define NN_EDGE NN_TPL_CAT(NN_GEMM, _edge)

/* Depth is taken in chunks of NN_KC so that the slice of B a column tile
 * reads (NN_KC rows of NN_NR vectors) stays in L1 while every row tile of C
 * passes over it; C is stored and reloaded between chunks, which leaves each
 * chain's order unchanged. */
#define NN_KC 128

/* mr x nr vectors of C at c, over depth entries. mr and nr are constants
 * at every call, so the accumulators live in registers. */
static inline __attribute__((always_inline)) void
NN_TILE(const int mr, const int nr, size_t depth, const NN_T *a, size_t lda,
        const NN_T *b, size_t ldb, NN_T *c, size_t ldc)
{
    NN_V acc[NN_MR][NN_NR];
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++)
#pragma GCC unroll 16
        for (int v = 0; v < nr; v++)
            acc[r][v] = NN_LOADU(c + r * ldc + v * NN_VL);
    for (size_t p = 0; p < depth; p++) {
        NN_V bv[NN_NR];
#pragma GCC unroll 16
        for (int v = 0; v < nr; v++)
            bv[v] = NN_LOADU(b + p * ldb + v * NN_VL);
#pragma GCC unroll 16
        for (int r = 0; r < mr; r++) {
            NN_V av = NN_SET1(a[r * lda + p]);
#pragma GCC unroll 16
            for (int v = 0; v < nr; v++)
                acc[r][v] = NN_FMADD(av, bv[v], acc[r][v]);
        }
    }
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++)
#pragma GCC unroll 16
        for (int v = 0; v < nr; v++)
            NN_STOREU(c + r * ldc + v * NN_VL, acc[r][v]);
}

/* All rows of one column tile of nr vectors: full row tiles, then one
 * tile of the remaining rows (a tile of one row would run a single chain
 * of dependent fused multiply-adds per vector, several times slower per
 * row). */
#define NN_REST(k)                                                             \
    case k:                                                                    \
        NN_TILE(k < NN_MR ? k : 1, nr, depth, a + i * lda, lda, b, ldb,        \
                c + i * ldc, ldc);                                             \
        break;
static inline __attribute__((always_inline)) void
NN_EDGE(const int nr, size_t rows, size_t depth, const NN_T *a, size_t lda,
        const NN_T *b, size_t ldb, NN_T *c, size_t ldc)
{
    size_t i = 0;
    for (; i + NN_MR <= rows; i += NN_MR)
        NN_TILE(NN_MR, nr, depth, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
    switch (rows - i) { /* 0 .. NN_MR - 1 (NN_MR <= 12) */
        NN_REST(1)
        NN_REST(2)
        NN_REST(3)
        NN_REST(4)
        NN_REST(5)
        NN_REST(6)
        NN_REST(7)
        NN_REST(8)
        NN_REST(9)
        NN_REST(10)
        NN_REST(11)
    default:
        break;
    }
}
#undef NN_REST

void NN_GEMM(size_t rows, size_t cols, size_t depth, const NN_T *a, size_t lda,
             const NN_T *b, size_t ldb, NN_T *c, size_t ldc)
{
    for (size_t p0 = 0; p0 < depth; p0 += NN_KC) {
        const size_t d = depth - p0 < NN_KC ? depth - p0 : NN_KC;
        const NN_T *ap = a + p0;
        const NN_T *bp = b + p0 * ldb;
        size_t k = 0;
        for (; k + NN_NR * NN_VL <= cols; k += NN_NR * NN_VL)
            NN_EDGE(NN_NR, rows, d, ap, lda, bp + k, ldb, c + k, ldc);
        for (; k + NN_VL <= cols; k += NN_VL)
            NN_EDGE(1, rows, d, ap, lda, bp + k, ldb, c + k, ldc);
        for (; k < cols; k++)
            for (size_t i = 0; i < rows; i++) {
                NN_T acc = c[i * ldc + k];
                for (size_t p = 0; p < d; p++)
                    acc = NN_SFMA(ap[i * lda + p], bp[p * ldb + k], acc);
                c[i * ldc + k] = acc;
            }
    }
}

#undef NN_KC
#undef NN_EDGE
#undef NN_TILE
#undef NN_TPL_CAT
#undef NN_TPL_CAT2
#undef NN_T
#undef NN_V
#undef NN_VL
#undef NN_LOADU
#undef NN_STOREU
#undef NN_SET1
#undef NN_FMADD
#undef NN_SFMA
#undef NN_MR
#undef NN_NR
#undef NN_GEMM
