/* The QR kernel on AVX2 + FMA: 8 floats or 4 doubles per ymm, a register
 * tile of 6 rows by 2 vectors (12 accumulators of the 16 ymm registers). */
#include <immintrin.h>
#include <math.h>

#include "../core/qr_gemm.h"

#define NN_T float
#define NN_V __m256
#define NN_VL 8
#define NN_LOADU(p) _mm256_loadu_ps(p)
#define NN_STOREU(p, v) _mm256_storeu_ps(p, v)
#define NN_SET1(x) _mm256_set1_ps(x)
#define NN_FMADD(a, b, c) _mm256_fmadd_ps(a, b, c)
#define NN_SFMA(a, b, c) fmaf(a, b, c)
#define NN_MR 6
#define NN_NR 2
#define NN_GEMM nn_qr_gemm_f32_avx2
#include "../generic/qr_gemm_tpl.h"

#define NN_T double
#define NN_V __m256d
#define NN_VL 4
#define NN_LOADU(p) _mm256_loadu_pd(p)
#define NN_STOREU(p, v) _mm256_storeu_pd(p, v)
#define NN_SET1(x) _mm256_set1_pd(x)
#define NN_FMADD(a, b, c) _mm256_fmadd_pd(a, b, c)
#define NN_SFMA(a, b, c) fma(a, b, c)
#define NN_MR 6
#define NN_NR 2
#define NN_GEMM nn_qr_gemm_f64_avx2
#include "../generic/qr_gemm_tpl.h"
