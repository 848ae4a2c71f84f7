/*
 * The reproducibility contract, for every fill and every ISA this CPU runs:
 *  - every vector path gives the scalar path's bits, for sizes 0..67 and
 *    large ones, odd offsets (not multiples of 4 or of any vector width),
 *    offsets that cross 2^32 blocks, and output pointers misaligned by
 *    whole elements and by 1..elsize-1 bytes;
 *  - a fill split into two calls at any point equals the single fill;
 *  - a prefix of a longer fill equals the shorter fill.
 * Tests are instantiated once per ISA and skip the ones this CPU or build
 * lacks (Highway/zlib-ng style).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "fill_cases.h"

#define MAXN 70000
/* Byte slack for misalignment plus guard bytes after the end. */
#define SLACK 256

static nninit_isa all_isas[] = {NNINIT_ISA_SCALAR, NNINIT_ISA_AVX2,
                                NNINIT_ISA_AVX512, NNINIT_ISA_NEON};

ParameterizedTestParameters(paths, same_bits_as_scalar)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

static unsigned char *alloc_buf(size_t bytes)
{
    unsigned char *b = aligned_alloc(64, (bytes + SLACK + 63) / 64 * 64);
    cr_assert(b != NULL);
    return b;
}

static void fill_on(nninit_isa isa, const fill_case *c, uint64_t offset,
                    void *out, size_t n)
{
    cr_assert_eq(nninit_isa_force(isa), NNINIT_OK);
    nninit_rng rng = nninit_rng_make(0x5EEDull + (uint64_t)c->kind, 7);
    rng.offset = offset;
    cr_assert_eq(fill_case_run(c, rng, out, n), NNINIT_OK, "%s", c->name);
}

static const uint64_t offsets[] = {0, 1, 2, 3, 5, 7, 9, 13, 31, 1001,
                                   0xFFFFFFFFull * 4 - 3};
static const size_t big_sizes[] = {127, 1000, 4099, 65537};

ParameterizedTest(nninit_isa *isa, paths, same_bits_as_scalar)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported by this CPU or build",
                     nninit_isa_name(*isa));
    unsigned char *ref = alloc_buf(MAXN * 8);
    unsigned char *got = alloc_buf(MAXN * 8);
    for (int ci = 0; ci < N_FILL_CASES; ci++) {
        const fill_case *c = &fill_cases[ci];
        size_t es = fill_case_elem_size(c);
        for (size_t oi = 0; oi < sizeof offsets / sizeof offsets[0]; oi++) {
            uint64_t off = offsets[oi];
            /* One scalar reference of the largest size; every smaller fill
             * must be its prefix (size invariance is part of the
             * contract). */
            size_t nmax = 65537;
            fill_on(NNINIT_ISA_SCALAR, c, off, ref, nmax);
            for (size_t n = 0; n <= 67 + 4; n++) {
                size_t sz = n <= 67 ? n : big_sizes[n - 68];
                /* Misalign by 0..4*es-1 bytes beyond a 64-byte boundary:
                 * whole elements and every byte offset inside one (the
                 * header promises any alignment, so a kernel must store
                 * through unaligned-safe operations; the sanitizer build
                 * checks that). Guard the bytes after the end. */
                size_t mis = (n + oi) % (4 * es);
                memset(got, 0xA5, sz * es + mis + 64);
                fill_on(*isa, c, off, got + mis, sz);
                cr_assert(memcmp(got + mis, ref, sz * es) == 0,
                          "%s: %s differs from scalar, offset %llu n %zu",
                          c->name, nninit_isa_name(*isa),
                          (unsigned long long)off, sz);
                for (size_t g = 0; g < 64; g++)
                    cr_assert_eq(got[mis + sz * es + g], 0xA5,
                                 "%s: wrote past the end (n %zu)", c->name,
                                 sz);
                for (size_t g = 0; g < mis; g++)
                    cr_assert_eq(got[g], 0xA5,
                                 "%s: wrote before the start", c->name);
            }
        }
    }
    free(ref);
    free(got);
}

ParameterizedTestParameters(paths, split_and_prefix_invariance)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

ParameterizedTest(nninit_isa *isa, paths, split_and_prefix_invariance)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported by this CPU or build",
                     nninit_isa_name(*isa));
    static const size_t ns[] = {0, 1, 2, 3, 7, 16, 33, 100, 1025, 5000};
    unsigned char *whole = alloc_buf(5000 * 8);
    unsigned char *parts = alloc_buf(5000 * 8);
    for (int ci = 0; ci < N_FILL_CASES; ci++) {
        const fill_case *c = &fill_cases[ci];
        size_t es = fill_case_elem_size(c);
        for (size_t t = 0; t < sizeof ns / sizeof ns[0]; t++) {
            size_t n = ns[t];
            fill_on(*isa, c, 3, whole, n);
            /* Every split point for small n, a spread of them for large. */
            size_t step = n < 40 ? 1 : n / 37 + 1;
            for (size_t k = 0; k <= n; k += step) {
                memset(parts, 0, n * es + 1);
                fill_on(*isa, c, 3, parts, k);
                fill_on(*isa, c, 3 + k, parts + k * es, n - k);
                cr_assert(memcmp(whole, parts, n * es) == 0,
                          "%s on %s: split at %zu of %zu differs", c->name,
                          nninit_isa_name(*isa), k, n);
            }
            /* Prefix: the first m elements of the fill of n. */
            for (size_t m = 0; m <= n; m += step) {
                fill_on(*isa, c, 3, parts, m);
                cr_assert(memcmp(whole, parts, m * es) == 0,
                          "%s on %s: prefix %zu of %zu differs", c->name,
                          nninit_isa_name(*isa), m, n);
            }
        }
    }
    free(whole);
    free(parts);
}

/*
 * The float64 uniform's three set functions, each an exact shortcut
 * decided once per call (src/simd/uniform_tpl.h): U[0, 1) stores u itself,
 * a range whose largest value stays below hi skips the clamp, and a range
 * where rounding reaches hi ([1, 2): fma(1 - 2^-53, 1, 1) rounds to 2)
 * clamps. The fill cases cover only the second; each must give the scalar
 * bits, at an odd offset and a size with partial sets at both ends, and
 * the clamped range must actually stay below hi.
 */
ParameterizedTestParameters(paths, uniform_f64_ranges)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

ParameterizedTest(nninit_isa *isa, paths, uniform_f64_ranges)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported by this CPU or build",
                     nninit_isa_name(*isa));
    static const double range[][2] = {
        {0.0, 1.0}, {-0.0, 1.0}, {0.0, 2.0}, {1.0, 2.0}, {-3.0, -2.5}};
    enum { N = 4099 };
    unsigned char *ref = alloc_buf(N * 8);
    unsigned char *got = alloc_buf(N * 8);
    for (size_t r = 0; r < sizeof range / sizeof range[0]; r++) {
        fill_case c = {"uniform f64 range", K_UNIFORM,   NNINIT_F64, 0,
                       range[r][0],         range[r][1], 0,          0};
        fill_on(NNINIT_ISA_SCALAR, &c, 5, ref, N);
        fill_on(*isa, &c, 5, got, N);
        cr_assert(memcmp(got, ref, N * 8) == 0,
                  "U[%g, %g) f64 on %s differs from scalar", range[r][0],
                  range[r][1], nninit_isa_name(*isa));
        const double *x = (const double *)got;
        for (size_t i = 0; i < N; i++)
            cr_assert(x[i] >= range[r][0] && x[i] < range[r][1],
                      "U[%g, %g): %a out of range", range[r][0], range[r][1],
                      x[i]);
    }
    free(ref);
    free(got);
}
