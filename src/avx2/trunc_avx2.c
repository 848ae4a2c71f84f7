/*
 * The truncated normal on AVX2: the template over the AVX2 operations
 * (src/simd/trunc_tpl.h, float32 and float64), and AVX2's batch of
 * attempt-1 retries.
 */
/* The batch's quantile (nn_ndtri_lower4_g) packs the lanes that need its
 * tail regions into steps of this many vectors of 4: a batch of 32 has
 * about 5 such lanes (15% of q), 8 or fewer 87% of the time, so one step of
 * 2 vectors usually does, where the inverse-CDF kernel's step of 4 (64
 * lanes at a time) computed 11 lanes for nothing. */
#define NN_NDTRI_TAIL_G 2
#include "ops_avx2.h"

#include "../simd/trunc_tpl.h"

/* Sets of 8 counters in one attempt-1 batch. */
#define TR_SETS (NN_TRUNC_RQ / 8)

/*
 * Attempt r = q->r of the queued elements q->re[0 .. nr), as
 * slowpath_trunc.c's attempt() in the NN_TRUNC_NORMAL regime: block
 * aux(NN_AUX_TRUNC, r, e) (q->key is that key's schedule),
 * v = A1:A0, q = ((v & (2^63 - 1)) >> 10 + 0.5) 2^-54 (exact), z =
 * +-Phi^-1(q) by the sign bit of v, y = fma(std, z, mean); f32 compares
 * (float)y with [f_a, f_b], f64 y with [d_a, d_b]. Accepted lanes are
 * written; the others go to trunc_reject (attempt r + 1).
 * Within a set of 8, counters go in lane order {0,1,4,5,2,3,6,7} (what
 * the in-lane shuffles of the 64-bit element indices give) so that the
 * 32-bit unpacks of words 0 and 1 give the 64-bit v of elements 0..3 and
 * 4..7 in order. The batch is always whole (a partial one, once at the
 * end of a fill, is padded with its first element).
 */
static void trunc_retry(trunc_ctx *c, trunc_rq *q, int f64)
{
    const nn_kparams *p = c->p;
    const unsigned nr = trunc_retry_pad(q);
    __m256i x[TR_SETS][4];
    for (int s = 0; s < TR_SETS; s++) {
        __m256 e0 = _mm256_castsi256_ps(
            _mm256_loadu_si256((const __m256i *)(q->re + 8 * s)));
        __m256 e1 = _mm256_castsi256_ps(
            _mm256_loadu_si256((const __m256i *)(q->re + 8 * s + 4)));
        x[s][0] = _mm256_castps_si256(_mm256_shuffle_ps(e0, e1, 0x88));
        x[s][1] = _mm256_castps_si256(_mm256_shuffle_ps(e0, e1, 0xDD));
        x[s][2] = _mm256_set1_epi32((int)p->stream[0]);
        x[s][3] = _mm256_set1_epi32((int)p->stream[1]);
    }
    nn_px_rounds_plain(&q->key, TR_SETS, x);
    __m256i sign[2 * TR_SETS];
    __m256d u[NN_TRUNC_RQ / 4];
    __m256d t[NN_TRUNC_RQ / 4];
    for (int s = 0; s < TR_SETS; s++) {
        __m256i v[2];
        v[0] = _mm256_unpacklo_epi32(x[s][0], x[s][1]);
        v[1] = _mm256_unpackhi_epi32(x[s][0], x[s][1]);
        for (int h = 0; h < 2; h++) {
            sign[2 * s + h] =
                _mm256_and_si256(v[h], NN_I64(0x8000000000000000u));
            __m256i m = _mm256_srli_epi64(
                _mm256_and_si256(v[h], NN_I64(0x7FFFFFFFFFFFFFFFu)), 10);
            u[2 * s + h] = _mm256_mul_pd(
                _mm256_add_pd(nn_cvt_u53(m), NN_PD(0.5)), NN_PD(0x1p-54));
        }
    }
    /* The math layer's quantile on the whole batch: it packs the lanes
     * that need its tail regions (q < 0.075, |z| > 1.44: 15% of the
     * attempts, about 5 of 32 lanes) into whole vectors, so the tail runs
     * once per batch, on 4 vectors. */
    nn_ndtri_lower4_g(NN_TRUNC_RQ / 4, u, t);
    uint32_t ok = 0;
    _Alignas(32) float yf[NN_TRUNC_RQ];
    _Alignas(32) double yd[NN_TRUNC_RQ];
    for (int i = 0; i < 2 * TR_SETS; i++) {
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
    trunc_retry_done(c, p, q, nr, ok, yf, yd, f64);
}
