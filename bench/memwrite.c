/*
 * The memory ceiling (see memwrite.h). The widest plain and streaming stores
 * this CPU has are used, chosen at run time, so that a cache-resident size
 * measures the store ports and a large one measures memory. The stored
 * pattern is not one repeated byte, so the compiler cannot turn the plain
 * loop into a call to memset (whose large-size strategy is its own).
 */
#include "memwrite.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MW_X86 1
#elif defined(__aarch64__) && defined(__GNUC__)
#define MW_ARM64 1
#endif

/* The bit pattern of two float 1.0f values. */
#define MW_PATTERN UINT64_C(0x3f8000003f800000)

#ifdef MW_X86
__attribute__((target("avx"))) static void plain_avx(void *buf, size_t bytes)
{
    __m256i v = _mm256_set1_epi64x((long long)MW_PATTERN);
    char *p = (char *)buf;
    for (size_t i = 0; i < bytes; i += 64) {
        _mm256_store_si256((__m256i *)(void *)(p + i), v);
        _mm256_store_si256((__m256i *)(void *)(p + i + 32), v);
    }
}

__attribute__((target("avx"))) static void nt_avx(void *buf, size_t bytes)
{
    __m256i v = _mm256_set1_epi64x((long long)MW_PATTERN);
    char *p = (char *)buf;
    for (size_t i = 0; i < bytes; i += 64) {
        _mm256_stream_si256((__m256i *)(void *)(p + i), v);
        _mm256_stream_si256((__m256i *)(void *)(p + i + 32), v);
    }
    _mm_sfence(); /* streaming stores are weakly ordered: drain them */
}

static void plain_sse2(void *buf, size_t bytes)
{
    __m128i v = _mm_set1_epi64x((long long)MW_PATTERN);
    char *p = (char *)buf;
    for (size_t i = 0; i < bytes; i += 64)
        for (size_t j = 0; j < 64; j += 16)
            _mm_store_si128((__m128i *)(void *)(p + i + j), v);
}

static void nt_sse2(void *buf, size_t bytes)
{
    __m128i v = _mm_set1_epi64x((long long)MW_PATTERN);
    char *p = (char *)buf;
    for (size_t i = 0; i < bytes; i += 64)
        for (size_t j = 0; j < 64; j += 16)
            _mm_stream_si128((__m128i *)(void *)(p + i + j), v);
    _mm_sfence();
}

static int have_avx(void)
{
    /* libgcc's check includes the OS saving the YMM state (XGETBV). */
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx");
}
#endif

#ifdef MW_ARM64
static void nt_arm64(void *buf, size_t bytes)
{
    char *p = (char *)buf;
    for (size_t i = 0; i < bytes; i += 64) {
        /* STNP: a store pair with a non-temporal hint. */
        __asm__ volatile("dup v0.2d, %1\n\t"
                         "stnp q0, q0, [%0]\n\t"
                         "stnp q0, q0, [%0, #32]"
                         :
                         : "r"(p + i), "r"(MW_PATTERN)
                         : "v0", "memory");
    }
}
#endif

#ifndef MW_X86
static void plain_generic(void *buf, size_t bytes)
{
    uint64_t *p = (uint64_t *)buf;
    for (size_t i = 0; i < bytes / 8; i++)
        p[i] = MW_PATTERN;
}
#endif

const char *bench_memwrite_name(bench_memwrite_kind kind)
{
    switch (kind) {
    case BENCH_MEMWRITE_PLAIN:
        return "plain";
    case BENCH_MEMWRITE_NT:
        return "nt";
    case BENCH_MEMWRITE_MEMSET:
        return "memset";
    default:
        return "unknown";
    }
}

const char *bench_memwrite_detail(bench_memwrite_kind kind)
{
    switch (kind) {
    case BENCH_MEMWRITE_PLAIN:
#ifdef MW_X86
        return have_avx() ? "256-bit AVX stores" : "128-bit SSE2 stores";
#elif defined(MW_ARM64)
        return "128-bit NEON stores (compiler-vectorized)";
#else
        return "64-bit stores (compiler-vectorized)";
#endif
    case BENCH_MEMWRITE_NT:
#ifdef MW_X86
        return have_avx() ? "256-bit AVX streaming stores (vmovntdq)"
                          : "128-bit SSE2 streaming stores (movntdq)";
#elif defined(MW_ARM64)
        return "STNP non-temporal store pairs";
#else
        return "not available on this architecture";
#endif
    case BENCH_MEMWRITE_MEMSET:
        return "the C library's memset (it may stream large sizes itself)";
    default:
        return "unknown";
    }
}

int bench_memwrite_available(bench_memwrite_kind kind)
{
    switch (kind) {
    case BENCH_MEMWRITE_PLAIN:
    case BENCH_MEMWRITE_MEMSET:
        return 1;
    case BENCH_MEMWRITE_NT:
#if defined(MW_X86) || defined(MW_ARM64)
        return 1;
#else
        return 0;
#endif
    default:
        return 0;
    }
}

void bench_memwrite(bench_memwrite_kind kind, void *buf, size_t bytes)
{
    switch (kind) {
    case BENCH_MEMWRITE_PLAIN:
#ifdef MW_X86
        if (have_avx())
            plain_avx(buf, bytes);
        else
            plain_sse2(buf, bytes);
#else
        plain_generic(buf, bytes);
#endif
        break;
    case BENCH_MEMWRITE_NT:
#ifdef MW_X86
        if (have_avx())
            nt_avx(buf, bytes);
        else
            nt_sse2(buf, bytes);
#elif defined(MW_ARM64)
        nt_arm64(buf, bytes);
#endif
        break;
    case BENCH_MEMWRITE_MEMSET:
        memset(buf, 0x5a, bytes);
        break;
    default:
        break;
    }
}
