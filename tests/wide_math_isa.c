/*
 * The float64 wide math of one x86 operation layer (src/avx2/nnmath_avx2.h
 * or src/avx512/nnmath_avx512.h) over arrays, for test_wide_math.c. Built
 * once per layer with that folder's flags; meson defines WM_AVX512 for the
 * AVX-512 one. Each function runs its array through the wide function g
 * vectors at a time (the last step narrower), so that every vector count
 * the kernels use is reached.
 */
#include <stddef.h>

#ifdef WM_AVX512
#include "avx512/nnmath_avx512.h"
#define WM_V __m512d
#define WM_W 8
#define WM_LOADU _mm512_loadu_pd
#define WM_STOREU _mm512_storeu_pd
#define WM_G NN_ZG
#define WM_NDTRI_G NN_ZNDTRI_G
#define WM_LOG_G nn_log8_g
#define WM_SINCOS_G nn_sincos2pi8_g
#define WM_NDTRI_G_FN nn_ndtri_lower8_g
#define WM_FN(name) name##_avx512
#else
#include "avx2/nnmath_avx2.h"
#define WM_V __m256d
#define WM_W 4
#define WM_LOADU _mm256_loadu_pd
#define WM_STOREU _mm256_storeu_pd
#define WM_G NN_G
#define WM_NDTRI_G NN_NDTRI_G
#define WM_LOG_G nn_log4_g
#define WM_SINCOS_G nn_sincos2pi4_g
#define WM_NDTRI_G_FN nn_ndtri_lower4_g
#define WM_FN(name) name##_avx2
#endif

/* Lanes per vector and the most vectors each function takes at once. */
int WM_FN(wm_lanes)(void)
{
    return WM_W;
}
int WM_FN(wm_log_gmax)(void)
{
    return WM_G;
}
int WM_FN(wm_ndtri_gmax)(void)
{
    return WM_NDTRI_G;
}

/* y = nn_log(x), x >= 2^-1022; n a multiple of the lanes. */
void WM_FN(wm_log)(const double *x, double *y, size_t n, int g)
{
    for (size_t i = 0; i < n;) {
        WM_V xv[WM_G], yv[WM_G];
        int m = 0;
        for (; m < g && i + (size_t)WM_W * m < n; m++)
            xv[m] = WM_LOADU(x + i + (size_t)WM_W * m);
        WM_LOG_G(m, xv, yv);
        for (int k = 0; k < m; k++)
            WM_STOREU(y + i + (size_t)WM_W * k, yv[k]);
        i += (size_t)WM_W * m;
    }
}

/* s, c = nn_sincos2pi(t / 4), t = 4u, u a multiple of 2^-53 in [0, 1). */
void WM_FN(wm_sincos)(const double *t, double *s, double *c, size_t n, int g)
{
    for (size_t i = 0; i < n;) {
        WM_V tv[WM_G], sv[WM_G], cv[WM_G];
        int m = 0;
        for (; m < g && i + (size_t)WM_W * m < n; m++)
            tv[m] = WM_LOADU(t + i + (size_t)WM_W * m);
        WM_SINCOS_G(m, tv, sv, cv);
        for (int k = 0; k < m; k++) {
            WM_STOREU(s + i + (size_t)WM_W * k, sv[k]);
            WM_STOREU(c + i + (size_t)WM_W * k, cv[k]);
        }
        i += (size_t)WM_W * m;
    }
}

/* t = nn_ndtri_lower(q), q in [2^-1022, 0.5]. */
void WM_FN(wm_ndtri)(const double *q, double *t, size_t n, int g)
{
    for (size_t i = 0; i < n;) {
        WM_V qv[WM_NDTRI_G], tv[WM_NDTRI_G];
        int m = 0;
        for (; m < g && i + (size_t)WM_W * m < n; m++)
            qv[m] = WM_LOADU(q + i + (size_t)WM_W * m);
        WM_NDTRI_G_FN(m, qv, tv);
        for (int k = 0; k < m; k++)
            WM_STOREU(t + i + (size_t)WM_W * k, tv[k]);
        i += (size_t)WM_W * m;
    }
}
