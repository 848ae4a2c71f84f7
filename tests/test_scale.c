/*
 * Bulk initialization at scale:
 *  - thread-count invariance: every fill case gives the same bits with 1, 2,
 *    3 and 7 threads (sizes past the parallel threshold, odd offsets);
 *  - sharded blocks: the union of row blocks, of column blocks and of an
 *    irregular 2-D tiling equals the unsharded tensor bit for bit, for every
 *    scheme (fans from the global shape), and flat ranges do too.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fill_cases.h"

Test(scale, thread_count_invariance)
{
    const size_t n = NNINIT_PARALLEL_MIN * 3 + 12345;
    unsigned char *ref = malloc(n * 8), *got = malloc(n * 8);
    cr_assert(ref && got);
    static const int counts[] = {2, 3, 7};
    for (int ci = 0; ci < N_FILL_CASES; ci++) {
        const fill_case *c = &fill_cases[ci];
        size_t es = fill_case_elem_size(c);
        nninit_rng rng = nninit_rng_make(99, 3);
        rng.offset = 1001;
        cr_assert_eq(nninit_set_num_threads(1), NNINIT_OK);
        cr_assert_eq(fill_case_run(c, rng, ref, n), NNINIT_OK);
        for (int t = 0; t < 3; t++) {
            cr_assert_eq(nninit_set_num_threads(counts[t]), NNINIT_OK);
            cr_assert_eq(nninit_get_num_threads(), counts[t]);
            memset(got, 0, n * es);
            cr_assert_eq(fill_case_run(c, rng, got, n), NNINIT_OK);
            cr_assert(memcmp(ref, got, n * es) == 0,
                      "%s differs with %d threads", c->name, counts[t]);
        }
    }
    cr_assert_eq(nninit_set_num_threads(-1), NNINIT_ERR_PARAM);
    cr_assert_eq(nninit_set_num_threads(0), NNINIT_OK);
    cr_assert(nninit_get_num_threads() >= 1);
    free(ref);
    free(got);
}

static nninit_desc scheme_desc(nninit_scheme s)
{
    nninit_desc d;
    cr_assert_eq(nninit_desc_default(s, &d), NNINIT_OK);
    if (s == NNINIT_SCHEME_CONSTANT)
        d.value = 0.25;
    if (s == NNINIT_SCHEME_NORMAL || s == NNINIT_SCHEME_SPARSE)
        d.method = NNINIT_BOX_MULLER;
    if (s == NNINIT_SCHEME_SPARSE)
        d.sparsity = 0.4;
    if (s == NNINIT_SCHEME_DIRAC)
        d.groups = 2;
    if (s == NNINIT_SCHEME_GLOROT_NORMAL)
        d.fan_layout = NNINIT_LAYOUT_KERAS;
    return d;
}

/* Copy block (r0, c0, rh, cw) of a dense rows x cols tensor. */
static void check_block(const unsigned char *whole, const unsigned char *blk,
                        int64_t cols, int64_t r0, int64_t c0, int64_t rh,
                        int64_t cw, size_t es, const char *what)
{
    for (int64_t r = 0; r < rh; r++)
        cr_assert(memcmp(whole + ((size_t)(r0 + r) * cols + c0) * es,
                         blk + (size_t)(r * cw) * es, cw * es) == 0,
                  "%s: block (%lld,%lld) row %lld differs", what,
                  (long long)r0, (long long)c0, (long long)r);
}

Test(scale, shards_equal_the_whole)
{
    const int64_t rows = 37, cols = 53;
    const int64_t shape[2] = {rows, cols};
    unsigned char whole[37 * 53 * 8], blk[37 * 53 * 8];
    static const nninit_dtype dts[] = {NNINIT_F32, NNINIT_F64, NNINIT_BF16};
    for (int s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
        /* A conv-kernel scheme has no 2-D tensors; tests/test_orth.c
         * checks its ranges and blocks. */
        if (s == NNINIT_SCHEME_DELTA_ORTHOGONAL)
            continue;
        nninit_desc d = scheme_desc((nninit_scheme)s);
        if (s == NNINIT_SCHEME_DIRAC)
            continue; /* 3-5-D only: block_of_a_conv_weight */
        for (int di = 0; di < 3; di++) {
            nninit_dtype dt = dts[di];
            size_t es = nninit_dtype_size(dt);
            nninit_rng rng = nninit_rng_make(7, (uint64_t)s);
            cr_assert_eq(nninit_init(rng, dt, whole, shape, 2, &d), NNINIT_OK,
                         "scheme %d", s);
            /* Row shards (4 ranks, uneven), column shards, and an irregular
             * tiling of 3 x 4 tiles. */
            const int64_t rcut[] = {0, 10, 19, 30, 37};
            const int64_t ccut[] = {0, 1, 27, 40, 53};
            for (int k = 0; k < 4; k++) {
                int64_t st[2] = {rcut[k], 0}, ex[2] = {rcut[k + 1] - rcut[k],
                                                       cols};
                cr_assert_eq(nninit_init_block(rng, dt, blk, shape, 2, st, ex,
                                               &d),
                             NNINIT_OK);
                check_block(whole, blk, cols, st[0], 0, ex[0], cols, es,
                            "row shard");
                int64_t st2[2] = {0, ccut[k]}, ex2[2] = {rows,
                                                         ccut[k + 1] - ccut[k]};
                cr_assert_eq(nninit_init_block(rng, dt, blk, shape, 2, st2,
                                               ex2, &d),
                             NNINIT_OK);
                check_block(whole, blk, cols, 0, st2[1], rows, ex2[1], es,
                            "column shard");
            }
            const int64_t tr[] = {0, 5, 6, 37}, tc[] = {0, 13, 14, 50, 53};
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 4; b++) {
                    int64_t st[2] = {tr[a], tc[b]};
                    int64_t ex[2] = {tr[a + 1] - tr[a], tc[b + 1] - tc[b]};
                    cr_assert_eq(nninit_init_block(rng, dt, blk, shape, 2, st,
                                                   ex, &d),
                                 NNINIT_OK);
                    check_block(whole, blk, cols, st[0], st[1], ex[0], ex[1],
                                es, "tile");
                }
            /* Flat ranges. */
            for (uint64_t f = 0; f < (uint64_t)(rows * cols); f += 301) {
                size_t cnt = (size_t)(rows * cols) - f < 301
                                 ? (size_t)(rows * cols) - f
                                 : 301;
                cr_assert_eq(nninit_init_range(rng, dt, blk, shape, 2, &d, f,
                                               cnt),
                             NNINIT_OK);
                cr_assert(memcmp(whole + f * es, blk, cnt * es) == 0,
                          "range at %llu", (unsigned long long)f);
            }
        }
    }
}

Test(scale, block_of_a_conv_weight)
{
    /* A 4-D conv weight sharded along the output channels and along the
     * input channels: every element still matches. */
    const int64_t shape[4] = {8, 6, 3, 3};
    float whole[8 * 6 * 9], blk[8 * 6 * 9];
    static const nninit_scheme schemes[] = {NNINIT_SCHEME_KAIMING_NORMAL,
                                            NNINIT_SCHEME_DIRAC,
                                            NNINIT_SCHEME_GLOROT_NORMAL};
    for (int k = 0; k < 3; k++) {
        nninit_desc d = scheme_desc(schemes[k]);
        nninit_rng rng = nninit_rng_make(1, 2);
        cr_assert_eq(nninit_init(rng, NNINIT_F32, whole, shape, 4, &d),
                     NNINIT_OK);
        const int64_t st[4] = {2, 1, 0, 1}, ex[4] = {5, 4, 3, 2};
        cr_assert_eq(
            nninit_init_block(rng, NNINIT_F32, blk, shape, 4, st, ex, &d),
            NNINIT_OK);
        size_t i = 0;
        for (int64_t a = 0; a < ex[0]; a++)
            for (int64_t b = 0; b < ex[1]; b++)
                for (int64_t c = 0; c < ex[2]; c++)
                    for (int64_t e = 0; e < ex[3]; e++) {
                        size_t g =
                            (size_t)((((st[0] + a) * 6 + st[1] + b) * 3 +
                                      st[2] + c) * 3 + st[3] + e);
                        cr_assert_eq(whole[g], blk[i], "%s element %zu",
                                     nninit_scheme_name(schemes[k]), i);
                        i++;
                    }
    }
}

Test(scale, bad_blocks_write_nothing)
{
    const int64_t shape[2] = {4, 4};
    float blk[16];
    memset(blk, 0x5A, sizeof blk);
    nninit_desc d = scheme_desc(NNINIT_SCHEME_XAVIER_UNIFORM);
    nninit_rng rng = nninit_rng_make(1, 2);
    const int64_t st[2] = {2, 0}, ex[2] = {3, 4}, neg[2] = {-1, 0};
    cr_assert_eq(nninit_init_block(rng, NNINIT_F32, blk, shape, 2, st, ex, &d),
                 NNINIT_ERR_SHAPE);
    cr_assert_eq(nninit_init_block(rng, NNINIT_F32, blk, shape, 2, neg, ex,
                                   &d),
                 NNINIT_ERR_SHAPE);
    cr_assert_eq(nninit_init_block(rng, NNINIT_F32, blk, shape, 2, NULL, ex,
                                   &d),
                 NNINIT_ERR_NULL);
    cr_assert_eq(nninit_init_range(rng, NNINIT_F32, blk, shape, 2, &d, 10, 7),
                 NNINIT_ERR_SIZE);
    d.gain = -1;
    cr_assert_eq(nninit_init_block(rng, NNINIT_F32, blk, shape, 2, st, st, &d),
                 NNINIT_ERR_PARAM);
    for (int i = 0; i < 16; i++) {
        uint32_t u;
        memcpy(&u, &blk[i], 4);
        cr_assert_eq(u, 0x5A5A5A5Au);
    }
}

/* With the threshold at 16 MiB, outputs that large are staged and written
 * with non-temporal stores: one call of that size must equal the same range filled in
 * pieces below the threshold, on every path, into a pointer that is not
 * 32-byte aligned, nor even element-aligned (the streaming stores need an
 * aligned head; the kernels store through unaligned-safe operations). */
Test(scale, non_temporal_output_same_bits)
{
    static const int picks[] = {1, 2, 5, 6, 9, 12, 17};
    const size_t bytes = (16u << 20) + 4096 + 12;
    unsigned char *one = malloc(bytes + 64), *parts = malloc(bytes + 64);
    cr_assert(one && parts);
    cr_assert_eq(nninit_get_nt_threshold(), SIZE_MAX, "off by default");
    nninit_set_nt_threshold(16u << 20);
    cr_assert_eq(nninit_get_nt_threshold(), 16u << 20);
    for (int isa = 0; isa < NNINIT_ISA_COUNT_; isa++) {
        if (!nninit_isa_supported((nninit_isa)isa))
            continue;
        cr_assert_eq(nninit_isa_force((nninit_isa)isa), NNINIT_OK);
        for (size_t t = 0; t < sizeof picks / sizeof picks[0]; t++) {
            const fill_case *c = &fill_cases[picks[t] % N_FILL_CASES];
            size_t es = fill_case_elem_size(c), n = bytes / es;
            nninit_rng rng = nninit_rng_make(5, 6);
            rng.offset = 77;
            cr_assert_eq(fill_case_run(c, rng, one + 5, n), NNINIT_OK);
            const size_t piece = (1u << 20) / es;
            for (size_t b = 0; b < n; b += piece) {
                nninit_rng r = rng;
                r.offset += b;
                cr_assert_eq(fill_case_run(c, r, parts + 5 + b * es,
                                           n - b < piece ? n - b : piece),
                             NNINIT_OK);
            }
            cr_assert(memcmp(one + 5, parts + 5, n * es) == 0,
                      "%s on %s: the non-temporal fill differs", c->name,
                      nninit_isa_name((nninit_isa)isa));
        }
    }
    free(one);
    free(parts);
}

/* Constant fills (constant_, zeros_, ones_, and the zeros under eye and
 * dirac) write one element's bytes through memset, memcpy from a small
 * pattern block, or the path's non-temporal copy from 16 MiB (or the
 * user's threshold) on, split over the pool from NNINIT_PARALLEL_MIN
 * elements. Every element must be the value's bits whatever the route:
 * each path, 1 to 3 threads, sizes around the block and pool boundaries,
 * -0.0 (not all-zero bytes), a pointer that is not element-aligned, and
 * not one byte written outside the output. */
static const struct {
    double value;
    uint64_t bits[4]; /* indexed by nninit_dtype: f32, f64, bf16, f16 */
} const_values[] = {
    {0.25, {0x3E800000u, 0x3FD0000000000000u, 0x3E80u, 0x3400u}},
    {0.0, {0, 0, 0, 0}},
    {-0.0, {0x80000000u, 0x8000000000000000u, 0x8000u, 0x8000u}},
    {-3.0, {0xC0400000u, 0xC008000000000000u, 0xC040u, 0xC200u}},
};

static void check_constant(nninit_dtype dt, double value, uint64_t bits,
                           unsigned char *buf, size_t n, const char *what)
{
    const size_t es = nninit_dtype_size(dt), pad = 64 + 5;
    nninit_desc d;
    cr_assert_eq(nninit_desc_default(NNINIT_SCHEME_CONSTANT, &d), NNINIT_OK);
    d.value = value;
    const int64_t shape[1] = {(int64_t)n};
    memset(buf, 0x5A, n * es + 2 * pad);
    cr_assert_eq(
        nninit_init(nninit_rng_make(1, 2), dt, buf + pad, shape, 1, &d),
        NNINIT_OK);
    for (size_t i = 0; i < pad; i++)
        cr_assert(buf[i] == 0x5A && buf[pad + n * es + i] == 0x5A,
                  "%s: n %zu, a byte outside the output was written", what, n);
    for (size_t i = 0; i < n; i++) {
        uint64_t got = 0; /* little-endian hosts: the low es bytes */
        memcpy(&got, buf + pad + i * es, es);
        if (got != bits)
            cr_assert_fail("%s: dtype %d, value %g, n %zu: element %zu is "
                           "%#llx, not %#llx",
                           what, (int)dt, value, n, i, (unsigned long long)got,
                           (unsigned long long)bits);
    }
}

Test(scale, constant_fills_every_route)
{
    const size_t big = (16u << 20) / 2 + 4097; /* bf16: past 16 MiB */
    static const size_t sizes[] = {
        0, 1, 3, 2047, 2048, 2053, NNINIT_PARALLEL_MIN * 3 + 7};
    unsigned char *buf = malloc(big * 8 + 256);
    cr_assert(buf);
    for (int isa = 0; isa < NNINIT_ISA_COUNT_; isa++) {
        if (!nninit_isa_supported((nninit_isa)isa))
            continue;
        cr_assert_eq(nninit_isa_force((nninit_isa)isa), NNINIT_OK);
        const char *name = nninit_isa_name((nninit_isa)isa);
        for (int t = 1; t <= 3; t++) {
            cr_assert_eq(nninit_set_num_threads(t), NNINIT_OK);
            for (int dt = 0; dt < 4; dt++)
                for (size_t v = 0; v < 4; v++) {
                    const double x = const_values[v].value;
                    const uint64_t b = const_values[v].bits[dt];
                    /* The default routes, then the non-temporal copy from
                     * 64 bytes on, so that every size takes it. */
                    for (size_t s = 0; s < 7; s++)
                        check_constant(dt, x, b, buf, sizes[s], name);
                    nninit_set_nt_threshold(64);
                    for (size_t s = 0; s < 7; s++)
                        check_constant(dt, x, b, buf, sizes[s], name);
                    nninit_set_nt_threshold(0);
                }
            /* Past 16 MiB: streamed by default (two values, two dtypes). */
            if (t != 2)
                continue;
            check_constant(NNINIT_BF16, 0.25, 0x3E80u, buf, big, name);
            check_constant(NNINIT_F32, 0.0, 0, buf, big, name);
        }
    }
    nninit_set_num_threads(0);
    free(buf);
}
