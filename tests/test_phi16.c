/*
 * `nninit bits --as normal`'s mapping from tables (cli/phi16.c) against its
 * definition, floor(2^16 * erfc(-x / sqrt 2) / 2) in float64: the
 * thresholds are exactly where the definition steps up, and the two agree
 * at and around every threshold, at the ends of the grid, and at a million
 * random float32 values of both kinds (random bit patterns, which reach
 * the tiny and the huge; and uniform values over the grid's range).
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../cli/phi16.h"

static void setup(void)
{
    cr_assert_eq(phi16_init(), 0, "the tables cannot be built");
}

TestSuite(phi16, .init = setup);

/* The float32 n steps above x in value order (n may be negative). */
static float step(float x, int n)
{
    for (; n > 0; n--)
        x = nextafterf(x, INFINITY);
    for (; n < 0; n++)
        x = nextafterf(x, -INFINITY);
    return x;
}

static void agree(float x)
{
    cr_assert_eq(phi16(x), phi16_direct(x), "x = %a: table %u, direct %u",
                 (double)x, phi16(x), phi16_direct(x));
}

Test(phi16, thresholds_are_where_the_definition_steps)
{
    uint32_t j;
    float prev = -INFINITY;
    for (j = 1; j < 65536; j++) {
        float t = phi16_threshold(j);
        cr_assert(t >= prev, "threshold %u below its predecessor", j);
        cr_assert(phi16_direct(t) >= j, "threshold %u: %a is below bin %u", j,
                  (double)t, j);
        cr_assert(phi16_direct(step(t, -1)) < j,
                  "threshold %u: the float below %a reaches bin %u", j,
                  (double)t, j);
        prev = t;
    }
}

Test(phi16, agrees_around_every_threshold)
{
    uint32_t j;
    int d;
    for (j = 1; j < 65536; j++) {
        float t = phi16_threshold(j);
        for (d = -8; d <= 8; d++)
            agree(step(t, d));
    }
}

Test(phi16, agrees_at_the_ends_and_specials)
{
    static const float xs[] = {0.0f,     -0.0f,     4.5f,    -4.5f,
                               FLT_MIN,  -FLT_MIN,  FLT_MAX, -FLT_MAX,
                               INFINITY, -INFINITY, 1e-45f,  -1e-45f};
    size_t i;
    int d;
    for (i = 0; i < sizeof xs / sizeof xs[0]; i++)
        for (d = -4; d <= 4; d++)
            if (!isnan(step(xs[i], d)))
                agree(step(xs[i], d));
    /* Every grid cell's left edge and the floats beside it. */
    for (i = 0; i <= 147456; i++) {
        float x = (float)(-4.5 + (double)i / 16384.0);
        agree(step(x, -1));
        agree(x);
        agree(step(x, 1));
    }
    cr_assert_eq(phi16(NAN), 0u);
    cr_assert_eq(phi16_direct(NAN), 0u);
}

/* splitmix64: fixed-seed test inputs. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

Test(phi16, agrees_at_random_floats)
{
    uint64_t s = 20261205;
    int i;
    for (i = 0; i < 1 << 20; i++) {
        uint32_t b = (uint32_t)next(&s);
        float x;
        memcpy(&x, &b, sizeof x);
        if (!isnan(x))
            agree(x);
        /* Uniform on [-5, 5): where the grid and the bins are. */
        agree((float)((double)(next(&s) >> 11) * 0x1p-53 * 10.0 - 5.0));
    }
}
