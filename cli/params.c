/*
 * The scheme parameters and the schemes' help lines: the rows that
 * `nninit fill`, `nninit init` and the model spec reader (spec.c) share.
 *
 * How to extend:
 *   - a parameter: a field of nninit_desc, then one row below (name,
 *     metavar, kind, offsetof, the schemes that take it, help);
 *   - a scheme: its name in the library (src/core/names.c), its bit in the
 *     rows of the parameters it takes, its line in scheme_help, and its bit
 *     in the `schemes` of `--scheme` (main.c) to offer it on the command
 *     line. Defaults come from nninit_desc_default.
 */
#include <stddef.h>

#include "opt.h"

#define S(x) CLI_S(x)
#define KAIMING (S(KAIMING_UNIFORM) | S(KAIMING_NORMAL))
/* The schemes that scale by fans. */
#define FANS                                                                   \
    (S(XAVIER_UNIFORM) | S(XAVIER_NORMAL) | KAIMING | S(LECUN_NORMAL) |        \
     S(VARIANCE_SCALING) | S(GLOROT_UNIFORM) | S(GLOROT_NORMAL) |              \
     S(HE_UNIFORM) | S(HE_NORMAL) | S(LECUN_UNIFORM))
/* The schemes that sample normals with a method of choice (variance
 * scaling: with distribution normal). */
#define NORMALS                                                                \
    (S(NORMAL) | S(XAVIER_NORMAL) | S(KAIMING_NORMAL) | S(VARIANCE_SCALING) |  \
     S(SPARSE))

static const char *axes_check(const nninit_desc *d)
{
    if (d->fan_layout != NNINIT_LAYOUT_JAX &&
        (d->in_axes.n > 0 || d->out_axes.n > 0 || d->batch_axes.n > 0))
        return "the axes apply to fan layout 'jax' only";
    return NULL;
}

static const char *mode_check(const nninit_desc *d)
{
    if (d->mode == NNINIT_FAN_AVG &&
        d->scheme != NNINIT_SCHEME_VARIANCE_SCALING)
        return "'fan_avg' applies to variance_scaling only";
    return NULL;
}

#define PARAM_D(nm, mv, field, schemes, required, text)                        \
    {                                                                          \
        nm, 0, mv, CLI_DOUBLE, offsetof(nninit_desc, field), NULL, NULL,       \
            CLI_PARAM, schemes, required, NULL, text                           \
    }
#define PARAM_X(nm, mv, kind, field, schemes, required, check, text)           \
    {                                                                          \
        nm, 0, mv, kind, offsetof(nninit_desc, field), NULL, NULL, CLI_PARAM,  \
            schemes, required, check, text                                     \
    }
#define PARAM_E(nm, mv, field, choices, schemes, check, text)                  \
    {                                                                          \
        nm, 0, mv, CLI_ENUM, offsetof(nninit_desc, field), &choices, NULL,     \
            CLI_PARAM, schemes, 0, check, text                                 \
    }

/* The order is the order of --help and of printed specs. */
const cli_opt cli_params[] = {
    PARAM_D("value", "V", value, S(CONSTANT), S(CONSTANT),
            "the value of every element"),
    PARAM_D("low", "A", lo, S(UNIFORM), 0, "least value, included"),
    PARAM_D("high", "B", hi, S(UNIFORM), 0, "upper bound, never returned"),
    PARAM_D("mean", "M", mean, S(NORMAL) | S(TRUNC_NORMAL), 0, "the mean"),
    PARAM_D("std", "S", std, S(NORMAL) | S(TRUNC_NORMAL) | S(SPARSE), 0,
            "the standard deviation"),
    PARAM_D("a", "A", a, S(TRUNC_NORMAL) | KAIMING, 0,
            "trunc-normal: the lower bound, absolute, may be -inf; "
            "kaiming-*: the negative slope of leaky_relu"),
    PARAM_D("b", "B", b, S(TRUNC_NORMAL), 0,
            "the upper bound, absolute, may be inf"),
    PARAM_D("gain", "G", gain,
            S(XAVIER_UNIFORM) | S(XAVIER_NORMAL) | S(ORTHOGONAL) |
                S(DELTA_ORTHOGONAL),
            0, "the gain"),
    PARAM_D("scale", "S", scale, S(VARIANCE_SCALING), 0, "the variance scale"),
    PARAM_E("mode", "MODE", mode, cli_modes, KAIMING | S(VARIANCE_SCALING),
            mode_check, "the fan to scale by (fan-avg: variance-scaling only)"),
    PARAM_E("nonlinearity", "NAME", nonlinearity, cli_nonlinearities, KAIMING,
            NULL, "the gain's nonlinearity ('-' for '_' is accepted)"),
    PARAM_E("distribution", "NAME", distribution, cli_distributions,
            S(VARIANCE_SCALING), NULL, "the distribution"),
    PARAM_E("method", "METHOD", method, cli_methods, NORMALS, NULL,
            "the normal sampling method (variance-scaling: with distribution "
            "normal)"),
    PARAM_D("sparsity", "P", sparsity, S(SPARSE), S(SPARSE),
            "the fraction of each column set to 0, in [0, 1]"),
    PARAM_X("groups", "G", CLI_U64, groups, S(DIRAC), 0, NULL,
            "the number of groups; dim 0 must divide by it"),
    PARAM_E("fan-layout", "LAYOUT", fan_layout, cli_layouts, FANS, axes_check,
            "where the fan axes are: torch (out, in, k...), keras (k..., in, "
            "out) or jax (--in-axis, --out-axis, --batch-axis)"),
    PARAM_X("in-axis", "AXES", CLI_AXES, in_axes, FANS, 0, axes_check,
            "jax layout: the input axes, e.g. -2 or 0,1 (default -2)"),
    PARAM_X("out-axis", "AXES", CLI_AXES, out_axes, FANS, 0, axes_check,
            "jax layout: the output axes (default -1)"),
    PARAM_X("batch-axis", "AXES", CLI_AXES, batch_axes, FANS, 0, axes_check,
            "jax layout: the batch axes (default none)"),
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const char *const scheme_help[NNINIT_SCHEME_COUNT_] = {
    [NNINIT_SCHEME_CONSTANT] = "every element the value V",
    [NNINIT_SCHEME_ZEROS] = "every element 0",
    [NNINIT_SCHEME_ONES] = "every element 1",
    [NNINIT_SCHEME_UNIFORM] = "U[low, high)",
    [NNINIT_SCHEME_NORMAL] = "N(mean, std^2)",
    [NNINIT_SCHEME_TRUNC_NORMAL] = "N(mean, std^2) truncated to [a, b]",
    [NNINIT_SCHEME_XAVIER_UNIFORM] =
        "U(-l, l), l = gain * sqrt(6 / (fan_in + fan_out))",
    [NNINIT_SCHEME_XAVIER_NORMAL] =
        "N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out))",
    [NNINIT_SCHEME_KAIMING_UNIFORM] = "U(-l, l), l = gain * sqrt(3 / fan)",
    [NNINIT_SCHEME_KAIMING_NORMAL] =
        ("N(0, s^2), s = gain / sqrt(fan), gain = calculate_gain(nonlinearity, "
         "a)"), /* parenthesized: clang's -Wstring-concatenation */
    [NNINIT_SCHEME_LECUN_NORMAL] =
        "variance-scaling with scale 1, fan-in, truncated-normal",
    [NNINIT_SCHEME_VARIANCE_SCALING] =
        "Keras/JAX VarianceScaling(scale, mode, distribution)",
    [NNINIT_SCHEME_ORTHOGONAL] =
        "gain * Q, Q from the QR of a Gaussian rows x (numel / rows) matrix",
    [NNINIT_SCHEME_DELTA_ORTHOGONAL] =
        "conv kernel (out, in, k...): zeros, an orthogonal out x in matrix at "
        "the centre",
    [NNINIT_SCHEME_EYE] = "2-D identity: 1 where row == column (torch eye_)",
    [NNINIT_SCHEME_DIRAC] =
        "3-5-D: 1 at the centre of [g * out/groups + d, d] (torch dirac_)",
    [NNINIT_SCHEME_SPARSE] = "2-D: ceil(sparsity * rows) zeros per column, "
                             "the rest N(0, std^2) (torch sparse_)",
    [NNINIT_SCHEME_GLOROT_UNIFORM] = "Keras/JAX: variance-scaling 1, fan-avg, "
                                     "uniform (= xavier-uniform)",
    [NNINIT_SCHEME_GLOROT_NORMAL] =
        "Keras/JAX: variance-scaling 1, fan-avg, truncated-normal",
    [NNINIT_SCHEME_HE_UNIFORM] = "Keras/JAX: variance-scaling 2, fan-in, "
                                 "uniform (= kaiming-uniform, relu)",
    [NNINIT_SCHEME_HE_NORMAL] =
        "Keras/JAX: variance-scaling 2, fan-in, truncated-normal",
    [NNINIT_SCHEME_LECUN_UNIFORM] =
        "Keras/JAX: variance-scaling 1, fan-in, uniform",
};

const char *cli_scheme_help(nninit_scheme s)
{
    return (int)s >= 0 && s < NNINIT_SCHEME_COUNT_ ? scheme_help[s] : NULL;
}

int cli_scheme_whole(nninit_scheme s)
{
    return s == NNINIT_SCHEME_ORTHOGONAL || s == NNINIT_SCHEME_DELTA_ORTHOGONAL;
}

/* Spec keys spell the options' '-' as '_' ("fan_layout"). */
static int same_key(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
            return 0;
    return *a == *b;
}

const cli_opt *cli_param_find(const char *name)
{
    const cli_opt *o;
    for (o = cli_params; o->name != NULL; o++)
        if (same_key(o->name, name))
            return o;
    return NULL;
}
