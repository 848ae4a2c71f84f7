/*
 * Uniform U[lo, hi). float32 element e uses word W[e]; float64 element e uses
 * the 64-bit value W[2e+1]:W[2e], i.e. words 2(e%2), 2(e%2)+1 of block e/2.
 */
#include "bits.h"
#include "philox.h"
#include "scalar.h"
#include "uniform.h"

void nn_uniform_f32_scalar(const nn_kparams *p, float *restrict out, size_t n)
{
    uint64_t e = p->first;
    uint64_t have = UINT64_MAX;
    uint32_t w[4];
    for (size_t i = 0; i < n; i++, e++) {
        if ((e >> 2) != have) {
            have = e >> 2;
            nn_philox_block(p, have, w);
        }
        nn_store_f32(out + i, nn_uniform_f32_of(w[e & 3], p->f_lo, p->f_scale,
                                                p->f_max));
    }
}

void nn_uniform_f64_scalar(const nn_kparams *p, double *restrict out, size_t n)
{
    uint64_t e = p->first;
    uint64_t have = UINT64_MAX;
    uint32_t w[4];
    for (size_t i = 0; i < n; i++, e++) {
        if ((e >> 1) != have) {
            have = e >> 1;
            nn_philox_block(p, have, w);
        }
        unsigned k = (unsigned)(e & 1) * 2;
        nn_store_f64(out + i, nn_uniform_f64_of(w[k], w[k + 1], p->d_lo,
                                                p->d_scale, p->d_max));
    }
}
