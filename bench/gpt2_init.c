/*
 * Times initializing GPT-2 small (cli/gpt2.c's tensors and initializers)
 * into preallocated memory with nninit: the in-memory half of
 * docs/performance.md, "Bulk initialization"; bench/peers/gpt2_torch.py
 * does the same with PyTorch.
 *
 *   gpt2_init [--threads N] [--reps R] [--dtype f32|bf16|f16] [--isa ISA]
 *             [--spec SPEC.json] [--chunk MIB]
 *
 * --spec times another model's spec instead (docs/model-spec.md; e.g. a
 * Hugging Face family's, from `nninit model --hf-config C --print-spec`):
 * its tensors, initializers and padding rows, all in --dtype.
 *
 * Every tensor gets its own buffer (as a framework allocates parameters),
 * allocated and written once before timing so that page faults are not
 * counted. One repetition initializes all 148 tensors in state_dict order
 * with the same streams as `nninit model` (FNV-1a 64 of the name). Prints
 * one line: best and median seconds over the repetitions, parameters per
 * second and bytes per second of the best, and the best CPU seconds (all
 * threads).
 *
 * --chunk MIB: generation alone, as `nninit model` does it but without the
 * writes: each tensor is made MIB MiB at a time by nninit_init_range into
 * one reused buffer (4 is the tool's chunk), so a model larger than memory
 * (Llama-2-7B) can be timed; docs/performance-bulk.md compares this with
 * the tool writing the same tensors to disk.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/gpt2.h"
#include "../cli/hf.h"
#include "../cli/spec.h"
#include "nninit.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the whole process (every thread): on a busy machine the
 * 1-thread comparisons are fairer in CPU seconds than in wall seconds. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int threads = 0, reps = 5, i, r;
    nninit_dtype dtype = NNINIT_F32;
    const char *dtype_name = "f32", *spec_path = NULL, *model = "gpt2-small";
    model_spec spec;
    spec_tensor *t;
    void **buf;
    size_t n, k, esize, params = 0, chunk = 0;
    size_t *numel;
    double *secs, *cpu;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--dtype") == 0 && i + 1 < argc) {
            dtype_name = argv[++i];
            dtype = strcmp(dtype_name, "bf16") == 0  ? NNINIT_BF16
                    : strcmp(dtype_name, "f16") == 0 ? NNINIT_F16
                                                     : NNINIT_F32;
        } else if (strcmp(argv[i], "--isa") == 0 && i + 1 < argc) {
            nninit_isa isa;
            if (nninit_isa_from_name(argv[++i], &isa) != NNINIT_OK ||
                nninit_isa_force(isa) != NNINIT_OK) {
                fprintf(stderr, "gpt2_init: ISA '%s' unavailable\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--spec") == 0 && i + 1 < argc) {
            spec_path = model = argv[++i];
        } else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) {
            chunk = (size_t)strtoul(argv[++i], NULL, 10) << 20;
            if (chunk == 0) {
                fprintf(stderr, "gpt2_init: bad --chunk\n");
                return 2;
            }
        } else {
            fprintf(stderr, "usage: gpt2_init [--threads N] [--reps R] "
                            "[--dtype f32|bf16|f16] [--isa ISA] "
                            "[--spec SPEC.json] [--chunk MIB]\n");
            return 2;
        }
    }
    if (reps < 1 || nninit_set_num_threads(threads) != NNINIT_OK) {
        fprintf(stderr, "gpt2_init: bad --reps or --threads\n");
        return 2;
    }

    spec_init(&spec);
    if ((spec_path != NULL ? spec_load(&spec, spec_path)
                           : hf_gpt2_spec(&spec, &gpt2_small)) != 0)
        return 2;
    n = spec.n;
    t = spec.tensors;
    buf = calloc(n > 0 ? n : 1, sizeof *buf);
    numel = calloc(n > 0 ? n : 1, sizeof *numel);
    secs = malloc((size_t)reps * sizeof *secs);
    cpu = malloc((size_t)reps * sizeof *cpu);
    if (buf == NULL || numel == NULL || secs == NULL || cpu == NULL)
        return 1;
    esize = nninit_dtype_size(dtype);
    for (k = 0; k < n; k++) {
        if (nninit_numel(t[k].shape, t[k].ndim, &numel[k]) != NNINIT_OK)
            return 1;
        params += numel[k];
        if (chunk > 0 && k > 0) { /* one buffer, the chunk's size */
            buf[k] = buf[0];
            continue;
        }
        size_t bytes = chunk > 0 ? chunk : numel[k] * esize;
        buf[k] = aligned_alloc(64, (bytes + 64) & ~(size_t)63);
        if (buf[k] == NULL)
            return 1;
        memset(buf[k], 0, bytes); /* fault the pages in now */
    }
    if (spec_path == NULL && params != GPT2_SMALL_PARAMS) {
        fprintf(stderr, "gpt2_init: %zu parameters, want %d\n", params,
                GPT2_SMALL_PARAMS);
        return 1;
    }

    /* r = -1: warm-up (pool start, caches); not worth a whole pass over a
     * model timed in chunks. */
    for (r = chunk > 0 ? 0 : -1; r < reps; r++) {
        double t0 = now(), c0 = cpu_now();
        for (k = 0; k < n; k++) {
            nninit_rng rng = nninit_rng_make(0, spec_name_stream(t[k].name));
            nninit_status st = NNINIT_OK;
            if (chunk > 0) {
                const size_t step = chunk / esize;
                for (size_t f = 0; f < numel[k] && st == NNINIT_OK; f += step)
                    st = nninit_init_range(
                        rng, dtype, buf[k], t[k].shape, t[k].ndim, &t[k].desc,
                        f, numel[k] - f < step ? numel[k] - f : step);
                if (st != NNINIT_OK) {
                    fprintf(stderr, "gpt2_init: %s: %s\n", t[k].name,
                            nninit_status_str(st));
                    return 1;
                }
                continue; /* the padding row: a memset, left out here */
            }
            st = nninit_init(rng, dtype, buf[k], t[k].shape, t[k].ndim,
                             &t[k].desc);
            if (t[k].padding_idx >= 0) { /* as nn.Embedding's init does */
                size_t row = (size_t)(t[k].ndim > 1 ? t[k].shape[1] : 1);
                for (i = 2; i < (int)t[k].ndim; i++)
                    row *= (size_t)t[k].shape[i];
                memset((char *)buf[k] + (size_t)t[k].padding_idx * row * esize,
                       0, row * esize);
            }
            if (st != NNINIT_OK) {
                fprintf(stderr, "gpt2_init: %s: %s\n", t[k].name,
                        nninit_status_str(st));
                return 1;
            }
        }
        if (r >= 0) {
            secs[r] = now() - t0;
            cpu[r] = cpu_now() - c0;
        }
    }
    qsort(secs, (size_t)reps, sizeof *secs, cmp_double);
    qsort(cpu, (size_t)reps, sizeof *cpu, cmp_double);
    printf("nninit %s %s%s: isa %s, %d threads, %d reps: best %.4f s, "
           "median %.4f s, %.3f Gparam/s, %.2f GB/s; best CPU %.4f s\n",
           model, dtype_name, chunk > 0 ? " (chunked, generation alone)" : "",
           nninit_isa_name(nninit_isa_active()), nninit_get_num_threads(), reps,
           secs[0], secs[reps / 2], (double)params / secs[0] / 1e9,
           (double)(params * esize) / secs[0] / 1e9, cpu[0]);
    for (k = 0; k < n; k++)
        if (k == 0 || chunk == 0)
            free(buf[k]);
    free(buf);
    free(numel);
    spec_free(&spec);
    free(secs);
    free(cpu);
    return 0;
}
