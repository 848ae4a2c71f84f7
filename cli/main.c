/*
 * nninit: the command-line tool.
 *
 *   nninit info                      CPU features and the dispatch choice
 *   nninit fill --dist ... -o F.npy  a distribution into a .npy file
 *   nninit init --scheme ... -o F.npy  a torch/Keras initializer into .npy
 *   nninit bench                     a quick throughput table (bench.c)
 *   nninit model [SPEC.json]         a whole model into .safetensors (model.c)
 *
 * Every command's options are one table (opt.h): parsing, validation and
 * --help are made from it. fill and init build an nninit_desc and write
 * nninit_init_range of it, chunk by chunk, to the file (an orthogonal
 * scheme: nninit_init of it, once).
 *
 * Exit status: 0 success; 1 the file could not be written (or out of
 * memory); 2 bad arguments or a parameter the library rejects. Errors are
 * one line "nninit: error: ..." on stderr, and no file is left behind. On
 * success fill and init print nothing unless --verbose.
 *
 * The tool uses the public API (nninit.h) only.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "bench.h"
#include "bits.h"
#include "model.h"
#include "nninit.h"
#include "npy.h"
#include "opt.h"

/* Elements generated and written per step. Element i of a tensor depends
 * only on (seed, stream, offset + i), the scheme and the whole shape, so
 * nninit_init_range in steps gives the same bits as one call, in bounded
 * memory. */
#define FILL_CHUNK ((size_t)1 << 20)

/* .npy descr per nninit_dtype. */
static const char *const dtype_descr[] = {"<f4", "<f8", "<u2", "<f2"};

/* ---------------------------------------------------- fill and init */

typedef struct shape_arg {
    int64_t dims[CLI_MAX_DIMS];
    size_t ndim;
    const char *text; /* as given, for messages */
} shape_arg;

/* What fill and init take. */
typedef struct array_cfg {
    nninit_desc desc;
    shape_arg shape;
    nninit_dtype dtype;
    nninit_rng rng;
    nninit_isa isa;
    const char *output;
    int verbose;
} array_cfg;

static const char *parse_shape(const char *val, void *to)
{
    shape_arg *s = to;
    s->text = val;
    return cli_parse_shape(val, s->dims, &s->ndim);
}

#define CFG(field) offsetof(array_cfg, field)

/* The rows fill and init share after their scheme options. To add an
 * option: a field in array_cfg and a row here (or in the command's own
 * table below); parsing, checks and --help follow from the row. */
static const cli_opt array_opts[] = {
    {"shape", 0, "D0[xD1...]", CLI_CUSTOM, CFG(shape), NULL, parse_shape,
     CLI_REQUIRED, 0, 0, NULL,
     "dimensions in C order, e.g. 256x784; a 0 dimension gives an empty "
     "array"},
    {"dtype", 0, "DTYPE", CLI_ENUM, CFG(dtype), &cli_dtypes, NULL, 0, 0, 0,
     NULL,
     "the element type (bf16 is stored as '<u2' bit patterns) [default: "
     "f32]"},
    {"output", 'o', "FILE", CLI_PATH, CFG(output), NULL, NULL, CLI_REQUIRED, 0,
     0, NULL,
     "the .npy file to write, replaced atomically; '-' (standard output), a "
     "device or a FIFO is written in place, never replaced"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_opt rng_opts[] = {
    {"seed", 0, "S", CLI_U64, CFG(rng.seed), NULL, NULL, 0, 0, 0, NULL,
     "64-bit seed, decimal or 0x hex [default: 0]"},
    {"stream", 0, "K", CLI_U64, CFG(rng.stream), NULL, NULL, 0, 0, 0, NULL,
     "stream, decimal or 0x hex [default: 0]"},
    {"offset", 0, "O", CLI_U64, CFG(rng.offset), NULL, NULL, 0, 0, 0, NULL,
     "sequence index of the first element, decimal or 0x hex [default: 0]"},
    {"isa", 0, "ISA", CLI_ENUM, CFG(isa), &cli_isas, NULL, 0, 0, 0, NULL,
     "the kernel path; the values never depend on it [default: auto, or "
     "$NNINIT_ISA]"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_opt other_opts[] = {
    {"verbose", 'v', NULL, CLI_FLAG, CFG(verbose), NULL, NULL, CLI_REPEAT, 0, 0,
     NULL, "print a one-line summary on stderr"},
    {"help", 'h', NULL, CLI_FLAG, 0, NULL, NULL, CLI_HELP, 0, 0, NULL,
     "show this help and exit"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

#define S(x) CLI_S(x)

static const cli_opt fill_dist[] = {
    {"dist", 0, "DIST", CLI_ENUM, CFG(desc), &cli_schemes, NULL, CLI_SCHEME,
     S(UNIFORM) | S(NORMAL) | S(TRUNC_NORMAL), 0, NULL,
     "the distribution (required):"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

/* `nninit init` offers every scheme of the library. */
static const cli_opt init_scheme[] = {
    {"scheme", 0, "SCHEME", CLI_ENUM, CFG(desc), &cli_schemes, NULL, CLI_SCHEME,
     (UINT64_C(1) << NNINIT_SCHEME_COUNT_) - 1, 0, NULL,
     "the initializer (required):"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_group fill_groups[] = {
    {"Distribution:", fill_dist},
    {NULL, cli_params},
    {"Array and output:", array_opts},
    {"Random source and kernel path:", rng_opts},
    {"Other:", other_opts},
    {NULL, NULL},
};

static const cli_group init_groups[] = {
    {"Scheme:", init_scheme},
    {NULL, cli_params},
    {"Array and output:", array_opts},
    {"Random source and kernel path:", rng_opts},
    {"Other:", other_opts},
    {NULL, NULL},
};

/* clang-format off */
static const cli_cmd fill_cmd = {
    "fill",
    "Usage: nninit fill --dist DIST --shape D0[xD1...] -o FILE.npy [options]\n"
    "\n"
    "Fill an array with random numbers and write it as a .npy file. Element i\n"
    "(C order) is element OFFSET + i of the sequence (SEED, STREAM), so fills\n"
    "split with --offset concatenate to the single fill, bit for bit.\n",
    fill_groups, NULL, 0,
    "\n"
    "Examples:\n"
    "  nninit fill --dist normal --std 0.02 --shape 4096x4096 --seed 42 -o w.npy\n"
    "  nninit fill --dist uniform --low -1 --high 1 --shape 1000 --dtype bf16 \\\n"
    "      -o u.npy\n"};

static const cli_cmd init_cmd = {
    "init",
    "Usage: nninit init --scheme SCHEME --shape D0xD1[...] -o FILE.npy [options]\n"
    "\n"
    "Initialize a weight array as torch.nn.init or Keras/JAX do and write it as\n"
    "a .npy file. Fans are taken in torch's layout (out, in, k...) unless\n"
    "--fan-layout says otherwise: fan_in = in * prod(k), fan_out = out * prod(k).\n"
    "An array with no elements is written empty for every scheme (as torch).\n",
    init_groups, NULL, 0,
    "\n"
    "Examples:\n"
    "  nninit init --scheme kaiming-normal --nonlinearity relu --shape 256x784 \\\n"
    "      -o fc1.npy\n"
    "  nninit init --scheme xavier-uniform --shape 64x3x7x7 --seed 1 -o conv1.npy\n"};
/* clang-format on */

/* Exit status for a library error. */
static int lib_exit(nninit_status st)
{
    return st == NNINIT_ERR_NOMEM || st == NNINIT_ERR_IO ? CLI_EXIT_IO
                                                         : CLI_EXIT_USAGE;
}

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void print_summary(const array_cfg *c, size_t numel, const char *what,
                          double secs)
{
    char shape[NPY_HEADER_MAX], dt[CLI_NAME_MAX];
    if (cli_shape_repr(shape, sizeof shape, c->shape.dims, c->shape.ndim) == 0)
        strcpy(shape, "(...)");
    fprintf(stderr,
            "nninit: wrote %s: %s %s %s, %zu elements, seed %llu stream "
            "%llu offset %llu, isa %s (%s), %.3f s\n",
            c->output, what, cli_enum_show(&cli_dtypes, (int)c->dtype, 1, dt),
            shape, numel, (unsigned long long)c->rng.seed,
            (unsigned long long)c->rng.stream,
            (unsigned long long)c->rng.offset,
            nninit_isa_name(nninit_isa_active()), nninit_isa_reason(), secs);
}

/* fill and init: parse, check with the library, then generate and write
 * in chunks. */
static int run_array(const cli_cmd *cmd, int argc, char **argv)
{
    array_cfg c;
    cli_seen seen;
    npy_file file;
    char what[512];
    const char *why;
    void *buf;
    size_t esize, chunk, numel, done;
    int whole;
    nninit_status st;
    double t0;
    int r;

    memset(&c, 0, sizeof c);
    c.dtype = NNINIT_F32;
    c.isa = NNINIT_ISA_AUTO;
    r = cli_parse(cmd, argc, argv, &c, &seen);
    if (r != 0)
        return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    esize = nninit_dtype_size(c.dtype);
    why = cli_shape_numel(c.shape.dims, c.shape.ndim, esize, &numel);
    if (why != NULL) {
        cli_error("bad value '%s' for --shape: %s", c.shape.text, why);
        return CLI_EXIT_USAGE;
    }
    /* --isa pins the path; otherwise NNINIT_ISA (or auto) stays in charge. */
    if (cli_given(&seen, "isa")) {
        st = nninit_isa_force(c.isa);
        if (st != NNINIT_OK) {
            cli_error("--isa %s: %s", nninit_isa_name(c.isa),
                      nninit_status_str(st));
            return CLI_EXIT_USAGE;
        }
    }
    cli_describe(&c.desc, 1, what, sizeof what);

    t0 = now_seconds();
    /* A whole-tensor scheme (orthogonal) is computed once, whole, and
     * written from that buffer: nninit_init_range would redo its QR for
     * every chunk. */
    whole = numel > 0 && cli_scheme_whole(c.desc.scheme);
    chunk = whole || numel < FILL_CHUNK ? numel : FILL_CHUNK;
    buf = malloc((chunk > 0 ? chunk : 1) * esize);
    if (buf == NULL) {
        cli_error("out of memory (%zu bytes)", chunk * esize);
        return CLI_EXIT_IO;
    }
    /* The first chunk is generated before the file exists, so that the
     * library's verdict on the parameters comes first (it may be empty). */
    for (done = 0;;) {
        size_t n = numel - done < chunk ? numel - done : chunk;
        if (whole)
            st = nninit_init(c.rng, c.dtype, buf, c.shape.dims, c.shape.ndim,
                             &c.desc);
        else
            st = nninit_init_range(c.rng, c.dtype, buf, c.shape.dims,
                                   c.shape.ndim, &c.desc, done, n);
        if (st != NNINIT_OK) {
            cli_error("cannot %s %s for shape '%s': %s", cmd->name, what,
                      c.shape.text, nninit_status_str(st));
            if (done > 0)
                npy_abort(&file);
            free(buf);
            return lib_exit(st);
        }
        if (done == 0 && npy_open(&file, c.output, dtype_descr[c.dtype], esize,
                                  c.shape.dims, c.shape.ndim) != 0) {
            free(buf);
            return CLI_EXIT_IO;
        }
        if (n > 0 && npy_write(&file, buf, n) != 0) {
            npy_abort(&file);
            free(buf);
            return CLI_EXIT_IO;
        }
        done += n;
        if (done == numel)
            break;
    }
    free(buf);
    if (npy_commit(&file) != 0)
        return CLI_EXIT_IO;
    if (c.verbose)
        print_summary(&c, numel, what, now_seconds() - t0);
    return CLI_EXIT_OK;
}

static int cmd_fill(int argc, char **argv)
{
    return run_array(&fill_cmd, argc, argv);
}

static int cmd_init(int argc, char **argv)
{
    return run_array(&init_cmd, argc, argv);
}

/* ---------------------------------------------------------------- info */

static const cli_opt help_only[] = {
    {"help", 'h', NULL, CLI_FLAG, 0, NULL, NULL, CLI_HELP, 0, 0, NULL,
     "show this help and exit"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_group info_groups[] = {{"Options:", help_only}, {NULL, NULL}};

static const cli_cmd info_cmd = {
    "info",
    "Usage: nninit info\n"
    "\n"
    "Print the library version, the CPU features detected, the active kernel\n"
    "path (ISA) and why it was chosen, what became of NNINIT_ISA, and every "
    "ISA\n"
    "with whether this CPU and build support it and its description.\n",
    info_groups,
    NULL,
    0,
    NULL};

static int cmd_info(int argc, char **argv)
{
    int r = cli_parse(&info_cmd, argc, argv, NULL, NULL);
    const char *env;
    nninit_isa active;
    nninit_status env_st;
    int i;

    if (r != 0)
        return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;

    active = nninit_isa_active(); /* first call: reads NNINIT_ISA */
    env = getenv("NNINIT_ISA");
    env_st = nninit_isa_env_status();

    printf("nninit %s", nninit_version());
    if (strcmp(nninit_version(), NNINIT_VERSION_STRING) != 0)
        printf(" (built against headers %s)", NNINIT_VERSION_STRING);
    printf("\n");
    printf("CPU features: %s\n", nninit_cpu_features());
    printf("Active ISA:   %s (%s)\n", nninit_isa_name(active),
           nninit_isa_reason());
    if (env == NULL)
        printf("NNINIT_ISA:   unset\n");
    else
        printf("NNINIT_ISA:   '%s': %s\n", env,
               env_st == NNINIT_OK         ? "honoured"
               : env_st == NNINIT_ERR_ENUM ? "unknown name, ignored"
               : env_st == NNINIT_ERR_ISA  ? "not supported here, ignored"
                                           : nninit_status_str(env_st));
    printf("\n%-8s %-10s %s\n", "ISA", "supported", "description");
    for (i = 0; i < NNINIT_ISA_COUNT_; i++) {
        nninit_isa isa = (nninit_isa)i;
        printf("%-8s %-10s %s\n", nninit_isa_name(isa),
               nninit_isa_supported(isa) ? "yes" : "no",
               nninit_isa_description(isa));
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write to standard output");
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------ commands */

/* The commands: a new one is a row here and its cli_cmd. */
static const struct command {
    const char *summary;
    const cli_cmd *cmd;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"show the version, the CPU features and the kernel path (ISA) in use, "
     "and why",
     &info_cmd, cmd_info},
    {"fill an array from a distribution; write .npy", &fill_cmd, cmd_fill},
    {"initialize weights with a torch or Keras/JAX scheme; write .npy",
     &init_cmd, cmd_init},
    {"a quick throughput table of every kernel path next to the memory write "
     "ceiling",
     &cli_bench_cmd, cli_bench},
    {"initialize a whole model (a JSON spec, or GPT-2 small); write "
     ".safetensors",
     &cli_model_cmd, cmd_model},
    {"the raw random stream (or a distribution's, mapped back to uniform) on "
     "stdout, for test batteries",
     &cli_bits_cmd, cli_bits},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* clang-format off */
static const char help_main_tail[] =
    "\n"
    "Options:\n"
    "  -h, --help            show this help and exit\n"
    "  --version             print the version and exit\n"
    "\n"
    "Run 'nninit COMMAND --help' for the options of a command.\n"
    "\n"
    "Exit status:\n"
    "  0                     success\n"
    "  1                     the output could not be written, or out of memory\n"
    "  2                     bad arguments, or parameters the library rejects\n"
    "Errors are one line on stderr, and no output file is left behind.\n"
    "\n"
    "Environment:\n"
    "  NNINIT_ISA            auto, scalar, avx2, avx512 or neon: pins the kernel\n"
    "                        path (--isa overrides it); the values written never\n"
    "                        depend on the path\n";
/* clang-format on */

static void help_main(void)
{
    size_t i;
    fputs("Usage: nninit <command> [options]\n"
          "\n"
          "Reproducible random fills for neural-network weight "
          "initialization.\n"
          "\n"
          "Commands:\n",
          stdout);
    for (i = 0; i < N_COMMANDS; i++) {
        char left[32];
        snprintf(left, sizeof left, "  %s", commands[i].cmd->name);
        fputs(left, stdout);
        cli_wrap(commands[i].summary, (int)strlen(left), CLI_HELP_COL);
    }
    printf("%-24s%s\n", "  help COMMAND", "show the help of a command");
    fputs(help_main_tail, stdout);
}

static const struct command *find_command(const char *name)
{
    size_t i;
    for (i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].cmd->name, name) == 0)
            return &commands[i];
    return NULL;
}

static int run_command(int argc, char **argv)
{
    const struct command *c;
    const char *cmd;

    if (argc < 2) {
        cli_error("no command given (see 'nninit --help')");
        return CLI_EXIT_USAGE;
    }
    cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        const char *topic = argc > 2 ? argv[2] : NULL;
        if (argc > 3 || (topic != NULL && strcmp(cmd, "help") != 0)) {
            cli_error("unexpected argument '%s' (see 'nninit --help')",
                      argv[argc > 3 ? 3 : 2]);
            return CLI_EXIT_USAGE;
        }
        if (topic == NULL) {
            help_main();
            return CLI_EXIT_OK;
        }
        c = find_command(topic);
        if (c == NULL) {
            cli_error("unknown command '%s' (see 'nninit --help')", topic);
            return CLI_EXIT_USAGE;
        }
        cli_help(c->cmd);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        if (argc > 2) {
            cli_error("unexpected argument '%s' (see 'nninit --help')",
                      argv[2]);
            return CLI_EXIT_USAGE;
        }
        printf("nninit %s\n", nninit_version());
        return CLI_EXIT_OK;
    }
    c = find_command(cmd);
    if (c != NULL)
        return c->run(argc, argv);
    if (cmd[0] == '-')
        cli_error("unknown option '%s' (see 'nninit --help')", cmd);
    else
        cli_error("unknown command '%s' (see 'nninit --help')", cmd);
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int rc = run_command(argc, argv);
    /* Whatever a command printed (help, version, info, a spec, a table)
     * must have reached standard output: a full disk or /dev/full is an
     * error, not a silent success. */
    if (rc == CLI_EXIT_OK) {
#ifndef NNINIT_CLI_IN_PROCESS
        rc = cli_close_stdout();
#else
        /* fuzz/ calls this main again and again in one process: standard
         * output must stay open, so only what fflush reports is checked. */
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = CLI_EXIT_IO;
#endif
    }
    return rc;
}
