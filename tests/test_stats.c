/*
 * The statistical battery: uniform, normal (three methods) and truncated
 * normal fills, in float32, float64, bfloat16 and float16, checked against
 * the distributions the public header promises.
 *
 * For every case:
 *   - range: no NaN; uniform values in [lo, hi) (never hi); truncated
 *     values in [a, b]; normal values finite;
 *   - moments: sample mean, variance, skewness g1 and kurtosis b2 against
 *     the model's, each within 7 sampling sds (delta-method sds, see
 *     stats_util.h);
 *   - independence of neighbours: lag-1 autocorrelation of x and x^2;
 *   - Kolmogorov-Smirnov against the model's CDF, bounded by DKW;
 * and, on the full battery:
 *   - Anderson-Darling against the continuous CDF (not for bfloat16 or other
 *     coarse grids: A^2 is not distribution-free for a discrete null);
 *   - chi-square on ~1000 bins, equiprobable under the continuous law, with
 *     edges on grid values and expected counts from the rounded model.
 *
 * The model (stats_util.h) is the continuous law rounded to the output
 * grid and clamped as the header specifies. On float32 and float64 the
 * rounding is far below what 10^7 draws can see, and the fine model is
 * used. bfloat16 keeps 8 significant bits: around 1 the grid step is 2^-7,
 * and one grid value near 0.5 holds ~0.3% of N(0,1), more than the whole
 * KS tolerance at 10^6 draws (float16, 11 bits, ~0.05%: still too much).
 * So on the 16-bit types every distribution check is made against the
 * discrete law the rounding implies (exact rounding cells, "coarse"
 * model): moments summed over the grid, KS on both sides
 * of every jump (DKW holds for any distribution), chi-square bins made of
 * whole grid cells. The same applies to a uniform range only a few float
 * steps wide (U[1, 1 + 8 eps)), where the rounding of lo + (hi - lo) u to
 * nearest and the clamp below hi give the end values half and one and a
 * half cells: the test checks exactly that law.
 *
 * ISAs: every case is instantiated for each nninit_isa value
 * 0 .. NNINIT_ISA_COUNT_ - 1 and skipped where unsupported. The full
 * battery runs on the ISA active by default (NNINIT_STATS_FULL=1 runs it
 * on every ISA); the other ISAs, scalar included, run range + moments +
 * lag-1 + KS on the first 2 10^6 draws of the same sequence. The same seed
 * everywhere: the paths must give the same bits, so the checks on another
 * ISA repeat (on a prefix) the ones of the default ISA and add at most as
 * many events again to the false-alarm budget.
 *
 * False alarms: every check is at nominal level <= SU_ALPHA = 1e-10 (see
 * stats_util.h); this file makes about 750 distinct checks.
 *
 * Set NNINIT_STATS_VERBOSE=1 to print every statistic and its bound, and
 * NNINIT_STATS_ONLY=<substring of a case name> to run only some cases.
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

/* ------------------------------------------------------------- cases */

typedef struct stat_case {
    char name[72];
    su_kind kind;
    nninit_dtype dtype;
    nninit_method method;
    double p0, p1; /* uniform: lo, hi; normal, trunc: mean, std */
    double a, b;   /* trunc bounds */
    size_t n;
    int coarse;
    uint64_t seed;
    int isa;
} stat_case;

static const char *dtype_name(nninit_dtype d)
{
    return d == NNINIT_F32   ? "f32"
           : d == NNINIT_F64 ? "f64"
           : d == NNINIT_F16 ? "f16"
                             : "bf16";
}

/* The 16-bit outputs: coarse grids at every sample size used here. */
static int is_half(nninit_dtype d)
{
    return d == NNINIT_BF16 || d == NNINIT_F16;
}

static const nninit_dtype all_dtypes[] = {NNINIT_F32, NNINIT_F64,
                                          NNINIT_BF16, NNINIT_F16};
#define NDTYPES ((int)(sizeof all_dtypes / sizeof all_dtypes[0]))

static const char *method_name(nninit_method m)
{
    return m == NNINIT_ZIGGURAT     ? "zig"
           : m == NNINIT_BOX_MULLER ? "bm"
                                    : "icdf";
}

/* Expand base cases over ISAs into a cr_malloc'ed parameter array. */
static stat_case *expand_isas(const stat_case *base, size_t nbase,
                              size_t *count)
{
    size_t n = nbase * NNINIT_ISA_COUNT_;
    stat_case *out = cr_malloc(n * sizeof *out);
    if (out == NULL) /* a generator, not a test: no cr_assert here */
        abort();
    for (size_t i = 0; i < nbase; i++)
        for (int isa = 0; isa < NNINIT_ISA_COUNT_; isa++) {
            stat_case *c = &out[i * NNINIT_ISA_COUNT_ + (size_t)isa];
            *c = base[i];
            c->isa = isa;
        }
    *count = n;
    return out;
}

static void free_params(struct criterion_test_params *p)
{
    cr_free(p->params);
}

/* ------------------------------------------------------------ the ISA */

static nninit_isa default_isa(void)
{
    static int def = -2;
    if (def == -2)
        def = (int)nninit_isa_active();
    return (nninit_isa)def;
}

/* Pin the case's ISA (skip if this CPU or build lacks it); returns 1 when
 * the full battery should run. */
static int use_isa(int isa)
{
    nninit_isa def = default_isa();
    if (!nninit_isa_supported((nninit_isa)isa))
        cr_skip_test("ISA %s not supported here",
                     nninit_isa_name((nninit_isa)isa));
    cr_assert_eq(nninit_isa_force((nninit_isa)isa), NNINIT_OK);
    return isa == (int)def || getenv("NNINIT_STATS_FULL") != NULL;
}

/* ------------------------------------------------------- the battery */

static void *fill_case(const stat_case *c, size_t n, size_t *elem)
{
    *elem = nninit_dtype_size(c->dtype);
    void *buf = malloc(n * *elem);
    cr_assert(buf != NULL);
    nninit_rng rng = nninit_rng_make(c->seed, 7);
    nninit_status st = NNINIT_ERR_ENUM;
    switch (c->kind) {
    case SU_UNIFORM:
        st = nninit_fill_uniform(rng, c->dtype, buf, n, c->p0, c->p1);
        break;
    case SU_NORMAL:
        st = nninit_fill_normal(rng, c->dtype, buf, n, c->p0, c->p1,
                                c->method);
        break;
    case SU_TRUNC:
        st = nninit_fill_trunc_normal(rng, c->dtype, buf, n, c->p0, c->p1,
                                      c->a, c->b);
        break;
    }
    cr_assert_eq(st, NNINIT_OK, "%s: fill returned %d (%s)", c->name, st,
                 nninit_status_str(st));
    return buf;
}

static void model_of(const stat_case *c, su_model *m)
{
    switch (c->kind) {
    case SU_UNIFORM:
        su_model_uniform(m, c->dtype, c->p0, c->p1, c->coarse);
        break;
    case SU_NORMAL:
        su_model_normal(m, c->dtype, c->p0, c->p1, c->coarse);
        break;
    case SU_TRUNC:
        su_model_trunc(m, c->dtype, c->p0, c->p1, c->a, c->b, c->coarse);
        break;
    }
}

/* |x - want| <= K sd. K = 7: under the normal approximation of a sample
 * moment, P(|N(0,1)| > 7) = 2.6e-12. The sample skewness and kurtosis are
 * themselves skewed (their summands have heavy tails), so the normal tail
 * understates theirs; the Cramer-type correction exp(K^3 gamma / 6) with
 * the statistic's skewness gamma <= 10/sqrt(n) is below 1.8 for n >= 10^6,
 * and below 3.2 for n >= 2.5 10^5 (the smallest sample of the reduced mode
 * below: gamma <= 0.02, exp(343 * 0.02 / 6) = 3.14), leaving the level at
 * most 8.2e-12, far under SU_ALPHA = 1e-10. */
#define MOMENT_K 7.0

/* The reduced mode, for builds with sanitizers (meson defines
 * NNINIT_STATS_REDUCED there; NNINIT_STATS_REDUCED=0/1 in the environment
 * overrides it either way). The sanitizers look for memory and
 * undefined-behaviour errors, which the per-path suites (paths,
 * conformance, api, init, scale) already drive through every kernel, size
 * class, offset and alignment; here they make each draw 5-20 times dearer
 * and the full battery ran past any sensible timeout. So every case keeps
 * all its checks, on 1/8 of the draws (at least 2.5 10^5). Every bound is
 * computed from the sample size actually drawn (sds, DKW, the chi-square's
 * df), so the false-alarm level of each check is unchanged; only the power
 * against small defects drops (by sqrt(8) in the moments' resolution),
 * which is what the optimized build's full battery is for. */
#ifndef NNINIT_STATS_REDUCED
#define NNINIT_STATS_REDUCED 0
#endif
#define REDUCED_DIV 8
#define REDUCED_MIN ((size_t)250000)

static int reduced_mode(void)
{
    const char *e = getenv("NNINIT_STATS_REDUCED");
    if (e != NULL && (e[0] == '0' || e[0] == '1') && e[1] == '\0')
        return e[0] == '1';
    return NNINIT_STATS_REDUCED;
}

static size_t sample_size(size_t n)
{
    if (!reduced_mode() || n <= REDUCED_MIN)
        return n;
    return n / REDUCED_DIV > REDUCED_MIN ? n / REDUCED_DIV : REDUCED_MIN;
}

static void check_moment(const stat_case *c, const char *what, double got,
                         double want, double sd)
{
    char name[96];
    snprintf(name, sizeof name, "%s/%s", c->name,
             nninit_isa_name((nninit_isa)c->isa));
    double dev = fabs(got - want);
    int ok = dev <= MOMENT_K * sd;
    su_report(name, what, got - want, MOMENT_K * sd, ok);
    cr_expect(ok, "%s %s: got %.9g, model %.9g, |diff| %.3g > %g sd = %.3g",
              name, what, got, want, dev, MOMENT_K, MOMENT_K * sd);
}

#define SECONDARY_N ((size_t)2000000)

static void run_battery(const stat_case *c)
{
    /* NNINIT_STATS_ONLY=<substring>: run only the matching cases. */
    const char *only = getenv("NNINIT_STATS_ONLY");
    if (only && !strstr(c->name, only))
        cr_skip_test("not selected by NNINIT_STATS_ONLY");
    int full = use_isa(c->isa);
    char name[96];
    snprintf(name, sizeof name, "%s/%s", c->name,
             nninit_isa_name((nninit_isa)c->isa));
    /* The other ISAs check the first SECONDARY_N draws: a prefix of the
     * same sequence, which must have the same bits. */
    size_t n = sample_size(full || c->n < SECONDARY_N ? c->n : SECONDARY_N);
    size_t es;
    void *buf = fill_case(c, n, &es);
    su_sample s;
    su_sample_from(&s, c->dtype, buf, n);
    free(buf);

    /* Range: deterministic, must hold for every value. */
    cr_expect_eq(s.nnan, 0, "%s: %zu NaNs", name, s.nnan);
    switch (c->kind) {
    case SU_UNIFORM:
        cr_expect(s.min >= c->p0, "%s: min %.17g < lo %.17g", name, s.min,
                  c->p0);
        cr_expect(s.max < c->p1, "%s: max %.17g >= hi %.17g", name, s.max,
                  c->p1);
        break;
    case SU_TRUNC: /* inside [a, b] and finite, even for infinite bounds */
        cr_expect(s.min >= c->a && isfinite(s.min), "%s: min %.17g < a %.17g",
                  name, s.min, c->a);
        cr_expect(s.max <= c->b && isfinite(s.max), "%s: max %.17g > b %.17g",
                  name, s.max, c->b);
        break;
    case SU_NORMAL:
        cr_expect(isfinite(s.min) && isfinite(s.max),
                  "%s: non-finite value", name);
        break;
    }

    su_model m;
    model_of(c, &m);

    /* Moments against the model (exact for coarse models). */
    /* Means are compared as offsets from a grid value near them, so that
     * a range a few ulps wide is resolved (see su_moments). */
    double ref = su_grid_round(c->dtype, c->p0); /* lo or mean */
    su_moments mo;
    su_moments_compute(s.x, s.n, ref, &mo);
    su_moment_sds sd;
    su_model_moment_sds(&m, s.n, ref, &sd);
    check_moment(c, "mean", mo.mean_ref, sd.mean_ref, sd.sd_mean);
    check_moment(c, "variance", mo.m2, sd.var, sd.sd_var);
    check_moment(c, "skewness", mo.m3 / pow(mo.m2, 1.5), sd.skew,
                 sd.sd_skew);
    check_moment(c, "kurtosis", mo.m4 / (mo.m2 * mo.m2), sd.kurt,
                 sd.sd_kurt);

    /* Independence of neighbours: lag-1 autocorrelation of x and of x^2
     * (about ref),
     * sd 1/sqrt(n) each (normal limit), within MOMENT_K sds. A law with a
     * single value (variance 0) has nothing to correlate. */
    if (sd.var > 0) {
        for (int sq = 0; sq < 2; sq++) {
            double r = su_lag1(s.x, s.n, ref, sq);
            double rb = MOMENT_K / sqrt((double)s.n);
            su_report(name, sq ? "lag1 corr x^2" : "lag1 corr x", r, rb,
                      fabs(r) <= rb);
            cr_expect(fabs(r) <= rb, "%s: lag-1 autocorrelation of %s = %.3g, "
                      "bound %.3g", name, sq ? "x^2" : "x", r, rb);
        }
    }

    su_sort(s.x, s.n);

    /* KS: DKW gives P(D > eps) <= 2 exp(-2 n eps^2) = SU_ALPHA for any
     * model, discrete ones included. A fine model reads G at the value
     * instead of its cell edges: that moves D by at most one cell's
     * probability, < 1e-6 here, added to the bound. */
    double ks = su_ks(&m, s.x, s.n);
    double ks_bound = su_dkw_bound(s.n, SU_ALPHA) + (c->coarse ? 0 : 1e-6);
    su_report(name, "KS", ks, ks_bound, ks <= ks_bound);
    cr_expect(ks <= ks_bound, "%s: KS D = %.4g > %.4g (sqrt(n) D = %.3f)",
              name, ks, ks_bound, sqrt((double)s.n) * ks);

    if (full) {
        if (!c->coarse) {
            /* AD: asymptotic upper SU_ALPHA point (stats_util.h). */
            double ad = su_ad(&m, s.x, s.n);
            double ad_bound = su_ad_crit(SU_ALPHA);
            su_report(name, "AD", ad, ad_bound, ad <= ad_bound);
            cr_expect(ad <= ad_bound, "%s: A^2 = %.4g > %.4g", name, ad,
                      ad_bound);
        }
        /* Chi-square: every bin expects >= 200 (the chi-square law of the
         * Pearson statistic is then accurate far into the tail); the
         * Wilson-Hilferty point is conservative at every df used here
         * (df 999: 1310.38 vs the exact 1310.16; df 7: 64.98 vs 60.90). */
        int df;
        int nbins = s.n >= 4000000 ? 1000 : 500;
        double chi = su_chi2(&m, s.x, s.n, nbins, 200.0, &df);
        double chi_bound = su_chi2_crit(df, SU_ALPHA);
        char what[32];
        snprintf(what, sizeof what, "chi2(df=%d)", df);
        su_report(name, what, chi, chi_bound, chi <= chi_bound);
        cr_expect(df >= 1, "%s: chi-square has no bins", name);
        cr_expect(chi <= chi_bound, "%s: chi2 = %.1f > %.1f (df %d)", name,
                  chi, chi_bound, df);
    }
    su_sample_free(&s);
}

/* ------------------------------------------------------------ uniform */

#define U_N ((size_t)4000000)

static size_t uniform_cases(stat_case *out)
{
    size_t k = 0;
    for (int d = 0; d < NDTYPES; d++) {
        nninit_dtype dt = all_dtypes[d];
        double eps = dt == NNINIT_F32   ? FLT_EPSILON
                     : dt == NNINIT_F64 ? DBL_EPSILON
                     : dt == NNINIT_F16 ? 0x1p-10
                                        : 0x1p-7;
        /* least subnormal of the type */
        double tiny = dt == NNINIT_F32   ? 0x1p-149
                      : dt == NNINIT_F64 ? 0x1p-1074
                      : dt == NNINIT_F16 ? 0x1p-24
                                         : 0x1p-133;
        struct {
            const char *tag;
            double lo, hi;
            int coarse;
        } r[] = {
            {"[-1,1)", -1.0, 1.0, 0},
            {"[0,1)", 0.0, 1.0, 0},
            /* Eight grid steps: lo + (hi - lo) u rounds to hi for the top
             * 1/16 of u, which must land on the greatest value below hi. */
            {"[1,1+8eps)", 1.0, 1.0 + 8 * eps, 1},
            /* Top of the range rounds to hi (u near 1 is within half an
             * ulp of 2) while lo is not a power of two. */
            {"[1.5,2)", 1.5, 2.0, 0},
            {"[-3.5,10.25)", -3.5, 10.25, 0},
            /* Eight subnormals: a path that flushes them to zero (FTZ/DAZ)
             * or rounds them differently shows here. Not for float64,
             * whose subnormal moments underflow in double. */
            {"[0,8 subnormals)", 0.0, 8 * tiny, 1},
        };
        for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
            if (dt == NNINIT_F64 && r[i].lo == 0.0 && r[i].hi == 8 * tiny)
                continue;
            stat_case *c = &out[k];
            memset(c, 0, sizeof *c);
            snprintf(c->name, sizeof c->name, "uniform %s %s", r[i].tag,
                     dtype_name(dt));
            c->kind = SU_UNIFORM;
            c->dtype = dt;
            c->p0 = r[i].lo;
            c->p1 = r[i].hi;
            c->n = U_N;
            /* 16-bit grids are coarse everywhere at these sample sizes */
            c->coarse = r[i].coarse || is_half(dt);
            c->seed = 0x5EED0000u + k;
            k++;
        }
    }
    return k;
}

ParameterizedTestParameters(stats, uniform)
{
    stat_case base[64];
    size_t nb = uniform_cases(base), n;
    stat_case *p = expand_isas(base, nb, &n);
    return cr_make_param_array(stat_case, p, n, free_params);
}

ParameterizedTest(stat_case *c, stats, uniform)
{
    run_battery(c);
}

/* ------------------------------------------------------------- normal */

static size_t normal_cases(stat_case *out)
{
    static const nninit_method ms[] = {NNINIT_ZIGGURAT, NNINIT_BOX_MULLER,
                                       NNINIT_ICDF};
    size_t k = 0;
    for (int mi = 0; mi < 3; mi++)
        for (int d = 0; d < NDTYPES; d++) {
            nninit_dtype dt = all_dtypes[d];
            struct {
                double mean, std;
                size_t n;
            } pr[] = {
                {0.0, 1.0, is_half(dt) ? 4000000 : 10000000},
                {-1.5, 2.5, 1000000},
            };
            for (int j = 0; j < 2; j++) {
                stat_case *c = &out[k];
                memset(c, 0, sizeof *c);
                snprintf(c->name, sizeof c->name, "normal %s N(%g,%g) %s",
                         method_name(ms[mi]), pr[j].mean, pr[j].std,
                         dtype_name(dt));
                c->kind = SU_NORMAL;
                c->dtype = dt;
                c->method = ms[mi];
                c->p0 = pr[j].mean;
                c->p1 = pr[j].std;
                c->n = pr[j].n;
                c->coarse = is_half(dt);
                c->seed = 0x90A10000u + k;
                k++;
            }
        }
    return k;
}

ParameterizedTestParameters(stats, normal)
{
    stat_case base[64];
    size_t nb = normal_cases(base), n;
    stat_case *p = expand_isas(base, nb, &n);
    return cr_make_param_array(stat_case, p, n, free_params);
}

ParameterizedTest(stat_case *c, stats, normal)
{
    run_battery(c);
}

/* ---------------------------------------------------- truncated normal */

#define T_N ((size_t)2000000)

static size_t trunc_cases(stat_case *out)
{
    struct {
        const char *tag;
        double mean, std, a, b;
        int coarse; /* besides the 16-bit types */
        int no_f16; /* float16 has no value but 0 in [a, b] */
    } t[] = {
        {"N(0,1)[-2,2]", 0, 1, -2, 2, 0, 0},
        {"N(0,1)[0,inf)", 0, 1, 0, INFINITY, 0, 0},
        {"N(0,1)[5,6]", 0, 1, 5, 6, 0, 0},
        {"N(0,1)[-0.1,0.1]", 0, 1, -0.1, 0.1, 0, 0},
        {"N(0,1)[-6,-5]", 0, 1, -6, -5, 0, 0},
        {"N(1.5,0.5)(-inf,1]", 1.5, 0.5, -INFINITY, 1.0, 0, 0},
        {"N(0,1)[-1,3.5]", 0, 1, -1, 3.5, 0, 0},
        /* float16 subnormal scale (2^-24 = 6e-8 steps: ~67 values) */
        {"N(0,1e-6)[-2e-6,2e-6]", 0, 1e-6, -2e-6, 2e-6, 0, 0},
        /* tiny std: the shape must survive scaling to 1e-30 */
        {"N(0,1e-30)[-2e-30,2e-30]", 0, 1e-30, -2e-30, 2e-30, 0, 1},
        {"N(0,1e-30)[5e-30,6e-30]", 0, 1e-30, 5e-30, 6e-30, 0, 1},
        /* float32 denormal scale: values on the 2^-149 grid (coarse: a
         * cell holds up to 3.5e-7 of the mass) */
        {"N(0,1e-39)[-2e-39,2e-39]", 0, 1e-39, -2e-39, 2e-39, 1, 1},
    };
    size_t k = 0;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        for (int d = 0; d < NDTYPES; d++) {
            nninit_dtype dt = all_dtypes[d];
            if (dt == NNINIT_F16 && t[i].no_f16)
                continue;
            stat_case *c = &out[k];
            memset(c, 0, sizeof *c);
            snprintf(c->name, sizeof c->name, "trunc %s %s", t[i].tag,
                     dtype_name(dt));
            c->kind = SU_TRUNC;
            c->dtype = dt;
            c->p0 = t[i].mean;
            c->p1 = t[i].std;
            c->a = t[i].a;
            c->b = t[i].b;
            c->n = T_N;
            c->coarse = t[i].coarse || is_half(dt);
            c->seed = 0x7C0000u + k;
            k++;
        }
    /* mean 3, std 1e-15, [3 + 5 std, 3 + 6 std]: float64 has only the
     * grid values 3 + 11..13 ulp(3) there, so the output is a 3-point law
     * (ulp(3) = 4.4e-16 = 0.44 std) that the coarse model gives exactly.
     * float32 and bfloat16 have no value in [a, b]: see trunc_tiny. */
    {
        stat_case *c = &out[k];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name,
                 "trunc N(3,1e-15)[3+5e-15,3+6e-15] f64");
        c->kind = SU_TRUNC;
        c->dtype = NNINIT_F64;
        c->p0 = 3.0;
        c->p1 = 1e-15;
        c->a = 3.0 + 5e-15;
        c->b = 3.0 + 6e-15;
        c->n = T_N;
        c->coarse = 1;
        c->seed = 0x7C0000u + k;
        k++;
    }
    return k;
}

ParameterizedTestParameters(stats, trunc)
{
    stat_case base[128];
    size_t nb = trunc_cases(base), n;
    stat_case *p = expand_isas(base, nb, &n);
    return cr_make_param_array(stat_case, p, n, free_params);
}

ParameterizedTest(stat_case *c, stats, trunc)
{
    run_battery(c);
}

/* ------------------------------------------- truncated normal, tiny std */

static int isa_params[NNINIT_ISA_COUNT_] = {0, 1, 2, 3};

ParameterizedTestParameters(stats, trunc_tiny)
{
    return cr_make_param_array(int, isa_params, NNINIT_ISA_COUNT_);
}

/*
 * mean 3, std 1e-30. In double, 3 +- 2e-30 is 3 itself (ulp(3) = 4.4e-16),
 * so the user's "mean +- 2 std" bounds collapse to a == b: an error. The
 * checkable cases bracket 3 with its neighbours: every value of every type
 * must then be exactly 3 (std * z, |z| < 40, is 1e-14 ulp of 3). mean 3,
 * std 1e-15, [3 + 5 std, 3 + 6 std] holds no float32 or 16-bit value (the
 * float32 neighbours of 3 are 2.4e-7 away): an error for those types, a
 * 3-point law for float64 (in the battery). float16 with mean 0, std
 * 1e-30 on [-2e-30, 2e-30]: 0 is its only value there (its least
 * subnormal is 6e-8), so every output must be 0.
 */
ParameterizedTest(int *isa, stats, trunc_tiny)
{
    use_isa(*isa);
    enum { N = 100000 };
    static union {
        float f[N];
        double d[N];
        uint16_t h[N];
    } buf;
    double below = nextafter(3.0, 0.0), above = nextafter(3.0, 4.0);
    double bounds[][2] = {{below, above}, {3.0, above}, {below, 3.0}};
    for (int d = 0; d < NDTYPES; d++) {
        nninit_dtype dt = all_dtypes[d];
        for (int j = 0; j < 4; j++) {
            /* j = 3: float16 only, +-2e-30 holds no float16 value but 0 */
            if (j == 3 && dt != NNINIT_F16)
                continue;
            double a = j < 3 ? bounds[j][0] : -2e-30;
            double b = j < 3 ? bounds[j][1] : 2e-30;
            double mean = j < 3 ? 3.0 : 0.0, want = mean;
            nninit_rng rng = nninit_rng_make(99 + (uint64_t)j, 1);
            nninit_status st = nninit_fill_trunc_normal(rng, dt, &buf, N,
                                                        mean, 1e-30, a, b);
            cr_assert_eq(st, NNINIT_OK, "%s bounds %d: %s", dtype_name(dt),
                         j, nninit_status_str(st));
            size_t bad = 0;
            double first_bad = 0;
            for (size_t i = 0; i < N; i++) {
                double v = dt == NNINIT_F32   ? buf.f[i]
                           : dt == NNINIT_F64 ? buf.d[i]
                           : dt == NNINIT_F16 ? su_f16_to_double(buf.h[i])
                                              : su_bf16_to_f32(buf.h[i]);
                if (v != want) {
                    if (!bad)
                        first_bad = v;
                    bad++;
                }
            }
            cr_expect_eq(bad, 0,
                         "%s bounds %d: %zu values != %g (e.g. %.17g)",
                         dtype_name(dt), j, bad, want, first_bad);
        }
        /* Collapsed and empty bounds: an error, and nothing written. */
        memset(&buf, 0xA5, sizeof buf);
        nninit_status st =
            nninit_fill_trunc_normal(nninit_rng_make(1, 1), dt, &buf, N, 3.0,
                                     1e-30, 3.0 - 2e-30, 3.0 + 2e-30);
        cr_expect_eq(st, NNINIT_ERR_BOUNDS, "%s: 3 +- 2e-30 gave %d",
                     dtype_name(dt), st);
        if (dt != NNINIT_F64) {
            st = nninit_fill_trunc_normal(nninit_rng_make(1, 1), dt, &buf, N,
                                          3.0, 1e-15, 3.0 + 5e-15,
                                          3.0 + 6e-15);
            cr_expect_eq(st, NNINIT_ERR_BOUNDS,
                         "%s: [3+5e-15, 3+6e-15] gave %d (no value of the "
                         "type lies there)",
                         dtype_name(dt), st);
        }
        const unsigned char *p = (const unsigned char *)&buf;
        size_t touched = 0;
        for (size_t i = 0; i < sizeof buf; i++)
            touched += p[i] != 0xA5;
        cr_expect_eq(touched, 0, "%s: error path wrote %zu bytes",
                     dtype_name(dt), touched);
    }
}

/* ------------------------------------------------ self-test of helpers */

/* The helpers themselves, on deterministic inputs: closed-form truncated
 * moments against Simpson, critical values against known points. */
Test(stats, helpers)
{
    double tab[][2] = {{-2, 2}, {0, INFINITY}, {5, 6}, {-0.1, 0.1},
                       {-6, -5}, {-INFINITY, -1}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        su_tn t;
        su_tn_init(&t, tab[i][0], tab[i][1]);
        su_model m;
        su_model_trunc(&m, NNINIT_F64, 0, 1, tab[i][0], tab[i][1], 0);
        double mean, c[9];
        su_model_moments(&m, 0.0, &mean, c);
        cr_expect(fabs(c[0] - 1.0) < 1e-12, "mass %g", c[0]);
        cr_expect(fabs(su_tn_var(&t) - c[2]) < 1e-11 * c[2],
                  "[%g,%g] var %.17g vs %.17g", tab[i][0], tab[i][1],
                  su_tn_var(&t), c[2]);
    }
    /* [-2, 2]: the constant nninit_variance_scaling divides by. */
    su_tn t2;
    su_tn_init(&t2, -2, 2);
    cr_expect(fabs(sqrt(su_tn_var(&t2)) - 0.87962566103423978) < 1e-15);
    /* Normal: delta-method sds are sqrt(6) and sqrt(24) at n = 1. */
    su_model m;
    su_moment_sds sd;
    su_model_normal(&m, NNINIT_F64, 0, 1, 0);
    su_model_moment_sds(&m, 1, 0.0, &sd);
    cr_expect(fabs(sd.sd_skew - sqrt(6.0)) < 1e-12);
    cr_expect(fabs(sd.sd_kurt - sqrt(24.0)) < 1e-12);
    /* Critical values: 5% chi-square(10) = 18.307 (WH: 18.29); AD 1% is
     * 3.857 in Marsaglia's table (the asymptotic tail gives 3.81). */
    cr_expect(fabs(su_chi2_crit(10, 0.05) - 18.307) < 0.05);
    cr_expect(fabs(su_ad_crit(0.01) - 3.857) < 0.06);
    cr_expect(fabs(su_z_two_sided(0.05) - 1.959964) < 1e-5);
    /* float16 encoding and grid helpers. */
    cr_expect_eq(su_f16_from_double(1.0), 0x3C00);
    cr_expect_eq(su_f16_from_double(65504.0), 0x7BFF);
    cr_expect_eq(su_f16_from_double(65519.99), 0x7BFF);
    cr_expect_eq(su_f16_from_double(65520.0), 0x7C00);
    cr_expect_eq(su_f16_from_double(0x1p-24), 0x0001);
    cr_expect_eq(su_f16_from_double(0x1p-25), 0x0000);   /* tie to even */
    cr_expect_eq(su_f16_from_double(-0x3p-25), 0x8002);  /* tie to even */
    cr_expect_eq(su_f16_from_double(1.0 + 0x1p-11), 0x3C00);
    cr_expect_eq(su_f16_from_double(1.0 + 0x3p-11), 0x3C02);
    cr_expect_eq(su_f16_from_double(0x1p-14 - 0x1p-25), 0x0400);
    cr_expect_eq(su_f16_to_double(0x0400), 0x1p-14);
    cr_expect_eq(su_grid_next(NNINIT_F16, 1.0), 1.0 + 0x1p-10);
    cr_expect_eq(su_grid_prev(NNINIT_F16, 1.0), 1.0 - 0x1p-11);
    cr_expect_eq(su_grid_prev(NNINIT_F16, 0.0), -0x1p-24);
    /* bfloat16 grid helpers. */
    cr_expect_eq(su_grid_next(NNINIT_BF16, 1.0), 1.0 + 0x1p-7);
    cr_expect_eq(su_grid_prev(NNINIT_BF16, 1.0), 1.0 - 0x1p-8);
    cr_expect_eq(su_grid_below_strict(NNINIT_BF16, 1.0625), 1.0546875);
    /* The coarse uniform U[1, 1 + 8 eps) float32: ends get 1/16 and 3/16. */
    su_model_uniform(&m, NNINIT_F32, 1.0, 1.0 + 8 * FLT_EPSILON, 1);
    double p1 = su_model_ghi(&m, 1.0) - su_model_glo(&m, 1.0);
    double top = 1.0 + 7 * FLT_EPSILON;
    double p8 = su_model_ghi(&m, top) - su_model_glo(&m, top);
    cr_expect(fabs(p1 - 1.0 / 16) < 1e-12 && fabs(p8 - 3.0 / 16) < 1e-12,
              "p(1) = %g, p(max) = %g", p1, p8);
}
