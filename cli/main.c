/*
 * nninit: the command-line tool.
 *
 *   nninit info                      CPU features and the dispatch choice
 *   nninit fill --dist ... -o F.npy  a distribution into a .npy file
 *   nninit init --scheme ... -o F.npy  a torch/Keras initializer into .npy
 *   nninit bench                     a quick throughput table (bench.c)
 *   nninit model [SPEC.json]         a whole model into .safetensors (model.c)
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

/* Elements generated and written per step of `fill`. Element i of a fill
 * depends only on (seed, stream, offset + i), so filling in steps with the
 * offset advanced gives the same bits as one call, in bounded memory. */
#define FILL_CHUNK ((size_t)1 << 20)

/* ------------------------------------------------------------ help */

/* Help texts: descriptions start in column 25, lines stay under 80 (the
 * source lines may not). */
/* clang-format off */
static const char help_main[] =
    "Usage: nninit <command> [options]\n"
    "\n"
    "Reproducible random fills for neural-network weight initialization.\n"
    "\n"
    "Commands:\n"
    "  info                  show the version, the CPU features and the kernel\n"
    "                        path (ISA) in use, and why\n"
    "  fill                  fill an array from a distribution; write .npy\n"
    "  init                  initialize weights with a torch or Keras/JAX\n"
    "                        scheme; write .npy\n"
    "  bench                 a quick throughput table of every kernel path\n"
    "                        next to the memory write ceiling\n"
    "  model                 initialize a whole model (a JSON spec, or GPT-2\n"
    "                        small); write .safetensors\n"
    "  bits                  the raw random stream (or a distribution's, mapped\n"
    "                        back to uniform) on stdout, for test batteries\n"
    "  help COMMAND          show the help of a command\n"
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

static const char help_info[] =
    "Usage: nninit info\n"
    "\n"
    "Print the library version, the CPU features detected, the active kernel\n"
    "path (ISA) and why it was chosen, what became of NNINIT_ISA, and every ISA\n"
    "with whether this CPU and build support it and its description.\n"
    "\n"
    "Options:\n"
    "  -h, --help            show this help and exit\n";

static const char help_fill[] =
    "Usage: nninit fill --dist DIST --shape D0[xD1...] -o FILE.npy [options]\n"
    "\n"
    "Fill an array with random numbers and write it as a .npy file. Element i\n"
    "(C order) is element OFFSET + i of the sequence (SEED, STREAM), so fills\n"
    "split with --offset concatenate to the single fill, bit for bit.\n"
    "\n"
    "Distribution:\n"
    "  --dist DIST           uniform, normal or trunc-normal (required)\n"
    "  --low A               uniform: least value, included [default: 0]\n"
    "  --high B              uniform: upper bound, never returned [default: 1]\n"
    "  --mean M              normal, trunc-normal: mean [default: 0]\n"
    "  --std S               normal, trunc-normal: standard deviation\n"
    "                        [default: 1]\n"
    "  --a A                 trunc-normal: lower bound, absolute; may be -inf\n"
    "                        [default: -2]\n"
    "  --b B                 trunc-normal: upper bound, absolute; may be inf\n"
    "                        [default: 2]\n"
    "  --method METHOD       normal: ziggurat, box-muller or icdf\n"
    "                        [default: ziggurat]\n";

static const char help_init[] =
    "Usage: nninit init --scheme SCHEME --shape D0xD1[...] -o FILE.npy [options]\n"
    "\n"
    "Initialize a weight array as torch.nn.init or Keras/JAX do and write it as\n"
    "a .npy file. The shape is in torch's layout (out, in, k...), at least 2-D:\n"
    "fan_in = in * prod(k), fan_out = out * prod(k). Normal sampling uses the\n"
    "Ziggurat.\n"
    "\n"
    "Schemes (--scheme SCHEME, required):\n"
    "  xavier-uniform        U(-l, l), l = gain * sqrt(6 / (fan_in + fan_out))\n"
    "  xavier-normal         N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out))\n"
    "  kaiming-uniform       U(-l, l), l = gain * sqrt(3 / fan)\n"
    "  kaiming-normal        N(0, s^2), s = gain / sqrt(fan),\n"
    "                        gain = calculate_gain(nonlinearity, a)\n"
    "  lecun-normal          variance-scaling with scale 1, fan-in,\n"
    "                        truncated-normal\n"
    "  trunc-normal          N(mean, std^2) truncated to [a, b]\n"
    "  variance-scaling      Keras/JAX VarianceScaling(scale, mode, distribution)\n"
    "\n"
    "Scheme options:\n"
    "  --gain G              xavier-*: the gain [default: 1]\n"
    "  --a A                 kaiming-*: negative slope of leaky_relu [default: 0]\n"
    "                        trunc-normal: lower bound [default: -2]\n"
    "  --b B                 trunc-normal: upper bound [default: 2]\n"
    "  --mean M              trunc-normal: mean [default: 0]\n"
    "  --std S               trunc-normal: standard deviation [default: 1]\n"
    "  --mode MODE           kaiming-*: fan-in or fan-out; variance-scaling:\n"
    "                        fan-in, fan-out or fan-avg [default: fan-in]\n"
    "  --nonlinearity NAME   kaiming-*: linear, conv1d, conv2d, conv3d,\n"
    "                        conv_transpose1d, conv_transpose2d,\n"
    "                        conv_transpose3d, sigmoid, tanh, relu, leaky_relu\n"
    "                        or selu ('-' for '_' is accepted)\n"
    "                        [default: leaky_relu]\n"
    "  --scale S             variance-scaling: the scale [default: 1]\n"
    "  --distribution NAME   variance-scaling: truncated-normal, normal (also\n"
    "                        untruncated_normal) or uniform\n"
    "                        [default: truncated-normal]\n";

static const char help_common[] =
    "\n"
    "Array and output:\n"
    "  --shape D0[xD1...]    dimensions in C order, e.g. 256x784; a 0\n"
    "                        dimension gives an empty array (required)\n"
    "  --dtype DTYPE         f32, f64, f16 or bf16 (bf16 is stored as '<u2' bit\n"
    "                        patterns) [default: f32]\n"
    "  -o, --output FILE     the .npy file to write, replaced atomically;\n"
    "                        '-' (standard output), a device or a FIFO is\n"
    "                        written in place, never replaced (required)\n"
    "\n"
    "Random source and kernel path:\n"
    "  --seed S              64-bit seed, decimal or 0x hex [default: 0]\n"
    "  --stream K            stream, decimal or 0x hex [default: 0]\n"
    "  --offset O            sequence index of the first element, decimal or\n"
    "                        0x hex [default: 0]\n"
    "  --isa ISA             auto, scalar, avx2, avx512 or neon; the values\n"
    "                        never depend on it [default: auto, or $NNINIT_ISA]\n"
    "\n"
    "Other:\n"
    "  -v, --verbose         print a one-line summary on stderr\n"
    "  -h, --help            show this help and exit\n";

static const char help_fill_examples[] =
    "\n"
    "Examples:\n"
    "  nninit fill --dist normal --std 0.02 --shape 4096x4096 --seed 42 -o w.npy\n"
    "  nninit fill --dist uniform --low -1 --high 1 --shape 1000 --dtype bf16 \\\n"
    "      -o u.npy\n";

static const char help_init_examples[] =
    "\n"
    "Examples:\n"
    "  nninit init --scheme kaiming-normal --nonlinearity relu --shape 256x784 \\\n"
    "      -o fc1.npy\n"
    "  nninit init --scheme xavier-uniform --shape 64x3x7x7 --seed 1 -o conv1.npy\n";

/* clang-format on */

static void print_help(const char *head, const char *tail)
{
    fputs(head, stdout);
    if (tail != NULL) {
        fputs(help_common, stdout);
        fputs(tail, stdout);
    }
}

/* ------------------------------------------------------------ names */

enum { DIST_UNIFORM = 0, DIST_NORMAL = 1, DIST_TRUNC = 2 };

static const cli_name dist_names[] = {{"uniform", DIST_UNIFORM},
                                      {"normal", DIST_NORMAL},
                                      {"trunc-normal", DIST_TRUNC},
                                      {NULL, 0}};

static const cli_name method_names[] = {{"ziggurat", NNINIT_ZIGGURAT},
                                        {"box-muller", NNINIT_BOX_MULLER},
                                        {"icdf", NNINIT_ICDF},
                                        {NULL, 0}};

static const cli_name dtype_names[] = {{"f32", NNINIT_F32},
                                       {"f64", NNINIT_F64},
                                       {"bf16", NNINIT_BF16},
                                       {"f16", NNINIT_F16},
                                       {NULL, 0}};

enum {
    SCHEME_XAVIER_UNIFORM,
    SCHEME_XAVIER_NORMAL,
    SCHEME_KAIMING_UNIFORM,
    SCHEME_KAIMING_NORMAL,
    SCHEME_LECUN_NORMAL,
    SCHEME_TRUNC_NORMAL,
    SCHEME_VARIANCE_SCALING
};

static const cli_name scheme_names[] = {
    {"xavier-uniform", SCHEME_XAVIER_UNIFORM},
    {"xavier-normal", SCHEME_XAVIER_NORMAL},
    {"kaiming-uniform", SCHEME_KAIMING_UNIFORM},
    {"kaiming-normal", SCHEME_KAIMING_NORMAL},
    {"lecun-normal", SCHEME_LECUN_NORMAL},
    {"trunc-normal", SCHEME_TRUNC_NORMAL},
    {"variance-scaling", SCHEME_VARIANCE_SCALING},
    {NULL, 0}};

static const cli_name mode_names[] = {{"fan-in", NNINIT_FAN_IN},
                                      {"fan-out", NNINIT_FAN_OUT},
                                      {"fan-avg", NNINIT_FAN_AVG},
                                      {NULL, 0}};

static const cli_name nonlinearity_names[] = {
    {"linear", NNINIT_LINEAR},
    {"conv1d", NNINIT_CONV1D},
    {"conv2d", NNINIT_CONV2D},
    {"conv3d", NNINIT_CONV3D},
    {"conv_transpose1d", NNINIT_CONV_TRANSPOSE1D},
    {"conv_transpose2d", NNINIT_CONV_TRANSPOSE2D},
    {"conv_transpose3d", NNINIT_CONV_TRANSPOSE3D},
    {"sigmoid", NNINIT_SIGMOID},
    {"tanh", NNINIT_TANH},
    {"relu", NNINIT_RELU},
    {"leaky_relu", NNINIT_LEAKY_RELU},
    {"selu", NNINIT_SELU},
    {NULL, 0}};

static const cli_name vs_dist_names[] = {
    {"truncated-normal", NNINIT_VS_TRUNCATED_NORMAL},
    {"normal", NNINIT_VS_NORMAL},
    {"untruncated-normal", NNINIT_VS_NORMAL},
    {"uniform", NNINIT_VS_UNIFORM},
    {NULL, 0}};

/* .npy descr and element size per nninit_dtype. */
static const char *const dtype_descr[] = {"<f4", "<f8", "<u2", "<f2"};
static const size_t dtype_bytes[] = {4, 8, 2, 2};

/* ---------------------------------------------------------- options */

enum { CMD_INFO = 1u, CMD_FILL = 2u, CMD_INIT = 4u };

enum opt_id {
    O_DIST,
    O_METHOD,
    O_LOW,
    O_HIGH,
    O_MEAN,
    O_STD,
    O_A,
    O_B,
    O_SCHEME,
    O_GAIN,
    O_MODE,
    O_NONLINEARITY,
    O_SCALE,
    O_DISTRIBUTION,
    O_SHAPE,
    O_DTYPE,
    O_SEED,
    O_STREAM,
    O_OFFSET,
    O_ISA,
    O_OUTPUT,
    O_VERBOSE,
    O_HELP,
    O_COUNT
};

#define BIT(id) (1u << (id))

static const struct opt_spec {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 if none */
    int takes_value;
    unsigned cmds;
} opt_specs[O_COUNT] = {
    [O_DIST] = {"dist", 0, 1, CMD_FILL},
    [O_METHOD] = {"method", 0, 1, CMD_FILL},
    [O_LOW] = {"low", 0, 1, CMD_FILL},
    [O_HIGH] = {"high", 0, 1, CMD_FILL},
    [O_MEAN] = {"mean", 0, 1, CMD_FILL | CMD_INIT},
    [O_STD] = {"std", 0, 1, CMD_FILL | CMD_INIT},
    [O_A] = {"a", 0, 1, CMD_FILL | CMD_INIT},
    [O_B] = {"b", 0, 1, CMD_FILL | CMD_INIT},
    [O_SCHEME] = {"scheme", 0, 1, CMD_INIT},
    [O_GAIN] = {"gain", 0, 1, CMD_INIT},
    [O_MODE] = {"mode", 0, 1, CMD_INIT},
    [O_NONLINEARITY] = {"nonlinearity", 0, 1, CMD_INIT},
    [O_SCALE] = {"scale", 0, 1, CMD_INIT},
    [O_DISTRIBUTION] = {"distribution", 0, 1, CMD_INIT},
    [O_SHAPE] = {"shape", 0, 1, CMD_FILL | CMD_INIT},
    [O_DTYPE] = {"dtype", 0, 1, CMD_FILL | CMD_INIT},
    [O_SEED] = {"seed", 0, 1, CMD_FILL | CMD_INIT},
    [O_STREAM] = {"stream", 0, 1, CMD_FILL | CMD_INIT},
    [O_OFFSET] = {"offset", 0, 1, CMD_FILL | CMD_INIT},
    [O_ISA] = {"isa", 0, 1, CMD_FILL | CMD_INIT},
    [O_OUTPUT] = {"output", 'o', 1, CMD_FILL | CMD_INIT},
    [O_VERBOSE] = {"verbose", 'v', 0, CMD_FILL | CMD_INIT},
    [O_HELP] = {"help", 'h', 0, CMD_INFO | CMD_FILL | CMD_INIT},
};

typedef struct args {
    const char *val[O_COUNT];
    int seen[O_COUNT];
} args;

/* Parses argv[first..argc) for command cmd. Scans every argument even
 * after an error so that --help anywhere wins. Returns -1 (error printed),
 * 0 (parsed), or 1 (--help seen: the caller prints the help). */
static int parse_args(unsigned cmd, const char *cmd_name, int argc, char **argv,
                      int first, args *a)
{
    char err[512];
    int i, failed = 0;

    memset(a, 0, sizeof *a);
    err[0] = '\0';
#define FAIL(...)                                                              \
    do {                                                                       \
        if (!failed)                                                           \
            snprintf(err, sizeof err, __VA_ARGS__);                            \
        failed = 1;                                                            \
    } while (0)

    for (i = first; i < argc; i++) {
        const char *arg = argv[i];
        const char *inline_val = NULL;
        size_t name_len;
        int id;

        if (arg[0] == '-' && arg[1] == '-' && arg[2] != '\0') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            name_len = eq != NULL ? (size_t)(eq - name) : strlen(name);
            inline_val = eq != NULL ? eq + 1 : NULL;
            for (id = 0; id < O_COUNT; id++)
                if (strlen(opt_specs[id].name) == name_len &&
                    strncmp(opt_specs[id].name, name, name_len) == 0)
                    break;
        } else if (arg[0] == '-' && arg[1] != '\0' && arg[2] == '\0') {
            for (id = 0; id < O_COUNT; id++)
                if (opt_specs[id].short_name == arg[1])
                    break;
        } else {
            FAIL("unexpected argument '%s' (see 'nninit %s --help')", arg,
                 cmd_name);
            continue;
        }
        if (id == O_COUNT) {
            FAIL("unknown option '%.*s' for 'nninit %s' (see 'nninit %s "
                 "--help')",
                 inline_val != NULL ? (int)(inline_val - 1 - arg)
                                    : (int)strlen(arg),
                 arg, cmd_name, cmd_name);
            continue;
        }
        if (!(opt_specs[id].cmds & cmd)) {
            FAIL("option --%s does not apply to 'nninit %s'",
                 opt_specs[id].name, cmd_name);
            if (opt_specs[id].takes_value && inline_val == NULL)
                i++;
            continue;
        }
        if (opt_specs[id].takes_value) {
            if (inline_val == NULL) {
                if (i + 1 >= argc) {
                    FAIL("option --%s needs a value", opt_specs[id].name);
                    continue;
                }
                inline_val = argv[++i];
            }
        } else if (inline_val != NULL) {
            FAIL("option --%s takes no value", opt_specs[id].name);
            continue;
        }
        if (a->seen[id] && id != O_HELP && id != O_VERBOSE)
            FAIL("option --%s given twice", opt_specs[id].name);
        a->seen[id] = 1;
        a->val[id] = inline_val;
    }
#undef FAIL
    if (a->seen[O_HELP])
        return 1;
    if (failed) {
        cli_error("%s", err);
        return -1;
    }
    return 0;
}

/* Options that make sense only for some values of --dist / --scheme: an
 * option from group given while the choice allows only `allowed` is an
 * error (a typo'd intent, e.g. --std with --dist uniform). */
static int check_applies(const args *a, unsigned group, unsigned allowed,
                         const char *choice_opt, const char *choice)
{
    int id;
    for (id = 0; id < O_COUNT; id++)
        if ((group & BIT(id)) && !(allowed & BIT(id)) && a->seen[id]) {
            cli_error("option --%s does not apply to --%s %s",
                      opt_specs[id].name, choice_opt, choice);
            return -1;
        }
    return 0;
}

static int get_double(const args *a, int id, double def, double *out)
{
    const char *why;
    *out = def;
    if (!a->seen[id])
        return 0;
    why = cli_parse_double(a->val[id], out);
    if (why != NULL) {
        cli_error("bad value '%s' for --%s: %s", a->val[id], opt_specs[id].name,
                  why);
        return -1;
    }
    return 0;
}

static int get_u64(const args *a, int id, uint64_t *out)
{
    const char *why;
    *out = 0;
    if (!a->seen[id])
        return 0;
    why = cli_parse_u64(a->val[id], out);
    if (why != NULL) {
        cli_error("bad value '%s' for --%s: %s", a->val[id], opt_specs[id].name,
                  why);
        return -1;
    }
    return 0;
}

static int get_name(const args *a, int id, const cli_name *table, int def,
                    int *out)
{
    *out = def;
    if (!a->seen[id])
        return 0;
    if (cli_lookup(table, a->val[id], out) != 0) {
        char list[256];
        size_t len = 0;
        const cli_name *t;
        list[0] = '\0';
        /* List the canonical spellings only (first of each value). */
        for (t = table; t->name != NULL; t++) {
            if (strcmp(cli_name_of(table, t->value), t->name) != 0)
                continue;
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    len > 0 ? ", " : "", t->name);
            if (len >= sizeof list)
                break;
        }
        cli_error("bad value '%s' for --%s: expected one of %s", a->val[id],
                  opt_specs[id].name, list);
        return -1;
    }
    return 0;
}

static int require(const args *a, int id, const char *cmd_name)
{
    if (a->seen[id])
        return 0;
    cli_error("missing required option --%s (see 'nninit %s --help')",
              opt_specs[id].name, cmd_name);
    return -1;
}

/* What fill and init share. */
typedef struct common {
    int64_t dims[CLI_MAX_DIMS];
    size_t ndim;
    size_t numel;
    nninit_dtype dtype;
    nninit_rng rng;
    int isa_given;
    nninit_isa isa;
    const char *output;
    int verbose;
} common;

static int get_common(const args *a, const char *cmd_name, size_t min_dims,
                      common *c)
{
    const char *why;
    int v;

    if (require(a, O_SHAPE, cmd_name) || require(a, O_OUTPUT, cmd_name))
        return -1;
    why = cli_parse_shape(a->val[O_SHAPE], c->dims, &c->ndim);
    if (why != NULL) {
        cli_error("bad value '%s' for --shape: %s", a->val[O_SHAPE], why);
        return -1;
    }
    if (c->ndim < min_dims) {
        cli_error("bad value '%s' for --shape: 'nninit %s' needs at least "
                  "%zu dimensions (out, in, k...)",
                  a->val[O_SHAPE], cmd_name, min_dims);
        return -1;
    }
    if (get_name(a, O_DTYPE, dtype_names, NNINIT_F32, &v))
        return -1;
    c->dtype = (nninit_dtype)v;
    why = cli_shape_numel(c->dims, c->ndim, dtype_bytes[c->dtype], &c->numel);
    if (why != NULL) {
        cli_error("bad value '%s' for --shape: %s", a->val[O_SHAPE], why);
        return -1;
    }
    if (get_u64(a, O_SEED, &c->rng.seed) ||
        get_u64(a, O_STREAM, &c->rng.stream) ||
        get_u64(a, O_OFFSET, &c->rng.offset))
        return -1;
    c->isa_given = a->seen[O_ISA];
    c->isa = NNINIT_ISA_AUTO;
    if (c->isa_given && strcmp(a->val[O_ISA], "auto") != 0 &&
        nninit_isa_from_name(a->val[O_ISA], &c->isa) != NNINIT_OK) {
        cli_error("bad value '%s' for --isa: expected one of auto, scalar, "
                  "avx2, avx512, neon",
                  a->val[O_ISA]);
        return -1;
    }
    c->output = a->val[O_OUTPUT];
    if (c->output[0] == '\0') {
        cli_error("bad value '' for --output: empty file name");
        return -1;
    }
    c->verbose = a->seen[O_VERBOSE];
    return 0;
}

/* Pins the ISA when --isa was given; otherwise NNINIT_ISA (or auto)
 * stays in charge. */
static int apply_isa(const common *c)
{
    nninit_status st;
    if (!c->isa_given)
        return 0;
    st = nninit_isa_force(c->isa);
    if (st != NNINIT_OK) {
        cli_error("--isa %s: %s", nninit_isa_name(c->isa),
                  nninit_status_str(st));
        return -1;
    }
    return 0;
}

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

static void print_summary(const common *c, const char *what, double secs)
{
    char shape[NPY_HEADER_MAX];
    if (cli_shape_repr(shape, sizeof shape, c->dims, c->ndim) == 0)
        strcpy(shape, "(...)");
    fprintf(stderr,
            "nninit: wrote %s: %s %s %s, %zu elements, seed %llu stream "
            "%llu offset %llu, isa %s (%s), %.3f s\n",
            c->output, what, cli_name_of(dtype_names, (int)c->dtype), shape,
            c->numel, (unsigned long long)c->rng.seed,
            (unsigned long long)c->rng.stream,
            (unsigned long long)c->rng.offset,
            nninit_isa_name(nninit_isa_active()), nninit_isa_reason(), secs);
}

/* ---------------------------------------------------------------- info */

static int cmd_info(int argc, char **argv)
{
    args a;
    int r = parse_args(CMD_INFO, "info", argc, argv, 2, &a);
    const char *env;
    nninit_isa active;
    nninit_status env_st;
    int i;

    if (r == 1) {
        fputs(help_info, stdout);
        return CLI_EXIT_OK;
    }
    if (r < 0)
        return CLI_EXIT_USAGE;

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

/* ---------------------------------------------------------------- fill */

typedef struct fill_cfg {
    int dist;
    nninit_method method;
    double lo, hi, mean, std, a, b;
} fill_cfg;

static nninit_status fill_chunk(const fill_cfg *f, nninit_dtype dtype,
                                nninit_rng rng, void *out, size_t n)
{
    switch (f->dist) {
    case DIST_UNIFORM:
        return nninit_fill_uniform(rng, dtype, out, n, f->lo, f->hi);
    case DIST_NORMAL:
        return nninit_fill_normal(rng, dtype, out, n, f->mean, f->std,
                                  f->method);
    default:
        return nninit_fill_trunc_normal(rng, dtype, out, n, f->mean, f->std,
                                        f->a, f->b);
    }
}

static void describe_fill(char *buf, size_t cap, const fill_cfg *f)
{
    char x[32], y[32], z[32], w[32];
    switch (f->dist) {
    case DIST_UNIFORM:
        snprintf(buf, cap, "uniform(low=%s, high=%s)", cli_fmt_double(x, f->lo),
                 cli_fmt_double(y, f->hi));
        break;
    case DIST_NORMAL:
        snprintf(buf, cap, "normal(mean=%s, std=%s, %s)",
                 cli_fmt_double(x, f->mean), cli_fmt_double(y, f->std),
                 cli_name_of(method_names, (int)f->method));
        break;
    default:
        snprintf(buf, cap, "trunc-normal(mean=%s, std=%s, a=%s, b=%s)",
                 cli_fmt_double(x, f->mean), cli_fmt_double(y, f->std),
                 cli_fmt_double(z, f->a), cli_fmt_double(w, f->b));
        break;
    }
}

static int cmd_fill(int argc, char **argv)
{
    static const unsigned group = BIT(O_LOW) | BIT(O_HIGH) | BIT(O_MEAN) |
                                  BIT(O_STD) | BIT(O_A) | BIT(O_B) |
                                  BIT(O_METHOD);
    static const unsigned allowed[] = {
        [DIST_UNIFORM] = BIT(O_LOW) | BIT(O_HIGH),
        [DIST_NORMAL] = BIT(O_MEAN) | BIT(O_STD) | BIT(O_METHOD),
        [DIST_TRUNC] = BIT(O_MEAN) | BIT(O_STD) | BIT(O_A) | BIT(O_B),
    };
    args a;
    common c;
    fill_cfg f;
    npy_file file;
    char what[256];
    void *buf;
    size_t esize, chunk, done;
    nninit_status st;
    nninit_rng rng;
    double t0;
    int v, r;

    r = parse_args(CMD_FILL, "fill", argc, argv, 2, &a);
    if (r == 1) {
        print_help(help_fill, help_fill_examples);
        return CLI_EXIT_OK;
    }
    if (r < 0)
        return CLI_EXIT_USAGE;

    if (require(&a, O_DIST, "fill") ||
        get_name(&a, O_DIST, dist_names, DIST_UNIFORM, &f.dist) ||
        check_applies(&a, group, allowed[f.dist], "dist",
                      cli_name_of(dist_names, f.dist)) ||
        get_name(&a, O_METHOD, method_names, NNINIT_ZIGGURAT, &v))
        return CLI_EXIT_USAGE;
    f.method = (nninit_method)v;
    if (get_double(&a, O_LOW, 0.0, &f.lo) ||
        get_double(&a, O_HIGH, 1.0, &f.hi) ||
        get_double(&a, O_MEAN, 0.0, &f.mean) ||
        get_double(&a, O_STD, 1.0, &f.std) || get_double(&a, O_A, -2.0, &f.a) ||
        get_double(&a, O_B, 2.0, &f.b) || get_common(&a, "fill", 1, &c) ||
        apply_isa(&c))
        return CLI_EXIT_USAGE;
    describe_fill(what, sizeof what, &f);

    /* Element offset + i must exist: offset + numel may reach 2^64 but not
     * pass it (the library's NNINIT_ERR_SIZE rule, checked up front because
     * each chunk only sees its own range). */
    if (c.numel > 0 && (uint64_t)c.numel - 1 > UINT64_MAX - c.rng.offset) {
        cli_error("cannot fill %s: %s (--offset %llu, %zu elements)", what,
                  nninit_status_str(NNINIT_ERR_SIZE),
                  (unsigned long long)c.rng.offset, c.numel);
        return CLI_EXIT_USAGE;
    }

    t0 = now_seconds();
    esize = dtype_bytes[c.dtype];
    chunk = c.numel < FILL_CHUNK ? c.numel : FILL_CHUNK;
    buf = malloc((chunk > 0 ? chunk : 1) * esize);
    if (buf == NULL) {
        cli_error("out of memory (%zu bytes)", chunk * esize);
        return CLI_EXIT_IO;
    }
    /* The first chunk is generated before the file exists, so that the
     * library's verdict on the parameters comes first (n may be 0). */
    rng = c.rng;
    st = fill_chunk(&f, c.dtype, rng, buf, chunk);
    if (st != NNINIT_OK) {
        cli_error("cannot fill %s: %s", what, nninit_status_str(st));
        free(buf);
        return lib_exit(st);
    }
    if (npy_open(&file, c.output, dtype_descr[c.dtype], esize, c.dims,
                 c.ndim) != 0) {
        free(buf);
        return CLI_EXIT_IO;
    }
    for (done = 0; done < c.numel;) {
        size_t n = c.numel - done < chunk ? c.numel - done : chunk;
        if (done > 0) {
            rng.offset = c.rng.offset + (uint64_t)done;
            st = fill_chunk(&f, c.dtype, rng, buf, n);
            if (st != NNINIT_OK) {
                cli_error("cannot fill %s: %s", what, nninit_status_str(st));
                npy_abort(&file);
                free(buf);
                return lib_exit(st);
            }
        }
        if (npy_write(&file, buf, n) != 0) {
            npy_abort(&file);
            free(buf);
            return CLI_EXIT_IO;
        }
        done += n;
    }
    free(buf);
    if (npy_commit(&file) != 0)
        return CLI_EXIT_IO;
    if (c.verbose)
        print_summary(&c, what, now_seconds() - t0);
    return CLI_EXIT_OK;
}

/* ---------------------------------------------------------------- init */

typedef struct init_cfg {
    int scheme;
    double gain, a, b, mean, std, scale;
    nninit_fan_mode mode;
    nninit_nonlinearity nl;
    nninit_vs_distribution vs_dist;
} init_cfg;

static nninit_status run_init(const init_cfg *s, const common *c, void *out)
{
    switch (s->scheme) {
    case SCHEME_XAVIER_UNIFORM:
        return nninit_xavier_uniform(c->rng, c->dtype, out, c->dims, c->ndim,
                                     s->gain);
    case SCHEME_XAVIER_NORMAL:
        return nninit_xavier_normal(c->rng, c->dtype, out, c->dims, c->ndim,
                                    s->gain);
    case SCHEME_KAIMING_UNIFORM:
        return nninit_kaiming_uniform(c->rng, c->dtype, out, c->dims, c->ndim,
                                      s->a, s->mode, s->nl);
    case SCHEME_KAIMING_NORMAL:
        return nninit_kaiming_normal(c->rng, c->dtype, out, c->dims, c->ndim,
                                     s->a, s->mode, s->nl);
    case SCHEME_LECUN_NORMAL:
        return nninit_lecun_normal(c->rng, c->dtype, out, c->dims, c->ndim);
    case SCHEME_TRUNC_NORMAL:
        return nninit_trunc_normal(c->rng, c->dtype, out, c->dims, c->ndim,
                                   s->mean, s->std, s->a, s->b);
    default:
        return nninit_variance_scaling(c->rng, c->dtype, out, c->dims, c->ndim,
                                       s->scale, s->mode, s->vs_dist);
    }
}

static void describe_init(char *buf, size_t cap, const init_cfg *s)
{
    char x[32], y[32], z[32], w[32];
    const char *name = cli_name_of(scheme_names, s->scheme);
    switch (s->scheme) {
    case SCHEME_XAVIER_UNIFORM:
    case SCHEME_XAVIER_NORMAL:
        snprintf(buf, cap, "%s(gain=%s)", name, cli_fmt_double(x, s->gain));
        break;
    case SCHEME_KAIMING_UNIFORM:
    case SCHEME_KAIMING_NORMAL:
        snprintf(buf, cap, "%s(a=%s, mode=%s, nonlinearity=%s)", name,
                 cli_fmt_double(x, s->a), cli_name_of(mode_names, (int)s->mode),
                 cli_name_of(nonlinearity_names, (int)s->nl));
        break;
    case SCHEME_TRUNC_NORMAL:
        snprintf(buf, cap, "%s(mean=%s, std=%s, a=%s, b=%s)", name,
                 cli_fmt_double(x, s->mean), cli_fmt_double(y, s->std),
                 cli_fmt_double(z, s->a), cli_fmt_double(w, s->b));
        break;
    case SCHEME_VARIANCE_SCALING:
        snprintf(buf, cap, "%s(scale=%s, mode=%s, distribution=%s)", name,
                 cli_fmt_double(x, s->scale),
                 cli_name_of(mode_names, (int)s->mode),
                 cli_name_of(vs_dist_names, (int)s->vs_dist));
        break;
    default:
        snprintf(buf, cap, "%s", name);
        break;
    }
}

static int cmd_init(int argc, char **argv)
{
    static const unsigned group =
        BIT(O_GAIN) | BIT(O_A) | BIT(O_B) | BIT(O_MEAN) | BIT(O_STD) |
        BIT(O_MODE) | BIT(O_NONLINEARITY) | BIT(O_SCALE) | BIT(O_DISTRIBUTION);
    static const unsigned allowed[] = {
        [SCHEME_XAVIER_UNIFORM] = BIT(O_GAIN),
        [SCHEME_XAVIER_NORMAL] = BIT(O_GAIN),
        [SCHEME_KAIMING_UNIFORM] = BIT(O_A) | BIT(O_MODE) | BIT(O_NONLINEARITY),
        [SCHEME_KAIMING_NORMAL] = BIT(O_A) | BIT(O_MODE) | BIT(O_NONLINEARITY),
        [SCHEME_LECUN_NORMAL] = 0,
        [SCHEME_TRUNC_NORMAL] = BIT(O_MEAN) | BIT(O_STD) | BIT(O_A) | BIT(O_B),
        [SCHEME_VARIANCE_SCALING] =
            BIT(O_SCALE) | BIT(O_MODE) | BIT(O_DISTRIBUTION),
    };
    args a;
    common c;
    init_cfg s;
    npy_file file;
    char what[256];
    void *buf;
    size_t esize;
    nninit_status st;
    double t0;
    int v, r, is_trunc, is_kaiming;

    r = parse_args(CMD_INIT, "init", argc, argv, 2, &a);
    if (r == 1) {
        print_help(help_init, help_init_examples);
        return CLI_EXIT_OK;
    }
    if (r < 0)
        return CLI_EXIT_USAGE;

    if (require(&a, O_SCHEME, "init") ||
        get_name(&a, O_SCHEME, scheme_names, 0, &s.scheme) ||
        check_applies(&a, group, allowed[s.scheme], "scheme",
                      cli_name_of(scheme_names, s.scheme)))
        return CLI_EXIT_USAGE;
    is_trunc = s.scheme == SCHEME_TRUNC_NORMAL;
    is_kaiming =
        s.scheme == SCHEME_KAIMING_UNIFORM || s.scheme == SCHEME_KAIMING_NORMAL;
    /* --a is kaiming's negative slope (torch default 0) or trunc-normal's
     * lower bound (default -2). */
    if (get_double(&a, O_GAIN, 1.0, &s.gain) ||
        get_double(&a, O_A, is_trunc ? -2.0 : 0.0, &s.a) ||
        get_double(&a, O_B, 2.0, &s.b) ||
        get_double(&a, O_MEAN, 0.0, &s.mean) ||
        get_double(&a, O_STD, 1.0, &s.std) ||
        get_double(&a, O_SCALE, 1.0, &s.scale) ||
        get_name(&a, O_MODE, mode_names, NNINIT_FAN_IN, &v))
        return CLI_EXIT_USAGE;
    s.mode = (nninit_fan_mode)v;
    if (is_kaiming && s.mode == NNINIT_FAN_AVG) {
        cli_error("bad value '%s' for --mode: --scheme %s takes fan-in or "
                  "fan-out",
                  a.val[O_MODE], cli_name_of(scheme_names, s.scheme));
        return CLI_EXIT_USAGE;
    }
    if (get_name(&a, O_NONLINEARITY, nonlinearity_names, NNINIT_LEAKY_RELU, &v))
        return CLI_EXIT_USAGE;
    s.nl = (nninit_nonlinearity)v;
    if (get_name(&a, O_DISTRIBUTION, vs_dist_names, NNINIT_VS_TRUNCATED_NORMAL,
                 &v))
        return CLI_EXIT_USAGE;
    s.vs_dist = (nninit_vs_distribution)v;
    if (get_common(&a, "init", 2, &c) || apply_isa(&c))
        return CLI_EXIT_USAGE;
    describe_init(what, sizeof what, &s);

    /* Initializers need the whole shape for the fans: one call on the
     * whole buffer (see the brief: reproducing the library's formulas
     * chunk by chunk would duplicate them). */
    t0 = now_seconds();
    esize = dtype_bytes[c.dtype];
    buf = malloc(c.numel > 0 ? c.numel * esize : 1);
    if (buf == NULL) {
        cli_error("out of memory (%zu bytes for the array)", c.numel * esize);
        return CLI_EXIT_IO;
    }
    st = run_init(&s, &c, buf);
    if (st != NNINIT_OK) {
        cli_error("cannot initialize %s for shape '%s': %s", what,
                  a.val[O_SHAPE], nninit_status_str(st));
        free(buf);
        return lib_exit(st);
    }
    if (npy_open(&file, c.output, dtype_descr[c.dtype], esize, c.dims,
                 c.ndim) != 0) {
        free(buf);
        return CLI_EXIT_IO;
    }
    if (npy_write(&file, buf, c.numel) != 0) {
        npy_abort(&file);
        free(buf);
        return CLI_EXIT_IO;
    }
    free(buf);
    if (npy_commit(&file) != 0)
        return CLI_EXIT_IO;
    if (c.verbose)
        print_summary(&c, what, now_seconds() - t0);
    return CLI_EXIT_OK;
}

/* ---------------------------------------------------------------- main */

static int run_command(int argc, char **argv)
{
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
        if (topic == NULL)
            fputs(help_main, stdout);
        else if (strcmp(topic, "info") == 0)
            fputs(help_info, stdout);
        else if (strcmp(topic, "fill") == 0)
            print_help(help_fill, help_fill_examples);
        else if (strcmp(topic, "init") == 0)
            print_help(help_init, help_init_examples);
        else if (strcmp(topic, "bench") == 0)
            fputs(cli_bench_help, stdout);
        else if (strcmp(topic, "model") == 0)
            model_help();
        else if (strcmp(topic, "bits") == 0)
            fputs(cli_bits_help, stdout);
        else {
            cli_error("unknown command '%s' (see 'nninit --help')", topic);
            return CLI_EXIT_USAGE;
        }
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
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc, argv);
    if (strcmp(cmd, "fill") == 0)
        return cmd_fill(argc, argv);
    if (strcmp(cmd, "init") == 0)
        return cmd_init(argc, argv);
    if (strcmp(cmd, "bench") == 0)
        return cli_bench(argc, argv);
    if (strcmp(cmd, "model") == 0)
        return cmd_model(argc, argv);
    if (strcmp(cmd, "bits") == 0)
        return cli_bits(argc, argv);
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
    if (rc == CLI_EXIT_OK)
        rc = cli_close_stdout();
    return rc;
}
