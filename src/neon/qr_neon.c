/* The QR kernel on NEON: 4 floats or 2 doubles per q register, a register
 * tile of 6 rows by 4 vectors (24 accumulators of the 32 registers).
 * vfmaq(c, a, b) is c + a * b with one rounding (FMLA; a real fused
 * multiply-add through SIMDe, see neon.h). */
#include <math.h>

#include "../core/qr_gemm.h"
#include "neon.h"

#define NN_T float
#define NN_V float32x4_t
#define NN_VL 4
#define NN_LOADU(p) vld1q_f32(p)
#define NN_STOREU(p, v) vst1q_f32(p, v)
#define NN_SET1(x) vdupq_n_f32(x)
#define NN_FMADD(a, b, c) vfmaq_f32(c, a, b)
#define NN_SFMA(a, b, c) fmaf(a, b, c)
#define NN_MR 6
#define NN_NR 4
#define NN_GEMM nn_qr_gemm_f32_neon
#include "../generic/qr_gemm_tpl.h"

#define NN_T double
#define NN_V float64x2_t
#define NN_VL 2
#define NN_LOADU(p) vld1q_f64(p)
#define NN_STOREU(p, v) vst1q_f64(p, v)
#define NN_SET1(x) vdupq_n_f64(x)
#define NN_FMADD(a, b, c) vfmaq_f64(c, a, b)
#define NN_SFMA(a, b, c) fma(a, b, c)
#define NN_MR 6
#define NN_NR 4
#define NN_GEMM nn_qr_gemm_f64_neon
#include "../generic/qr_gemm_tpl.h"
