/*
 * The truncated normal on AVX-512: the template over the AVX-512 operations
 * (src/simd/trunc_tpl.h, float32 and float64), and AVX-512's batch of
 * attempt-1 and attempt-2 retries.
 */
#include "ops_avx512.h"

#include "../simd/trunc_tpl.h"

/* Vectors of 8 elements in one batch. */
#define TR_V (NN_TRUNC_RQ / 8)

/*
 * A batch of attempt q->r, computed as trunc_avx2.c's (the attempt itself:
 * slowpath_trunc.c's attempt() in the NN_TRUNC_NORMAL regime), with the
 * elements in order in 64-bit lanes throughout: AVX-512's Philox rounds
 * (nn_px16_round) work on 64-bit lanes whose low dwords are the counter
 * words, so an element index is its own counter words 0 (low dword) and 1
 * (shifted down), and words 0 and 1 of the result join into v by one
 * masked shift-and-blend. The quantile packs the tail lanes of the TR_V
 * vectors itself (nn_ndtri_lower8_g).
 */
static void trunc_retry(trunc_ctx *c, trunc_rq *q, int f64)
{
    const nn_kparams *p = c->p;
    const unsigned nr = trunc_retry_pad(q);
    __m512i x[TR_V][4];
    for (int s = 0; s < TR_V; s++) {
        __m512i e = _mm512_loadu_si512(q->re + 8 * s);
        x[s][0] = e;
        x[s][1] = _mm512_srli_epi64(e, 32);
        x[s][2] = NN_ZI64(p->stream[0]);
        x[s][3] = NN_ZI64(p->stream[1]);
    }
    for (int r = 0; r < 10; r++)
        nn_px16_round(TR_V, x, nn_px16_bc(q->key.k0[r]),
                      nn_px16_bc(q->key.k1[r]));
    __m512i v[TR_V];
    __m512d u[TR_V], t[TR_V];
    for (int s = 0; s < TR_V; s++) {
        v[s] = _mm512_mask_blend_epi32(0xAAAA, x[s][0],
                                       _mm512_slli_epi64(x[s][1], 32));
        __m512i m = _mm512_srli_epi64(
            _mm512_and_si512(v[s], NN_ZI64(0x7FFFFFFFFFFFFFFFu)), 10);
        u[s] = _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepu64_pd(m), NN_ZPD(0.5)),
                             NN_ZPD(0x1p-54));
    }
    nn_ndtri_lower8_g(TR_V, u, t);
    uint32_t ok = 0;
    _Alignas(64) float yf[NN_TRUNC_RQ];
    _Alignas(64) double yd[NN_TRUNC_RQ];
    for (int s = 0; s < TR_V; s++) {
        __m512d y =
            _mm512_fmadd_pd(c->dstd, NN_VD_XOR_SIGN(t[s], v[s]), c->dmean);
        __mmask8 in;
        if (!f64) {
            __m256 f = _mm512_cvtpd_ps(y);
            in = _mm256_cmp_ps_mask(f, _mm512_castps512_ps256(c->fa),
                                    _CMP_GE_OQ) &
                 _mm256_cmp_ps_mask(f, _mm512_castps512_ps256(c->fb),
                                    _CMP_LE_OQ);
            _mm256_store_ps(yf + 8 * s, f);
        } else {
            in = _mm512_cmp_pd_mask(y, c->da, _CMP_GE_OQ) &
                 _mm512_cmp_pd_mask(y, c->db, _CMP_LE_OQ);
            _mm512_store_pd(yd + 8 * s, y);
        }
        ok |= (uint32_t)in << (8 * s);
    }
    trunc_retry_done(c, p, q, nr, ok, yf, yd, f64);
}
