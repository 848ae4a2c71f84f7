/*
 * `nninit bench`: a quick table of ns/sample and GB/s for every kernel path
 * (ISA) this CPU runs and every method, next to the single-thread memory
 * write ceiling, at a cache-resident and a memory-bound size. It finishes in
 * well under a minute; the full suite (every size, type and method, Google
 * Benchmark) is build/bench/nninit_bench, and the comparison with other
 * libraries is scripts/peers.sh (see docs/performance.md).
 *
 * Each cell is the fastest of at least three calls (and of as many as fit in
 * --time seconds) after one untimed call. The library runs on one thread
 * unless --threads says otherwise. The tool uses
 * the public API (nninit.h) only, plus bench/memwrite.c for the ceiling.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "bench.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bench/memwrite.h"
#include "args.h"
#include "nninit.h"
#include "opt.h"

#define MAX_SIZES 6

typedef enum {
    K_BITS,
    K_UNIFORM,
    K_ZIGGURAT,
    K_BOX_MULLER,
    K_ICDF,
    K_TRUNC,
    K_COUNT
} kernel;

static const char *const kernel_names[K_COUNT] = {
    "bits (u32)",        "uniform",     "normal ziggurat",
    "normal box-muller", "normal icdf", "trunc-normal",
};

/* The clock cells are timed with: this thread's CPU time when the library
 * runs on one thread (other processes on a busy machine inflate it less),
 * wall time when it may use more (the calling thread's CPU time would miss
 * the workers'). */
static clockid_t g_clock = CLOCK_THREAD_CPUTIME_ID;

static double cpu_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(g_clock, &ts) != 0 &&
        clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One measured thing: a kernel of the library, or a kind of store. */
typedef struct job {
    int is_memwrite;
    bench_memwrite_kind store;
    kernel k;
    nninit_dtype dtype;
    void *buf;
    size_t bytes;
} job;

static size_t job_elem_size(const job *j)
{
    return !j->is_memwrite && j->k == K_BITS ? 4 : nninit_dtype_size(j->dtype);
}

static nninit_status job_run(const job *j)
{
    nninit_rng rng = nninit_rng_make(42, 0);
    size_t n = j->bytes / job_elem_size(j);
    if (j->is_memwrite) {
        bench_memwrite(j->store, j->buf, j->bytes);
        return NNINIT_OK;
    }
    switch (j->k) {
    case K_BITS:
        return nninit_fill_bits(rng, (uint32_t *)j->buf, n);
    case K_UNIFORM:
        return nninit_fill_uniform(rng, j->dtype, j->buf, n, -1.0, 1.0);
    case K_ZIGGURAT:
        return nninit_fill_normal(rng, j->dtype, j->buf, n, 0.0, 1.0,
                                  NNINIT_ZIGGURAT);
    case K_BOX_MULLER:
        return nninit_fill_normal(rng, j->dtype, j->buf, n, 0.0, 1.0,
                                  NNINIT_BOX_MULLER);
    case K_ICDF:
        return nninit_fill_normal(rng, j->dtype, j->buf, n, 0.0, 1.0,
                                  NNINIT_ICDF);
    default:
        return nninit_fill_trunc_normal(rng, j->dtype, j->buf, n, 0.0, 1.0,
                                        -2.0, 2.0);
    }
}

/* Seconds for `reps` back-to-back calls. */
static double batch_time(const job *j, long reps)
{
    double t0 = cpu_seconds();
    for (long r = 0; r < reps; r++)
        job_run(j);
    return cpu_seconds() - t0;
}

/* Fastest call in seconds, or a negative value if the library refused.
 * Reading the thread CPU clock costs about a microsecond on a VM, so calls
 * are timed in batches of at least a millisecond. */
static double job_time(const job *j, double min_time)
{
    double best = -1.0, start, t;
    int samples = 0, min_samples = min_time > 0.0 ? 3 : 1;
    long reps = 1;
    if (job_run(j) != NNINIT_OK) /* untimed: caches, TLB, predictors */
        return -1.0;
    while ((t = batch_time(j, reps)) < 1e-3 && reps < (1L << 24))
        reps *= 2;
    start = cpu_seconds();
    do {
        t = batch_time(j, reps) / (double)reps;
        if (best < 0.0 || t < best)
            best = t;
        samples++;
    } while (samples < min_samples || cpu_seconds() - start < min_time);
    return best > 0.0 ? best : 1e-12; /* a clock too coarse for a cell */
}

/* "256K" -> 262144; a multiple of 64 bytes, at least 64. NULL on success. */
static const char *parse_size(const char *s, size_t *out)
{
    char num[32];
    size_t len = strlen(s), shift = 0;
    uint64_t v;
    const char *why;
    if (len == 0)
        return "empty size";
    if (len >= sizeof num)
        return "size too long";
    memcpy(num, s, len + 1);
    switch (num[len - 1]) {
    case 'K':
    case 'k':
        shift = 10;
        break;
    case 'M':
    case 'm':
        shift = 20;
        break;
    case 'G':
    case 'g':
        shift = 30;
        break;
    default:
        break;
    }
    if (shift > 0)
        num[--len] = '\0';
    why = cli_parse_u64(num, &v);
    if (why != NULL)
        return why;
    if (v > (UINT64_C(1) << 40) >> shift)
        return "larger than 1 TiB";
    v <<= shift;
    if (v < 64 || v % 64 != 0)
        return "not a multiple of 64 bytes";
    *out = (size_t)v;
    return NULL;
}

static void fmt_size(char *buf, size_t cap, size_t bytes)
{
    if (bytes % (1u << 30) == 0)
        snprintf(buf, cap, "%zu GiB", bytes >> 30);
    else if (bytes % (1u << 20) == 0)
        snprintf(buf, cap, "%zu MiB", bytes >> 20);
    else if (bytes % (1u << 10) == 0)
        snprintf(buf, cap, "%zu KiB", bytes >> 10);
    else
        snprintf(buf, cap, "%zu B", bytes);
}

typedef struct size_list {
    size_t sizes[MAX_SIZES];
    int n;
} size_list;

typedef struct opts {
    nninit_dtype dtype;
    nninit_isa isa;
    size_list sizes;
    double time;
    int threads;
} opts;

static const char *parse_isa(const char *val, void *to)
{
    nninit_isa *isa = to;
    if (nninit_isa_from_name(val, isa) != NNINIT_OK || *isa == NNINIT_ISA_AUTO)
        return "expected one of scalar, avx2, avx512, neon";
    if (!nninit_isa_supported(*isa))
        return nninit_status_str(NNINIT_ERR_ISA);
    return NULL;
}

static const char *parse_sizes(const char *val, void *to)
{
    size_list *l = to;
    char item[32];
    const char *p = val;
    l->n = 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *why;
        if (l->n == MAX_SIZES)
            return "more than 6 sizes";
        if (len >= sizeof item)
            return "size too long";
        memcpy(item, p, len);
        item[len] = '\0';
        why = parse_size(item, &l->sizes[l->n]);
        if (why != NULL)
            return why;
        l->n++;
        if (p[len] == '\0')
            return NULL;
        p += len + 1;
    }
}

static const char *parse_time(const char *val, void *to)
{
    double *t = to;
    const char *why = cli_parse_double(val, t);
    if (why == NULL && !(*t >= 0.0 && *t <= 60.0))
        why = "expected seconds in [0, 60]";
    return why;
}

static const char *parse_threads(const char *val, void *to)
{
    uint64_t t;
    const char *why = cli_parse_u64(val, &t);
    if (why == NULL && t > 1024)
        why = "expected a thread count in [0, 1024]";
    if (why == NULL)
        *(int *)to = (int)t;
    return why;
}

#define OPT(field) offsetof(opts, field)

/* `nninit bench`'s options: a new one is a field of opts and a row. */
static const cli_opt bench_opts[] = {
    {"dtype", 0, "DTYPE", CLI_ENUM, OPT(dtype), &cli_dtypes, NULL, 0, 0, 0,
     NULL, "the output type [default: f32]"},
    {"isa", 0, "ISA", CLI_CUSTOM, OPT(isa), NULL, parse_isa, 0, 0, 0, NULL,
     "only this path: scalar, avx2, avx512 or neon [default: every path this "
     "CPU and build run]"},
    {"sizes", 0, "LIST", CLI_CUSTOM, OPT(sizes), NULL, parse_sizes, 0, 0, 0,
     NULL,
     "output sizes in bytes, comma-separated, with an optional K, M or G "
     "suffix (powers of 1024), at most 6 [default: 256K,64M]"},
    {"time", 0, "S", CLI_CUSTOM, OPT(time), NULL, parse_time, 0, 0, 0, NULL,
     "seconds to spend on each cell at least [default: 0.1]"},
    {"threads", 0, "N", CLI_CUSTOM, OPT(threads), NULL, parse_threads, 0, 0, 0,
     NULL,
     "threads the library may use for large fills; 0: its default "
     "(NNINIT_NUM_THREADS, else every CPU) [default: 1, one core's figures]"},
    {"help", 'h', NULL, CLI_FLAG, 0, NULL, NULL, CLI_HELP, 0, 0, NULL,
     "show this help and exit"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_group bench_groups[] = {{"Options:", bench_opts},
                                         {NULL, NULL}};

/* clang-format off */
const cli_cmd cli_bench_cmd = {
    "bench",
    "Usage: nninit bench [options]\n"
    "\n"
    "Measure every kernel path (ISA) this CPU runs and every method, one\n"
    "thread, and print ns/sample and GB/s of output next to the memory write\n"
    "ceiling (plain stores, non-temporal stores, memset) at the same sizes.\n"
    "%ceil is the kernel's GB/s over the fastest of the three memory rows\n"
    "(which are always one thread's).\n"
    "Each cell is the fastest call of at least three (short calls are timed\n"
    "in batches), in thread CPU time on one thread, in wall time on more.\n"
    "The values written never depend on the path; only the speed does.\n",
    bench_groups, NULL, 0,
    "\n"
    "The full suite and the comparison with numpy, torch, GSL, Boost and\n"
    "<random>: see docs/performance.md.\n"};
/* clang-format on */

static void print_cells(const job *tmpl, const opts *o, const double *ceil,
                        double *gbs_out)
{
    int s;
    for (s = 0; s < o->sizes.n; s++) {
        job j = *tmpl;
        double t, gbs;
        j.bytes = o->sizes.sizes[s];
        t = job_time(&j, o->time);
        if (t < 0.0) {
            printf(" %10s %7s %6s", "error", "-", "-");
            continue;
        }
        gbs = (double)j.bytes / t * 1e-9;
        if (gbs_out != NULL)
            gbs_out[s] = gbs;
        printf(" %10.3f %7.2f", t * 1e9 / (double)(j.bytes / job_elem_size(&j)),
               gbs);
        if (ceil != NULL && ceil[s] > 0.0)
            printf(" %6.1f", 100.0 * gbs / ceil[s]);
        else
            printf(" %6s", "-");
        fflush(stdout);
    }
    printf("\n");
}

int cli_bench(int argc, char **argv)
{
    opts o = {NNINIT_F32,
              NNINIT_ISA_AUTO,
              {{(size_t)256 << 10, (size_t)64 << 20}, 2},
              0.1,
              1};
    cli_seen seen;
    size_t max_bytes = 0;
    double ceil[MAX_SIZES] = {0};
    void *buf = NULL;
    int r, s, i, k, skipped = 0, one_isa;
    char label[64], dt[CLI_NAME_MAX];

    r = cli_parse(&cli_bench_cmd, argc, argv, &o, &seen);
    if (r != 0)
        return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    one_isa = cli_given(&seen, "isa");
    for (s = 0; s < o.sizes.n; s++)
        if (o.sizes.sizes[s] > max_bytes)
            max_bytes = o.sizes.sizes[s];
    if (posix_memalign(&buf, 4096, max_bytes) != 0) {
        cli_error("out of memory (%zu bytes)", max_bytes);
        return CLI_EXIT_IO;
    }
    memset(buf, 0, max_bytes); /* fault every page in before timing */
    if (nninit_set_num_threads(o.threads) != NNINIT_OK) {
        cli_error("--threads %d: %s", o.threads,
                  nninit_status_str(NNINIT_ERR_PARAM));
        free(buf);
        return CLI_EXIT_USAGE;
    }
    g_clock = nninit_get_num_threads() > 1 ? CLOCK_MONOTONIC
                                           : CLOCK_THREAD_CPUTIME_ID;

    printf("nninit %s bench: %s output, %d thread%s, fastest of >= %d calls "
           "per cell (>= %g s), %s\n",
           nninit_version(), cli_enum_show(&cli_dtypes, (int)o.dtype, 1, dt),
           nninit_get_num_threads(), nninit_get_num_threads() > 1 ? "s" : "",
           o.time > 0.0 ? 3 : 1, o.time,
           g_clock == CLOCK_MONOTONIC ? "wall time" : "thread CPU time");
    printf("CPU features: %s\n\n", nninit_cpu_features());
    printf("%-8s %-18s", "", "");
    for (s = 0; s < o.sizes.n; s++) {
        char size[32];
        fmt_size(size, sizeof size, o.sizes.sizes[s]);
        printf(" %26s", size);
    }
    printf("\n%-8s %-18s", "isa", "kernel");
    for (s = 0; s < o.sizes.n; s++)
        printf(" %10s %7s %6s", "ns/sample", "GB/s", "%ceil");
    printf("\n");

    for (k = 0; k < BENCH_MEMWRITE_COUNT_; k++) {
        job j = {1, (bench_memwrite_kind)k, K_BITS, o.dtype, buf, 0};
        double gbs[MAX_SIZES] = {0};
        if (!bench_memwrite_available(j.store))
            continue;
        snprintf(label, sizeof label, "memory: %s",
                 bench_memwrite_name(j.store));
        printf("%-8s %-18s", "-", label);
        print_cells(&j, &o, NULL, gbs);
        for (s = 0; s < o.sizes.n; s++)
            if (gbs[s] > ceil[s])
                ceil[s] = gbs[s];
    }

    for (i = 0; i < NNINIT_ISA_COUNT_; i++) {
        nninit_isa isa = (nninit_isa)i;
        if (one_isa ? isa != o.isa : !nninit_isa_supported(isa))
            continue;
        if (nninit_isa_force(isa) != NNINIT_OK)
            continue;
        for (k = 0; k < K_COUNT; k++) {
            job j = {0, BENCH_MEMWRITE_PLAIN, (kernel)k, o.dtype, buf, 0};
            printf("%-8s %-18s", nninit_isa_name(isa), kernel_names[k]);
            print_cells(&j, &o, ceil, NULL);
        }
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
    free(buf);

    for (i = 0; i < NNINIT_ISA_COUNT_ && !one_isa; i++) {
        nninit_isa isa = (nninit_isa)i;
        if (nninit_isa_supported(isa))
            continue;
        printf("%s%s: %s",
               skipped++ ? "; " : "\nnot measured: ", nninit_isa_name(isa),
               strcmp(nninit_isa_description(isa), "not in this build") == 0
                   ? "not in this build"
                   : "this CPU cannot run it");
    }
    if (skipped)
        printf("\n");
    printf("\n%%ceil: GB/s over the fastest memory row at that size. "
           "Automatic path: %s.\n",
           nninit_isa_name(nninit_isa_active()));
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write to standard output");
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}
