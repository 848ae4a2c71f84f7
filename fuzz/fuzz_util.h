/* Helpers shared by the fuzz targets: failing loudly, and an output
 * buffer with guard bytes on both sides. */
#ifndef NNINIT_FUZZ_UTIL_H
#define NNINIT_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sanitizers' report channel, which libFuzzer keeps open when
 * -close_fd_mask closes standard error (weak: absent without them). */
void __sanitizer_report_error_summary(const char *summary)
    __attribute__((weak));

/* A property the target checks does not hold: abort, which libFuzzer
 * reports as a crash with the input that caused it. */
static inline void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz: property violated: %s\n", what);
    if (__sanitizer_report_error_summary)
        __sanitizer_report_error_summary(what);
    abort();
}

#define FUZZ_GUARD 64
#define FUZZ_CAP 4096 /* the most bytes a guarded call may write */
#define FUZZ_SHIFT 64 /* an output may start 0 .. FUZZ_SHIFT - 1 bytes late */
#define FUZZ_POISON 0xA5

/* out points FUZZ_GUARD + shift bytes into mem (shift < FUZZ_SHIFT: any
 * misalignment, since the API promises any alignment); bytes [0, want) of
 * out may be written by a successful call, nothing by a failing one; the
 * guards and the shift's slack catch a near miss in the release sense,
 * ASan's redzones a far one. */
typedef struct fuzz_guarded {
    unsigned char mem[FUZZ_GUARD + FUZZ_SHIFT + FUZZ_CAP + FUZZ_GUARD];
    unsigned char *out;
    size_t want;
} fuzz_guarded;

static inline void fuzz_guard_init_at(fuzz_guarded *g, size_t want,
                                      size_t shift)
{
    if (want > FUZZ_CAP)
        fuzz_fail("a guarded call wants more than FUZZ_CAP bytes");
    memset(g->mem, FUZZ_POISON, sizeof g->mem);
    g->out = g->mem + FUZZ_GUARD + shift % FUZZ_SHIFT;
    g->want = want;
}

static inline void fuzz_guard_init(fuzz_guarded *g, size_t want)
{
    fuzz_guard_init_at(g, want, 0);
}

/* ok: the call succeeded, so [0, want) may have changed. */
static inline void fuzz_guard_check(const fuzz_guarded *g, int ok,
                                    const char *what)
{
    const size_t start = (size_t)(g->out - g->mem);
    size_t from = start + (ok ? g->want : 0);
    for (size_t i = 0; i < start; i++)
        if (g->mem[i] != FUZZ_POISON) {
            fprintf(stderr, "fuzz: %s wrote before its output\n", what);
            abort();
        }
    for (size_t i = from; i < sizeof g->mem; i++)
        if (g->mem[i] != FUZZ_POISON) {
            fprintf(stderr, "fuzz: %s %s byte %zu of its output\n", what,
                    ok ? "wrote past its end at" : "failed but wrote",
                    i - start);
            abort();
        }
}

#endif
