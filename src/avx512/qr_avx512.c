/* The QR kernel on AVX-512: 16 floats or 8 doubles per zmm, a register
 * tile of 12 rows by 2 vectors (24 accumulators of the 32 zmm registers). */
#include "intrin_avx512.h"
#include <math.h>

#include "../core/qr_gemm.h"

#define NN_T float
#define NN_V __m512
#define NN_VL 16
#define NN_LOADU(p) _mm512_loadu_ps(p)
#define NN_STOREU(p, v) _mm512_storeu_ps(p, v)
#define NN_SET1(x) _mm512_set1_ps(x)
#define NN_FMADD(a, b, c) _mm512_fmadd_ps(a, b, c)
#define NN_SFMA(a, b, c) fmaf(a, b, c)
#define NN_MR 12
#define NN_NR 2
#define NN_GEMM nn_qr_gemm_f32_avx512
#include "../generic/qr_gemm_tpl.h"

#define NN_T double
#define NN_V __m512d
#define NN_VL 8
#define NN_LOADU(p) _mm512_loadu_pd(p)
#define NN_STOREU(p, v) _mm512_storeu_pd(p, v)
#define NN_SET1(x) _mm512_set1_pd(x)
#define NN_FMADD(a, b, c) _mm512_fmadd_pd(a, b, c)
#define NN_SFMA(a, b, c) fma(a, b, c)
#define NN_MR 12
#define NN_NR 2
#define NN_GEMM nn_qr_gemm_f64_avx512
#include "../generic/qr_gemm_tpl.h"
