/*
 * Inverse-CDF normal fills, scalar reference (the specification every vector
 * path mirrors bit for bit).
 *
 * z = Phi^-1(U) for one uniform per element: the simplest exact method, one
 * draw per element, no rejection, monotone in the random bits. The uniform is
 * split into a sign bit and a magnitude so that only the lower half
 * q in (0, 0.5] is ever inverted: Phi^-1 is odd around 1/2, and small q keep
 * all their bits (1 - q would not).
 *
 * Stream layout (frozen; docs/streams.md):
 *
 * float32. Element e uses the word w = W[e] (block e >> 2, word e & 3).
 *   sign = w >> 31, m = w & 0x7FFFFFFF (31 bits).
 *   m >= 2^12:  q = ((float)m + 0.5f) * 2^-32, in (2^-20, 0.5] (the float
 *               conversion rounds m to 24 bits, to nearest even, as
 *               cvtdq2ps and scvtf do; q = 0.5 exactly for the top values),
 *               t = nn_ndtri_lower_f32(q);
 *   m <  2^12:  (probability 2^-19, q < 2^-20, where 31 bits no longer
 *               resolve the tail) t = nn_icdf_tail_f32(p, e, w), which adds
 *               53 bits from the auxiliary sequence and works in double
 *               (slowpath_icdf.c; tails to 10.5 sigma).
 *   z = t with its sign bit flipped when sign = 1; out = fmaf(f_std, z,
 *   f_mean).
 *
 * float64. Element e uses v = V[e] = W[2e+1] << 32 | W[2e] (block e >> 1,
 * words 2(e & 1) and 2(e & 1) + 1).
 *   sign = v >> 63, m = (v & 0x7FFF...F) >> 10 (53 bits).
 *   m >= 2^20:  q = ((double)m + 0.5) * 2^-54, in (2^-34, 0.5],
 *               t = nn_ndtri_lower(q);
 *   m <  2^20:  (probability 2^-33) t = nn_icdf_tail_f64(p, e, v)
 *               (tails to 11.9 sigma).
 *   z = t with its sign bit flipped when sign = 1; out = fma(d_std, z,
 *   d_mean).
 *
 * Any first element and count; the slow path depends only on the element's
 * own index and bits.
 */
#include <stddef.h>
#include <stdint.h>

#include "../core/kernels.h"
#include "bits.h"
#include "nnmath.h"
#include "philox.h"
#include "scalar.h"
#include "slowpath.h"

/* ---------------------------------------------------------------- float32 */

static inline float icdf_one_f32(const nn_kparams *p, uint64_t e, uint32_t w)
{
    uint32_t sign = w & 0x80000000u;
    uint32_t m = w & 0x7FFFFFFFu;
    float t;
    if (NN_LIKELY(m >= (1u << 12))) {
        float q = ((float)(int32_t)m + 0.5f) * 0x1p-32f;
        t = nn_ndtri_lower_f32(q);
    } else {
        t = nn_icdf_tail_f32(p, e, w);
    }
    float z = nn_bits_f32(nn_f32_bits(t) ^ sign);
    return fmaf(p->f_std, z, p->f_mean);
}

void nn_icdf_f32_scalar(const nn_kparams *p, float *restrict out, size_t n)
{
    uint64_t e = p->first;
    size_t i = 0;
    uint32_t w[4];

    while (i < n) {
        uint64_t ei = e + i;
        unsigned k = (unsigned)(ei & 3u);
        nn_philox_block(p, ei >> 2, w);
        for (; k < 4 && i < n; k++, i++)
            nn_store_f32(out + i, icdf_one_f32(p, e + i, w[k]));
    }
}

/* ---------------------------------------------------------------- float64 */

static inline double icdf_one_f64(const nn_kparams *p, uint64_t e, uint64_t v)
{
    uint64_t sign = v & 0x8000000000000000u;
    uint64_t m = (v & 0x7FFFFFFFFFFFFFFFu) >> 10;
    double t;
    if (NN_LIKELY(m >= ((uint64_t)1 << 20))) {
        double q = ((double)(int64_t)m + 0.5) * 0x1p-54;
        t = nn_ndtri_lower(q);
    } else {
        t = nn_icdf_tail_f64(p, e, v);
    }
    double z = nn_bits_f64(nn_f64_bits(t) ^ sign);
    return fma(p->d_std, z, p->d_mean);
}

void nn_icdf_f64_scalar(const nn_kparams *p, double *restrict out, size_t n)
{
    uint64_t e = p->first;
    size_t i = 0;
    uint32_t w[4];

    while (i < n) {
        uint64_t ei = e + i;
        unsigned k = (unsigned)(ei & 1u);
        nn_philox_block(p, ei >> 1, w);
        for (; k < 2 && i < n; k++, i++) {
            uint64_t v = (uint64_t)w[2 * k + 1] << 32 | w[2 * k];
            nn_store_f64(out + i, icdf_one_f64(p, e + i, v));
        }
    }
}
