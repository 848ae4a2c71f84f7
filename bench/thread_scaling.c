/*
 * 16,777,216 float32 normals (Ziggurat) with 1 thread and with N threads
 * (default 2) into one preallocated, pre-touched 64 MiB buffer: the thread
 * scaling figure of docs/performance.md, "Bulk initialization".
 *
 *   thread_scaling [--threads N] [--reps R] [--isa ISA]
 *
 * Prints the best time of each and the speed-up.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nninit.h"

#define N_NORMALS ((size_t)16777216)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double best_time(float *buf, int threads, int reps)
{
    double best = 1e30;
    int r;
    nninit_set_num_threads(threads);
    for (r = -1; r < reps; r++) { /* r = -1: warm-up */
        double t0 = now(), dt;
        if (nninit_fill_normal(nninit_rng_make(1, 0), NNINIT_F32, buf,
                               N_NORMALS, 0.0, 1.0,
                               NNINIT_ZIGGURAT) != NNINIT_OK) {
            fprintf(stderr, "thread_scaling: fill failed\n");
            exit(1);
        }
        dt = now() - t0;
        if (r >= 0 && dt < best)
            best = dt;
    }
    return best;
}

int main(int argc, char **argv)
{
    int threads = 2, reps = 10, i;
    float *buf;
    double t1, tn;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--isa") == 0 && i + 1 < argc) {
            nninit_isa isa;
            if (nninit_isa_from_name(argv[++i], &isa) != NNINIT_OK ||
                nninit_isa_force(isa) != NNINIT_OK) {
                fprintf(stderr, "thread_scaling: ISA '%s' unavailable\n",
                        argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: thread_scaling [--threads N] [--reps R] "
                            "[--isa ISA]\n");
            return 2;
        }
    }
    if (threads < 1 || reps < 1) {
        fprintf(stderr, "thread_scaling: bad --threads or --reps\n");
        return 2;
    }
    buf = aligned_alloc(64, N_NORMALS * sizeof *buf);
    if (buf == NULL)
        return 1;
    memset(buf, 0, N_NORMALS * sizeof *buf);
    t1 = best_time(buf, 1, reps);
    tn = best_time(buf, threads, reps);
    printf("nninit 16777216 f32 normals, isa %s: 1 thread %.4f s "
           "(%.0f M/s), %d threads %.4f s (%.0f M/s), speed-up %.2fx\n",
           nninit_isa_name(nninit_isa_active()), t1,
           (double)N_NORMALS / t1 / 1e6, threads, tn,
           (double)N_NORMALS / tn / 1e6, t1 / tn);
    free(buf);
    return 0;
}
