/*
 * The truncated normal on AVX2: the template over the AVX2 operations
 * (src/simd/trunc_tpl.h, float32 and float64), and AVX2's batch of
 * attempt-1 retries.
 */
#include "ops_avx2.h"

#include "../simd/trunc_tpl.h"

/* Sets of 8 counters in one attempt-1 batch. */
#define TR_SETS (NN_TRUNC_RQ / 8)

/*
 * t[k] = nn_ndtri_lower(q[k]) for the NN_TRUNC_RQ lanes of q (vectors of
 * 4). The quantile's two tail regions (a log, a square root and four
 * polynomials) are computed for a vector when any of its lanes needs
 * them, and a q below 0.075 (|z| > 1.44) needs them in 15% of the
 * attempts: about 5 of 32 lanes, a tail lane in almost every vector. So
 * the vectors go through the quantile with their tail lanes' q replaced by
 * 0.25 (all central: the tail regions are skipped), and the tail lanes are
 * gathered and computed apart, 8 at a time, then written over. A lane's
 * value depends on its own q only, so these are the bits of one call on
 * all of them (and a lane classed differently from the quantile's own
 * test would only cost time). Two vectors at a time: a constant width
 * keeps the vectors in registers, and the pairs overlap.
 */
static void trunc_quantiles(const __m256d *q, double *t)
{
    _Alignas(32) double qa[NN_TRUNC_RQ];
    uint32_t tail = 0;
    for (int i = 0; i < NN_TRUNC_RQ / 4; i += 2) {
        __m256d qc[2], tc[2];
        for (int h = 0; h < 2; h++) {
            __m256d central =
                _mm256_cmp_pd(_mm256_sub_pd(q[i + h], NN_PD(0.5)),
                              NN_PD(NN_NDTRI_CENTRAL_QC), _CMP_GE_OQ);
            tail |= ((uint32_t)_mm256_movemask_pd(central) ^ 0xFu)
                    << (4 * (i + h));
            qc[h] = _mm256_blendv_pd(NN_PD(0.25), q[i + h], central);
            _mm256_store_pd(qa + 4 * (i + h), q[i + h]);
        }
        nn_ndtri_lower4_g(2, qc, tc);
        _mm256_store_pd(t + 4 * i, tc[0]);
        _mm256_store_pd(t + 4 * i + 4, tc[1]);
    }
    while (tail != 0) {
        _Alignas(32) double ql[8];
        unsigned char idx[8];
        unsigned j = 0;
        for (; j < 8 && tail != 0; j++) {
            idx[j] = (unsigned char)__builtin_ctz(tail);
            tail &= tail - 1;
            ql[j] = qa[idx[j]];
        }
        unsigned m = j;
        for (; j < 8; j++)
            ql[j] = 0.25;
        __m256d qv[2], tv[2];
        qv[0] = _mm256_load_pd(ql);
        qv[1] = _mm256_load_pd(ql + 4);
        nn_ndtri_lower4_g(2, qv, tv);
        _mm256_store_pd(ql, tv[0]);
        _mm256_store_pd(ql + 4, tv[1]);
        for (j = 0; j < m; j++)
            t[idx[j]] = ql[j];
    }
}

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
    _Alignas(32) double t[NN_TRUNC_RQ];
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
    trunc_quantiles(u, t);
    uint32_t ok = 0;
    _Alignas(32) float yf[NN_TRUNC_RQ];
    _Alignas(32) double yd[NN_TRUNC_RQ];
    for (int i = 0; i < 2 * TR_SETS; i++) {
        __m256d z = _mm256_xor_pd(_mm256_load_pd(t + 4 * i),
                                  _mm256_castsi256_pd(sign[i]));
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
