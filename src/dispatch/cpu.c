/*
 * CPU feature detection. x86-64: cpuid for what the CPU implements and
 * xgetbv for what the OS saves on a context switch (a CPU may report AVX-512
 * while the OS does not enable ZMM state; using it then faults). AArch64:
 * getauxval(AT_HWCAP).
 */
#include "cpu.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t read_xcr0(void)
{
    uint32_t eax, edx;
    /* xgetbv with ecx = 0, spelled as bytes-free inline asm so that this
     * file needs no -mxsave. */
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static uint32_t detect(void)
{
    uint32_t f = 0, a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    if (d & (1u << 26))
        f |= NN_CPU_SSE2;
    int osxsave = (c & (1u << 27)) != 0;
    int avx = (c & (1u << 28)) != 0;
    int fma = (c & (1u << 12)) != 0;
    int f16c = (c & (1u << 29)) != 0;
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    if ((xcr0 & 0x6) == 0x6)
        f |= NN_CPU_OS_YMM;
    if ((xcr0 & 0xE6) == 0xE6)
        f |= NN_CPU_OS_ZMM;
    if (avx)
        f |= NN_CPU_AVX;
    if (fma)
        f |= NN_CPU_FMA;
    if (f16c)
        f |= NN_CPU_F16C;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 5))
            f |= NN_CPU_AVX2;
        if (b & (1u << 16))
            f |= NN_CPU_AVX512F;
        if (b & (1u << 17))
            f |= NN_CPU_AVX512DQ;
        if (b & (1u << 30))
            f |= NN_CPU_AVX512BW;
        if (b & (1u << 31))
            f |= NN_CPU_AVX512VL;
    }
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d) && (a & (1u << 5)))
        f |= NN_CPU_AVX512BF16;
    return f;
}
#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1 << 1)
#endif
static uint32_t detect(void)
{
    return (getauxval(AT_HWCAP) & HWCAP_ASIMD) ? NN_CPU_ASIMD : 0;
}
#elif defined(__aarch64__)
static uint32_t detect(void)
{
    return NN_CPU_ASIMD;
} /* mandatory in ARMv8-A */
#else
static uint32_t detect(void)
{
    return 0;
}
#endif

uint32_t nn_cpu_features(void)
{
    /* Bit 31 marks "detected"; detection is idempotent, so a race between
     * two first callers only repeats the same work. */
    static _Atomic uint32_t cached = 0;
    uint32_t f = atomic_load_explicit(&cached, memory_order_relaxed);
    if (!(f & 0x80000000u)) {
        f = detect() | 0x80000000u;
        atomic_store_explicit(&cached, f, memory_order_relaxed);
    }
    return f & 0x7FFFFFFFu;
}

void nn_cpu_feature_names(uint32_t f, char *buf, unsigned size)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {NN_CPU_SSE2, "sse2"},         {NN_CPU_AVX, "avx"},
        {NN_CPU_AVX2, "avx2"},         {NN_CPU_FMA, "fma"},
        {NN_CPU_F16C, "f16c"},         {NN_CPU_AVX512F, "avx512f"},
        {NN_CPU_AVX512BW, "avx512bw"}, {NN_CPU_AVX512DQ, "avx512dq"},
        {NN_CPU_AVX512VL, "avx512vl"}, {NN_CPU_AVX512BF16, "avx512_bf16"},
        {NN_CPU_OS_YMM, "os-ymm"},     {NN_CPU_OS_ZMM, "os-zmm"},
        {NN_CPU_ASIMD, "asimd"},
    };
    if (size == 0)
        return;
    buf[0] = '\0';
    size_t len = 0;
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(f & names[i].bit))
            continue;
        size_t nl = strlen(names[i].name);
        if (len + nl + 2 > size)
            break;
        if (len)
            buf[len++] = ' ';
        memcpy(buf + len, names[i].name, nl + 1);
        len += nl;
    }
    if (len == 0 && size > 5)
        memcpy(buf, "none", 5);
}
