/* Every fill the library offers, as data, so tests can walk all of them:
 * each distribution x method x dtype x regime. */
#ifndef NNINIT_TEST_FILL_CASES_H
#define NNINIT_TEST_FILL_CASES_H

#include <math.h>
#include <stdio.h>

#include "nninit.h"

typedef enum { K_BITS, K_UNIFORM, K_NORMAL, K_TRUNC } fill_kind;

typedef struct fill_case {
    const char *name;
    fill_kind kind;
    nninit_dtype dtype;
    nninit_method method;
    double p0, p1, p2, p3; /* lo, hi | mean, std | mean, std, a, b */
} fill_case;

static const fill_case fill_cases[] = {
    {"bits", K_BITS, NNINIT_F32, 0, 0, 0, 0, 0},
    {"uniform f32", K_UNIFORM, NNINIT_F32, 0, -1.5, 2.5, 0, 0},
    {"uniform f64", K_UNIFORM, NNINIT_F64, 0, -1.5, 2.5, 0, 0},
    {"uniform bf16", K_UNIFORM, NNINIT_BF16, 0, -1.5, 2.5, 0, 0},
    {"uniform f16", K_UNIFORM, NNINIT_F16, 0, -1.5, 2.5, 0, 0},
    {"uniform f16 wide", K_UNIFORM, NNINIT_F16, 0, -1e6, 1e6, 0, 0},
    {"uniform f32 tight", K_UNIFORM, NNINIT_F32, 0, 1.0, 1.0 + 1e-6, 0, 0},
    {"ziggurat f32", K_NORMAL, NNINIT_F32, NNINIT_ZIGGURAT, 0.5, 2.0, 0, 0},
    {"ziggurat f64", K_NORMAL, NNINIT_F64, NNINIT_ZIGGURAT, 0.5, 2.0, 0, 0},
    {"ziggurat bf16", K_NORMAL, NNINIT_BF16, NNINIT_ZIGGURAT, 0.5, 2.0, 0, 0},
    {"ziggurat f16", K_NORMAL, NNINIT_F16, NNINIT_ZIGGURAT, 0.5, 2.0, 0, 0},
    {"box-muller f32", K_NORMAL, NNINIT_F32, NNINIT_BOX_MULLER, -1, 0.5, 0, 0},
    {"box-muller f64", K_NORMAL, NNINIT_F64, NNINIT_BOX_MULLER, -1, 0.5, 0, 0},
    {"box-muller bf16", K_NORMAL, NNINIT_BF16, NNINIT_BOX_MULLER, -1, 0.5, 0,
     0},
    {"icdf f32", K_NORMAL, NNINIT_F32, NNINIT_ICDF, 0, 1, 0, 0},
    {"box-muller f16", K_NORMAL, NNINIT_F16, NNINIT_BOX_MULLER, 0, 1e-6, 0,
     0},
    {"icdf f16", K_NORMAL, NNINIT_F16, NNINIT_ICDF, 0, 1, 0, 0},
    {"icdf f64", K_NORMAL, NNINIT_F64, NNINIT_ICDF, 0, 1, 0, 0},
    {"icdf bf16", K_NORMAL, NNINIT_BF16, NNINIT_ICDF, 0, 1, 0, 0},
    {"trunc f32 [-2,2]", K_TRUNC, NNINIT_F32, 0, 0, 1, -2, 2},
    {"trunc f64 [-2,2]", K_TRUNC, NNINIT_F64, 0, 0, 1, -2, 2},
    {"trunc bf16 [-2,2]", K_TRUNC, NNINIT_BF16, 0, 0, 1, -2, 2},
    {"trunc f16 [-2,2]", K_TRUNC, NNINIT_F16, 0, 0, 1, -2, 2},
    {"trunc f32 [-0.5,0.5]", K_TRUNC, NNINIT_F32, 0, 0, 1, -0.5, 0.5},
    {"trunc f64 [5,6]", K_TRUNC, NNINIT_F64, 0, 0, 1, 5, 6},
    {"trunc f32 [5,6]", K_TRUNC, NNINIT_F32, 0, 0, 1, 5, 6},
    {"trunc f32 [-6,-5]", K_TRUNC, NNINIT_F32, 0, 0, 1, -6, -5},
    {"trunc f64 [1,1.5]", K_TRUNC, NNINIT_F64, 0, 0, 1, 1, 1.5},
    {"trunc f32 tiny std", K_TRUNC, NNINIT_F32, 0, 0.0, 1e-30, -2e-30, 2e-30},
    {"trunc f64 tiny std tail", K_TRUNC, NNINIT_F64, 0, 0.0, 1e-30, 5e-30,
     6e-30},
    {"trunc bf16 tiny std tail", K_TRUNC, NNINIT_BF16, 0, 0.0, 1e-30, 5e-30,
     6e-30},
    /* bfloat16 at the ends of its range, where a hardware conversion
     * (AVX512_BF16's vcvtneps2bf16 flushes denormal inputs to zero) could
     * part from the scalar rounding: denormal values, and values around
     * the rounding point to infinity (0x7F7F8000, about 3.3961e38). */
    {"ziggurat bf16 tiny std", K_NORMAL, NNINIT_BF16, NNINIT_ZIGGURAT, 0.0,
     1e-39, 0, 0},
    {"icdf bf16 tiny std", K_NORMAL, NNINIT_BF16, NNINIT_ICDF, 0.0, 1e-39, 0,
     0},
    {"uniform bf16 near overflow", K_UNIFORM, NNINIT_BF16, 0, 3.38e38,
     3.4e38, 0, 0},
};
enum { N_FILL_CASES = sizeof fill_cases / sizeof fill_cases[0] };

static inline size_t fill_case_elem_size(const fill_case *c)
{
    return c->kind == K_BITS ? 4 : nninit_dtype_size(c->dtype);
}

static inline nninit_status fill_case_run(const fill_case *c, nninit_rng rng,
                                          void *out, size_t n)
{
    switch (c->kind) {
    case K_BITS:
        return nninit_fill_bits(rng, (uint32_t *)out, n);
    case K_UNIFORM:
        return nninit_fill_uniform(rng, c->dtype, out, n, c->p0, c->p1);
    case K_NORMAL:
        return nninit_fill_normal(rng, c->dtype, out, n, c->p0, c->p1,
                                  c->method);
    case K_TRUNC:
        return nninit_fill_trunc_normal(rng, c->dtype, out, n, c->p0, c->p1,
                                        c->p2, c->p3);
    }
    return NNINIT_ERR_ENUM;
}

#endif
