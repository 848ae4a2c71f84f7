/*
 * Normal N(mean, std) by the Ziggurat method (Marsaglia & Tsang 2000, 256
 * layers), scalar reference kernels.
 *
 * Stream layout (docs/streams.md):
 *   float32: element e uses the word w = W[e] (block e / 4, word e % 4);
 *   float64: element e uses v = (uint64)W[2e+1] << 32 | W[2e] (block e / 2,
 *            words 2 (e % 2) and 2 (e % 2) + 1).
 * ziggurat.h turns those bits into a layer, a sign and a candidate x and
 * makes the fast test (about 98.5% of elements end there); the others go to
 * the shared slow path nn_zig_slow_f32/_f64 (slowpath_ziggurat.c), which
 * takes any further bits from the element's own auxiliary sequence. So
 * element e is a function of (seed, stream, e) only.
 * The output is fmaf(std, z, mean) / fma(std, z, mean): one rounding.
 *
 * The main loops consume whole Philox blocks; a call starting or ending
 * inside a block computes that block and uses part of it.
 */
#include <math.h>

#include "bits.h"
#include "philox.h"
#include "scalar.h"
#include "slowpath.h"
#include "ziggurat.h"

static inline float zig_f32(const nn_kparams *p, uint64_t e, uint32_t w)
{
    float z;
    if (NN_UNLIKELY(!nn_zig_try_f32(w, &z)))
        z = nn_zig_slow_f32(p, e, w);
    return fmaf(p->f_std, z, p->f_mean);
}

static inline double zig_f64(const nn_kparams *p, uint64_t e, uint64_t v)
{
    double z;
    if (NN_UNLIKELY(!nn_zig_try_f64(v, &z)))
        z = nn_zig_slow_f64(p, e, v);
    return fma(p->d_std, z, p->d_mean);
}

void nn_ziggurat_f32_scalar(const nn_kparams *p, float *restrict out, size_t n)
{
    uint64_t e = p->first; /* element of out[i] */
    size_t i = 0;
    uint32_t w[4];

    /* Head: the rest of the block that element `first` falls in. */
    if ((e & 3) != 0 && n > 0) {
        nn_philox_block(p, e >> 2, w);
        for (unsigned k = (unsigned)(e & 3); k < 4 && i < n; k++, i++, e++)
            nn_store_f32(out + i, zig_f32(p, e, w[k]));
    }
    /* Whole blocks: elements 4b .. 4b+3. */
    for (; n - i >= 4; i += 4, e += 4) {
        nn_philox_block(p, e >> 2, w);
        nn_store_f32(out + i, zig_f32(p, e, w[0]));
        nn_store_f32(out + i + 1, zig_f32(p, e + 1, w[1]));
        nn_store_f32(out + i + 2, zig_f32(p, e + 2, w[2]));
        nn_store_f32(out + i + 3, zig_f32(p, e + 3, w[3]));
    }
    /* Tail: the first words of one more block. */
    if (i < n) {
        nn_philox_block(p, e >> 2, w);
        for (unsigned k = 0; i < n; k++, i++, e++)
            nn_store_f32(out + i, zig_f32(p, e, w[k]));
    }
}

void nn_ziggurat_f64_scalar(const nn_kparams *p, double *restrict out, size_t n)
{
    uint64_t e = p->first;
    size_t i = 0;
    uint32_t w[4];

    /* Head: an odd first element is the second half of its block. */
    if ((e & 1) != 0 && n > 0) {
        nn_philox_block(p, e >> 1, w);
        nn_store_f64(out + i++, zig_f64(p, e++, (uint64_t)w[3] << 32 | w[2]));
    }
    /* Whole blocks: elements 2b, 2b+1. */
    for (; n - i >= 2; i += 2, e += 2) {
        nn_philox_block(p, e >> 1, w);
        nn_store_f64(out + i, zig_f64(p, e, (uint64_t)w[1] << 32 | w[0]));
        nn_store_f64(out + i + 1,
                     zig_f64(p, e + 1, (uint64_t)w[3] << 32 | w[2]));
    }
    /* Tail: the first half of one more block. */
    if (i < n) {
        nn_philox_block(p, e >> 1, w);
        nn_store_f64(out + i, zig_f64(p, e, (uint64_t)w[1] << 32 | w[0]));
    }
}
