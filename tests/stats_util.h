/*
 * Shared helpers for the statistical test suites (test_stats.c,
 * test_stats_long.c, test_init.c): the normal and truncated-normal
 * distributions, sample moments, Kolmogorov-Smirnov, Anderson-Darling and
 * chi-square statistics, and the critical values the assertions use.
 *
 * Every helper is plain C11 plus libm (erfc, log, exp and their long double
 * versions); none of them calls the library under test.
 *
 * The false-alarm budget. Every statistical assertion in the suites is set
 * at a nominal level of at most SU_ALPHA = 1e-10 (two-sided where the check
 * is two-sided). The three executables make well under 10^4 distinct checks
 * (the report counts them), so the chance that a correct library fails any
 * check in a run is below 10^4 * 1e-10 = 1e-6. The seeds are fixed, so a run
 * that passes keeps passing: the budget is the chance that the fixed seeds
 * happened to land in a rejection region.
 *
 * "Models". A fill writes values of a finite grid (float32, float64 or
 * bfloat16), rounded to nearest from a continuous distribution and clamped
 * into the output range. A su_model describes that: the continuous CDF F,
 * the output grid, and the clamps. For a grid value v it gives
 *     G_lo(v) = P(X < v),   G_hi(v) = P(X <= v)
 * where X is the rounded and clamped variable: the rounding cell of v is
 * [mid(prev(v), v), mid(v, next(v))], so G_lo(v) = F(lower cell edge) and
 * G_hi(v) = F(upper cell edge); the lowest clamp value collects everything
 * below its cell (G_lo = 0) and the highest everything above (G_hi = 1).
 * A "coarse" model (bfloat16, float16, or a range only a few grid steps
 * wide) uses
 * these exact cells; a fine one (float32/float64 away from such corners)
 * uses F(v) for both, which differs from the exact cells by the probability
 * of one cell (at most ~1e-7 in the cases tested), far below any bound.
 */
#ifndef NNINIT_TESTS_STATS_UTIL_H
#define NNINIT_TESTS_STATS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "nninit.h"

/* Nominal false-alarm level of one statistical check (see above). */
#define SU_ALPHA 1e-10

/* ------------------------------------------------------------ normal */

double su_npdf(double x);   /* phi(x) */
double su_ncdf(double x);   /* Phi(x) = erfc(-x / sqrt 2) / 2 */
double su_nsf(double x);    /* Q(x) = 1 - Phi(x) = erfc(x / sqrt 2) / 2 */
double su_nquant(double p); /* Phi^-1(p), by bisection (only for bin edges) */

/* ------------------------------------------------- truncated normal */

/* The standard normal truncated to [al, be] (either may be infinite). The
 * normalizer Z = Phi(be) - Phi(al) is computed from whichever tail keeps the
 * digits (Q(al) - Q(be) when al >= 0, so that [5, 6] is accurate). */
typedef struct su_tn {
    double al, be, Z;
    int side; /* +1: both bounds >= 0 (upper tail forms), -1: both <= 0,
                 0: straddles 0 */
} su_tn;

void su_tn_init(su_tn *t, double al, double be);
double su_tn_cdf(const su_tn *t, double z); /* P(Z <= z) */
double su_tn_sf(const su_tn *t, double z);  /* P(Z > z) */
double su_tn_pdf(const su_tn *t, double z);
/* The closed forms (Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions vol. 1, 13.10.1):
 *   E Z   = (phi(al) - phi(be)) / Z,
 *   Var Z = 1 + (al phi(al) - be phi(be)) / Z - (E Z)^2,
 * with x phi(x) = 0 at an infinite bound. */
double su_tn_mean(const su_tn *t);
double su_tn_var(const su_tn *t);

/* -------------------------------------------------- critical values */

/* z with P(|N(0,1)| > z) = alpha. */
double su_z_two_sided(double alpha);
/* z with P(N(0,1) > z) = alpha. */
double su_z_one_sided(double alpha);
/* Upper alpha point of chi-square with df degrees of freedom by the
 * Wilson-Hilferty cube-root approximation:
 *   (X/df)^(1/3) ~ N(1 - 2/(9 df), 2/(9 df)). */
double su_chi2_crit(double df, double alpha);
/* Dvoretzky-Kiefer-Wolfowitz with Massart's constant: for n iid draws from
 * any distribution G (continuous or not), P(sup |G_n - G| > eps) <=
 * 2 exp(-2 n eps^2). Returns eps for the given alpha. */
double su_dkw_bound(size_t n, double alpha);
/* Upper alpha point of the asymptotic Anderson-Darling A^2 (fully specified
 * continuous null). A^2 = sum_j Y_j / (j (j + 1)) with Y_j iid chi-square(1)
 * (Anderson & Darling 1952); the far tail is that of the j = 1 term, Y_1/2,
 * times prod_{j>=2} (1 - 2/(j(j+1)))^(-1/2) = sqrt(3) (the product
 * telescopes), so P(A^2 > z) ~ sqrt(3) P(chi2_1 > 2z) = sqrt(3) erfc(sqrt z).
 * This reproduces the tabulated points (1%: 3.84 vs 3.857). */
double su_ad_crit(double alpha);
/* Count bounds for a Binomial(n, p): [lo, hi] with P(X < lo) <= alpha/2 and
 * P(X > hi) <= alpha/2, from the Chernoff-Hoeffding bound
 * P(X >= k) <= exp(-n KL(k/n || p)) (k > np), same below: rigorous, no
 * normal approximation. */
void su_binom_bounds(uint64_t n, double p, double alpha, uint64_t *lo,
                     uint64_t *hi);
/* Smallest k with P(Poisson(lambda) > k) <= alpha, from the exact tail sum. */
uint64_t su_poisson_upper(double lambda, double alpha);

/* ------------------------------------------------------------ samples */

/* Output of a fill converted to double (half types widened exactly), with -0
 * turned into +0 and NaNs counted and dropped. */
typedef struct su_sample {
    double *x;
    size_t n;    /* finite or infinite values kept */
    size_t nnan; /* NaNs dropped */
    double min, max;
} su_sample;

void su_sample_from(su_sample *s, nninit_dtype dtype, const void *buf,
                    size_t n);
void su_sample_free(su_sample *s);
/* Ascending sort (LSD radix on order-preserving 64-bit keys). */
void su_sort(double *x, size_t n);

float su_bf16_to_f32(uint16_t h);
/* Round a float to the nearest bfloat16 (ties to even), as a float. */
float su_round_bf16(float f);
/* IEEE binary16: decode bits; round a double to nearest even (overflow to
 * +-inf from 65520 on) and encode. Written arithmetically, independent of
 * the library's bit tricks. */
double su_f16_to_double(uint16_t h);
uint16_t su_f16_from_double(double x);

/* Sample central moments (divisor n) from two passes in long double.
 * mean_ref = mean - ref to full precision: a mean a few ulps from ref (a
 * range a few grid steps wide) is resolved there, not in mean. */
typedef struct su_moments {
    size_t n;
    double mean, mean_ref, m2, m3, m4;
} su_moments;

void su_moments_compute(const double *x, size_t n, double ref,
                        su_moments *m);

/* Lag-1 sample autocorrelation of y_i = x_i - c (squares = 0) or
 * (x_i - c)^2 (squares = 1), in the original order; c (the law's centre,
 * or any value near it) keeps the digits of a sample a few ulps wide. For iid draws with finite variance
 * of y, sqrt(n) r -> N(0, 1): its sd is 1/sqrt(n). Catches neighbouring
 * elements sharing bits (a Box-Muller pair computed from the wrong words,
 * a vector lane reusing another lane's draw); the squares catch pairs that
 * share a radius or a scale. */
double su_lag1(const double *x, size_t n, double c, int squares);

/* --------------------------------------------------------------- models */

typedef enum su_kind { SU_UNIFORM, SU_NORMAL, SU_TRUNC } su_kind;

typedef struct su_model {
    su_kind kind;
    nninit_dtype dtype;
    int coarse;
    /* SU_UNIFORM: [lo, hi); SU_NORMAL, SU_TRUNC: mean, std (and a, b). */
    double lo, hi, mean, std, a, b;
    su_tn tn;
    /* Grid values that collect the mass beyond them (+-inf: none). */
    double clamp_lo, clamp_hi;
} su_model;

/* The least grid value >= x and the greatest grid value <= x (or < x for
 * su_grid_below_strict). */
double su_grid_round(nninit_dtype dtype, double x); /* to nearest even */
double su_grid_next(nninit_dtype dtype, double v);
double su_grid_prev(nninit_dtype dtype, double v);
double su_grid_ceil(nninit_dtype dtype, double x);
double su_grid_floor(nninit_dtype dtype, double x);
double su_grid_below_strict(nninit_dtype dtype, double x);

/* Models of the three fills as the public header specifies them: uniform
 * rounds lo + (hi - lo) u and keeps it inside [lo_T, max_T] (the least grid
 * value >= lo and the greatest < hi); normal rounds mean + std z; the
 * truncated normal rounds mean + std z and keeps it in [a_T, b_T]. */
void su_model_uniform(su_model *m, nninit_dtype dtype, double lo, double hi,
                      int coarse);
void su_model_normal(su_model *m, nninit_dtype dtype, double mean,
                     double std, int coarse);
void su_model_trunc(su_model *m, nninit_dtype dtype, double mean, double std,
                    double a, double b, int coarse);

double su_model_cdf(const su_model *m, long double x); /* continuous F */
double su_model_sf(const su_model *m, long double x);  /* 1 - F */
double su_model_quantile(const su_model *m, double p);
double su_model_glo(const su_model *m, double v); /* P(X < v) */
double su_model_ghi(const su_model *m, double v); /* P(X <= v) */

/* Mean - ref and central moments c[2..8] of the model's X (c[0] = 1,
 * c[1] = 0):
 * coarse models by summing over the grid values, fine ones from the
 * continuous distribution (closed forms, or Simpson's rule on the truncated
 * normal density). */
void su_model_moments(const su_model *m, double ref, double *mean,
                      double c[9]);

/* Standard deviations of the sample mean, variance, skewness
 * g1 = m3 / m2^1.5 and kurtosis b2 = m4 / m2^2 of n draws, by the delta
 * method on the sample central moments (Kendall & Stuart, The Advanced
 * Theory of Statistics vol. 1, 10.5 and 10.9):
 *   n Var(m_r) = mu_2r - mu_r^2 + r^2 mu_2 mu_{r-1}^2 - 2 r mu_{r+1} mu_{r-1}
 *   n Cov(m_r, m_s) = mu_{r+s} - mu_r mu_s + r s mu_2 mu_{r-1} mu_{s-1}
 *                     - r mu_{r-1} mu_{s+1} - s mu_{s-1} mu_{r+1}.
 * For the normal this gives sqrt(6/n) and sqrt(24/n) for g1 and b2. */
typedef struct su_moment_sds {
    double mean_ref, var, skew, kurt;         /* model values (mean - ref) */
    double sd_mean, sd_var, sd_skew, sd_kurt; /* sampling sds */
} su_moment_sds;

void su_model_moment_sds(const su_model *m, size_t n, double ref,
                         su_moment_sds *out);

/* ---------------------------------------------------- test statistics */

/* Kolmogorov-Smirnov distance between the sorted sample and the model:
 * sup_x |G_n(x) - G(x)|, evaluated on both sides of every distinct sample
 * value (exact for a discrete G too). */
double su_ks(const su_model *m, const double *sorted, size_t n);

/* Anderson-Darling A^2 against the continuous F (fine models only); F is
 * clipped into [1e-12, 1 - 1e-12] so that a sample on a support edge of a
 * gridded output stays finite (it moves A^2 by < 30/n). */
double su_ad(const su_model *m, const double *sorted, size_t n);

/* Chi-square on about nbins bins equiprobable under F, with edges rounded to
 * grid values (so a bin is a set of whole grid cells) and expected counts
 * from G_lo at the edges; edges that collide after rounding merge, and bins
 * whose expected count is below min_expected merge into a neighbour.
 * Returns the statistic; *df receives bins - 1. */
double su_chi2(const su_model *m, const double *sorted, size_t n, int nbins,
               double min_expected, int *df);

/* ------------------------------------------------------------ reporting */

/* One line per check on stderr when NNINIT_STATS_VERBOSE is set:
 * "STAT <case> <check> value=<v> bound=<b> ok|FAIL". */
void su_report(const char *case_name, const char *check, double value,
               double bound, int ok);

#endif /* NNINIT_TESTS_STATS_UTIL_H */
