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
#include <string.h>

#include "opt.h"

#define S(x) CLI_S(x)
#define KAIMING (S(KAIMING_UNIFORM) | S(KAIMING_NORMAL))

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
    PARAM_D("std", "S", std, S(NORMAL) | S(TRUNC_NORMAL), 0,
            "the standard deviation"),
    PARAM_D("a", "A", a, S(TRUNC_NORMAL) | KAIMING, 0,
            "trunc-normal: the lower bound, absolute, may be -inf; "
            "kaiming-*: the negative slope of leaky_relu"),
    PARAM_D("b", "B", b, S(TRUNC_NORMAL), 0,
            "the upper bound, absolute, may be inf"),
    PARAM_D("gain", "G", gain, S(XAVIER_UNIFORM) | S(XAVIER_NORMAL), 0,
            "the gain"),
    PARAM_D("scale", "S", scale, S(VARIANCE_SCALING), 0, "the variance scale"),
    PARAM_E("mode", "MODE", mode, cli_modes, KAIMING | S(VARIANCE_SCALING),
            mode_check, "the fan to scale by (fan-avg: variance-scaling only)"),
    PARAM_E("nonlinearity", "NAME", nonlinearity, cli_nonlinearities, KAIMING,
            NULL, "the gain's nonlinearity ('-' for '_' is accepted)"),
    PARAM_E("distribution", "NAME", distribution, cli_distributions,
            S(VARIANCE_SCALING), NULL, "the distribution"),
    PARAM_E("method", "METHOD", method, cli_methods, S(NORMAL), NULL,
            "the normal sampling method"),
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
        "N(0, s^2), s = gain / sqrt(fan), gain = calculate_gain(nonlinearity, "
        "a)",
    [NNINIT_SCHEME_LECUN_NORMAL] =
        "variance-scaling with scale 1, fan-in, truncated-normal",
    [NNINIT_SCHEME_VARIANCE_SCALING] =
        "Keras/JAX VarianceScaling(scale, mode, distribution)",
};

const char *cli_scheme_help(nninit_scheme s)
{
    return (int)s >= 0 && s < NNINIT_SCHEME_COUNT_ ? scheme_help[s] : NULL;
}

const cli_opt *cli_param_find(const char *name)
{
    const cli_opt *o;
    for (o = cli_params; o->name != NULL; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}
