/*
 * The dispatch table: the one place where the ISA paths meet.
 *
 * Implementations are data, listed best-first with the CPU features each
 * needs; selection, nninit_isa_*() and `nninit info` all read this list.
 * A vector ISA's table names only the kernels it implements better; each of
 * its empty slots is inherited from the ISA below it (avx512 -> avx2 ->
 * scalar, neon -> scalar; one left out of the build is skipped), once,
 * before the first table is published, like zlib-ng's functable.c filling
 * from the slowest ISA up. The inherited kernel is the very function the
 * lower path runs, so the bits are the same by construction.
 * The active table is chosen once (pthread_once) on first use: NNINIT_ISA is
 * honoured when it names a supported path, otherwise the best supported
 * implementation wins and the problem is reported, never fatal.
 * nninit_isa_force() publishes a new table with an atomic store; a fill
 * that already loaded the old pointer finishes on it, which is harmless
 * because every path gives the same bits.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/kernels.h"
#include "cpu.h"

#ifndef NNINIT_NEON_FEATURES
#define NNINIT_NEON_FEATURES NN_CPU_ASIMD
#endif

typedef struct nn_impl {
    nninit_isa isa;
    const char *name;
    const char *description;
    uint32_t needs; /* every bit must be present */
    const nn_kernels *table;
    /* Emulated (NEON through SIMDe on x86, AVX-512 through SIMDe in a
     * -Davx512_emulate=true build): runs and is tested here, and can be
     * forced, but automatic selection passes it over. */
    int emulated;
} nn_impl;

static const nn_impl impls[] = {
#ifdef NNINIT_HAVE_AVX512
#ifdef NNINIT_AVX512_EMU
    /* meson -Davx512_emulate=true: the AVX-512 sources through SIMDe, built
     * with -mavx2 -mfma -mf16c (src/avx512/emu_avx512.h). */
    {NNINIT_ISA_AVX512, "avx512",
     "AVX-512 through SIMDe (emulated with AVX2/FMA/F16C; for testing)",
     NN_CPU_AVX | NN_CPU_AVX2 | NN_CPU_FMA | NN_CPU_F16C | NN_CPU_OS_YMM,
     &nn_kernels_avx512, 1},
#else
    {NNINIT_ISA_AVX512, "avx512", "AVX-512 F/BW/DQ/VL/BF16, 16 lanes",
     NN_CPU_AVX512F | NN_CPU_AVX512BW | NN_CPU_AVX512DQ | NN_CPU_AVX512VL |
         NN_CPU_AVX512BF16 | NN_CPU_AVX2 | NN_CPU_FMA | NN_CPU_F16C |
         NN_CPU_OS_YMM | NN_CPU_OS_ZMM,
     &nn_kernels_avx512, 0},
#endif
#endif
#ifdef NNINIT_HAVE_AVX2
    /* F16C for the binary16 conversion (f16_avx2.c); every AVX2 CPU has
     * it (x86-64-v3 names the three together). */
    {NNINIT_ISA_AVX2, "avx2", "AVX2 + FMA + F16C, 8 lanes",
     NN_CPU_AVX2 | NN_CPU_FMA | NN_CPU_F16C | NN_CPU_AVX | NN_CPU_OS_YMM,
     &nn_kernels_avx2, 0},
#endif
#ifdef NNINIT_HAVE_NEON
#ifdef NNINIT_NEON_SIMDE
    {NNINIT_ISA_NEON, "neon",
     "NEON through SIMDe (emulated with this CPU's SIMD; for testing)",
     NNINIT_NEON_FEATURES, &nn_kernels_neon, 1},
#else
    {NNINIT_ISA_NEON, "neon", "AArch64 Advanced SIMD, 4 lanes",
     NNINIT_NEON_FEATURES, &nn_kernels_neon, 0},
#endif
#endif
    {NNINIT_ISA_SCALAR, "scalar", "portable C reference", 0, &nn_kernels_scalar,
     0},
};
enum { N_IMPLS = sizeof impls / sizeof impls[0] };

static const char *const isa_names[NNINIT_ISA_COUNT_] = {"scalar", "avx2",
                                                         "avx512", "neon"};

/* The ISA each one inherits its empty slots from. */
static const nninit_isa below[NNINIT_ISA_COUNT_] = {
    [NNINIT_ISA_SCALAR] = NNINIT_ISA_SCALAR,
    [NNINIT_ISA_AVX2] = NNINIT_ISA_SCALAR,
    [NNINIT_ISA_AVX512] = NNINIT_ISA_AVX2,
    [NNINIT_ISA_NEON] = NNINIT_ISA_SCALAR,
};

/* impls[i]'s table with every slot filled (written once, in init_once,
 * before any of them is published). */
static nn_kernels resolved[N_IMPLS];

static _Atomic(const nn_kernels *) g_table;
static _Atomic int g_isa = NNINIT_ISA_SCALAR;
static _Atomic(const char *) g_reason;
static nninit_status g_env_status = NNINIT_OK; /* written once, in init */
static char g_env_reason[160];                 /* written once, in init */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static const nn_impl *find_impl(nninit_isa isa)
{
    for (int i = 0; i < N_IMPLS; i++)
        if (impls[i].isa == isa)
            return &impls[i];
    return NULL;
}

static int impl_runs_here(const nn_impl *im)
{
    return im && (nn_cpu_features() & im->needs) == im->needs;
}

static const nn_impl *best_impl(void)
{
    for (int i = 0; i < N_IMPLS; i++)
        if (!impls[i].emulated && impl_runs_here(&impls[i]))
            return &impls[i];
    return &impls[N_IMPLS - 1]; /* scalar always runs */
}

nninit_isa nn_kernels_base(nninit_isa isa)
{
    if (isa < 0 || isa >= NNINIT_ISA_COUNT_)
        return NNINIT_ISA_SCALAR;
    nninit_isa b = below[isa];
    while (b != NNINIT_ISA_SCALAR && find_impl(b) == NULL)
        b = below[b];
    return b;
}

/* Every NULL slot of t from base (a new slot of nn_kernels goes here too;
 * conformance checks that no slot of a published table is NULL). */
static void nn_kernels_inherit(nn_kernels *t, const nn_kernels *base)
{
#define NN_INHERIT(slot)                                                       \
    do {                                                                       \
        if (t->slot == NULL)                                                   \
            t->slot = base->slot;                                              \
    } while (0)
    NN_INHERIT(bits);
    NN_INHERIT(uniform_f32);
    NN_INHERIT(uniform_f64);
    for (int m = 0; m < 3; m++) {
        NN_INHERIT(normal_f32[m]);
        NN_INHERIT(normal_f64[m]);
    }
    NN_INHERIT(trunc_f32);
    NN_INHERIT(trunc_f64);
    NN_INHERIT(f32_to_bf16);
    NN_INHERIT(f32_to_f16);
    NN_INHERIT(copy_nt);
    NN_INHERIT(qr_gemm_f32);
    NN_INHERIT(qr_gemm_f64);
#undef NN_INHERIT
}

/* From the scalar table (last) up: an ISA's base comes after it in impls,
 * so it is resolved first. */
static void resolve_tables(void)
{
    for (int i = N_IMPLS - 1; i >= 0; i--) {
        resolved[i] = *impls[i].table;
        if (impls[i].isa == NNINIT_ISA_SCALAR)
            continue;
        const nn_impl *b = find_impl(nn_kernels_base(impls[i].isa));
        nn_kernels_inherit(&resolved[i], &resolved[b - impls]);
    }
}

static void publish(const nn_impl *im, const char *reason)
{
    atomic_store_explicit(&g_reason, reason, memory_order_release);
    atomic_store_explicit(&g_isa, (int)im->isa, memory_order_release);
    atomic_store_explicit(&g_table, &resolved[im - impls],
                          memory_order_release);
}

static void init_once(void)
{
    resolve_tables();
    const nn_impl *best = best_impl();
    const char *env = getenv("NNINIT_ISA");
    nninit_isa want;
    if (env == NULL || env[0] == '\0') {
        publish(best, "auto: the best path this CPU and build support");
        return;
    }
    nninit_status st = nninit_isa_from_name(env, &want);
    if (st != NNINIT_OK) {
        g_env_status = NNINIT_ERR_ENUM;
        snprintf(g_env_reason, sizeof g_env_reason,
                 "NNINIT_ISA=%.40s is unknown (expected auto, scalar, avx2, "
                 "avx512 or neon); using auto: %s",
                 env, best->name);
        publish(best, g_env_reason);
        return;
    }
    if (want == NNINIT_ISA_AUTO) {
        publish(best, "auto (NNINIT_ISA=auto): the best path this CPU and "
                      "build support");
        return;
    }
    const nn_impl *im = find_impl(want);
    if (!impl_runs_here(im)) {
        g_env_status = NNINIT_ERR_ISA;
        snprintf(g_env_reason, sizeof g_env_reason,
                 "NNINIT_ISA=%s is not supported by this %s; using auto: %s",
                 isa_names[want], im ? "CPU" : "build", best->name);
        publish(best, g_env_reason);
        return;
    }
    snprintf(g_env_reason, sizeof g_env_reason, "forced by NNINIT_ISA=%s",
             isa_names[want]);
    publish(im, g_env_reason);
}

const nn_kernels *nn_dispatch(void)
{
    const nn_kernels *t = atomic_load_explicit(&g_table, memory_order_acquire);
    if (NN_LIKELY(t != NULL))
        return t;
    pthread_once(&g_once, init_once);
    return atomic_load_explicit(&g_table, memory_order_acquire);
}

const nn_kernels *nn_kernels_of(nninit_isa isa)
{
    nn_dispatch(); /* the tables are resolved before the first publication */
    const nn_impl *im = find_impl(isa);
    return im ? &resolved[im - impls] : NULL;
}

const nn_kernels *nn_kernels_own(nninit_isa isa)
{
    const nn_impl *im = find_impl(isa);
    return im ? im->table : NULL;
}

nninit_isa nninit_isa_active(void)
{
    nn_dispatch();
    return (nninit_isa)atomic_load_explicit(&g_isa, memory_order_acquire);
}

int nninit_isa_supported(nninit_isa isa)
{
    return impl_runs_here(find_impl(isa));
}

nninit_status nninit_isa_force(nninit_isa isa)
{
    static const char *const forced[NNINIT_ISA_COUNT_] = {
        "forced by nninit_isa_force(scalar)",
        "forced by nninit_isa_force(avx2)",
        "forced by nninit_isa_force(avx512)",
        "forced by nninit_isa_force(neon)"};
    if (isa < NNINIT_ISA_AUTO || isa >= NNINIT_ISA_COUNT_)
        return NNINIT_ERR_ENUM;
    nn_dispatch(); /* read NNINIT_ISA first so it cannot override later */
    if (isa == NNINIT_ISA_AUTO) {
        publish(best_impl(), "auto (nninit_isa_force(auto)): the best path "
                             "this CPU and build support");
        return NNINIT_OK;
    }
    const nn_impl *im = find_impl(isa);
    if (!impl_runs_here(im))
        return NNINIT_ERR_ISA;
    publish(im, forced[isa]);
    return NNINIT_OK;
}

const char *nninit_isa_name(nninit_isa isa)
{
    if (isa == NNINIT_ISA_AUTO)
        return "auto";
    if (isa < 0 || isa >= NNINIT_ISA_COUNT_)
        return "unknown";
    return isa_names[isa];
}

const char *nninit_isa_description(nninit_isa isa)
{
    const nn_impl *im = find_impl(isa);
    if (im)
        return im->description;
    if (isa >= 0 && isa < NNINIT_ISA_COUNT_)
        return "not in this build";
    return "unknown";
}

nninit_status nninit_isa_from_name(const char *name, nninit_isa *isa)
{
    if (name == NULL || isa == NULL)
        return NNINIT_ERR_NULL;
    char low[16];
    size_t n = strlen(name);
    if (n >= sizeof low)
        return NNINIT_ERR_ENUM;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    if (strcmp(low, "auto") == 0) {
        *isa = NNINIT_ISA_AUTO;
        return NNINIT_OK;
    }
    for (int i = 0; i < NNINIT_ISA_COUNT_; i++) {
        if (strcmp(low, isa_names[i]) == 0) {
            *isa = (nninit_isa)i;
            return NNINIT_OK;
        }
    }
    return NNINIT_ERR_ENUM;
}

nninit_status nninit_isa_env_status(void)
{
    nn_dispatch();
    return g_env_status;
}

const char *nninit_isa_reason(void)
{
    nn_dispatch();
    return atomic_load_explicit(&g_reason, memory_order_acquire);
}

static char g_feature_names[256];
static pthread_once_t g_feature_once = PTHREAD_ONCE_INIT;

static void fill_feature_names(void)
{
    nn_cpu_feature_names(nn_cpu_features(), g_feature_names,
                         sizeof g_feature_names);
}

const char *nninit_cpu_features(void)
{
    pthread_once(&g_feature_once, fill_feature_names);
    return g_feature_names;
}
