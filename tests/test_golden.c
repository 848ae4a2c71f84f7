/*
 * Golden values: the frozen streams. Every path must reproduce the values
 * the scalar path produced when tests/golden_values.h was generated; a
 * failure here means outputs changed, which is a breaking change
 * (docs/streams.md).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "golden_spec.h"
#include "golden_values.h"

static nninit_isa all_isas[] = {NNINIT_ISA_SCALAR, NNINIT_ISA_AVX2,
                                NNINIT_ISA_AVX512, NNINIT_ISA_NEON};

ParameterizedTestParameters(golden, frozen_streams)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

ParameterizedTest(nninit_isa *isa, golden, frozen_streams)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported here", nninit_isa_name(*isa));
    cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
    for (int c = 0; c < N_FILL_CASES; c++) {
        for (int r = 0; r < GOLDEN_RUNS; r++) {
            uint64_t bits[GOLDEN_N];
            cr_assert_eq(golden_run(&fill_cases[c], r, bits), NNINIT_OK);
            for (int i = 0; i < GOLDEN_N; i++)
                cr_expect_eq(bits[i], golden_values[c][r][i],
                             "%s run %d value %d: 0x%" PRIx64
                             " != golden 0x%" PRIx64,
                             fill_cases[c].name, r, i, bits[i],
                             golden_values[c][r][i]);
        }
    }
}

/* The initializers of tests/init_cases.h (eye, dirac, sparse, the
 * Keras/JAX names): whole small tensors, frozen the same way. */
#include "golden_init_values.h"
#include "init_cases.h"

ParameterizedTestParameters(golden, frozen_initializers)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

ParameterizedTest(nninit_isa *isa, golden, frozen_initializers)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported here", nninit_isa_name(*isa));
    cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
    for (int c = 0; c < N_INIT_GOLDEN_CASES; c++) {
        for (int r = 0; r < GOLDEN_RUNS; r++) {
            uint64_t bits[INIT_GOLDEN_N];
            cr_assert_eq(init_golden_run(&init_golden_cases[c], r, bits),
                         NNINIT_OK);
            for (int i = 0; i < INIT_GOLDEN_N; i++)
                cr_expect_eq(bits[i], golden_init_values[c][r][i],
                             "%s run %d value %d: 0x%" PRIx64
                             " != golden 0x%" PRIx64,
                             init_golden_cases[c].name, r, i, bits[i],
                             golden_init_values[c][r][i]);
        }
    }
}

/* The same schemes on a tensor large enough to be split over threads
 * (> NNINIT_PARALLEL_MIN elements): every path and thread count gives the
 * bits of the scalar path on one thread. */
Test(golden, initializers_every_path_and_thread_count)
{
    const int64_t shape[2] = {384, 401}; /* 153984 elements */
    const size_t n = 384 * 401;
    unsigned char *ref = malloc(n * 8), *got = malloc(n * 8);
    cr_assert(ref != NULL && got != NULL);
    for (int c = 0; c < N_INIT_GOLDEN_CASES; c++) {
        const init_golden_case *k = &init_golden_cases[c];
        nninit_desc d;
        nninit_rng rng = nninit_rng_make(77, 3);
        size_t bytes = n * nninit_dtype_size(k->dtype);
        if (k->scheme == NNINIT_SCHEME_DIRAC || k->ndim != 2)
            continue; /* 2-D here; dirac and the 4-D case are small */
        nninit_desc_default(k->scheme, &d);
        d.sparsity = k->sparsity;
        d.method = k->method;
        d.fan_layout = k->layout;
        cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
        cr_assert_eq(nninit_set_num_threads(1), NNINIT_OK);
        cr_assert_eq(nninit_init(rng, k->dtype, ref, shape, 2, &d), NNINIT_OK);
        for (size_t i = 0; i < sizeof all_isas / sizeof all_isas[0]; i++) {
            if (!nninit_isa_supported(all_isas[i]))
                continue;
            cr_assert_eq(nninit_isa_force(all_isas[i]), NNINIT_OK);
            for (int t = 1; t <= 3; t++) {
                cr_assert_eq(nninit_set_num_threads(t), NNINIT_OK);
                memset(got, 0, bytes);
                cr_assert_eq(nninit_init(rng, k->dtype, got, shape, 2, &d),
                             NNINIT_OK);
                cr_expect(memcmp(ref, got, bytes) == 0,
                          "%s differs on %s with %d threads", k->name,
                          nninit_isa_name(all_isas[i]), t);
            }
        }
    }
    nninit_set_num_threads(0);
    nninit_isa_force(NNINIT_ISA_AUTO);
    free(ref);
    free(got);
}
