/* The initializers whose values the golden test freezes beyond the fills
 * of fill_cases.h: the schemes that depend on where an element sits (eye,
 * dirac, sparse) and the Keras/JAX names, each as a whole small tensor of
 * INIT_GOLDEN_N elements. Shared by gen_golden and test_golden. */
#ifndef NNINIT_TEST_INIT_CASES_H
#define NNINIT_TEST_INIT_CASES_H

#include <string.h>

#include "golden_spec.h"
#include "nninit.h"

#define INIT_GOLDEN_N 48

typedef struct init_golden_case {
    const char *name;
    nninit_scheme scheme;
    nninit_dtype dtype;
    int64_t shape[4];
    size_t ndim;
    double sparsity;
    nninit_method method;
    nninit_fan_layout layout;
} init_golden_case;

static const init_golden_case init_golden_cases[] = {
    {"sparse f32 6x8 0.5", NNINIT_SCHEME_SPARSE, NNINIT_F32, {6, 8}, 2, 0.5,
     NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"sparse bf16 8x6 0.3 box-muller", NNINIT_SCHEME_SPARSE, NNINIT_BF16,
     {8, 6}, 2, 0.3, NNINIT_BOX_MULLER, NNINIT_LAYOUT_TORCH},
    {"sparse f64 12x4 0.9 icdf", NNINIT_SCHEME_SPARSE, NNINIT_F64, {12, 4},
     2, 0.9, NNINIT_ICDF, NNINIT_LAYOUT_TORCH},
    {"glorot_uniform f32", NNINIT_SCHEME_GLOROT_UNIFORM, NNINIT_F32, {6, 8},
     2, 0, NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"glorot_normal f32", NNINIT_SCHEME_GLOROT_NORMAL, NNINIT_F32, {6, 8}, 2,
     0, NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"he_uniform bf16", NNINIT_SCHEME_HE_UNIFORM, NNINIT_BF16, {6, 8}, 2, 0,
     NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"he_normal f64", NNINIT_SCHEME_HE_NORMAL, NNINIT_F64, {6, 8}, 2, 0,
     NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"lecun_uniform f16", NNINIT_SCHEME_LECUN_UNIFORM, NNINIT_F16, {6, 8}, 2,
     0, NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"he_normal f32 keras 2x2x3x4", NNINIT_SCHEME_HE_NORMAL, NNINIT_F32,
     {2, 2, 3, 4}, 4, 0, NNINIT_ZIGGURAT, NNINIT_LAYOUT_KERAS},
    {"xavier_normal f32 icdf", NNINIT_SCHEME_XAVIER_NORMAL, NNINIT_F32,
     {6, 8}, 2, 0, NNINIT_ICDF, NNINIT_LAYOUT_TORCH},
    {"eye f32 6x8", NNINIT_SCHEME_EYE, NNINIT_F32, {6, 8}, 2, 0,
     NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
    {"dirac f32 4x3x4", NNINIT_SCHEME_DIRAC, NNINIT_F32, {4, 3, 4}, 3, 0,
     NNINIT_ZIGGURAT, NNINIT_LAYOUT_TORCH},
};
enum {
    N_INIT_GOLDEN_CASES =
        sizeof init_golden_cases / sizeof init_golden_cases[0]
};

/* Run r (seed golden_seeds[r / 2], stream 5, offset golden_offsets[r % 2])
 * of a case, as uint64 bit patterns. */
static inline nninit_status init_golden_run(const init_golden_case *c, int r,
                                            uint64_t bits[INIT_GOLDEN_N])
{
    nninit_rng rng = nninit_rng_make(golden_seeds[r / 2], 5);
    unsigned char buf[INIT_GOLDEN_N * 8];
    nninit_desc d;
    size_t es = nninit_dtype_size(c->dtype);
    rng.offset = golden_offsets[r % 2];
    nninit_desc_default(c->scheme, &d);
    d.sparsity = c->sparsity;
    d.method = c->method;
    d.fan_layout = c->layout;
    nninit_status st =
        nninit_init(rng, c->dtype, buf, c->shape, c->ndim, &d);
    for (int i = 0; i < INIT_GOLDEN_N; i++) {
        uint64_t v = 0;
        memcpy(&v, buf + es * (size_t)i, es); /* little-endian hosts */
        bits[i] = v;
    }
    return st;
}

#endif
