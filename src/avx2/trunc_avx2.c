/*
 * The truncated normal on AVX2: the template over the AVX2 operations
 * (src/simd/trunc_tpl.h, float32 and float64), and AVX2's batch of
 * attempt-1 retries.
 */
#include "ops_avx2.h"

#include "../simd/trunc_tpl.h"

/*
 * Attempt 1 of the queued elements c->re[0 .. nr), as slowpath_trunc.c's
 * attempt() in the NN_TRUNC_NORMAL regime: block aux(NN_AUX_TRUNC, 1, e),
 * v = A1:A0, q = ((v & (2^63 - 1)) >> 10 + 0.5) 2^-54 (exact), z =
 * +-Phi^-1(q) by the sign bit of v, y = fma(std, z, mean); f32 compares
 * (float)y with [f_a, f_b], f64 y with [d_a, d_b]. Accepted lanes are
 * written; the others go on from attempt 2 in the shared slow path.
 * Within a set of 8, counters go in lane order {0,1,4,5,2,3,6,7} so that
 * the 32-bit unpacks of words 0 and 1 give the 64-bit v of elements 0..3
 * and 4..7 in order.
 */
static void trunc_retry(trunc_ctx *c, int f64)
{
    static const unsigned lane_of[8] = {0, 1, 4, 5, 2, 3, 6, 7};
    const nn_kparams *p = c->p;
    const unsigned nr = c->nr;
    const int ns = (int)(nr + 7) / 8;
    _Alignas(32) uint32_t lo[NN_TRUNC_RQ], hi[NN_TRUNC_RQ];
    for (unsigned k = 0; k < 8u * (unsigned)ns; k++) {
        uint64_t e = c->re[k < nr ? k : 0]; /* pad with a real element */
        unsigned l = (k & ~7u) | lane_of[k & 7u];
        lo[l] = (uint32_t)e;
        hi[l] = (uint32_t)(e >> 32);
    }
    __m256i x[4][4];
    for (int s = 0; s < ns; s++) {
        x[s][0] = _mm256_load_si256((const __m256i *)(lo + 8 * s));
        x[s][1] = _mm256_load_si256((const __m256i *)(hi + 8 * s));
        x[s][2] = _mm256_set1_epi32((int)p->stream[0]);
        x[s][3] = _mm256_set1_epi32((int)p->stream[1]);
    }
    nn_px_rounds_plain(&c->aux, ns, x);
    const int g = 2 * ns;
    __m256i sign[8];
    __m256d q[8], t[8];
    for (int s = 0; s < ns; s++) {
        __m256i v[2];
        v[0] = _mm256_unpacklo_epi32(x[s][0], x[s][1]);
        v[1] = _mm256_unpackhi_epi32(x[s][0], x[s][1]);
        for (int h = 0; h < 2; h++) {
            sign[2 * s + h] =
                _mm256_and_si256(v[h], NN_I64(0x8000000000000000u));
            __m256i m = _mm256_srli_epi64(
                _mm256_and_si256(v[h], NN_I64(0x7FFFFFFFFFFFFFFFu)), 10);
            q[2 * s + h] = _mm256_mul_pd(
                _mm256_add_pd(nn_cvt_u53(m), NN_PD(0.5)), NN_PD(0x1p-54));
        }
    }
    nn_ndtri_lower4_g(g, q, t);
    uint32_t ok = 0;
    _Alignas(32) float yf[NN_TRUNC_RQ];
    _Alignas(32) double yd[NN_TRUNC_RQ];
    for (int i = 0; i < g; i++) {
        __m256d z = _mm256_xor_pd(t[i], _mm256_castsi256_pd(sign[i]));
        __m256d y = _mm256_fmadd_pd(c->dstd, z, c->dmean);
        if (!f64) {
            __m128 f = _mm256_cvtpd_ps(y);
            __m128 in = _mm_and_ps(
                _mm_cmp_ps(f, _mm256_castps256_ps128(c->fa), _CMP_GE_OQ),
                _mm_cmp_ps(f, _mm256_castps256_ps128(c->fb), _CMP_LE_OQ));
            ok |= (uint32_t)_mm_movemask_ps(in) << (4 * i);
            _mm_store_ps(yf + 4 * i, f);
        } else {
            __m256d in = _mm256_and_pd(_mm256_cmp_pd(y, c->da, _CMP_GE_OQ),
                                       _mm256_cmp_pd(y, c->db, _CMP_LE_OQ));
            ok |= (uint32_t)_mm256_movemask_pd(in) << (4 * i);
            _mm256_store_pd(yd + 4 * i, y);
        }
    }
    for (unsigned k = 0; k < nr; k++) {
        uint64_t e = c->re[k];
        uint64_t i = e - p->first;
        if (!f64)
            nn_store_f32(c->out + 4 * i,
                         (ok >> k & 1u) ? yf[k] : nn_trunc_slow_f32(p, e, 2));
        else
            nn_store_f64(c->out + 8 * i,
                         (ok >> k & 1u) ? yd[k] : nn_trunc_slow_f64(p, e, 2));
    }
    c->nr = 0;
}
