/*
 * The truncated normal's cost against the default normal (issue 17's goal:
 * at most 1.5x on [-2, 2] at std 1 and std 0.02), as ratios measured in one
 * run: float32 N(0, 1) by the Ziggurat, N(0, 1) and N(0, 0.02) truncated to
 * [-2, 2], one thread, on the automatic path (NNINIT_ISA picks another).
 *
 *   trunc_ratio [--n N] [--reps R]
 *
 * Every call fills a new range (seed and offset change), as fills of a
 * model's tensors do: repeating one fill lets the branch predictor learn
 * which lanes are rejected (here the truncated normal at std 1 ran 8%
 * faster on a repeated fill of 65,536 values than on fresh ones), which a
 * user never sees. Each repetition times the three workloads back to back
 * over calls totalling at least 4M values (thread CPU time); the figure is
 * the best repetition of each.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nninit.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t n = 65536;
    int reps = 20;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--n") == 0 && i + 1 < argc)
            n = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: trunc_ratio [--n N] [--reps R]\n");
            return 2;
        }
    }
    if (n == 0 || reps < 1) {
        fprintf(stderr, "trunc_ratio: --n and --reps must be positive\n");
        return 2;
    }
    float *buf = malloc(n * sizeof(float));
    if (buf == NULL) {
        fprintf(stderr, "trunc_ratio: cannot allocate %zu floats\n", n);
        return 1;
    }
    memset(buf, 0, n * sizeof(float));
    nninit_set_num_threads(1);
    static const char *const names[3] = {"normal f32 (Ziggurat)",
                                         "trunc [-2, 2] std 1",
                                         "trunc [-2, 2] std 0.02"};
    double best[3] = {1e30, 1e30, 1e30};
    const size_t calls = n >= 4000000 ? 1 : 4000000 / n;
    for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
        for (int k = 0; k < 3; k++) {
            nninit_rng rng = nninit_rng_make(1000 + (uint64_t)(r + 1), 0);
            double t0 = cpu_now();
            for (size_t c = 0; c < calls; c++) {
                nninit_status st;
                rng.offset = (uint64_t)c * n;
                if (k == 0)
                    st = nninit_fill_normal(rng, NNINIT_F32, buf, n, 0.0, 1.0,
                                            NNINIT_ZIGGURAT);
                else
                    st = nninit_fill_trunc_normal(rng, NNINIT_F32, buf, n, 0.0,
                                                  k == 1 ? 1.0 : 0.02, -2.0,
                                                  2.0);
                if (st != NNINIT_OK) {
                    fprintf(stderr, "trunc_ratio: %s\n", nninit_status_str(st));
                    return 1;
                }
            }
            double ns = (cpu_now() - t0) / (double)calls / (double)n * 1e9;
            if (r >= 0 && ns < best[k])
                best[k] = ns;
        }
    }
    printf("nninit %s, path %s, n %zu, best of %d\n", nninit_version(),
           nninit_isa_name(nninit_isa_active()), n, reps);
    for (int k = 0; k < 3; k++)
        printf("%-24s %7.3f ns/sample  %.2fx\n", names[k], best[k],
               best[k] / best[0]);
    free(buf);
    return 0;
}
