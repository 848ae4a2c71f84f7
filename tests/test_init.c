/*
 * Initializers, gains and fans against the formulas of torch.nn.init
 * (_calculate_fan_in_and_fan_out, calculate_gain, xavier_*, kaiming_*,
 * trunc_normal_) and Keras/JAX (VarianceScaling, lecun_normal), as the
 * public header states them. The expected scales are computed here from
 * the shape, independently of the library.
 *
 * Each initializer case is checked two ways:
 *   - exactly: the output equals the plain fill (nninit_fill_uniform /
 *     _normal / _trunc_normal, same rng) with the parameters the formula
 *     gives, up to the last-bit differences a different evaluation order of
 *     the formula can make (relative 1e-12 in float64, a few float ulps of
 *     the scale otherwise). Deterministic: it catches a wrong fan, gain or
 *     constant on any shape, however small;
 *   - statistically: the sample variance is within 7 sampling sds of the
 *     formula's (sds from stats_util: sqrt(2/N) s^2 for the normal, etc.),
 *     the mean within 7 sds of 0, uniform values inside [-b, b) with the
 *     largest |x| close to b, truncated ones inside [-2s, 2s].
 * Statistical checks are at nominal level <= SU_ALPHA = 1e-10 each (see
 * stats_util.h for the budget); about 500 of them here.
 *
 * Set NNINIT_STATS_VERBOSE=1 to print every statistic and its bound.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nninit.h"
#include "stats_util.h"

#define TRUNC2_STD 0.87962566103423978 /* sd of N(0,1) on [-2, 2] */

/* ------------------------------------------------------------- fans */

typedef struct fan_case {
    int64_t shape[5];
    size_t ndim;
    int64_t fan_in, fan_out;
} fan_case;

/* torch: fan_in = size(1) * prod(size[2:]), fan_out = size(0) * prod(...). */
Test(init, fans_match_torch)
{
    static const fan_case cases[] = {
        {{3, 5}, 2, 5, 3},
        {{64, 3, 3, 3}, 4, 27, 576},
        {{16, 8, 5}, 3, 40, 80},
        {{2, 4, 3, 3, 3}, 5, 108, 54},
        {{1, 1}, 2, 1, 1},
        /* zero dims: the fans that include them are 0 */
        {{0, 5}, 2, 5, 0},
        {{5, 0}, 2, 0, 5},
        {{4, 0, 3}, 3, 0, 12},
        {{4, 3, 0}, 3, 0, 0},
        {{0, 0, 3, 3}, 4, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const fan_case *c = &cases[i];
        int64_t fi = -7, fo = -7;
        nninit_status st = nninit_fans(c->shape, c->ndim, &fi, &fo);
        cr_expect_eq(st, NNINIT_OK, "case %zu: %s", i, nninit_status_str(st));
        cr_expect_eq(fi, c->fan_in, "case %zu: fan_in %lld, want %lld", i,
                     (long long)fi, (long long)c->fan_in);
        cr_expect_eq(fo, c->fan_out, "case %zu: fan_out %lld, want %lld", i,
                     (long long)fo, (long long)c->fan_out);
    }
}

Test(init, fans_errors)
{
    int64_t shape[3] = {4, 5, 6}, neg[3] = {4, -1, 6};
    int64_t fi = -7, fo = -7;
    cr_expect_eq(nninit_fans(shape, 0, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans(shape, 1, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans(neg, 3, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans(NULL, 2, &fi, &fo), NNINIT_ERR_NULL);
    cr_expect_eq(nninit_fans(shape, 2, NULL, &fo), NNINIT_ERR_NULL);
    cr_expect_eq(nninit_fans(shape, 2, &fi, NULL), NNINIT_ERR_NULL);
    cr_expect(fi == -7 && fo == -7, "fans written on error");
}

/* ------------------------------------------------------------- gains */

static int close_rel(double got, double want, double tol)
{
    return fabs(got - want) <= tol * fabs(want);
}

Test(init, gains_match_torch)
{
    struct {
        nninit_nonlinearity nl;
        double param, want;
    } t[] = {
        {NNINIT_LINEAR, NAN, 1.0},
        {NNINIT_CONV1D, NAN, 1.0},
        {NNINIT_CONV2D, NAN, 1.0},
        {NNINIT_CONV3D, NAN, 1.0},
        {NNINIT_CONV_TRANSPOSE1D, NAN, 1.0},
        {NNINIT_CONV_TRANSPOSE2D, NAN, 1.0},
        {NNINIT_CONV_TRANSPOSE3D, NAN, 1.0},
        {NNINIT_SIGMOID, NAN, 1.0},
        {NNINIT_TANH, NAN, 5.0 / 3.0},
        {NNINIT_RELU, NAN, 1.4142135623730951},
        {NNINIT_RELU, 0.3, 1.4142135623730951}, /* param ignored */
        {NNINIT_LEAKY_RELU, NAN, 1.4141428569978354},  /* slope 0.01 */
        {NNINIT_LEAKY_RELU, 0.01, 1.4141428569978354},
        {NNINIT_LEAKY_RELU, 0.0, 1.4142135623730951},
        {NNINIT_LEAKY_RELU, 0.2, 1.3867504905630728},
        {NNINIT_LEAKY_RELU, -0.2, 1.3867504905630728},
        {NNINIT_LEAKY_RELU, 1.0, 1.0},
        {NNINIT_SELU, NAN, 0.75},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        double g = -1;
        nninit_status st = nninit_calculate_gain(t[i].nl, t[i].param, &g);
        cr_expect_eq(st, NNINIT_OK, "case %zu: %s", i, nninit_status_str(st));
        /* sqrt is correctly rounded: 2 ulps cover any order of operations */
        cr_expect(close_rel(g, t[i].want, 4 * DBL_EPSILON),
                  "case %zu (nl %d, param %g): gain %.17g, want %.17g", i,
                  (int)t[i].nl, t[i].param, g, t[i].want);
    }
    double g = 123.0;
    cr_expect_eq(nninit_calculate_gain((nninit_nonlinearity)12, 0, &g),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_calculate_gain((nninit_nonlinearity)-1, 0, &g),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_calculate_gain((nninit_nonlinearity)1000, 0, &g),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(g, 123.0, "gain written on error");
    cr_expect_eq(nninit_calculate_gain(NNINIT_RELU, 0, NULL), NNINIT_ERR_NULL);
}

/* ------------------------------------------------------ initializers */

typedef enum scheme {
    XAVIER_U,
    XAVIER_N,
    KAIMING_U,
    KAIMING_N,
    LECUN_N,
    TRUNC_N,
    VS,
    GLOROT_U, /* Keras/JAX names: variance scaling with fixed parameters */
    GLOROT_N,
    HE_U,
    HE_N,
    LECUN_U
} scheme;

typedef struct init_case {
    char name[128];
    scheme scheme;
    nninit_dtype dtype;
    int64_t shape[5];
    size_t ndim;
    double gain;            /* xavier */
    double a;               /* kaiming: slope */
    nninit_fan_mode mode;   /* kaiming, vs */
    nninit_nonlinearity nl; /* kaiming */
    double mean, std, lo, hi; /* trunc_normal */
    double scale;             /* vs */
    nninit_vs_distribution dist;
    nninit_fan_layout layout; /* torch or keras (through nninit_desc) */
    uint64_t seed;
} init_case;

/* What a case should produce: a plain fill and its parameters. */
typedef struct expected {
    su_kind kind;
    double p0, p1, a, b; /* uniform: -b, b; normal: 0, s; trunc */
} expected;

static void my_fans(const init_case *c, double *fi, double *fo)
{
    double rf = 1;
    if (c->layout == NNINIT_LAYOUT_KERAS) { /* (k..., in, out) */
        for (size_t i = 0; i + 2 < c->ndim; i++)
            rf *= (double)c->shape[i];
        *fi = (double)c->shape[c->ndim - 2] * rf;
        *fo = (double)c->shape[c->ndim - 1] * rf;
        return;
    }
    for (size_t i = 2; i < c->ndim; i++)
        rf *= (double)c->shape[i];
    *fi = (double)c->shape[1] * rf;
    *fo = (double)c->shape[0] * rf;
}

static double my_gain(nninit_nonlinearity nl, double a)
{
    switch (nl) {
    case NNINIT_TANH:
        return 5.0 / 3.0;
    case NNINIT_RELU:
        return sqrt(2.0);
    case NNINIT_LEAKY_RELU:
        return sqrt(2.0 / (1.0 + a * a));
    case NNINIT_SELU:
        return 0.75;
    default:
        return 1.0;
    }
}

static double my_fan(nninit_fan_mode mode, double fi, double fo)
{
    return mode == NNINIT_FAN_IN ? fi : mode == NNINIT_FAN_OUT ? fo
                                                               : (fi + fo) / 2;
}

static expected expect_of(const init_case *c)
{
    double fi, fo;
    my_fans(c, &fi, &fo);
    expected e = {SU_NORMAL, 0, 0, 0, 0};
    switch (c->scheme) {
    case XAVIER_U: { /* torch: b = gain sqrt(6 / (fan_in + fan_out)) */
        double b = c->gain * sqrt(6.0 / (fi + fo));
        e.kind = SU_UNIFORM;
        e.p0 = -b;
        e.p1 = b;
        break;
    }
    case XAVIER_N: /* s = gain sqrt(2 / (fan_in + fan_out)) */
        e.p1 = c->gain * sqrt(2.0 / (fi + fo));
        break;
    case KAIMING_U: { /* b = gain sqrt(3 / fan) */
        double b = my_gain(c->nl, c->a) * sqrt(3.0 / my_fan(c->mode, fi, fo));
        e.kind = SU_UNIFORM;
        e.p0 = -b;
        e.p1 = b;
        break;
    }
    case KAIMING_N: /* s = gain / sqrt(fan) */
        e.p1 = my_gain(c->nl, c->a) / sqrt(my_fan(c->mode, fi, fo));
        break;
    case LECUN_N: { /* truncated normal, variance 1 / fan_in */
        double s = sqrt(1.0 / fi) / TRUNC2_STD;
        e.kind = SU_TRUNC;
        e.p1 = s;
        e.a = -2 * s;
        e.b = 2 * s;
        break;
    }
    case TRUNC_N:
        e.kind = SU_TRUNC;
        e.p0 = c->mean;
        e.p1 = c->std;
        e.a = c->lo;
        e.b = c->hi;
        break;
    case GLOROT_U: /* keras.initializers: VarianceScaling(1, fan_avg) */
    case GLOROT_N:
    case HE_U: /* VarianceScaling(2, fan_in) */
    case HE_N:
    case LECUN_U: /* VarianceScaling(1, fan_in) */
    case VS: {
        double scale = c->scale;
        nninit_fan_mode mode = c->mode;
        nninit_vs_distribution dist = c->dist;
        if (c->scheme != VS) {
            int he = c->scheme == HE_U || c->scheme == HE_N;
            int glorot = c->scheme == GLOROT_U || c->scheme == GLOROT_N;
            scale = he ? 2.0 : 1.0;
            mode = glorot ? NNINIT_FAN_AVG : NNINIT_FAN_IN;
            dist = c->scheme == GLOROT_N || c->scheme == HE_N
                       ? NNINIT_VS_TRUNCATED_NORMAL
                       : NNINIT_VS_UNIFORM;
        }
        double v = scale / my_fan(mode, fi, fo);
        if (dist == NNINIT_VS_UNIFORM) {
            double l = sqrt(3.0 * v);
            e.kind = SU_UNIFORM;
            e.p0 = -l;
            e.p1 = l;
        } else if (dist == NNINIT_VS_NORMAL) {
            e.p1 = sqrt(v);
        } else {
            double s = sqrt(v) / TRUNC2_STD;
            e.kind = SU_TRUNC;
            e.p1 = s;
            e.a = -2 * s;
            e.b = 2 * s;
        }
        break;
    }
    }
    return e;
}

static nninit_status run_init(const init_case *c, nninit_rng rng, void *out)
{
    if (c->layout != NNINIT_LAYOUT_TORCH) {
        static const nninit_scheme lib[] = {
            [XAVIER_U] = NNINIT_SCHEME_XAVIER_UNIFORM,
            [XAVIER_N] = NNINIT_SCHEME_XAVIER_NORMAL,
            [KAIMING_U] = NNINIT_SCHEME_KAIMING_UNIFORM,
            [KAIMING_N] = NNINIT_SCHEME_KAIMING_NORMAL,
            [LECUN_N] = NNINIT_SCHEME_LECUN_NORMAL,
            [TRUNC_N] = NNINIT_SCHEME_TRUNC_NORMAL,
            [VS] = NNINIT_SCHEME_VARIANCE_SCALING,
            [GLOROT_U] = NNINIT_SCHEME_GLOROT_UNIFORM,
            [GLOROT_N] = NNINIT_SCHEME_GLOROT_NORMAL,
            [HE_U] = NNINIT_SCHEME_HE_UNIFORM,
            [HE_N] = NNINIT_SCHEME_HE_NORMAL,
            [LECUN_U] = NNINIT_SCHEME_LECUN_UNIFORM};
        nninit_desc d;
        nninit_desc_default(lib[c->scheme], &d);
        d.gain = c->gain;
        d.a = c->a;
        d.mode = c->mode;
        d.nonlinearity = c->nl;
        d.scale = c->scale;
        d.distribution = c->dist;
        d.fan_layout = c->layout;
        return nninit_init(rng, c->dtype, out, c->shape, c->ndim, &d);
    }
    switch (c->scheme) {
    case GLOROT_U:
        return nninit_glorot_uniform(rng, c->dtype, out, c->shape, c->ndim);
    case GLOROT_N:
        return nninit_glorot_normal(rng, c->dtype, out, c->shape, c->ndim);
    case HE_U:
        return nninit_he_uniform(rng, c->dtype, out, c->shape, c->ndim);
    case HE_N:
        return nninit_he_normal(rng, c->dtype, out, c->shape, c->ndim);
    case LECUN_U:
        return nninit_lecun_uniform(rng, c->dtype, out, c->shape, c->ndim);
    case XAVIER_U:
        return nninit_xavier_uniform(rng, c->dtype, out, c->shape, c->ndim,
                                     c->gain);
    case XAVIER_N:
        return nninit_xavier_normal(rng, c->dtype, out, c->shape, c->ndim,
                                    c->gain);
    case KAIMING_U:
        return nninit_kaiming_uniform(rng, c->dtype, out, c->shape, c->ndim,
                                      c->a, c->mode, c->nl);
    case KAIMING_N:
        return nninit_kaiming_normal(rng, c->dtype, out, c->shape, c->ndim,
                                     c->a, c->mode, c->nl);
    case LECUN_N:
        return nninit_lecun_normal(rng, c->dtype, out, c->shape, c->ndim);
    case TRUNC_N:
        return nninit_trunc_normal(rng, c->dtype, out, c->shape, c->ndim,
                                   c->mean, c->std, c->lo, c->hi);
    case VS:
        return nninit_variance_scaling(rng, c->dtype, out, c->shape, c->ndim,
                                       c->scale, c->mode, c->dist);
    }
    return NNINIT_ERR_ENUM;
}

static nninit_status run_fill(const init_case *c, const expected *e,
                              nninit_rng rng, void *out, size_t n)
{
    switch (e->kind) {
    case SU_UNIFORM:
        return nninit_fill_uniform(rng, c->dtype, out, n, e->p0, e->p1);
    case SU_NORMAL:
        return nninit_fill_normal(rng, c->dtype, out, n, e->p0, e->p1,
                                  NNINIT_ZIGGURAT);
    case SU_TRUNC:
        return nninit_fill_trunc_normal(rng, c->dtype, out, n, e->p0, e->p1,
                                        e->a, e->b);
    }
    return NNINIT_ERR_ENUM;
}

static double elem(nninit_dtype dt, const void *buf, size_t i)
{
    switch (dt) {
    case NNINIT_F32:
        return ((const float *)buf)[i];
    case NNINIT_F64:
        return ((const double *)buf)[i];
    case NNINIT_BF16:
        return su_bf16_to_f32(((const uint16_t *)buf)[i]);
    default:
        return su_f16_to_double(((const uint16_t *)buf)[i]);
    }
}

/* One step of the output grid relative to the value (2^-(p-1)). */
static double grid_rel(nninit_dtype dt)
{
    return dt == NNINIT_F64   ? 0x1p-52
           : dt == NNINIT_F32 ? 0x1p-23
           : dt == NNINIT_F16 ? 0x1p-10
                              : 0x1p-7;
}

/* Build the case list: every scheme variant on a few shapes in float32,
 * and on the largest shape in float64, bfloat16 and float16. */
static size_t build_cases(init_case *out, size_t cap)
{
    static const struct {
        int64_t shape[5];
        size_t ndim;
    } shapes[] = {
        {{256, 1024}, 2},    /* linear, fan_in 1024, fan_out 256 */
        {{96, 32, 5, 5}, 4}, /* conv2d, fan_in 800, fan_out 2400 */
        {{64, 16, 5}, 3},    /* conv1d, fan_in 80, fan_out 320 */
        {{3, 5}, 2},         /* tiny: the exact check carries it */
        {{2, 4, 3, 3, 3}, 5} /* conv3d, fan_in 108, fan_out 54 */
    };
    init_case v[64];
    size_t nv = 0;
#define ADD(...)                                                               \
    do {                                                                       \
        init_case t_ = {__VA_ARGS__};                                          \
        v[nv++] = t_;                                                          \
    } while (0)
    ADD(.name = "xavier_uniform gain 1", .scheme = XAVIER_U, .gain = 1.0);
    ADD(.name = "xavier_uniform gain 5/3", .scheme = XAVIER_U,
        .gain = 5.0 / 3.0);
    ADD(.name = "xavier_normal gain 1", .scheme = XAVIER_N, .gain = 1.0);
    ADD(.name = "xavier_normal gain sqrt2", .scheme = XAVIER_N,
        .gain = sqrt(2.0));
    static const struct {
        const char *tag;
        double a;
        nninit_fan_mode mode;
        nninit_nonlinearity nl;
    } kv[] = {
        {"torch default (0, fan_in, leaky_relu)", 0.0, NNINIT_FAN_IN,
         NNINIT_LEAKY_RELU},
        {"fan_in relu", 0.0, NNINIT_FAN_IN, NNINIT_RELU},
        {"fan_out relu", 0.0, NNINIT_FAN_OUT, NNINIT_RELU},
        {"fan_in leaky_relu a=0.2", 0.2, NNINIT_FAN_IN, NNINIT_LEAKY_RELU},
        {"fan_out leaky_relu a=0.2", 0.2, NNINIT_FAN_OUT, NNINIT_LEAKY_RELU},
        {"fan_in tanh", 0.0, NNINIT_FAN_IN, NNINIT_TANH},
        {"fan_in selu", 0.0, NNINIT_FAN_IN, NNINIT_SELU},
        {"fan_out linear", 0.0, NNINIT_FAN_OUT, NNINIT_LINEAR},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        init_case t = {.scheme = KAIMING_U, .a = kv[i].a, .mode = kv[i].mode,
                       .nl = kv[i].nl};
        snprintf(t.name, sizeof t.name, "kaiming_uniform %s", kv[i].tag);
        v[nv++] = t;
        t.scheme = KAIMING_N;
        snprintf(t.name, sizeof t.name, "kaiming_normal %s", kv[i].tag);
        v[nv++] = t;
    }
    ADD(.name = "lecun_normal", .scheme = LECUN_N);
    ADD(.name = "trunc_normal torch default (0,1,-2,2)", .scheme = TRUNC_N,
        .mean = 0, .std = 1, .lo = -2, .hi = 2);
    ADD(.name = "trunc_normal (0,0.02,-0.04,0.04)", .scheme = TRUNC_N,
        .mean = 0, .std = 0.02, .lo = -0.04, .hi = 0.04);
    ADD(.name = "trunc_normal (0.1,0.02,-2,2) (no effective cut)",
        .scheme = TRUNC_N, .mean = 0.1, .std = 0.02, .lo = -2, .hi = 2);
    static const char *mname[] = {"fan_in", "fan_out", "fan_avg"};
    static const char *dname[] = {"truncated_normal", "normal", "uniform"};
    for (int m = 0; m < 3; m++)
        for (int d = 0; d < 3; d++) {
            init_case t = {.scheme = VS, .scale = 2.0,
                           .mode = (nninit_fan_mode)m,
                           .dist = (nninit_vs_distribution)d};
            snprintf(t.name, sizeof t.name, "variance_scaling 2 %s %s",
                     mname[m], dname[d]);
            v[nv++] = t;
        }
    ADD(.name = "variance_scaling 0.5 fan_avg uniform", .scheme = VS,
        .scale = 0.5, .mode = NNINIT_FAN_AVG, .dist = NNINIT_VS_UNIFORM);
    /* The Keras/JAX names, and fans in Keras's layout (k..., in, out). */
    ADD(.name = "glorot_uniform", .scheme = GLOROT_U);
    ADD(.name = "glorot_normal", .scheme = GLOROT_N);
    ADD(.name = "he_uniform", .scheme = HE_U);
    ADD(.name = "he_normal", .scheme = HE_N);
    ADD(.name = "lecun_uniform", .scheme = LECUN_U);
    ADD(.name = "he_normal keras layout", .scheme = HE_N,
        .layout = NNINIT_LAYOUT_KERAS);
    ADD(.name = "glorot_uniform keras layout", .scheme = GLOROT_U,
        .layout = NNINIT_LAYOUT_KERAS);
    ADD(.name = "kaiming_normal keras layout fan_out", .scheme = KAIMING_N,
        .mode = NNINIT_FAN_OUT, .nl = NNINIT_RELU,
        .layout = NNINIT_LAYOUT_KERAS);
    ADD(.name = "variance_scaling 3 fan_avg normal keras layout",
        .scheme = VS, .scale = 3.0, .mode = NNINIT_FAN_AVG,
        .dist = NNINIT_VS_NORMAL, .layout = NNINIT_LAYOUT_KERAS);
#undef ADD

    size_t k = 0;
    uint64_t seed = 0x1417000u;
    for (size_t i = 0; i < nv; i++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (int d = 0; d < 4; d++) {
                nninit_dtype dt = (nninit_dtype)d;
                if (dt != NNINIT_F32 && s != 0)
                    continue;
                if (k >= cap) /* a generator: no cr_assert here */
                    abort();
                init_case *c = &out[k++];
                *c = v[i];
                memcpy(c->shape, shapes[s].shape, sizeof c->shape);
                c->ndim = shapes[s].ndim;
                c->dtype = dt;
                c->seed = seed++;
                char dims[48];
                int len = snprintf(dims, sizeof dims, "(");
                for (size_t j = 0; j < c->ndim; j++)
                    len += snprintf(dims + len, sizeof dims - (size_t)len,
                                    j ? ",%lld" : "%lld",
                                    (long long)c->shape[j]);
                snprintf(dims + len, sizeof dims - (size_t)len, ")");
                char full[sizeof c->name];
                snprintf(full, sizeof full, "%.56s %.40s %s", c->name, dims,
                         d == 0   ? "f32"
                         : d == 1 ? "f64"
                         : d == 2 ? "bf16"
                                  : "f16");
                memcpy(c->name, full, sizeof c->name);
            }
    return k;
}

static void free_params(struct criterion_test_params *p)
{
    cr_free(p->params);
}

ParameterizedTestParameters(init, initializers)
{
    enum { CAP = 512 };
    init_case *p = cr_malloc(CAP * sizeof *p);
    if (p == NULL)
        abort();
    size_t n = build_cases(p, CAP);
    return cr_make_param_array(init_case, p, n, free_params);
}

#define MOMENT_K 7.0 /* see test_stats.c: P(|N(0,1)| > 7) = 2.6e-12 */

ParameterizedTest(init_case *c, init, initializers)
{
    size_t n;
    cr_assert_eq(nninit_numel(c->shape, c->ndim, &n), NNINIT_OK);
    size_t es = nninit_dtype_size(c->dtype);
    void *got = malloc(n * es), *ref = malloc(n * es);
    cr_assert(got && ref);
    nninit_rng rng = nninit_rng_make(c->seed, 11);
    nninit_status st = run_init(c, rng, got);
    cr_assert_eq(st, NNINIT_OK, "%s: %s", c->name, nninit_status_str(st));
    expected e = expect_of(c);
    st = run_fill(c, &e, rng, ref, n);
    cr_assert_eq(st, NNINIT_OK, "%s: reference fill: %s", c->name,
                 nninit_status_str(st));

    /* Exact check. The scale the library computes may differ from ours in
     * its last bit (sqrt(3) * gain * sqrt(2/f) vs gain * sqrt(6/f)); that
     * moves an output by a relative 2^-52 of the scale in float64, and can
     * flip one rounding of a float32 (16-bit) value: one grid step, a
     * relative 2^-23 (2^-7 bfloat16, 2^-10 float16) of the scale.
     * Tolerances: 1e-12 in float64, 4 grid steps otherwise, relative to the
     * scale (b, or s times the largest |z| ~ 6). */
    double scale = e.kind == SU_UNIFORM ? e.p1
                                        : e.p1 * 6.0 + fabs(e.p0);
    double rel = c->dtype == NNINIT_F64 ? 1e-12 : 4 * grid_rel(c->dtype);
    size_t mism = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        double x = elem(c->dtype, got, i), y = elem(c->dtype, ref, i);
        if (!(fabs(x - y) <= rel * scale)) {
            if (!mism)
                first = i;
            mism++;
        }
    }
    cr_expect_eq(mism, 0,
                 "%s: %zu of %zu values differ from the fill with the "
                 "formula's parameters (first at %zu: %.9g vs %.9g)",
                 c->name, mism, n, first, elem(c->dtype, got, first),
                 elem(c->dtype, ref, first));

    /* Ranges: deterministic. Our b may exceed the library's by an ulp or
     * so (see above): allow 1e-12 relative. */
    su_sample s;
    su_sample_from(&s, c->dtype, got, n);
    cr_expect_eq(s.nnan, 0, "%s: NaNs", c->name);
    double slack = 1e-12 * scale;
    if (e.kind == SU_UNIFORM) {
        cr_expect(s.min >= e.p0 - slack && s.max < e.p1 + slack,
                  "%s: range [%.9g, %.9g] outside [%.9g, %.9g)", c->name,
                  s.min, s.max, e.p0, e.p1);
    } else if (e.kind == SU_TRUNC) {
        cr_expect(s.min >= e.a - slack && s.max <= e.b + slack,
                  "%s: range [%.9g, %.9g] outside [%.9g, %.9g]", c->name,
                  s.min, s.max, e.a, e.b);
    }

    /* Statistics (only where n makes them informative). */
    if (n >= 1000) {
        su_model m;
        int coarse = c->dtype == NNINIT_BF16 || c->dtype == NNINIT_F16;
        if (e.kind == SU_UNIFORM)
            su_model_uniform(&m, c->dtype, e.p0, e.p1, coarse);
        else if (e.kind == SU_NORMAL)
            su_model_normal(&m, c->dtype, e.p0, e.p1, coarse);
        else
            su_model_trunc(&m, c->dtype, e.p0, e.p1, e.a, e.b, coarse);
        su_moments mo;
        su_moments_compute(s.x, s.n, 0.0, &mo);
        su_moment_sds sd;
        su_model_moment_sds(&m, s.n, 0.0, &sd);
        double dm = mo.mean_ref - sd.mean_ref, dv = mo.m2 - sd.var;
        int okm = fabs(dm) <= MOMENT_K * sd.sd_mean;
        int okv = fabs(dv) <= MOMENT_K * sd.sd_var;
        su_report(c->name, "mean", dm, MOMENT_K * sd.sd_mean, okm);
        su_report(c->name, "variance", dv, MOMENT_K * sd.sd_var, okv);
        cr_expect(okm, "%s: mean %.6g, want %.6g +- %.3g", c->name,
                  mo.mean_ref, sd.mean_ref, MOMENT_K * sd.sd_mean);
        cr_expect(okv, "%s: variance %.6g, want %.6g +- %.3g (std %.6g vs "
                       "%.6g)",
                  c->name, mo.m2, sd.var, MOMENT_K * sd.sd_var, sqrt(mo.m2),
                  sqrt(sd.var));
        if (e.kind == SU_UNIFORM) {
            /* Largest |x| close to b: for U(-b, b), P(max |x| < b (1 - d))
             * = (1 - d)^n <= exp(-n d) = SU_ALPHA at d = ln(1/SU_ALPHA)/n;
             * the grid below b costs at most one step more (2^-23 relative
             * in float32, 2^-7 in bfloat16, 2^-10 in float16). */
            double d = log(1.0 / SU_ALPHA) / (double)n + grid_rel(c->dtype);
            double amax = fmax(-s.min, s.max);
            int ok = amax >= e.p1 * (1.0 - d);
            su_report(c->name, "max|x|/b", amax / e.p1, 1.0 - d, ok);
            cr_expect(ok, "%s: max |x| = %.9g, want >= %.9g (b = %.9g)",
                      c->name, amax, e.p1 * (1 - d), e.p1);
        }
    }
    su_sample_free(&s);
    free(got);
    free(ref);
}

/* ------------------------------------------------------------ errors */

/* Every error leaves the buffer as it was. */
static void expect_untouched(const unsigned char *buf, size_t len,
                             const char *what)
{
    size_t touched = 0;
    for (size_t i = 0; i < len; i++)
        touched += buf[i] != 0xA5;
    cr_expect_eq(touched, 0, "%s: %zu bytes written on error", what,
                 touched);
}

/* torch returns at once for a tensor with no elements (kaiming_*) or has
 * nothing to write; nninit succeeds for every scheme, fans and shape rules
 * aside, and writes nothing. Parameters are still checked. */
Test(init, empty_tensors_are_noops)
{
    static unsigned char buf[256];
    nninit_rng r = nninit_rng_make(1, 2);
    int64_t s00[2] = {0, 0}, s50[2] = {5, 0}, s05[2] = {0, 5},
            s503[3] = {5, 0, 3}, s530[3] = {5, 3, 0}, s0[1] = {0};
    struct {
        const char *what;
        nninit_status st;
    } t[16];
    int k = 0;
    memset(buf, 0xA5, sizeof buf);
#define TRY(call)                                                              \
    do {                                                                       \
        t[k].what = #call;                                                     \
        t[k].st = (call);                                                      \
        k++;                                                                   \
    } while (0)
    TRY(nninit_xavier_uniform(r, NNINIT_F32, buf, s00, 2, 1.0));
    TRY(nninit_xavier_normal(r, NNINIT_F32, buf, s00, 2, 1.0));
    TRY(nninit_kaiming_uniform(r, NNINIT_F32, buf, s50, 2, 0.0, NNINIT_FAN_IN,
                               NNINIT_RELU));
    TRY(nninit_kaiming_normal(r, NNINIT_F32, buf, s05, 2, 0.0, NNINIT_FAN_OUT,
                              NNINIT_RELU));
    TRY(nninit_kaiming_normal(r, NNINIT_F64, buf, s530, 3, 0.0,
                              NNINIT_FAN_OUT, NNINIT_RELU));
    TRY(nninit_lecun_normal(r, NNINIT_BF16, buf, s503, 3));
    TRY(nninit_variance_scaling(r, NNINIT_F32, buf, s00, 2, 1.0,
                                NNINIT_FAN_AVG, NNINIT_VS_UNIFORM));
    TRY(nninit_variance_scaling(r, NNINIT_F32, buf, s05, 2, 1.0,
                                NNINIT_FAN_OUT, NNINIT_VS_TRUNCATED_NORMAL));
    TRY(nninit_variance_scaling(r, NNINIT_F32, buf, s50, 2, 1.0, NNINIT_FAN_IN,
                                NNINIT_VS_NORMAL));
    TRY(nninit_xavier_uniform(r, NNINIT_F32, buf, s0, 1, 1.0)); /* 1-D */
    TRY(nninit_eye(NNINIT_F32, buf, s503, 3));
    TRY(nninit_dirac(NNINIT_F32, buf, s50, 2, 1));
    TRY(nninit_sparse(r, NNINIT_F32, buf, s0, 1, 0.5, 1.0));
    TRY(nninit_he_normal(r, NNINIT_F16, buf, s00, 2));
#undef TRY
    for (int i = 0; i < k; i++)
        cr_expect_eq(t[i].st, NNINIT_OK, "%s: got %d (%s)", t[i].what,
                     t[i].st, nninit_status_str(t[i].st));
    /* Every scheme, through the descriptor. */
    for (int s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
        nninit_desc d;
        nninit_desc_default((nninit_scheme)s, &d);
        cr_expect_eq(nninit_init(r, NNINIT_F32, buf, s503, 3, &d), NNINIT_OK,
                     "scheme %s", nninit_scheme_name((nninit_scheme)s));
    }
    expect_untouched(buf, sizeof buf, "empty tensor");
    /* Bad parameters are still errors. */
    cr_expect_eq(nninit_xavier_uniform(r, NNINIT_F32, buf, s05, 2, NAN),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s05, 2, 1.5, 1.0),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_kaiming_uniform(r, NNINIT_F32, buf, s05, 2, 0.0,
                                        NNINIT_FAN_AVG, NNINIT_RELU),
                 NNINIT_ERR_ENUM);
    expect_untouched(buf, sizeof buf, "empty tensor, bad parameters");
}

Test(init, bad_arguments)
{
    static unsigned char buf[256];
    nninit_rng r = nninit_rng_make(1, 2);
    int64_t sh[2] = {4, 8}, sh1[1] = {32}, neg[2] = {4, -8};
    memset(buf, 0xA5, sizeof buf);
    /* shape */
    cr_expect_eq(nninit_xavier_uniform(r, NNINIT_F32, buf, sh1, 1, 1.0),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_kaiming_normal(r, NNINIT_F32, buf, sh, 0, 0.0,
                                       NNINIT_FAN_IN, NNINIT_RELU),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_lecun_normal(r, NNINIT_F32, buf, neg, 2),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, buf, neg, 2, 0, 1, -2, 2),
                 NNINIT_ERR_SHAPE);
    /* pointers */
    cr_expect_eq(nninit_xavier_normal(r, NNINIT_F32, NULL, sh, 2, 1.0),
                 NNINIT_ERR_NULL);
    cr_expect_eq(nninit_xavier_normal(r, NNINIT_F32, buf, NULL, 2, 1.0),
                 NNINIT_ERR_NULL);
    /* enums */
    cr_expect_eq(nninit_kaiming_uniform(r, NNINIT_F32, buf, sh, 2, 0.0,
                                        (nninit_fan_mode)7, NNINIT_RELU),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_kaiming_uniform(r, NNINIT_F32, buf, sh, 2, 0.0,
                                        NNINIT_FAN_AVG, NNINIT_RELU),
                 NNINIT_ERR_ENUM, "fan_avg is for variance_scaling only");
    cr_expect_eq(nninit_kaiming_uniform(r, NNINIT_F32, buf, sh, 2, 0.0,
                                        NNINIT_FAN_IN,
                                        (nninit_nonlinearity)99),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_variance_scaling(r, NNINIT_F32, buf, sh, 2, 1.0,
                                         NNINIT_FAN_IN,
                                         (nninit_vs_distribution)3),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_xavier_uniform(r, (nninit_dtype)99, buf, sh, 2, 1.0),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_xavier_uniform(r, (nninit_dtype)-1, buf, sh, 2, 1.0),
                 NNINIT_ERR_ENUM);
    /* parameters */
    cr_expect_eq(nninit_xavier_uniform(r, NNINIT_F32, buf, sh, 2, NAN),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_xavier_uniform(r, NNINIT_F32, buf, sh, 2, INFINITY),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_kaiming_normal(r, NNINIT_F32, buf, sh, 2, INFINITY,
                                       NNINIT_FAN_IN, NNINIT_LEAKY_RELU),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_variance_scaling(r, NNINIT_F32, buf, sh, 2, 0.0,
                                         NNINIT_FAN_IN, NNINIT_VS_NORMAL),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_variance_scaling(r, NNINIT_F32, buf, sh, 2, -1.0,
                                         NNINIT_FAN_IN, NNINIT_VS_NORMAL),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, buf, sh, 2, 0, -1, -2, 2),
                 NNINIT_ERR_STD);
    /* std 0 gives the mean, which must then lie in [a, b]. */
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, buf, sh, 2, 3, 0, -2, 2),
                 NNINIT_ERR_BOUNDS);
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, buf, sh, 2, 0, 1, 2, -2),
                 NNINIT_ERR_BOUNDS);
    expect_untouched(buf, sizeof buf, "bad arguments");
}

/* torch.nn.init.trunc_normal_ takes a tensor of any shape: a 1-d (bias)
 * or 0-d shape is fine there, unlike the fan-based schemes. */
Test(init, trunc_normal_any_shape)
{
    float v[32];
    int64_t sh1[1] = {32};
    nninit_rng r = nninit_rng_make(3, 0);
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, v, sh1, 1, 0, 1, -2, 2),
                 NNINIT_OK);
    for (int i = 0; i < 32; i++)
        cr_expect(v[i] >= -2 && v[i] <= 2);
    cr_expect_eq(nninit_trunc_normal(r, NNINIT_F32, v, sh1, 0, 0, 1, -2, 2),
                 NNINIT_OK, "0-d shape: one element");
}

/* ------------------------------------------------ fans in every layout */

/* Conv kernels whose fans are computed by hand: a 3x3 conv2d from 16 to
 * 32 channels has fan_in 16 * 9 = 144 and fan_out 32 * 9 = 288 in every
 * layout that describes it. */
Test(init, fans_in_every_layout)
{
    int64_t fi, fo;
    const int64_t torch4[4] = {32, 16, 3, 3}; /* (out, in, kh, kw) */
    const int64_t keras4[4] = {3, 3, 16, 32}; /* (kh, kw, in, out) */
    const int64_t keras3[3] = {5, 8, 4};      /* conv1d (k, in, out) */
    const int64_t keras2[2] = {7, 11};        /* dense (in, out) */
    const int64_t keras1[1] = {9};
    const int64_t jax5[5] = {6, 3, 3, 16, 32}; /* a batch of 6 kernels */
    nninit_axes in = {1, {1}}, out = {1, {0}}, none = {0, {0}};
#define FANS(shape, nd, lay, i, o, b, want_in, want_out)                       \
    do {                                                                       \
        cr_assert_eq(nninit_fans_layout(shape, nd, lay, i, o, b, &fi, &fo),    \
                     NNINIT_OK, #shape " " #lay);                              \
        cr_expect_eq(fi, want_in, #shape " " #lay ": fan_in %lld",             \
                     (long long)fi);                                           \
        cr_expect_eq(fo, want_out, #shape " " #lay ": fan_out %lld",           \
                     (long long)fo);                                           \
    } while (0)
    FANS(torch4, 4, NNINIT_LAYOUT_TORCH, NULL, NULL, NULL, 144, 288);
    FANS(keras4, 4, NNINIT_LAYOUT_KERAS, NULL, NULL, NULL, 144, 288);
    FANS(keras3, 3, NNINIT_LAYOUT_KERAS, NULL, NULL, NULL, 40, 20);
    FANS(keras2, 2, NNINIT_LAYOUT_KERAS, NULL, NULL, NULL, 7, 11);
    FANS(keras1, 1, NNINIT_LAYOUT_KERAS, NULL, NULL, NULL, 9, 9);
    FANS(keras1, 0, NNINIT_LAYOUT_KERAS, NULL, NULL, NULL, 1, 1);
    /* JAX: the defaults (-2, -1) are Keras's layout. */
    FANS(keras4, 4, NNINIT_LAYOUT_JAX, NULL, NULL, NULL, 144, 288);
    FANS(keras4, 4, NNINIT_LAYOUT_JAX, &none, &none, &none, 144, 288);
    /* torch's layout named by axes: in = 1, out = 0. */
    FANS(torch4, 4, NNINIT_LAYOUT_JAX, &in, &out, NULL, 144, 288);
    /* Negative indices and a batch axis, which counts in neither fan. */
    nninit_axes in_neg = {1, {-2}}, out_neg = {1, {-1}}, batch = {1, {0}};
    FANS(jax5, 5, NNINIT_LAYOUT_JAX, &in_neg, &out_neg, &batch, 144, 288);
    /* Several input axes: (kh, kw, in) all "in", no receptive field. */
    nninit_axes in3 = {3, {0, 1, 2}}, out1 = {1, {3}};
    FANS(keras4, 4, NNINIT_LAYOUT_JAX, &in3, &out1, NULL, 144, 32);
    /* A mixed order: in = {-1, 1}, out = {0}: fan_in 32*3, fan_out 3*... */
    nninit_axes in2 = {2, {-1, 1}}, out0 = {1, {0}};
    FANS(keras4, 4, NNINIT_LAYOUT_JAX, &in2, &out0, NULL, 96 * 16, 3 * 16);
#undef FANS
    /* Errors: an axis out of range, named twice, too many, too few dims. */
    nninit_axes bad = {1, {4}}, dup = {1, {-1}}, many = {9, {0}};
    cr_expect_eq(nninit_fans_layout(keras4, 4, NNINIT_LAYOUT_JAX, &bad, NULL,
                                    NULL, &fi, &fo),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans_layout(keras4, 4, NNINIT_LAYOUT_JAX, &dup, NULL,
                                    NULL, &fi, &fo),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans_layout(keras4, 4, NNINIT_LAYOUT_JAX, &many, NULL,
                                    NULL, &fi, &fo),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans_layout(keras1, 1, NNINIT_LAYOUT_JAX, NULL, NULL,
                                    NULL, &fi, &fo),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans_layout(keras1, 1, NNINIT_LAYOUT_TORCH, NULL, NULL,
                                    NULL, &fi, &fo),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans_layout(keras4, 4, (nninit_fan_layout)7, NULL,
                                    NULL, NULL, &fi, &fo),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_fans_layout(keras4, 4, NNINIT_LAYOUT_KERAS, NULL, NULL,
                                    NULL, NULL, &fo),
                 NNINIT_ERR_NULL);
}

/* The initializers use the layout: he_uniform's limit sqrt(6 / fan_in) of
 * a Keras conv kernel, exactly the plain uniform fill with that limit. */
Test(init, initializers_follow_the_layout)
{
    const int64_t keras4[4] = {3, 3, 16, 32};
    static float got[3 * 3 * 16 * 32], ref[3 * 3 * 16 * 32];
    nninit_desc d;
    nninit_rng rng = nninit_rng_make(3, 4);
    nninit_desc_default(NNINIT_SCHEME_HE_UNIFORM, &d);
    d.fan_layout = NNINIT_LAYOUT_JAX;
    cr_assert_eq(nninit_init(rng, NNINIT_F32, got, keras4, 4, &d), NNINIT_OK);
    double lim = sqrt(6.0 / 144.0);
    cr_assert_eq(
        nninit_fill_uniform(rng, NNINIT_F32, ref, 4608, -lim, lim), NNINIT_OK);
    cr_expect(memcmp(got, ref, sizeof got) == 0, "he_uniform, jax layout");
    d.fan_layout = NNINIT_LAYOUT_TORCH; /* fan_in = 3 * 16 * 32 */
    cr_assert_eq(nninit_init(rng, NNINIT_F32, got, keras4, 4, &d), NNINIT_OK);
    lim = sqrt(6.0 / (3.0 * 16 * 32));
    cr_assert_eq(
        nninit_fill_uniform(rng, NNINIT_F32, ref, 4608, -lim, lim), NNINIT_OK);
    cr_expect(memcmp(got, ref, sizeof got) == 0, "he_uniform, torch layout");
}

/* ------------------------------------- eye, dirac, constants: exact */

static double value_at(nninit_dtype dt, const void *buf, size_t i)
{
    return elem(dt, buf, i);
}

Test(init, eye_dirac_and_constants_are_exact)
{
    static unsigned char buf[4 * 6 * 3 * 3 * 3 * 8];
    for (int di = 0; di < 4; di++) {
        nninit_dtype dt = (nninit_dtype)di;
        /* eye: any rows x cols. */
        const int64_t shapes[3][2] = {{4, 4}, {3, 7}, {6, 2}};
        for (int k = 0; k < 3; k++) {
            int64_t r = shapes[k][0], c = shapes[k][1];
            memset(buf, 0x5A, sizeof buf);
            cr_assert_eq(nninit_eye(dt, buf, shapes[k], 2), NNINIT_OK);
            for (int64_t i = 0; i < r; i++)
                for (int64_t j = 0; j < c; j++)
                    cr_assert_eq(value_at(dt, buf, (size_t)(i * c + j)),
                                 i == j ? 1.0 : 0.0, "eye %lldx%lld [%lld,%lld]",
                                 (long long)r, (long long)c, (long long)i,
                                 (long long)j);
        }
        /* dirac: torch's loop, written out. */
        const int64_t dshape[5] = {6, 4, 3, 3, 3};
        for (size_t nd = 3; nd <= 5; nd++)
            for (int64_t groups = 1; groups <= 3; groups++) {
                int64_t per = 6 / groups, k = 1, n = 6 * 4;
                for (size_t j = 2; j < nd; j++)
                    k *= dshape[j], n *= dshape[j];
                memset(buf, 0x5A, sizeof buf);
                cr_assert_eq(nninit_dirac(dt, buf, dshape, nd, groups),
                             NNINIT_OK);
                /* The centre: index 1 of each 3-wide spatial dim. */
                int64_t centre = 0;
                for (size_t j = 2; j < nd; j++)
                    centre = centre * 3 + 1;
                int64_t ones = 0;
                for (int64_t i = 0; i < n; i++) {
                    int64_t o = i / (4 * k), in = i / k % 4, sp = i % k;
                    int one = o % per == in && in < (per < 4 ? per : 4) &&
                              sp == centre;
                    ones += one;
                    cr_assert_eq(value_at(dt, buf, (size_t)i), one ? 1.0 : 0.0,
                                 "dirac %zu-D groups %lld element %lld", nd,
                                 (long long)groups, (long long)i);
                }
                cr_expect_eq(ones, groups * (per < 4 ? per : 4));
            }
        /* zeros, ones, constant. */
        const int64_t cs[3] = {2, 3, 5};
        cr_assert_eq(nninit_zeros(dt, buf, cs, 3), NNINIT_OK);
        for (size_t i = 0; i < 30; i++)
            cr_assert_eq(value_at(dt, buf, i), 0.0);
        cr_assert_eq(nninit_ones(dt, buf, cs, 3), NNINIT_OK);
        for (size_t i = 0; i < 30; i++)
            cr_assert_eq(value_at(dt, buf, i), 1.0);
        cr_assert_eq(nninit_constant(dt, buf, cs, 3, -0.375), NNINIT_OK);
        for (size_t i = 0; i < 30; i++)
            cr_assert_eq(value_at(dt, buf, i), -0.375);
    }
}

/* torch: gain 0 gives zeros; std 0 gives the mean. */
Test(init, gain_zero_and_std_zero)
{
    const int64_t sh[2] = {8, 16};
    static float buf[128];
    nninit_rng r = nninit_rng_make(5, 6);
    cr_assert_eq(nninit_xavier_uniform(r, NNINIT_F32, buf, sh, 2, 0.0),
                 NNINIT_OK);
    for (int i = 0; i < 128; i++)
        cr_assert_eq(buf[i], 0.0f);
    cr_assert_eq(nninit_xavier_normal(r, NNINIT_F32, buf, sh, 2, 0.0),
                 NNINIT_OK);
    for (int i = 0; i < 128; i++)
        cr_assert_eq(buf[i], 0.0f);
    cr_assert_eq(nninit_trunc_normal(r, NNINIT_F32, buf, sh, 2, 0.25, 0.0, -2,
                                     2),
                 NNINIT_OK);
    for (int i = 0; i < 128; i++)
        cr_assert_eq(buf[i], 0.25f);
    cr_assert_eq(nninit_sparse(r, NNINIT_F32, buf, sh, 2, 0.5, 0.0),
                 NNINIT_OK);
    for (int i = 0; i < 128; i++)
        cr_assert_eq(buf[i], 0.0f);
}

/* ------------------------------------------------------------ sparse */

/* Exactly ceil(sparsity * rows) zeros in every column, every other element
 * equal to the plain normal fill at its index (so the rest is N(0, std^2)
 * as the normal fill's own battery shows), and the zero rows spread over
 * the rows as a uniform choice would: each row is zero in Binomial(cols,
 * k/rows) columns. */
Test(init, sparse_zero_counts_and_values)
{
    static const struct {
        int64_t rows, cols;
        double sparsity;
    } cases[] = {{100, 300, 0.1}, {37, 1000, 0.5}, {5, 8, 0.99},
                 {1, 7, 0.5},     {64, 64, 0.0},   {10, 10, 1.0}};
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        int64_t rows = cases[t].rows, cols = cases[t].cols;
        int64_t shape[2] = {rows, cols};
        size_t n = (size_t)(rows * cols);
        float *got = malloc(n * sizeof *got), *ref = malloc(n * sizeof *ref);
        uint64_t *per_row = calloc((size_t)rows, sizeof *per_row);
        cr_assert(got && ref && per_row);
        nninit_rng rng = nninit_rng_make(0x5A5A + t, 9);
        cr_assert_eq(nninit_sparse(rng, NNINIT_F32, got, shape, 2,
                                   cases[t].sparsity, 0.5),
                     NNINIT_OK);
        cr_assert_eq(nninit_fill_normal(rng, NNINIT_F32, ref, n, 0.0, 0.5,
                                        NNINIT_ZIGGURAT),
                     NNINIT_OK);
        uint64_t k = (uint64_t)ceil(cases[t].sparsity * (double)rows);
        for (int64_t c = 0; c < cols; c++) {
            uint64_t zeros = 0;
            for (int64_t r = 0; r < rows; r++) {
                float x = got[r * cols + c];
                if (x == 0.0f && ref[r * cols + c] != 0.0f) {
                    zeros++;
                    per_row[r]++;
                } else {
                    cr_assert_eq(x, ref[r * cols + c],
                                 "case %zu [%lld,%lld]: not the normal fill",
                                 t, (long long)r, (long long)c);
                }
            }
            cr_assert_eq(zeros, k, "case %zu column %lld: %llu zeros, want %llu",
                         t, (long long)c, (unsigned long long)zeros,
                         (unsigned long long)k);
        }
        if (cols >= 300 && k > 0 && k < (uint64_t)rows) {
            uint64_t lo, hi;
            su_binom_bounds((uint64_t)cols, (double)k / (double)rows,
                            SU_ALPHA, &lo, &hi);
            for (int64_t r = 0; r < rows; r++)
                cr_expect(per_row[r] >= lo && per_row[r] <= hi,
                          "case %zu row %lld zero in %llu columns, want "
                          "[%llu, %llu]",
                          t, (long long)r, (unsigned long long)per_row[r],
                          (unsigned long long)lo, (unsigned long long)hi);
        }
        free(got);
        free(ref);
        free(per_row);
    }
}

/* --------------------------------------------- bad parameters, new schemes */

Test(init, new_schemes_reject_bad_parameters)
{
    static unsigned char buf[512];
    nninit_rng r = nninit_rng_make(1, 2);
    int64_t s1[1] = {8}, s2[2] = {4, 8}, s3[3] = {4, 2, 3},
            s6[6] = {2, 2, 2, 2, 2, 2};
    memset(buf, 0xA5, sizeof buf);
    cr_expect_eq(nninit_eye(NNINIT_F32, buf, s1, 1), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_eye(NNINIT_F32, buf, s3, 3), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_dirac(NNINIT_F32, buf, s2, 2, 1), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_dirac(NNINIT_F32, buf, s6, 6, 1), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_dirac(NNINIT_F32, buf, s3, 3, 0), NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_dirac(NNINIT_F32, buf, s3, 3, 3), NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_dirac(NNINIT_F32, buf, s3, 3, -2), NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_dirac((nninit_dtype)9, buf, s3, 3, 1),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s1, 1, 0.5, 1),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s3, 3, 0.5, 1),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s2, 2, NAN, 1),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s2, 2, -0.1, 1),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s2, 2, 1.01, 1),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s2, 2, 0.5, -1),
                 NNINIT_ERR_STD);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, buf, s2, 2, 0.5, INFINITY),
                 NNINIT_ERR_STD);
    cr_expect_eq(nninit_sparse(r, NNINIT_F32, NULL, s2, 2, 0.5, 1),
                 NNINIT_ERR_NULL);
    cr_expect_eq(nninit_constant(NNINIT_F32, buf, s2, 2, NAN),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_he_normal(r, NNINIT_F32, buf, s1, 1),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_glorot_uniform(r, (nninit_dtype)-1, buf, s2, 2),
                 NNINIT_ERR_ENUM);
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_HE_NORMAL, &d);
    d.fan_layout = (nninit_fan_layout)5;
    cr_expect_eq(nninit_init(r, NNINIT_F32, buf, s2, 2, &d), NNINIT_ERR_ENUM);
    d.fan_layout = NNINIT_LAYOUT_JAX;
    d.in_axes.n = 1;
    d.in_axes.axis[0] = 2;
    cr_expect_eq(nninit_init(r, NNINIT_F32, buf, s2, 2, &d), NNINIT_ERR_SHAPE);
    d.in_axes.axis[0] = -1; /* the output axis too */
    cr_expect_eq(nninit_init(r, NNINIT_F32, buf, s2, 2, &d), NNINIT_ERR_SHAPE);
    nninit_desc_default(NNINIT_SCHEME_SPARSE, &d);
    d.sparsity = 0.5;
    d.method = (nninit_method)7;
    cr_expect_eq(nninit_init(r, NNINIT_F32, buf, s2, 2, &d), NNINIT_ERR_ENUM);
    expect_untouched(buf, sizeof buf, "new schemes, bad parameters");
}
