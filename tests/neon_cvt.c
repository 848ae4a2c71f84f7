/*
 * The integer -> float conversions the NEON kernels rely on, against the C
 * casts of the scalar reference, bit for bit: vcvtq_f32_u32, vcvtq_f32_s32,
 * vcvtq_f64_u64 and vcvtq_f64_s64 (UCVTF/SCVTF, round to nearest even under
 * the default FPCR; through SIMDe, whatever x86 code SIMDe emits). The
 * kernels mostly convert exactly representable integers, where any rounding
 * mode agrees; the inverse CDF converts 31-bit magnitudes, which do round,
 * so the check covers rounding cases too: a stride through the whole range
 * and every value within 3 of k * 2^j and of the halfway points between
 * representable values. Built only when the NEON kernels are; runs
 * natively under qemu-aarch64 in the cross build. Prints "N passed, M
 * failed".
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "neon/neon.h"

static unsigned long n_pass, n_fail;

static void check(int ok, const char *what, uint64_t x, uint64_t got,
                  uint64_t want)
{
    if (ok) {
        n_pass++;
        return;
    }
    if (n_fail++ < 20)
        printf("FAIL: %s of 0x%" PRIx64 ": 0x%" PRIx64 ", C cast 0x%" PRIx64
               "\n",
               what, x, got, want);
}

static void check32(uint32_t a[4])
{
    uint32_t got_u[4], got_s[4];
    float fu[4], fs[4];
    vst1q_f32(fu, vcvtq_f32_u32(vld1q_u32(a)));
    vst1q_f32(fs, vcvtq_f32_s32(vreinterpretq_s32_u32(vld1q_u32(a))));
    memcpy(got_u, fu, sizeof fu);
    memcpy(got_s, fs, sizeof fs);
    for (int i = 0; i < 4; i++) {
        float cu = (float)a[i], cs = (float)(int32_t)a[i];
        uint32_t wu, ws;
        memcpy(&wu, &cu, 4);
        memcpy(&ws, &cs, 4);
        check(got_u[i] == wu, "vcvtq_f32_u32", a[i], got_u[i], wu);
        check(got_s[i] == ws, "vcvtq_f32_s32", a[i], got_s[i], ws);
    }
}

static void check64(uint64_t a[2])
{
    uint64_t got_u[2], got_s[2];
    double du[2], ds[2];
    vst1q_f64(du, vcvtq_f64_u64(vld1q_u64(a)));
    vst1q_f64(ds, vcvtq_f64_s64(vreinterpretq_s64_u64(vld1q_u64(a))));
    memcpy(got_u, du, sizeof du);
    memcpy(got_s, ds, sizeof ds);
    for (int i = 0; i < 2; i++) {
        double cu = (double)a[i], cs = (double)(int64_t)a[i];
        uint64_t wu, ws;
        memcpy(&wu, &cu, 8);
        memcpy(&ws, &cs, 8);
        check(got_u[i] == wu, "vcvtq_f64_u64", a[i], got_u[i], wu);
        check(got_s[i] == ws, "vcvtq_f64_s64", a[i], got_s[i], ws);
    }
}

int main(void)
{
    uint32_t a[4];
    int k = 0;
#define PUSH32(v)                                                              \
    do {                                                                       \
        a[k++] = (uint32_t)(v);                                                \
        if (k == 4) {                                                          \
            check32(a);                                                        \
            k = 0;                                                             \
        }                                                                      \
    } while (0)
    for (uint64_t u = 0; u <= 0xFFFFFFFFull; u += 65537)
        PUSH32(u);
    /* Around m * 2^j and the halfway points (m * 2^j + 2^(j-1)). */
    for (int j = 0; j < 32; j++)
        for (uint64_t m = 1; m < 64; m++) {
            uint64_t base = m << j;
            for (int d = -3; d <= 3; d++) {
                PUSH32(base + (uint64_t)(int64_t)d);
                if (j > 0)
                    PUSH32(base + (1ull << (j - 1)) + (uint64_t)(int64_t)d);
            }
        }
    while (k != 0)
        PUSH32(0);

    uint64_t b[2];
    int kb = 0;
#define PUSH64(v)                                                              \
    do {                                                                       \
        b[kb++] = (uint64_t)(v);                                               \
        if (kb == 2) {                                                         \
            check64(b);                                                        \
            kb = 0;                                                            \
        }                                                                      \
    } while (0)
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 200000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        PUSH64(x);
        PUSH64(x >> (x & 63));
    }
    for (int j = 0; j < 64; j++)
        for (uint64_t m = 1; m < 16; m++) {
            uint64_t base = m << j;
            for (int d = -3; d <= 3; d++) {
                PUSH64(base + (uint64_t)(int64_t)d);
                if (j > 0)
                    PUSH64(base + (1ull << (j - 1)) + (uint64_t)(int64_t)d);
            }
        }
    while (kb != 0)
        PUSH64(0);

    printf("%lu passed, %lu failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
