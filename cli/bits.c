/*
 * `nninit bits`: the random stream itself on standard output, for external
 * test batteries (dieharder -g 200 reads raw 32-bit words from stdin; see
 * docs/dieharder.md).
 *
 * --as raw (the default) writes Philox4x32-10 word j of (seed, stream) for
 * j = offset, offset + 1, ... as little-endian u32: exactly what
 * nninit_fill_bits returns.
 *
 * --as uniform / --as normal writes the stream as a distribution consumes
 * it, so that a correlation a kernel introduces is tested too: float32
 * element i (from offset on) of U[0, 1) or of N(0, 1) by --method is mapped
 * back to a uniform through its own CDF in float64 (identity; Phi), and the
 * top 16 bits of that uniform are kept (a float32 holds about 24 bits, and
 * the methods spend some on the sign and the Ziggurat layer: 16 are surely
 * uniform if the values are right). For the normal, phi16.c gives those 16
 * bits from tables, equal to the float64 erfc formula and about twice as
 * fast (232 against 108 MB/s of words here, more than dieharder reads).
 * Elements 2k and 2k + 1 make word k: 2k in the low half, 2k + 1 in the high
 * half.
 *
 * It writes until --count words are out, the stream ends (index 2^64 - 1),
 * or the reader closes the pipe: EPIPE is the normal end for a battery and
 * exits 0. Words are made and written in 4 MiB chunks, so the reader is
 * the bottleneck.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "bits.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "atomic_file.h"
#include "nninit.h"
#include "opt.h"
#include "phi16.h"

/* Words per chunk: 4 MiB of output per write. */
#define BITS_CHUNK ((size_t)1 << 20)
/* Words mapped from one fill call: 32 KiB of float32 values. */
#define SUB_WORDS ((size_t)1 << 12)

enum { AS_RAW, AS_UNIFORM, AS_NORMAL };

typedef struct bits_opts {
    int as;
    int method; /* nninit_method */
    uint64_t count;
    nninit_rng rng;
    int isa; /* nninit_isa */
} bits_opts;

static const char *parse_as(const char *val, void *to)
{
    static const char *const names[] = {"raw", "uniform", "normal"};
    int i;
    for (i = 0; i < 3; i++)
        if (strcmp(val, names[i]) == 0) {
            *(int *)to = i;
            return NULL;
        }
    return "expected one of raw, uniform, normal";
}

#define OPT(field) offsetof(bits_opts, field)

/* `nninit bits`'s options: a new one is a field of bits_opts and a row. */
static const cli_opt bits_rows[] = {
    {"as", 0, "WHAT", CLI_CUSTOM, OPT(as), NULL, parse_as, 0, 0, 0, NULL,
     "raw: Philox4x32-10 word j of (SEED, STREAM) for j = OFFSET, OFFSET + "
     "1, ...; uniform, normal: float32 element i of U[0, 1) or N(0, 1) "
     "mapped back to a uniform by its CDF (float64), its top 16 bits kept, "
     "elements 2k and 2k + 1 in the low and high half of word k [default: "
     "raw]"},
    {"method", 0, "METHOD", CLI_ENUM, OPT(method), &cli_methods, NULL, 0, 0, 0,
     NULL, "--as normal: the method [default: ziggurat]"},
    {"count", 0, "N", CLI_U64, OPT(count), NULL, NULL, 0, 0, 0, NULL,
     "words to write, decimal or 0x hex [default: until the reader stops]"},
    {"seed", 0, "S", CLI_U64, OPT(rng.seed), NULL, NULL, 0, 0, 0, NULL,
     "64-bit seed, decimal or 0x hex [default: 0]"},
    {"stream", 0, "K", CLI_U64, OPT(rng.stream), NULL, NULL, 0, 0, 0, NULL,
     "stream, decimal or 0x hex [default: 0]"},
    {"offset", 0, "O", CLI_U64, OPT(rng.offset), NULL, NULL, 0, 0, 0, NULL,
     "index of the first word (raw) or element (uniform, normal) [default: "
     "0]"},
    {"isa", 0, "ISA", CLI_ENUM, OPT(isa), &cli_isas, NULL, 0, 0, 0, NULL,
     "the kernel path; the words never depend on it [default: auto, or "
     "$NNINIT_ISA]"},
    {"help", 'h', NULL, CLI_FLAG, 0, NULL, NULL, CLI_HELP, 0, 0, NULL,
     "show this help and exit"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_group bits_groups[] = {{"Options:", bits_rows}, {NULL, NULL}};

/* clang-format off */
const cli_cmd cli_bits_cmd = {
    "bits",
    "Usage: nninit bits [options] | dieharder -g 200 -a\n"
    "\n"
    "Write the random stream to standard output as little-endian 32-bit\n"
    "words, endlessly (until the reader closes the pipe) or --count words,\n"
    "for external test batteries (docs/dieharder.md).\n",
    bits_groups, NULL, 0,
    "\n"
    "Exit status: 0 when done or when the reader closed the pipe; 1 when\n"
    "standard output fails otherwise; 2 for bad arguments.\n"};
/* clang-format on */

/* Returns 1 for --help, 0 when parsed, -1 on error (printed). */
static int parse(int argc, char **argv, bits_opts *o, int *counted)
{
    cli_seen seen;
    int r;

    memset(o, 0, sizeof *o);
    o->as = AS_RAW;
    o->method = NNINIT_ZIGGURAT;
    o->isa = NNINIT_ISA_AUTO;
    r = cli_parse(&cli_bits_cmd, argc, argv, o, &seen);
    if (r != 0)
        return r;
    if (cli_given(&seen, "method") && o->as != AS_NORMAL) {
        cli_error("option --method applies to --as normal only");
        return -1;
    }
    *counted = cli_given(&seen, "count");
    /* --count words reach index offset + count * per_word - 1, which must
     * exist (the library's NNINIT_ERR_SIZE rule). */
    if (*counted && o->count > 0) {
        uint64_t per_word = o->as == AS_RAW ? 1 : 2;
        if (o->count > UINT64_MAX / per_word ||
            o->count * per_word - 1 > UINT64_MAX - o->rng.offset) {
            cli_error("--count %llu from --offset %llu passes the end of the "
                      "stream (index 2^64 - 1)",
                      (unsigned long long)o->count,
                      (unsigned long long)o->rng.offset);
            return -1;
        }
    }
    if (cli_given(&seen, "isa")) {
        nninit_status st = nninit_isa_force((nninit_isa)o->isa);
        if (st != NNINIT_OK) {
            cli_error("--isa %s: %s", nninit_isa_name((nninit_isa)o->isa),
                      nninit_status_str(st));
            return -1;
        }
    }
    return 0;
}

/* The top 16 bits of a uniform in [0, 1]: floor(u * 2^16), 1 clamped to
 * the top bin. */
static uint32_t top16(double u)
{
    double b = floor(u * 65536.0);
    return b >= 65535.0 ? 65535u : b <= 0.0 ? 0u : (uint32_t)b;
}

/* Packs 2 * n float32 values of the distribution into n words. */
static void pack_words(int as, const float *x, uint32_t *w, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        uint32_t lo, hi;
        if (as == AS_UNIFORM) {
            lo = top16(x[2 * k]);
            hi = top16(x[2 * k + 1]);
        } else {
            /* floor(Phi(x) * 2^16), Phi in float64 (phi16.c: from
             * tables, the same values as erfc's formula). */
            lo = phi16(x[2 * k]);
            hi = phi16(x[2 * k + 1]);
        }
        w[k] = lo | hi << 16;
    }
}

/* Makes n words starting at element or word index idx. The values are
 * made and mapped SUB_WORDS words at a time, so that they stay in L1 and
 * phi16's tables (0.5 MiB) keep the L2 to themselves. */
static nninit_status make_words(const bits_opts *o, uint64_t idx, uint32_t *w,
                                float *tmp, size_t n)
{
    nninit_rng rng = o->rng;
    nninit_status st = NNINIT_OK;
    size_t done, m;

    rng.offset = idx;
    if (o->as == AS_RAW)
        return nninit_fill_bits(rng, w, n);
    for (done = 0; done < n && st == NNINIT_OK; done += m) {
        m = n - done < SUB_WORDS ? n - done : SUB_WORDS;
        rng.offset = idx + 2 * (uint64_t)done;
        if (o->as == AS_UNIFORM)
            st = nninit_fill_uniform(rng, NNINIT_F32, tmp, 2 * m, 0.0, 1.0);
        else
            st = nninit_fill_normal(rng, NNINIT_F32, tmp, 2 * m, 0.0, 1.0,
                                    (nninit_method)o->method);
        if (st == NNINIT_OK)
            pack_words(o->as, tmp, w + done, m);
    }
    return st;
}

/* Writes everything, or returns errno (0 when all was written). */
static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

int cli_bits(int argc, char **argv)
{
    bits_opts o;
    uint32_t *w;
    float *tmp = NULL;
    uint64_t left, idx, per_word;
    int r, counted = 0, err = 0;
    nninit_status st = NNINIT_OK;

    r = parse(argc, argv, &o, &counted);
    if (r != 0) /* 1: the help was printed; main checks standard output */
        return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;

    /* A closed pipe must show as EPIPE from write, not kill the process. */
    signal(SIGPIPE, SIG_IGN);
    if (o.as == AS_NORMAL && phi16_init() != 0) {
        cli_error("the libm erfc here is off: Phi(+-4.5) lands in the "
                  "wrong bin");
        return CLI_EXIT_IO;
    }
    w = malloc(BITS_CHUNK * sizeof *w);
    if (o.as != AS_RAW)
        tmp = malloc(2 * SUB_WORDS * sizeof *tmp);
    if (w == NULL || (o.as != AS_RAW && tmp == NULL)) {
        cli_error("out of memory");
        free(w);
        free(tmp);
        return CLI_EXIT_IO;
    }
    per_word = o.as == AS_RAW ? 1 : 2;
    left = o.count;
    idx = o.rng.offset;
    for (;;) {
        /* Whole words left before the stream's end (index 2^64 - 1),
         * minus one (2^64 itself does not fit): d + 1 indices remain. */
        uint64_t d = UINT64_MAX - idx;
        uint64_t to_end = per_word == 1 ? d : d / 2 + (d & 1) - 1;
        if (per_word == 2 && d == 0)
            break; /* one element left: no whole word */
        size_t n = to_end < BITS_CHUNK - 1 ? (size_t)to_end + 1 : BITS_CHUNK;
        if (counted && left < n)
            n = (size_t)left;
        if (n == 0)
            break;
        st = make_words(&o, idx, w, tmp, n);
        if (st != NNINIT_OK)
            break;
        to_little_endian(w, n, sizeof *w);
        err = write_all(STDOUT_FILENO, w, n * sizeof *w);
        if (err != 0 || (uint64_t)n - 1 == to_end)
            break;
        left -= n;
        idx += (uint64_t)n * per_word;
    }
    free(w);
    free(tmp);
    if (st != NNINIT_OK) {
        cli_error("cannot make the words: %s", nninit_status_str(st));
        return st == NNINIT_ERR_NOMEM ? CLI_EXIT_IO : CLI_EXIT_USAGE;
    }
    if (err == EPIPE)
        return CLI_EXIT_OK; /* the reader had enough */
    if (err != 0) {
        cli_error("cannot write to standard output: %s", strerror(err));
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}
