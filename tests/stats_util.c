/* Statistical helpers for the test suites; see stats_util.h. */
#include "stats_util.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQRT1_2 0.70710678118654752440
#define INV_SQRT_2PI 0.39894228040143267794

/* ------------------------------------------------------------ normal */

double su_npdf(double x) { return INV_SQRT_2PI * exp(-0.5 * x * x); }
double su_ncdf(double x) { return 0.5 * erfc(-x * SQRT1_2); }
double su_nsf(double x) { return 0.5 * erfc(x * SQRT1_2); }

double su_nquant(double p)
{
    if (p <= 0.0)
        return -INFINITY;
    if (p >= 1.0)
        return INFINITY;
    /* Bisection on whichever tail keeps the digits; 200 halvings of
     * [-40, 40] reach the double grid. */
    double lo = -40.0, hi = 40.0;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi)
            break;
        int below = p < 0.5 ? su_ncdf(mid) < p : su_nsf(mid) > 1.0 - p;
        if (below)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ------------------------------------------------- truncated normal */

void su_tn_init(su_tn *t, double al, double be)
{
    t->al = al;
    t->be = be;
    if (al >= 0.0) {
        t->side = 1;
        t->Z = su_nsf(al) - su_nsf(be);
    } else if (be <= 0.0) {
        t->side = -1;
        t->Z = su_ncdf(be) - su_ncdf(al);
    } else {
        t->side = 0;
        t->Z = 1.0 - su_ncdf(al) - su_nsf(be);
    }
}

double su_tn_cdf(const su_tn *t, double z)
{
    if (!(z > t->al))
        return 0.0;
    if (z >= t->be)
        return 1.0;
    double r;
    if (t->side > 0)
        r = (su_nsf(t->al) - su_nsf(z)) / t->Z;
    else if (t->side < 0 || z <= 0.0)
        r = (su_ncdf(z) - su_ncdf(t->al)) / t->Z;
    else
        r = 1.0 - (su_nsf(z) - su_nsf(t->be)) / t->Z;
    return r < 0.0 ? 0.0 : (r > 1.0 ? 1.0 : r);
}

double su_tn_sf(const su_tn *t, double z)
{
    if (!(z > t->al))
        return 1.0;
    if (z >= t->be)
        return 0.0;
    double r;
    if (t->side > 0 || (t->side == 0 && z > 0.0))
        r = (su_nsf(z) - su_nsf(t->be)) / t->Z;
    else if (t->side < 0)
        r = (su_ncdf(t->be) - su_ncdf(z)) / t->Z;
    else
        r = 1.0 - (su_ncdf(z) - su_ncdf(t->al)) / t->Z;
    return r < 0.0 ? 0.0 : (r > 1.0 ? 1.0 : r);
}

double su_tn_pdf(const su_tn *t, double z)
{
    if (z < t->al || z > t->be)
        return 0.0;
    return su_npdf(z) / t->Z;
}

/* x phi(x), 0 at +-inf. */
static long double xphi(double x)
{
    if (isinf(x))
        return 0.0L;
    return (long double)x * INV_SQRT_2PI * expl(-0.5L * x * x);
}

static long double phil(double x)
{
    if (isinf(x))
        return 0.0L;
    return INV_SQRT_2PI * expl(-0.5L * x * x);
}

double su_tn_mean(const su_tn *t)
{
    return (double)((phil(t->al) - phil(t->be)) / t->Z);
}

double su_tn_var(const su_tn *t)
{
    long double m = (phil(t->al) - phil(t->be)) / t->Z;
    return (double)(1.0L + (xphi(t->al) - xphi(t->be)) / t->Z - m * m);
}

/* -------------------------------------------------- critical values */

/* Solve a decreasing g(z) = target on [lo, hi] by bisection. */
static double solve_decreasing(double (*g)(double), double target, double lo,
                               double hi)
{
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi)
            break;
        if (g(mid) > target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double two_sided_tail(double z) { return erfc(z * SQRT1_2); }
static double ad_tail(double z) { return sqrt(3.0) * erfc(sqrt(z)); }

double su_z_two_sided(double alpha)
{
    return solve_decreasing(two_sided_tail, alpha, 0.0, 40.0);
}

double su_z_one_sided(double alpha)
{
    return solve_decreasing(su_nsf, alpha, -40.0, 40.0);
}

double su_chi2_crit(double df, double alpha)
{
    double z = su_z_one_sided(alpha);
    double h = 2.0 / (9.0 * df);
    double c = 1.0 - h + z * sqrt(h);
    return df * c * c * c;
}

double su_dkw_bound(size_t n, double alpha)
{
    return sqrt(log(2.0 / alpha) / (2.0 * (double)n));
}

double su_ad_crit(double alpha)
{
    return solve_decreasing(ad_tail, alpha, 1e-3, 1000.0);
}

/* n KL(k/n || p), the Chernoff exponent. */
static double chernoff_exponent(uint64_t n, uint64_t k, double p)
{
    double nd = (double)n, q = (double)k / nd;
    double t1 = k == 0 ? 0.0 : q * log(q / p);
    double t2 = k == n ? 0.0 : (1.0 - q) * (log1p(-q) - log1p(-p));
    return nd * (t1 + t2);
}

void su_binom_bounds(uint64_t n, double p, double alpha, uint64_t *lo,
                     uint64_t *hi)
{
    double target = -log(alpha / 2.0);
    double np = (double)n * p;
    /* Upper: the least k > np with exp(-n KL) <= alpha/2; then
     * P(X >= k) <= alpha/2 and hi = k - 1. */
    uint64_t a = (uint64_t)ceil(np), b = n;
    if (chernoff_exponent(n, b, p) < target) {
        *hi = n;
    } else {
        while (a < b) { /* the exponent grows with k above np */
            uint64_t mid = a + (b - a) / 2;
            if (chernoff_exponent(n, mid, p) >= target)
                b = mid;
            else
                a = mid + 1;
        }
        *hi = a - 1;
    }
    /* Lower: the greatest k < np with exp(-n KL) <= alpha/2; then
     * P(X <= k) <= alpha/2 and lo = k + 1. */
    uint64_t top = (uint64_t)floor(np);
    if (chernoff_exponent(n, 0, p) < target) {
        *lo = 0;
        return;
    }
    a = 0;
    b = top;
    while (a < b) { /* the exponent falls as k rises towards np */
        uint64_t mid = a + (b - a + 1) / 2;
        if (chernoff_exponent(n, mid, p) >= target)
            a = mid;
        else
            b = mid - 1;
    }
    *lo = a + 1;
}

uint64_t su_poisson_upper(double lambda, double alpha)
{
    /* Sum the pmf from the top down so the small tail keeps its digits. */
    uint64_t kmax = (uint64_t)(lambda + 40.0 * sqrt(lambda) + 200.0);
    double *pmf = malloc((kmax + 1) * sizeof *pmf);
    if (!pmf)
        abort();
    for (uint64_t k = 0; k <= kmax; k++)
        pmf[k] = exp(-lambda + (double)k * log(lambda) - lgamma((double)k + 1));
    double tail = 0.0; /* P(X > k) */
    uint64_t k = kmax;
    while (k > 0) {
        double t = tail + pmf[k]; /* P(X > k - 1) */
        if (t > alpha)
            break;
        tail = t;
        k--;
    }
    free(pmf);
    return k;
}

/* ------------------------------------------------------------ samples */

float su_bf16_to_f32(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

float su_round_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if ((u & 0x7F800000u) == 0x7F800000u)
        return f; /* inf, nan */
    u += 0x7FFFu + ((u >> 16) & 1u);
    u &= 0xFFFF0000u;
    memcpy(&f, &u, sizeof f);
    return f;
}

double su_f16_to_double(uint16_t h)
{
    int e = (h >> 10) & 0x1F, m = h & 0x3FF;
    double v;
    if (e == 0)
        v = ldexp(m, -24); /* zero, subnormal */
    else if (e == 31)
        v = m ? NAN : INFINITY;
    else
        v = ldexp(m + 1024, e - 25);
    return (h & 0x8000) ? -v : v;
}

uint16_t su_f16_from_double(double x)
{
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    if (isnan(a))
        return 0x7E00;
    if (a >= 65520.0)
        return sign | 0x7C00;
    int e2;
    frexp(a, &e2); /* a = f 2^e2, f in [0.5, 1): a's binade is 2^(e2-1) */
    int E = a == 0 ? -14 : e2 - 1;
    if (E < -14)
        E = -14; /* subnormals share the quantum 2^-24 */
    double m = nearbyint(ldexp(a, 10 - E)); /* exact scaling; ties even */
    if (m >= 2048) { /* rounded up into the next binade */
        m = 1024;
        E++;
    }
    if (m < 1024) /* subnormal (E == -14) or zero */
        return sign | (uint16_t)m;
    return sign | (uint16_t)(((E + 15) << 10) | ((int)m - 1024));
}

void su_sample_from(su_sample *s, nninit_dtype dtype, const void *buf,
                    size_t n)
{
    s->x = malloc((n ? n : 1) * sizeof(double));
    if (!s->x)
        abort();
    s->n = 0;
    s->nnan = 0;
    s->min = INFINITY;
    s->max = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v;
        if (dtype == NNINIT_F32)
            v = ((const float *)buf)[i];
        else if (dtype == NNINIT_F64)
            v = ((const double *)buf)[i];
        else if (dtype == NNINIT_BF16)
            v = su_bf16_to_f32(((const uint16_t *)buf)[i]);
        else
            v = su_f16_to_double(((const uint16_t *)buf)[i]);
        if (isnan(v)) {
            s->nnan++;
            continue;
        }
        v += 0.0; /* -0 -> +0: equal values must share one key */
        if (v < s->min)
            s->min = v;
        if (v > s->max)
            s->max = v;
        s->x[s->n++] = v;
    }
}

void su_sample_free(su_sample *s)
{
    free(s->x);
    s->x = NULL;
    s->n = 0;
}

static uint64_t order_key(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return (b >> 63) ? ~b : (b | 0x8000000000000000ull);
}

static double key_value(uint64_t k)
{
    uint64_t b = (k >> 63) ? (k & 0x7FFFFFFFFFFFFFFFull) : ~k;
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

void su_sort(double *x, size_t n)
{
    uint64_t *a = malloc((n ? n : 1) * sizeof *a);
    uint64_t *t = malloc((n ? n : 1) * sizeof *t);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!a || !t || !cnt)
        abort();
    for (size_t i = 0; i < n; i++)
        a[i] = order_key(x[i]);
    for (int pass = 0; pass < 4; pass++) {
        int sh = 16 * pass;
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(a[i] >> sh) & 0xFFFF]++;
        /* A digit every key shares orders nothing: skip the pass. */
        if (n && cnt[(a[0] >> sh) & 0xFFFF] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            t[cnt[(a[i] >> sh) & 0xFFFF]++] = a[i];
        uint64_t *sw = a;
        a = t;
        t = sw;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = key_value(a[i]);
    free(a);
    free(t);
    free(cnt);
}

void su_moments_compute(const double *x, size_t n, double ref,
                        su_moments *m)
{
    /* Sums of x - x[0]: a sample only a few ulps wide (U[1, 1 + 8 eps)
     * in float64) keeps every digit, which a plain sum of ~n values of 1
     * would not even in long double. */
    double pivot = n ? x[0] : 0.0;
    long double s = 0.0L;
    for (size_t i = 0; i < n; i++)
        s += x[i] - pivot;
    long double dmean = s / (long double)n;
    long double s2 = 0.0L, s3 = 0.0L, s4 = 0.0L;
    for (size_t i = 0; i < n; i++) {
        long double d = (x[i] - pivot) - dmean, d2 = d * d;
        s2 += d2;
        s3 += d2 * d;
        s4 += d2 * d2;
    }
    m->n = n;
    m->mean = (double)(pivot + dmean);
    m->mean_ref = (double)(((long double)pivot - ref) + dmean);
    m->m2 = (double)(s2 / (long double)n);
    m->m3 = (double)(s3 / (long double)n);
    m->m4 = (double)(s4 / (long double)n);
}

double su_lag1(const double *x, size_t n, double c, int squares)
{
    if (n < 2)
        return 0.0;
#define Y(i) (squares ? ((long double)x[i] - c) * ((long double)x[i] - c)    \
                      : (long double)x[i] - c)
    long double s = 0.0L;
    for (size_t i = 0; i < n; i++)
        s += Y(i);
    long double mean = s / (long double)n;
    long double prev = Y(0) - mean, num = 0.0L, den = prev * prev;
    for (size_t i = 1; i < n; i++) {
        long double y = Y(i) - mean;
        num += prev * y;
        den += y * y;
        prev = y;
    }
#undef Y
    return den > 0 ? (double)(num / den) : 0.0;
}

/* ----------------------------------------------------------------- grid */

static double bf16_step(double v, int up)
{
    float f = (float)v;
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if (f == 0.0f)
        u = up ? 0x00010000u : 0x80010000u;
    else if ((f > 0.0f) == (up != 0))
        u += 0x10000u;
    else
        u -= 0x10000u;
    memcpy(&f, &u, sizeof f);
    return (double)f + 0.0;
}

static double f16_step(double v, int up)
{
    uint16_t h = su_f16_from_double(v);
    if (v == 0.0)
        h = up ? 0x0001 : 0x8001;
    else if ((v > 0.0) == (up != 0))
        h++;
    else
        h--;
    return su_f16_to_double(h) + 0.0;
}

double su_grid_round(nninit_dtype dtype, double x)
{
    if (dtype == NNINIT_F64)
        return x;
    if (dtype == NNINIT_F32)
        return (double)(float)x;
    if (dtype == NNINIT_F16)
        return su_f16_to_double(su_f16_from_double(x));
    /* To float, then to 8 significant bits: a double rounding, harmless for
     * the bin edges and enumeration bounds this is used for. */
    return (double)su_round_bf16((float)x);
}

double su_grid_next(nninit_dtype dtype, double v)
{
    if (dtype == NNINIT_F64)
        return nextafter(v, INFINITY);
    if (dtype == NNINIT_F32)
        return (double)nextafterf((float)v, INFINITY);
    if (dtype == NNINIT_F16)
        return f16_step(v, 1);
    return bf16_step(v, 1);
}

double su_grid_prev(nninit_dtype dtype, double v)
{
    if (dtype == NNINIT_F64)
        return nextafter(v, -INFINITY);
    if (dtype == NNINIT_F32)
        return (double)nextafterf((float)v, -INFINITY);
    if (dtype == NNINIT_F16)
        return f16_step(v, 0);
    return bf16_step(v, 0);
}

double su_grid_ceil(nninit_dtype dtype, double x)
{
    double r = su_grid_round(dtype, x);
    return r < x ? su_grid_next(dtype, r) : r;
}

double su_grid_floor(nninit_dtype dtype, double x)
{
    double r = su_grid_round(dtype, x);
    return r > x ? su_grid_prev(dtype, r) : r;
}

double su_grid_below_strict(nninit_dtype dtype, double x)
{
    double r = su_grid_floor(dtype, x);
    return r == x ? su_grid_prev(dtype, r) : r;
}

/* --------------------------------------------------------------- models */

void su_model_uniform(su_model *m, nninit_dtype dtype, double lo, double hi,
                      int coarse)
{
    memset(m, 0, sizeof *m);
    m->kind = SU_UNIFORM;
    m->dtype = dtype;
    m->coarse = coarse;
    m->lo = lo;
    m->hi = hi;
    m->clamp_lo = su_grid_ceil(dtype, lo);
    m->clamp_hi = su_grid_below_strict(dtype, hi);
}

void su_model_normal(su_model *m, nninit_dtype dtype, double mean,
                     double std, int coarse)
{
    memset(m, 0, sizeof *m);
    m->kind = SU_NORMAL;
    m->dtype = dtype;
    m->coarse = coarse;
    m->mean = mean;
    m->std = std;
    m->clamp_lo = -INFINITY;
    m->clamp_hi = INFINITY;
}

void su_model_trunc(su_model *m, nninit_dtype dtype, double mean, double std,
                    double a, double b, int coarse)
{
    memset(m, 0, sizeof *m);
    m->kind = SU_TRUNC;
    m->dtype = dtype;
    m->coarse = coarse;
    m->mean = mean;
    m->std = std;
    m->a = a;
    m->b = b;
    double al = (double)(((long double)a - mean) / std);
    double be = (double)(((long double)b - mean) / std);
    su_tn_init(&m->tn, al, be);
    m->clamp_lo = isinf(a) ? -INFINITY : su_grid_ceil(dtype, a);
    m->clamp_hi = isinf(b) ? INFINITY : su_grid_floor(dtype, b);
}

static double standardize(const su_model *m, long double x)
{
    return (double)((x - (long double)m->mean) / (long double)m->std);
}

double su_model_cdf(const su_model *m, long double x)
{
    switch (m->kind) {
    case SU_UNIFORM: {
        long double u = (x - m->lo) / ((long double)m->hi - m->lo);
        return u < 0 ? 0.0 : (u > 1 ? 1.0 : (double)u);
    }
    case SU_NORMAL:
        return su_ncdf(standardize(m, x));
    case SU_TRUNC:
        return su_tn_cdf(&m->tn, standardize(m, x));
    }
    return NAN;
}

double su_model_sf(const su_model *m, long double x)
{
    switch (m->kind) {
    case SU_UNIFORM:
        return 1.0 - su_model_cdf(m, x);
    case SU_NORMAL:
        return su_nsf(standardize(m, x));
    case SU_TRUNC:
        return su_tn_sf(&m->tn, standardize(m, x));
    }
    return NAN;
}

static void support(const su_model *m, double *lo, double *hi)
{
    if (m->kind == SU_UNIFORM) {
        *lo = m->lo;
        *hi = m->hi;
        return;
    }
    *lo = m->mean - 40.0 * m->std;
    *hi = m->mean + 40.0 * m->std;
    if (m->kind == SU_TRUNC) {
        if (m->a > *lo)
            *lo = m->a;
        if (m->b < *hi)
            *hi = m->b;
    }
}

double su_model_quantile(const su_model *m, double p)
{
    double lo, hi;
    support(m, &lo, &hi);
    /* Invariant F(lo) < p <= F(hi); on a range a few ulps wide this ends
     * with hi one ulp above lo, and hi is the quantile inf{x: F(x) >= p}. */
    for (int it = 0; it < 300; it++) {
        double mid = lo + 0.5 * (hi - lo);
        if (mid <= lo || mid >= hi)
            break;
        int below = p < 0.5 ? su_model_cdf(m, mid) < p
                            : su_model_sf(m, mid) > 1.0 - p;
        if (below)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

double su_model_glo(const su_model *m, double v)
{
    if (v <= m->clamp_lo)
        return 0.0;
    if (v > m->clamp_hi)
        return 1.0;
    if (!m->coarse)
        return su_model_cdf(m, v);
    long double edge = 0.5L * ((long double)su_grid_prev(m->dtype, v) + v);
    return su_model_cdf(m, edge);
}

double su_model_ghi(const su_model *m, double v)
{
    if (v >= m->clamp_hi)
        return 1.0;
    if (v < m->clamp_lo)
        return 0.0;
    if (!m->coarse)
        return su_model_cdf(m, v);
    long double edge = 0.5L * ((long double)v + su_grid_next(m->dtype, v));
    return su_model_cdf(m, edge);
}

/* Grid values carrying all but ~1e-38 of the mass of a coarse model. */
static void enum_range(const su_model *m, double *lo, double *hi)
{
    double slo, shi;
    support(m, &slo, &shi);
    if (m->kind != SU_UNIFORM) { /* 13 sd: tail mass 1e-38 */
        if (m->mean - 13.0 * m->std > slo)
            slo = m->mean - 13.0 * m->std;
        if (m->mean + 13.0 * m->std < shi)
            shi = m->mean + 13.0 * m->std;
    }
    *lo = su_grid_round(m->dtype, slo);
    *hi = su_grid_round(m->dtype, shi);
    if (*lo < m->clamp_lo)
        *lo = m->clamp_lo;
    if (*hi > m->clamp_hi)
        *hi = m->clamp_hi;
}

#define ENUM_MAX ((size_t)1 << 24)

static int moments_by_enumeration(const su_model *m, double ref,
                                  double *mean, double c[9])
{
    double lo, hi;
    enum_range(m, &lo, &hi);
    size_t count = 0;
    for (double v = lo; v <= hi; v = su_grid_next(m->dtype, v))
        if (++count > ENUM_MAX)
            return 0;
    /* Moments about lo first, for the same reason as in
     * su_moments_compute. */
    long double s = 0.0L, tot = 0.0L;
    for (double v = lo; v <= hi; v = su_grid_next(m->dtype, v)) {
        double glo = v == lo ? 0.0 : su_model_glo(m, v);
        double ghi = v == hi ? 1.0 : su_model_ghi(m, v);
        s += ((long double)v - lo) * (ghi - glo);
        tot += ghi - glo;
    }
    long double dmu = s / tot;
    long double acc[9] = {0};
    for (double v = lo; v <= hi; v = su_grid_next(m->dtype, v)) {
        double glo = v == lo ? 0.0 : su_model_glo(m, v);
        double ghi = v == hi ? 1.0 : su_model_ghi(m, v);
        long double w = (ghi - glo) / tot, d = ((long double)v - lo) - dmu;
        long double p = 1.0L;
        for (int k = 0; k <= 8; k++) {
            acc[k] += w * p;
            p *= d;
        }
    }
    *mean = (double)(((long double)lo - ref) + dmu);
    for (int k = 0; k <= 8; k++)
        c[k] = (double)acc[k];
    c[0] = 1.0;
    c[1] = 0.0;
    return 1;
}

/* Central moments of the standard truncated normal by composite Simpson on
 * [max(al, -40), min(be, 40)] with 40000 panels: the density is analytic,
 * so the error is far below double rounding. */
static void tn_moments_numeric(const su_tn *t, double *mean, double c[9])
{
    double lo = t->al > -40.0 ? t->al : -40.0;
    double hi = t->be < 40.0 ? t->be : 40.0;
    const int M = 40000;
    long double h = ((long double)hi - lo) / M;
    long double mu = su_tn_mean(t);
    long double acc[9] = {0};
    for (int i = 0; i <= M; i++) {
        long double z = lo + h * i;
        long double w = (i == 0 || i == M) ? 1 : ((i & 1) ? 4 : 2);
        long double f = w * INV_SQRT_2PI * expl(-0.5L * z * z) / t->Z;
        long double d = z - mu, p = 1.0L;
        for (int k = 0; k <= 8; k++) {
            acc[k] += f * p;
            p *= d;
        }
    }
    *mean = (double)mu;
    for (int k = 0; k <= 8; k++)
        c[k] = (double)(acc[k] * h / 3.0L);
}

void su_model_moments(const su_model *m, double ref, double *mean,
                      double c[9])
{
    if (m->coarse && moments_by_enumeration(m, ref, mean, c))
        return;
    memset(c, 0, 9 * sizeof c[0]);
    c[0] = 1.0;
    switch (m->kind) {
    case SU_UNIFORM: {
        double h = 0.5 * (m->hi - m->lo);
        *mean = (m->lo - ref) + h;
        for (int k = 2; k <= 8; k += 2)
            c[k] = pow(h, k) / (k + 1);
        break;
    }
    case SU_NORMAL: {
        double s2 = m->std * m->std;
        *mean = m->mean - ref;
        c[2] = s2;
        c[4] = 3 * s2 * s2;
        c[6] = 15 * s2 * s2 * s2;
        c[8] = 105 * s2 * s2 * s2 * s2;
        break;
    }
    case SU_TRUNC: {
        double zm;
        tn_moments_numeric(&m->tn, &zm, c);
        *mean = (m->mean - ref) + m->std * zm;
        double p = 1.0;
        for (int k = 0; k <= 8; k++) {
            c[k] *= p;
            p *= m->std;
        }
        c[0] = 1.0;
        c[1] = 0.0;
        break;
    }
    }
}

void su_model_moment_sds(const su_model *m, size_t n, double ref,
                         su_moment_sds *o)
{
    double mean, c[9];
    su_model_moments(m, ref, &mean, c);
    double nd = (double)n;
/* n Var(m_r), n Cov(m_r, m_s); c[r+s] needs r + s <= 8. */
#define VAR(r)                                                                 \
    (c[2 * (r)] - c[r] * c[r] + (r) * (r) * c[2] * c[(r)-1] * c[(r)-1] -       \
     2 * (r) * c[(r) + 1] * c[(r)-1])
#define COV(r, s)                                                              \
    (c[(r) + (s)] - c[r] * c[s] + (r) * (s) * c[2] * c[(r)-1] * c[(s)-1] -     \
     (r) * c[(r)-1] * c[(s) + 1] - (s) * c[(s)-1] * c[(r) + 1])
    double m2 = c[2], m3 = c[3], m4 = c[4];
    o->mean_ref = mean;
    o->var = m2;
    o->skew = m3 / pow(m2, 1.5);
    o->kurt = m4 / (m2 * m2);
    o->sd_mean = sqrt(m2 / nd);
    o->sd_var = sqrt(VAR(2) / nd);
    /* g1 = m3 m2^-1.5: gradient (-1.5 m3 m2^-2.5, m2^-1.5). */
    double a2 = -1.5 * m3 * pow(m2, -2.5), a3 = pow(m2, -1.5);
    double vs = a2 * a2 * VAR(2) + a3 * a3 * VAR(3) + 2 * a2 * a3 * COV(2, 3);
    o->sd_skew = sqrt(fabs(vs) / nd);
    /* b2 = m4 m2^-2: gradient (-2 m4 m2^-3, m2^-2). */
    double b2 = -2.0 * m4 / (m2 * m2 * m2), b4 = 1.0 / (m2 * m2);
    double vk = b2 * b2 * VAR(2) + b4 * b4 * VAR(4) + 2 * b2 * b4 * COV(2, 4);
    o->sd_kurt = sqrt(fabs(vk) / nd);
#undef VAR
#undef COV
}

/* ---------------------------------------------------- test statistics */

double su_ks(const su_model *m, const double *x, size_t n)
{
    double d = 0.0, nd = (double)n;
    size_t i = 0;
    while (i < n) {
        double v = x[i];
        size_t j = i;
        while (j < n && x[j] == v)
            j++;
        double glo, ghi;
        if (m->coarse || v <= m->clamp_lo || v >= m->clamp_hi) {
            glo = su_model_glo(m, v);
            ghi = su_model_ghi(m, v);
        } else { /* fine model: one CDF value serves both sides */
            glo = ghi = su_model_cdf(m, v);
        }
        double lo = fabs((double)i / nd - glo);
        double hi = fabs((double)j / nd - ghi);
        if (lo > d)
            d = lo;
        if (hi > d)
            d = hi;
        i = j;
    }
    return d;
}

double su_ad(const su_model *m, const double *x, size_t n)
{
    const double eps = 1e-12;
    long double s = 0.0L;
    double nd = (double)n;
    for (size_t i = 0; i < n; i++) {
        double u, q;
        if (m->kind == SU_NORMAL) { /* one erfc gives both tails */
            double z = standardize(m, x[i]);
            double t = su_nsf(fabs(z));
            u = z < 0 ? t : 1.0 - t;
            q = z < 0 ? 1.0 - t : t;
        } else {
            u = su_model_cdf(m, x[i]);
            q = su_model_sf(m, x[i]);
        }
        u = u < eps ? eps : u;
        q = q < eps ? eps : q;
        /* sum_i (2i-1) ln u_(i) + (2(n-i)+1) ln(1 - u_(i)), i from 1 */
        double k = (double)i; /* i - 1 */
        s += (2.0 * k + 1.0) * log(u) + (2.0 * (nd - k) - 1.0) * log(q);
    }
    return (double)(-nd - s / nd);
}

double su_chi2(const su_model *m, const double *x, size_t n, int nbins,
               double min_expected, int *df)
{
    double nd = (double)n;
    double *edge = malloc((size_t)(nbins + 1) * sizeof *edge);
    double *glo = malloc((size_t)(nbins + 1) * sizeof *glo);
    if (!edge || !glo)
        abort();
    /* Interior edges at the grid values nearest the F quantiles j/nbins. */
    int ne = 0;
    for (int j = 1; j < nbins; j++) {
        double e = su_grid_round(m->dtype,
                                 su_model_quantile(m, (double)j / nbins));
        double g = su_model_glo(m, e);
        if (g <= 0.0 || g >= 1.0)
            continue;
        if (ne > 0 && e <= edge[ne - 1])
            continue;
        edge[ne] = e;
        glo[ne] = g;
        ne++;
    }
    /* Bins: (-inf, e0), [e0, e1), ..., [e_{ne-1}, inf). Merge from the left
     * until each has min_expected, the remainder into the last one. */
    int nb = 0;
    double *bound = malloc((size_t)(ne + 1) * sizeof *bound);
    double *prob = malloc((size_t)(ne + 1) * sizeof *prob);
    if (!bound || !prob)
        abort();
    double prev = 0.0;
    for (int j = 0; j <= ne; j++) {
        double g = j < ne ? glo[j] : 1.0;
        if ((g - prev) * nd >= min_expected || j == ne) {
            if (j == ne && nb > 0 && (g - prev) * nd < min_expected) {
                prob[nb - 1] += g - prev; /* short last bin merges back */
                bound[nb - 1] = INFINITY;
            } else {
                bound[nb] = j < ne ? edge[j] : INFINITY;
                prob[nb] = g - prev;
                nb++;
            }
            prev = g;
        }
    }
    double chi = 0.0;
    size_t i = 0;
    for (int k = 0; k < nb; k++) {
        size_t c = 0;
        while (i < n && x[i] < bound[k]) {
            c++;
            i++;
        }
        double e = prob[k] * nd;
        chi += ((double)c - e) * ((double)c - e) / e;
    }
    *df = nb - 1;
    free(edge);
    free(glo);
    free(bound);
    free(prob);
    return chi;
}

/* ------------------------------------------------------------ reporting */

void su_report(const char *case_name, const char *check, double value,
               double bound, int ok)
{
    if (!getenv("NNINIT_STATS_VERBOSE"))
        return;
    fprintf(stderr, "STAT %-44s %-12s value=%-13.6g bound=%-13.6g %s\n",
            case_name, check, value, bound, ok ? "ok" : "FAIL");
}
