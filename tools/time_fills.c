/*
 * time_fills: single-threaded ns/sample of every fill on the given kernel
 * paths, at N = 65,536 and 16,777,216 (a development timer for the kernel
 * work of docs/performance.md; the benchmark suite is bench/).
 *
 *     time_fills [isa ...]          (default: every path this CPU runs)
 *
 * Each figure is the minimum over repetitions of the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID) per sample, so that time the thread spends
 * descheduled on a shared machine does not count; each repetition fills
 * fresh indices (offset advances) into the same buffer, touched once first.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nninit.h"

typedef struct {
    const char *name;
    int kind; /* 0 bits, 1 uniform, 2 normal, 3 truncated normal */
    nninit_dtype dtype;
    nninit_method method;
} workload;

static const workload workloads[] = {
    {"bits u32", 0, NNINIT_F32, NNINIT_ZIGGURAT},
    {"uniform f32", 1, NNINIT_F32, NNINIT_ZIGGURAT},
    {"uniform f64", 1, NNINIT_F64, NNINIT_ZIGGURAT},
    {"uniform bf16", 1, NNINIT_BF16, NNINIT_ZIGGURAT},
    {"uniform f16", 1, NNINIT_F16, NNINIT_ZIGGURAT},
    {"normal f32 ziggurat", 2, NNINIT_F32, NNINIT_ZIGGURAT},
    {"normal f32 box-muller", 2, NNINIT_F32, NNINIT_BOX_MULLER},
    {"normal f32 icdf", 2, NNINIT_F32, NNINIT_ICDF},
    {"normal f64 ziggurat", 2, NNINIT_F64, NNINIT_ZIGGURAT},
    {"normal f64 box-muller", 2, NNINIT_F64, NNINIT_BOX_MULLER},
    {"normal f64 icdf", 2, NNINIT_F64, NNINIT_ICDF},
    {"normal bf16 ziggurat", 2, NNINIT_BF16, NNINIT_ZIGGURAT},
    {"trunc [-2,2] f32", 3, NNINIT_F32, NNINIT_ZIGGURAT},
    {"trunc [-2,2] f64", 3, NNINIT_F64, NNINIT_ZIGGURAT},
};

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void run(const workload *w, void *buf, size_t n, uint64_t offset)
{
    nninit_rng rng = nninit_rng_make(20261129, 0);
    rng.offset = offset;
    nninit_status st = NNINIT_OK;
    switch (w->kind) {
    case 0:
        st = nninit_fill_bits(rng, (uint32_t *)buf, n);
        break;
    case 1:
        st = nninit_fill_uniform(rng, w->dtype, buf, n, 0.0, 1.0);
        break;
    case 2:
        st = nninit_fill_normal(rng, w->dtype, buf, n, 0.0, 1.0, w->method);
        break;
    default:
        st = nninit_fill_trunc_normal(rng, w->dtype, buf, n, 0.0, 1.0, -2.0,
                                      2.0);
        break;
    }
    if (st != NNINIT_OK) {
        fprintf(stderr, "time_fills: %s: %s\n", w->name, nninit_status_str(st));
        exit(1);
    }
}

static double time_one(const workload *w, void *buf, size_t n, int reps)
{
    double best = 1e30;
    run(w, buf, n, 0);
    for (int r = 0; r < reps; r++) {
        double t0 = cpu_now();
        run(w, buf, n, (uint64_t)(r + 1) * n);
        double t = cpu_now() - t0;
        if (t < best)
            best = t;
    }
    return best / (double)n * 1e9;
}

int main(int argc, char **argv)
{
    nninit_isa isas[NNINIT_ISA_COUNT_];
    int nisa = 0;
    for (int i = 1; i < argc; i++) {
        nninit_isa isa;
        if (nninit_isa_from_name(argv[i], &isa) != NNINIT_OK ||
            isa == NNINIT_ISA_AUTO || !nninit_isa_supported(isa)) {
            fprintf(stderr, "time_fills: %s: not a path this CPU runs\n",
                    argv[i]);
            return 2;
        }
        isas[nisa++] = isa;
    }
    if (nisa == 0)
        for (int i = 0; i < NNINIT_ISA_COUNT_; i++)
            if (nninit_isa_supported((nninit_isa)i))
                isas[nisa++] = (nninit_isa)i;

    const size_t sizes[2] = {65536, 16777216};
    void *buf = malloc(sizes[1] * 8);
    if (buf == NULL)
        return 1;
    memset(buf, 0, sizes[1] * 8);
    nninit_set_num_threads(1);

    printf(
        "| workload | path | ns/sample N=65,536 | ns/sample N=16,777,216 |\n");
    printf("|---|---|---:|---:|\n");
    for (size_t k = 0; k < sizeof workloads / sizeof workloads[0]; k++) {
        for (int i = 0; i < nisa; i++) {
            nninit_isa_force(isas[i]);
            int slow = isas[i] == NNINIT_ISA_SCALAR;
            double a = time_one(&workloads[k], buf, sizes[0], slow ? 40 : 400);
            double b = time_one(&workloads[k], buf, sizes[1], slow ? 2 : 8);
            printf("| %s | %s | %.3f | %.3f |\n", workloads[k].name,
                   nninit_isa_name(isas[i]), a, b);
            fflush(stdout);
        }
    }
    free(buf);
    return 0;
}
