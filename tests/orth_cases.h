/* The orthogonal initializer's golden cases: shapes (square, tall, wide,
 * > 2-D, narrower and wider than one 32-column block, conv kernels for
 * delta_orthogonal), dtypes, gains and rng values, and the 12 elements
 * sampled from each (spread over the tensor), as bit patterns. Shared by
 * tests/gen_golden_orth.c and tests/test_orth.c. */
#ifndef NNINIT_TEST_ORTH_CASES_H
#define NNINIT_TEST_ORTH_CASES_H

#include <stdlib.h>
#include <string.h>

#include "golden_spec.h"
#include "nninit.h"

#define ORTH_GOLDEN_N 12

typedef struct orth_case {
    const char *name;
    int delta;
    nninit_dtype dtype;
    size_t ndim;
    int64_t shape[5];
    double gain;
    uint64_t seed, stream, offset;
} orth_case;

static const orth_case orth_cases[] = {
    {"f32 8x8", 0, NNINIT_F32, 2, {8, 8}, 1.0, 0, 0, 0},
    {"f64 8x8", 0, NNINIT_F64, 2, {8, 8}, 1.0, 0, 0, 0},
    {"f32 70x45", 0, NNINIT_F32, 2, {70, 45}, 1.0, 42, 1, 0},
    {"f64 45x70", 0, NNINIT_F64, 2, {45, 70}, 1.0, 42, 1, 0},
    {"f32 100x100 gain",
     0,
     NNINIT_F32,
     2,
     {100, 100},
     1.4142135623730951,
     0x9E3779B97F4A7C15ull,
     5,
     1000003},
    {"f64 130x97", 0, NNINIT_F64, 2, {130, 97}, 0.5, 7, 3, 11},
    {"bf16 40x3x3", 0, NNINIT_BF16, 3, {40, 3, 3}, 1.0, 1, 2, 3},
    {"f16 6x5x4x3", 0, NNINIT_F16, 4, {6, 5, 4, 3}, 2.0, 1, 2, 3},
    {"f32 1x200", 0, NNINIT_F32, 2, {1, 200}, 1.0, 3, 0, 0},
    {"delta f32 16x8x3x3", 1, NNINIT_F32, 4, {16, 8, 3, 3}, 1.0, 9, 9, 0},
    {"delta f64 12x12x5", 1, NNINIT_F64, 3, {12, 12, 5}, 1.0, 9, 9, 0},
};
enum { N_ORTH_CASES = sizeof orth_cases / sizeof orth_cases[0] };

static inline size_t orth_case_numel(const orth_case *c)
{
    size_t n = 1;
    for (size_t k = 0; k < c->ndim; k++)
        n *= (size_t)c->shape[k];
    return n;
}

static inline nninit_status orth_case_run(const orth_case *c, void *out)
{
    nninit_rng rng = nninit_rng_make(c->seed, c->stream);
    rng.offset = c->offset;
    return c->delta ? nninit_delta_orthogonal(rng, c->dtype, out, c->shape,
                                              c->ndim, c->gain)
                    : nninit_orthogonal(rng, c->dtype, out, c->shape, c->ndim,
                                        c->gain);
}

/* Element e * numel / ORTH_GOLDEN_N (and, for delta, the centre of that
 * position's kernel, so the samples are not all zeros). */
static inline size_t orth_case_index(const orth_case *c, int e)
{
    size_t numel = orth_case_numel(c), i = (size_t)e * numel / ORTH_GOLDEN_N;
    if (c->delta) {
        size_t kk = numel / (size_t)(c->shape[0] * c->shape[1]), centre = 0;
        for (size_t d = 2; d < c->ndim; d++)
            centre = centre * (size_t)c->shape[d] + (size_t)c->shape[d] / 2;
        i = i / kk * kk + centre;
    }
    return i;
}

static inline nninit_status orth_case_sample(const orth_case *c,
                                             uint64_t bits[ORTH_GOLDEN_N])
{
    size_t es = nninit_dtype_size(c->dtype), numel = orth_case_numel(c);
    unsigned char *buf = malloc(numel * es);
    if (buf == NULL)
        return NNINIT_ERR_NOMEM;
    nninit_status st = orth_case_run(c, buf);
    for (int e = 0; e < ORTH_GOLDEN_N; e++)
        bits[e] = golden_bits_at(buf, es, orth_case_index(c, e));
    free(buf);
    return st;
}

#endif
