/*
 * The 16-bit conversions against independent references, over a sweep of
 * float32 bit patterns (every 251st pattern, plus all patterns near the
 * rounding boundaries): binary16 against the compiler's _Float16 cast
 * (correctly rounded, libgcc), bfloat16 against a nearest-even rounding
 * computed in double from the two neighbouring bfloat16 values.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "scalar/bf16.h"
#include "scalar/f16.h"

static uint16_t bf16_reference(float f)
{
    uint32_t u = nn_f32_bits(f);
    if (isnan(f))
        return (uint16_t)((u >> 16) | 0x40u);
    uint16_t lo = (uint16_t)(u >> 16); /* truncation toward zero */
    double x = fabs((double)f);
    double a = fabs((double)nn_bf16_to_f32(lo));
    if (x == a)
        return lo;
    /* The next pattern away from zero; beyond the largest finite value
     * the candidate is infinity, at distance 2^128 - a in the limit. */
    uint16_t hi = (uint16_t)(lo + 1);
    double b = (hi & 0x7FFFu) == 0x7F80u ? 0x1p128 : fabs((double)nn_bf16_to_f32(hi));
    if (x - a < b - x)
        return lo;
    if (x - a > b - x)
        return hi;
    return (lo & 1u) ? hi : lo;
}

static void check_pattern(uint32_t u)
{
    float f = nn_bits_f32(u);
    uint16_t got = nn_f32_to_bf16_rne(f), want = bf16_reference(f);
    if (got != want)
        cr_assert_eq(got, want, "bf16 of %08x: %04x != %04x", u, got, want);
#ifdef __FLT16_MAX__
    if (!isnan(f)) {
        __extension__ _Float16 h = (__extension__(_Float16)f);
        uint16_t w16;
        memcpy(&w16, &h, 2);
        uint16_t g16 = nn_f32_to_f16_rne(f);
        if (g16 != w16)
            cr_assert_eq(g16, w16, "f16 of %08x (%a): %04x != %04x", u,
                         (double)f, g16, w16);
        /* Widening is exact. */
        cr_assert_eq(nn_f16_to_f32(g16), (float)h);
    }
#endif
}

Test(convert, sweep)
{
    for (uint64_t u = 0; u <= 0xFFFFFFFFull; u += 251)
        check_pattern((uint32_t)u);
    /* Around every binary16/bfloat16 rounding point of interest: halfway
     * cases (low bits 0x1000 / 0x8000 patterns), overflow, subnormals. */
    for (uint32_t e = 0; e < 256; e++)
        for (uint32_t m = 0; m < 64; m++) {
            uint32_t base = (e << 23) | (m << 17);
            static const uint32_t lows[] = {0,      1,      0xFFF,  0x1000,
                                            0x1001, 0x7FFF, 0x8000, 0x8001,
                                            0xFFFF, 0x1FFF, 0x2000};
            for (size_t k = 0; k < sizeof lows / sizeof lows[0]; k++) {
                check_pattern(base | lows[k]);
                check_pattern(0x80000000u | base | lows[k]);
            }
        }
}

Test(convert, nan_stays_nan)
{
    cr_assert((nn_f32_to_bf16_rne(NAN) & 0x7FC0u) == 0x7FC0u);
    cr_assert((nn_f32_to_f16_rne(NAN) & 0x7E00u) == 0x7E00u);
    cr_assert_eq(nn_f32_to_f16_rne(65504.0f), 0x7BFFu);
    cr_assert_eq(nn_f32_to_f16_rne(65519.99f), 0x7BFFu);
    cr_assert_eq(nn_f32_to_f16_rne(65520.0f), 0x7C00u);
    cr_assert_eq(nn_f32_to_f16_rne(0x1p-25f), 0x0000u); /* tie to even 0 */
    cr_assert_eq(nn_f32_to_f16_rne(0x1.8p-24f), 0x0002u);
}
