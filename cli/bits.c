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
 * uniform if the values are right). Elements 2k and 2k + 1 make word k:
 * 2k in the low half, 2k + 1 in the high half.
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "atomic_file.h"
#include "nninit.h"

/* Words per chunk: 4 MiB of output per write. */
#define BITS_CHUNK ((size_t)1 << 20)

const char cli_bits_help[] =
    "Usage: nninit bits [options] | dieharder -g 200 -a\n"
    "\n"
    "Write the random stream to standard output as little-endian 32-bit "
    "words,\n"
    "endlessly (until the reader closes the pipe) or --count words.\n"
    "\n"
    "Options:\n"
    "  --as WHAT             raw: Philox4x32-10 word j of (SEED, STREAM) for\n"
    "                        j = OFFSET, OFFSET + 1, ...;\n"
    "                        uniform, normal: float32 element i of U[0, 1) or\n"
    "                        N(0, 1) mapped back to a uniform by its CDF\n"
    "                        (float64), its top 16 bits kept, elements 2k and\n"
    "                        2k + 1 in the low and high half of word k\n"
    "                        [default: raw]\n"
    "  --method METHOD       --as normal: ziggurat, box-muller or icdf\n"
    "                        [default: ziggurat]\n"
    "  --count N             words to write, decimal or 0x hex\n"
    "                        [default: until the reader stops]\n"
    "  --seed S              64-bit seed, decimal or 0x hex [default: 0]\n"
    "  --stream K            stream, decimal or 0x hex [default: 0]\n"
    "  --offset O            index of the first word (raw) or element\n"
    "                        (uniform, normal) [default: 0]\n"
    "  --isa ISA             auto, scalar, avx2, avx512 or neon; the words\n"
    "                        never depend on it [default: auto, or "
    "$NNINIT_ISA]\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 when done or when the reader closed the pipe; 1 when\n"
    "standard output fails otherwise; 2 for bad arguments.\n";

enum { AS_RAW, AS_UNIFORM, AS_NORMAL };

static const cli_name as_names[] = {
    {"raw", AS_RAW}, {"uniform", AS_UNIFORM}, {"normal", AS_NORMAL}, {NULL, 0}};

static const cli_name bits_method_names[] = {{"ziggurat", NNINIT_ZIGGURAT},
                                             {"box-muller", NNINIT_BOX_MULLER},
                                             {"icdf", NNINIT_ICDF},
                                             {NULL, 0}};

enum { B_AS, B_METHOD, B_COUNT, B_SEED, B_STREAM, B_OFFSET, B_ISA, B_N };

static const char *const bits_opt_names[B_N] = {
    "as", "method", "count", "seed", "stream", "offset", "isa"};

typedef struct bits_opts {
    int as;
    nninit_method method;
    int counted;
    uint64_t count;
    nninit_rng rng;
} bits_opts;

static int bad_value(const char *opt, const char *val, const char *why)
{
    cli_error("bad value '%s' for --%s: %s", val, opt, why);
    return -1;
}

/* Returns 1 for --help, 0 when parsed, -1 on error (printed). */
static int parse(int argc, char **argv, bits_opts *o)
{
    const char *val[B_N] = {0};
    const char *why;
    int i, id, v;

    for (i = 2; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    for (i = 2; i < argc; i++) {
        const char *arg = argv[i], *name = arg + 2, *eq;
        size_t len;
        if (strncmp(arg, "--", 2) != 0) {
            cli_error("unexpected argument '%s' (see 'nninit bits --help')",
                      arg);
            return -1;
        }
        eq = strchr(name, '=');
        len = eq != NULL ? (size_t)(eq - name) : strlen(name);
        for (id = 0; id < B_N; id++)
            if (strlen(bits_opt_names[id]) == len &&
                strncmp(bits_opt_names[id], name, len) == 0)
                break;
        if (id == B_N) {
            cli_error("unknown option '%.*s' for 'nninit bits' (see 'nninit "
                      "bits --help')",
                      (int)(len + 2), arg);
            return -1;
        }
        if (val[id] != NULL) {
            cli_error("option --%s given twice", bits_opt_names[id]);
            return -1;
        }
        if (eq != NULL)
            val[id] = eq + 1;
        else if (i + 1 < argc)
            val[id] = argv[++i];
        else {
            cli_error("option --%s needs a value", bits_opt_names[id]);
            return -1;
        }
    }

    memset(o, 0, sizeof *o);
    o->as = AS_RAW;
    o->method = NNINIT_ZIGGURAT;
    if (val[B_AS] != NULL && cli_lookup(as_names, val[B_AS], &o->as) != 0)
        return bad_value("as", val[B_AS],
                         "expected one of raw, uniform, "
                         "normal");
    if (val[B_METHOD] != NULL) {
        if (o->as != AS_NORMAL) {
            cli_error("option --method applies to --as normal only");
            return -1;
        }
        if (cli_lookup(bits_method_names, val[B_METHOD], &v) != 0)
            return bad_value("method", val[B_METHOD],
                             "expected one of ziggurat, box-muller, icdf");
        o->method = (nninit_method)v;
    }
    o->counted = val[B_COUNT] != NULL;
    {
        uint64_t *dst[] = {&o->count, &o->rng.seed, &o->rng.stream,
                           &o->rng.offset};
        for (id = B_COUNT; id <= B_OFFSET; id++)
            if (val[id] != NULL &&
                (why = cli_parse_u64(val[id], dst[id - B_COUNT])) != NULL)
                return bad_value(bits_opt_names[id], val[id], why);
    }
    /* --count words reach index offset + count * per_word - 1, which must
     * exist (the library's NNINIT_ERR_SIZE rule). */
    if (o->counted && o->count > 0) {
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
    if (val[B_ISA] != NULL && strcmp(val[B_ISA], "auto") != 0) {
        nninit_isa isa;
        nninit_status st;
        if (nninit_isa_from_name(val[B_ISA], &isa) != NNINIT_OK)
            return bad_value("isa", val[B_ISA],
                             "expected one of auto, scalar, avx2, avx512, "
                             "neon");
        st = nninit_isa_force(isa);
        if (st != NNINIT_OK) {
            cli_error("--isa %s: %s", nninit_isa_name(isa),
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
            /* Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails. */
            lo = top16(0.5 * erfc(-(double)x[2 * k] * M_SQRT1_2));
            hi = top16(0.5 * erfc(-(double)x[2 * k + 1] * M_SQRT1_2));
        }
        w[k] = lo | hi << 16;
    }
}

/* Makes n words starting at element or word index idx. */
static nninit_status make_words(const bits_opts *o, uint64_t idx, uint32_t *w,
                                float *tmp, size_t n)
{
    nninit_rng rng = o->rng;
    nninit_status st;
    rng.offset = idx;
    if (o->as == AS_RAW)
        return nninit_fill_bits(rng, w, n);
    if (o->as == AS_UNIFORM)
        st = nninit_fill_uniform(rng, NNINIT_F32, tmp, 2 * n, 0.0, 1.0);
    else
        st = nninit_fill_normal(rng, NNINIT_F32, tmp, 2 * n, 0.0, 1.0,
                                o->method);
    if (st == NNINIT_OK)
        pack_words(o->as, tmp, w, n);
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
    int r, err = 0;
    nninit_status st = NNINIT_OK;

    r = parse(argc, argv, &o);
    if (r == 1) {
        fputs(cli_bits_help, stdout);
        return CLI_EXIT_OK; /* main checks standard output */
    }
    if (r < 0)
        return CLI_EXIT_USAGE;

    /* A closed pipe must show as EPIPE from write, not kill the process. */
    signal(SIGPIPE, SIG_IGN);
    w = malloc(BITS_CHUNK * sizeof *w);
    if (o.as != AS_RAW)
        tmp = malloc(2 * BITS_CHUNK * sizeof *tmp);
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
        if (o.counted && left < n)
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
