/*
 * Golden values: the frozen streams. Every path must reproduce the values
 * the scalar path produced when tests/golden_values.h was generated; a
 * failure here means outputs changed, which is a breaking change
 * (docs/streams.md).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>

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
