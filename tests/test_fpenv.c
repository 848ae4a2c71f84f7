/*
 * The caller's floating-point environment does not change nninit's bits
 * (src/core/fpenv.h). A caller may run with flush-to-zero and
 * denormals-are-zero (torch.set_flush_denormal(True) sets both on x86), a
 * directed rounding mode, or unmasked exceptions; each public function that
 * computes in floating point works in the default environment and gives the
 * caller's back. Each case computes a set of fills in the default
 * environment, then again in a hostile one on every path and thread count,
 * and compares the bytes; then checks the hostile modes are still set.
 * Without the scopes the tiny-std fills differ under FTZ (their products are
 * subnormal) and every derived std differs under upward rounding; with 3
 * threads the pool's workers, started from inside a scope, must compute in
 * the default environment too.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* feenableexcept, fegetexcept */
#endif
#include <criterion/criterion.h>
#include <fenv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nninit.h"

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

static const nninit_rng R = {5, 6, 7};

/* The fills compared: n elements each (enough for the worker pool when
 * n >= NNINIT_PARALLEL_MIN), concatenated into one buffer. */
#define N_SMALL 1000
#define N_BIG (1u << 20)
#define BYTES (8 * (N_SMALL * 6 + N_BIG + 64))

static void all_fills(unsigned char *buf)
{
    unsigned char *p = buf;
    const int64_t orth_shape[2] = {8, 8};
    const int64_t conv[4] = {64, 32, 3, 3};
    double gain = 0;
    /* subnormal float32 results: std 1e-39 */
    cr_assert_eq(nninit_fill_normal(R, NNINIT_F32, p, N_SMALL, 0.0, 1e-39,
                                    NNINIT_ZIGGURAT),
                 NNINIT_OK);
    p += 4 * N_SMALL;
    cr_assert_eq(
        nninit_fill_normal(R, NNINIT_BF16, p, N_SMALL, 0.0, 1e-39, NNINIT_ICDF),
        NNINIT_OK);
    p += 2 * N_SMALL;
    cr_assert_eq(nninit_fill_normal(R, NNINIT_F64, p, N_SMALL, 1.0, 0.3,
                                    NNINIT_BOX_MULLER),
                 NNINIT_OK);
    p += 8 * N_SMALL;
    cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F32, p, N_SMALL, 0.0, 1.0,
                                          -0.7, 2.1),
                 NNINIT_OK);
    p += 4 * N_SMALL;
    cr_assert_eq(nninit_fill_uniform(R, NNINIT_F16, p, N_SMALL, -1e-6, 1e-6),
                 NNINIT_OK);
    p += 2 * N_SMALL;
    cr_assert_eq(nninit_kaiming_normal(R, NNINIT_F32, p, conv, 4, 0.0,
                                       NNINIT_FAN_IN, NNINIT_RELU),
                 NNINIT_OK);
    p += 4 * 64 * 32 * 9;
    cr_assert_eq(nninit_orthogonal(R, NNINIT_F64, p, orth_shape, 2, 1.5),
                 NNINIT_OK);
    p += 8 * 64;
    cr_assert_eq(nninit_calculate_gain(NNINIT_LEAKY_RELU, 0.3, &gain),
                 NNINIT_OK);
    memcpy(p, &gain, sizeof gain);
    p += sizeof gain;
    /* large enough for the pool */
    cr_assert_eq(nninit_fill_normal(R, NNINIT_F32, p, N_BIG, 0.0, 1e-39,
                                    NNINIT_ZIGGURAT),
                 NNINIT_OK);
    p += 4 * N_BIG;
    cr_assert((size_t)(p - buf) <= BYTES);
}

/* The hostile environment: FTZ and DAZ (x86) or FZ (AArch64), rounding
 * upward, and traps on invalid, division by zero and overflow where the
 * hardware has them. */
static void hostile(void)
{
#if defined(__x86_64__)
    _mm_setcsr(_mm_getcsr() | 0x8040u);
#elif defined(__aarch64__)
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    fpcr |= 1ul << 24; /* FZ */
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
#endif
    cr_assert_eq(fesetround(FE_UPWARD), 0);
    /* AArch64 cores may not trap at all: then the call fails, harmlessly. */
    (void)feenableexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW);
}

static void check_still_hostile(void)
{
    cr_assert_eq(fegetround(), FE_UPWARD, "rounding mode not given back");
#if defined(__x86_64__)
    cr_assert_eq(_mm_getcsr() & 0x8040u, 0x8040u, "FTZ/DAZ not given back");
    cr_assert_eq(fegetexcept() & (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW),
                 FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW,
                 "exception traps not given back");
#elif defined(__aarch64__)
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    cr_assert(fpcr & (1ul << 24), "FZ not given back");
#endif
}

static void back_to_default(void)
{
    fedisableexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
#if defined(__x86_64__)
    _mm_setcsr(_mm_getcsr() & ~0x8040u);
#elif defined(__aarch64__)
    __asm__ volatile("msr fpcr, %0" : : "r"(0ul));
#endif
}

Test(fpenv, caller_modes_change_no_bits_and_are_given_back)
{
    unsigned char *want = calloc(1, BYTES), *got = calloc(1, BYTES);
    cr_assert(want != NULL && got != NULL);
    cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
    cr_assert_eq(nninit_set_num_threads(1), NNINIT_OK);
    all_fills(want);
    for (int threads = 1; threads <= 3; threads += 2) {
        cr_assert_eq(nninit_set_num_threads(threads), NNINIT_OK);
        for (int isa = 0; isa < NNINIT_ISA_COUNT_; isa++) {
            if (!nninit_isa_supported((nninit_isa)isa))
                continue;
            cr_assert_eq(nninit_isa_force((nninit_isa)isa), NNINIT_OK);
            memset(got, 0, BYTES);
            hostile();
            all_fills(got);
            check_still_hostile();
            back_to_default();
            cr_assert_eq(memcmp(got, want, BYTES), 0,
                         "%s, %d threads: bits differ under the caller's "
                         "floating-point modes",
                         nninit_isa_name((nninit_isa)isa), threads);
        }
    }
    cr_assert_eq(nninit_isa_force(NNINIT_ISA_AUTO), NNINIT_OK);
    free(want);
    free(got);
}
