/*
 * The Ziggurat's own checks, below the public API (the distribution battery
 * of the whole fills is in the stats suites):
 *  - the fast test passes as often as the tables say (sum ki / 2^B / 256);
 *  - the slow path, fed draws that start in the tail, returns the normal
 *    conditioned on |z| > R, with the draw's sign;
 *  - the slow path, fed draws that start in a wedge, returns the mixture the
 *    algorithm promises (accepted wedge points, and fresh normals for the
 *    rejected ones); a whole-fill test barely sees these 1.5% of values;
 *  - the scalar kernels equal the element-by-element definition for any
 *    offset and length;
 *  - every vector path gives the scalar bits on long fills where each kind
 *    of slow lane (tail, wedge finished in attempt 0, later) occurs often
 *    (the vector paths finish the attempt-0 wedge lanes themselves).
 * Seeds are fixed, so a run that passes keeps passing; every statistical
 * bound is set at a false-alarm level of 1e-10 (the DKW inequality for KS,
 * a 6.5-sigma normal bound for counts).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nninit.h"
#include "scalar/nnmath.h"
#include "scalar/philox.h"
#include "scalar/scalar.h"
#include "scalar/slowpath.h"
#include "scalar/ziggurat.h"

#define ALPHA 1e-10
#define Z_BOUND 6.5 /* two-sided normal quantile for 1e-10 is 6.47 */

static nn_kparams make_params(uint64_t seed, uint64_t stream)
{
    nn_kparams p;
    memset(&p, 0, sizeof p);
    p.key[0] = (uint32_t)seed;
    p.key[1] = (uint32_t)(seed >> 32);
    p.stream[0] = (uint32_t)stream;
    p.stream[1] = (uint32_t)(stream >> 32);
    p.seed = seed;
    p.stream64 = stream;
    p.f_std = 1.0f;
    p.d_std = 1.0;
    nn_aux_keys_init(&p);
    return p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov distance of the sample x[0..n) (sorted here) from the
 * continuous CDF F. */
static double ks_distance(double *x, size_t n, double (*F)(double))
{
    qsort(x, n, sizeof *x, cmp_double);
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double c = F(x[i]);
        double lo = c - (double)i / (double)n;
        double hi = (double)(i + 1) / (double)n - c;
        d = fmax(d, fmax(lo, hi));
    }
    return d;
}

/* DKW: P(D > eps) <= 2 exp(-2 n eps^2). */
static double dkw_bound(size_t n)
{
    return sqrt(log(2.0 / ALPHA) / (2.0 * (double)n));
}

static double q_normal(double t)
{
    return 0.5 * erfc(t / sqrt(2.0));
}

/* ------------------------------------------------------- fast-path rate */

Test(ziggurat, fast_path_rate)
{
    /* The rate the tables promise. */
    double expect_f = 0, expect_d = 0;
    for (int i = 0; i < 256; i++) {
        expect_f += nn_zig_ki_f[i] * 0x1p-23 / 256.0;
        expect_d += (double)nn_zig_ki_d[i] * 0x1p-52 / 256.0;
    }
    cr_assert(fabs(expect_f - 0.985081) < 1e-6, "table rate %.7f", expect_f);
    cr_assert(fabs(expect_d - 0.985081) < 1e-6, "table rate %.7f", expect_d);

    nn_kparams p = make_params(0x2545F4914F6CDD1Dull, 3);
    const uint64_t blocks = 1u << 20;
    uint64_t fast_f = 0, fast_d = 0;
    for (uint64_t b = 0; b < blocks; b++) {
        uint32_t w[4];
        nn_philox_block(&p, b, w);
        for (int k = 0; k < 4; k++)
            fast_f += (uint64_t)nn_zig_fast_f32(w[k]);
        fast_d += (uint64_t)nn_zig_fast_f64((uint64_t)w[1] << 32 | w[0]);
        fast_d += (uint64_t)nn_zig_fast_f64((uint64_t)w[3] << 32 | w[2]);
    }
    double nf = 4.0 * (double)blocks, nd = 2.0 * (double)blocks;
    double zf =
        ((double)fast_f - nf * expect_f) / sqrt(nf * expect_f * (1 - expect_f));
    double zd =
        ((double)fast_d - nd * expect_d) / sqrt(nd * expect_d * (1 - expect_d));
    cr_log_info("fast-path rate: float32 %.5f%%, float64 %.5f%% "
                "(tables: %.5f%%)",
                100.0 * (double)fast_f / nf, 100.0 * (double)fast_d / nd,
                100.0 * expect_f);
    cr_assert(fabs(zf) < Z_BOUND, "float32 fast rate off by %.1f sigma", zf);
    cr_assert(fabs(zd) < Z_BOUND, "float64 fast rate off by %.1f sigma", zd);
}

/* --------------------------------------------------------------- tail */

/* P(|Z| <= t | |Z| > R). */
static double tail_cdf(double t)
{
    return 1.0 - q_normal(t) / q_normal(nn_zig_r);
}

#define N_TAIL 500000

Test(ziggurat, slow_path_tail_is_the_conditional_normal)
{
    nn_kparams p = make_params(0x9E3779B97F4A7C15ull, 1);
    double *zf = malloc(N_TAIL * sizeof *zf), *zd = malloc(N_TAIL * sizeof *zd);
    cr_assert(zf && zd);
    size_t nf = 0, nd = 0;
    /* Tail draws: layer 0 and m >= ki[0]; any element index will do, the
     * slow path's extra bits come from that index's auxiliary sequence. */
    for (uint64_t b = 0; nf < N_TAIL || nd < N_TAIL; b++) {
        uint32_t w[4];
        nn_philox_block(&p, b, w);
        uint32_t wf = w[0] & ~0xFFu;
        uint64_t vd = ((uint64_t)w[2] << 32 | w[1]) & ~(uint64_t)0xFF;
        if (nf < N_TAIL && !nn_zig_fast_f32(wf)) {
            float z = nn_zig_slow_f32(&p, b, wf);
            cr_assert_eq(signbit(z) != 0, (wf >> 8) & 1, "tail sign");
            zf[nf++] = fabs((double)z);
        }
        if (nd < N_TAIL && !nn_zig_fast_f64(vd)) {
            double z = nn_zig_slow_f64(&p, b, vd);
            cr_assert_eq(signbit(z) != 0, (int)((vd >> 8) & 1), "tail sign");
            zd[nd++] = fabs(z);
        }
    }
    double df = ks_distance(zf, N_TAIL, tail_cdf);
    double dd = ks_distance(zd, N_TAIL, tail_cdf);
    cr_log_info("tail: KS D float32 %.2e, float64 %.2e (bound %.2e); "
                "smallest |z| %.17g, largest %.6g",
                df, dd, dkw_bound(N_TAIL), zd[0], zd[N_TAIL - 1]);
    cr_assert_geq(zf[0], (float)nn_zig_r);
    cr_assert_geq(zd[0], nn_zig_r);
    cr_assert_lt(df, dkw_bound(N_TAIL));
    cr_assert_lt(dd, dkw_bound(N_TAIL));
    free(zf);
    free(zd);
}

/* -------------------------------------------------------------- wedge */

/* Edges x_i and heights f(x_i) of the layers, from the tables; ACCEPTED[j]:
 * the accepted mass of the wedges of layers 1..j; REJECTED: the rejected
 * mass of all wedges; WEDGES: their total mass (each per draw of a layer). */
static double X[256], FX[256], ACCEPTED[256], REJECTED, WEDGES;

/* Layer i >= 1, wedge part [x_{i-1}, x_i): probability (per draw of the
 * layer) that the point is accepted with x <= t:
 * int_{x_{i-1}}^{min(t, x_i)} (f(x) - f_i) / (f_{i-1} - f_i) dx / x_i. */
static double wedge_accepted(int i, double t)
{
    double a = X[i - 1], b = X[i];
    double u = t < a ? a : (t > b ? b : t);
    /* int_a^u f = sqrt(pi/2) (erf(u / sqrt 2) - erf(a / sqrt 2)) */
    double area =
        1.2533141373155003 * (erf(u / sqrt(2.0)) - erf(a / sqrt(2.0)));
    return (area - FX[i] * (u - a)) / ((FX[i - 1] - FX[i]) * b);
}

static void wedge_init(void)
{
    X[0] = 0;
    FX[0] = 1;
    for (int i = 1; i < 256; i++) {
        X[i] = nn_zig_wi_d[i] * 0x1p52;
        FX[i] = nn_zig_fi_d[i];
    }
    ACCEPTED[0] = REJECTED = WEDGES = 0;
    for (int i = 1; i < 256; i++) {
        double wedge = (X[i] - X[i - 1]) / X[i], acc = wedge_accepted(i, X[i]);
        ACCEPTED[i] = ACCEPTED[i - 1] + acc;
        REJECTED += wedge - acc;
        WEDGES += wedge;
    }
}

/* P(|Z| <= t) for a draw that starts in a wedge: accepted wedge points,
 * and for the rejected ones a fresh standard normal. Only the layer whose
 * wedge holds t is partly counted. */
static double wedge_cdf(double t)
{
    int j = 1;
    while (j < 255 && X[j] <= t)
        j++;
    double acc = ACCEPTED[j - 1] + wedge_accepted(j, t);
    return (acc + REJECTED * erf(t / sqrt(2.0))) / WEDGES;
}

#define N_WEDGE 1000000

Test(ziggurat, slow_path_wedge_gives_the_promised_mixture)
{
    wedge_init();
    nn_kparams p = make_params(0xC0FFEEull, 11);
    double *zf = malloc(N_WEDGE * sizeof *zf),
           *zd = malloc(N_WEDGE * sizeof *zd);
    cr_assert(zf && zd);
    size_t nf = 0, nd = 0;
    for (uint64_t b = 0; nf < N_WEDGE || nd < N_WEDGE; b++) {
        uint32_t w[4];
        nn_philox_block(&p, b, w);
        for (int k = 0; k < 4; k++)
            if (nf < N_WEDGE && nn_zig_layer_f32(w[k]) != 0 &&
                !nn_zig_fast_f32(w[k]))
                zf[nf++] = fabs((double)nn_zig_slow_f32(&p, 4 * b + k, w[k]));
        for (int k = 0; k < 2; k++) {
            uint64_t v = (uint64_t)w[2 * k + 1] << 32 | w[2 * k];
            if (nd < N_WEDGE && nn_zig_layer_f64(v) != 0 && !nn_zig_fast_f64(v))
                zd[nd++] = fabs(nn_zig_slow_f64(&p, 2 * b + k, v));
        }
    }
    double df = ks_distance(zf, N_WEDGE, wedge_cdf);
    double dd = ks_distance(zd, N_WEDGE, wedge_cdf);
    cr_log_info("wedge: KS D float32 %.2e, float64 %.2e (bound %.2e); "
                "%.1f%% of wedge draws are rejected",
                df, dd, dkw_bound(N_WEDGE), 100.0 * REJECTED / WEDGES);
    cr_assert_lt(df, dkw_bound(N_WEDGE));
    cr_assert_lt(dd, dkw_bound(N_WEDGE));
    free(zf);
    free(zd);
}

/* ------------------------------------------------- kernel = definition */

Test(ziggurat, kernels_follow_the_element_definition)
{
    static const uint64_t firsts[] = {
        0, 1, 2, 3, 5, 4093, 0xFFFFFFFFull * 4 - 2, 0 - (uint64_t)1000};
    enum { N = 1000 };
    float got_f[N];
    double got_d[N];
    for (size_t t = 0; t < sizeof firsts / sizeof firsts[0]; t++) {
        nn_kparams p = make_params(0xDEADBEEFull + t, t);
        p.first = firsts[t];
        p.f_mean = 0.5f;
        p.f_std = 2.0f;
        p.d_mean = -0.25;
        p.d_std = 3.0;
        for (size_t n = 0; n <= N; n = n < 9 ? n + 1 : n * 3 + 1) {
            nn_ziggurat_f32_scalar(&p, got_f, n);
            nn_ziggurat_f64_scalar(&p, got_d, n);
            for (size_t i = 0; i < n; i++) {
                uint64_t e = p.first + i;
                uint32_t w = nn_philox_word(&p, e);
                float zf;
                if (!nn_zig_try_f32(w, &zf))
                    zf = nn_zig_slow_f32(&p, e, w);
                float want_f = fmaf(p.f_std, zf, p.f_mean);
                cr_assert(memcmp(&want_f, &got_f[i], sizeof want_f) == 0,
                          "float32 first %llu n %zu i %zu",
                          (unsigned long long)p.first, n, i);
                /* V[e]: words 2(e%2), 2(e%2)+1 of block e/2. */
                uint32_t blk[4];
                nn_philox_block(&p, e >> 1, blk);
                uint64_t v =
                    (uint64_t)blk[2 * (e & 1) + 1] << 32 | blk[2 * (e & 1)];
                double zd;
                if (!nn_zig_try_f64(v, &zd))
                    zd = nn_zig_slow_f64(&p, e, v);
                double want_d = fma(p.d_std, zd, p.d_mean);
                cr_assert(memcmp(&want_d, &got_d[i], sizeof want_d) == 0,
                          "float64 first %llu n %zu i %zu",
                          (unsigned long long)p.first, n, i);
            }
        }
    }
}

/* ------------------------------------------ fast-path values below R */

/*
 * Every value the fast path accepts is below R in magnitude, in both
 * precisions, as computed (m * wi[i] rounded): the truncated-normal
 * kernels rely on it to skip the bounds test when [a, b] holds
 * mean +- std R (trunc_fast_inside). The largest fast m of layer i is
 * ki[i] - 1, and the rounded product is monotone in m.
 */
Test(ziggurat, fast_path_values_are_below_r)
{
    for (unsigned i = 0; i < 256; i++) {
        if (nn_zig_ki_f[i] > 0) {
            float x = (float)(nn_zig_ki_f[i] - 1) * nn_zig_wi_f[i];
            cr_assert((double)x < nn_zig_r, "float32 layer %u: %a", i,
                      (double)x);
        }
        if (nn_zig_ki_d[i] > 0) {
            double x = (double)(nn_zig_ki_d[i] - 1) * nn_zig_wi_d[i];
            cr_assert(x < nn_zig_r, "float64 layer %u: %a", i, x);
        }
    }
}

/* ------------------------------------- vector paths on the slow lanes */

/* How a lane that fails the fast test ends: in the tail, in attempt 0 of
 * a wedge (accepted, or rejected with a fresh draw that passes the fast
 * test: a vector path may finish these in vector form), or later. */
enum { ZC_FAST, ZC_TAIL, ZC_WEDGE0, ZC_LATER, ZC_N };

/* The Ziggurat's first draw of element e: W[e] (float32) or V[e] = words
 * 2(e%2), 2(e%2)+1 of block e/2 (float64). */
static uint64_t zig_first_bits(const nn_kparams *p, uint64_t e, int f64)
{
    if (!f64)
        return nn_philox_word(p, e);
    uint32_t blk[4];
    nn_philox_block(p, e >> 1, blk);
    return (uint64_t)blk[2 * (e & 1) + 1] << 32 | blk[2 * (e & 1)];
}

static int zig_class(const nn_kparams *p, uint64_t e, uint64_t first_bits,
                     int f64)
{
    uint32_t i = (uint32_t)first_bits & 0xFFu;
    double x;
    if (f64) {
        if (nn_zig_fast_f64(first_bits))
            return ZC_FAST;
        x = nn_zig_x_f64(first_bits);
    } else {
        if (nn_zig_fast_f32((uint32_t)first_bits))
            return ZC_FAST;
        x = (double)nn_zig_x_f32((uint32_t)first_bits);
    }
    if (i == 0)
        return ZC_TAIL;
    uint32_t A[4];
    nn_aux_block(p, NN_AUX_ZIGGURAT, 0, e, A);
    double y = fma(nn_u53(A[0], A[1]), nn_zig_fi_d[i - 1] - nn_zig_fi_d[i],
                   nn_zig_fi_d[i]);
    if (y < nn_exp(-0.5 * x * x))
        return ZC_WEDGE0;
    int fresh = f64 ? nn_zig_fast_f64((uint64_t)A[3] << 32 | A[2])
                    : nn_zig_fast_f32(A[2]);
    return fresh ? ZC_WEDGE0 : ZC_LATER;
}

static nninit_isa zig_isas[] = {NNINIT_ISA_AVX2, NNINIT_ISA_AVX512,
                                NNINIT_ISA_NEON};

ParameterizedTestParameters(ziggurat, vector_slow_lanes_equal_scalar)
{
    return cr_make_param_array(nninit_isa, zig_isas,
                               sizeof zig_isas / sizeof zig_isas[0]);
}

/*
 * Long fills on every vector path against the scalar path, bit for bit,
 * where every kind of slow lane occurs many times: about 1.5% of the
 * elements fail the fast test (about 28,000 here per type); of those about
 * 97.7% are wedges finished in attempt 0, 1.6% tail lanes and 0.7% second
 * rejections (counts logged: about 450 and 190; the test checks that
 * each kind occurred at least 50 times, so it cannot pass without
 * exercising them). Offsets cross
 * 2^32 elements (the high word of the auxiliary counter changes inside a batch
 * of deferred lanes), the streams have high words, and n leaves partial batches
 * and sets.
 */
ParameterizedTest(nninit_isa *isa, ziggurat, vector_slow_lanes_equal_scalar)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not available here", nninit_isa_name(*isa));
    static const struct {
        uint64_t seed, stream, offset;
        size_t n;
        double mean, std;
    } cases[] = {
        {0x2545F4914F6CDD1Dull, 3, 0, (size_t)1 << 20, 0.0, 1.0},
        {77, 1, 0xFFFFFFFFull * 4 - 300001, 500003, 0.5, 2.0},
        {0xC0FFEEull, ((uint64_t)1 << 33) + 1, ((uint64_t)1 << 40) + 7, 300001,
         -1.0, 0.02},
    };
    size_t nmax = (size_t)1 << 20;
    double *ref = malloc(nmax * sizeof(double));
    double *got = malloc(nmax * sizeof(double));
    cr_assert(ref != NULL && got != NULL);
    uint64_t count[2][ZC_N] = {{0}};
    for (int f64 = 0; f64 < 2; f64++) {
        nninit_dtype dt = f64 ? NNINIT_F64 : NNINIT_F32;
        size_t es = f64 ? 8 : 4;
        for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
            nninit_rng rng = nninit_rng_make(cases[t].seed, cases[t].stream);
            rng.offset = cases[t].offset;
            size_t n = cases[t].n;
            cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
            cr_assert_eq(nninit_fill_normal(rng, dt, ref, n, cases[t].mean,
                                            cases[t].std, NNINIT_ZIGGURAT),
                         NNINIT_OK);
            cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
            cr_assert_eq(nninit_fill_normal(rng, dt, got, n, cases[t].mean,
                                            cases[t].std, NNINIT_ZIGGURAT),
                         NNINIT_OK);
            nninit_isa_force(NNINIT_ISA_AUTO);
            nn_kparams p = make_params(cases[t].seed, cases[t].stream);
            for (size_t i = 0; i < n; i++) {
                uint64_t e = cases[t].offset + i;
                int k = zig_class(&p, e, zig_first_bits(&p, e, f64), f64);
                count[f64][k]++;
                if (k == ZC_FAST)
                    continue; /* the paths test covers these */
                cr_assert(
                    memcmp((char *)ref + es * i, (char *)got + es * i, es) == 0,
                    "%s %s case %zu element %llu (kind %d)",
                    nninit_isa_name(*isa), f64 ? "f64" : "f32", t,
                    (unsigned long long)e, k);
            }
            cr_assert(memcmp(ref, got, es * n) == 0, "%s %s case %zu",
                      nninit_isa_name(*isa), f64 ? "f64" : "f32", t);
        }
        cr_log_info("%s %s: slow lanes %llu tail, %llu wedge attempt 0, "
                    "%llu later (of %llu fast)",
                    nninit_isa_name(*isa), f64 ? "f64" : "f32",
                    (unsigned long long)count[f64][ZC_TAIL],
                    (unsigned long long)count[f64][ZC_WEDGE0],
                    (unsigned long long)count[f64][ZC_LATER],
                    (unsigned long long)count[f64][ZC_FAST]);
        for (int k = ZC_TAIL; k < ZC_N; k++)
            cr_assert(count[f64][k] >= 50, "kind %d occurred %llu times", k,
                      (unsigned long long)count[f64][k]);
    }
    free(ref);
    free(got);
}

/* ------------------------- vector paths on the truncated normal's lanes */

/* How an element of a truncated-normal fill (normal regime) gets its
 * value: attempt 0 (the element's Ziggurat normal) inside the bounds, by
 * the Ziggurat's fast path or its slow path (a wedge lane finished in
 * attempt 0, a tail lane, later), or attempt 1, 2 or a later one of the
 * auxiliary sequence; and, counted apart, the elements whose attempt 0
 * came from the Ziggurat's slow path and fell outside the bounds. */
enum {
    TC_FAST,
    TC_SLOW_WEDGE0,
    TC_SLOW_TAIL,
    TC_SLOW_LATER,
    TC_SLOW_OUT,
    TC_A1,
    TC_A2,
    TC_A3,
    TC_N
};

/* Attempt r >= 1 of element e, as docs/streams.md defines it: the value
 * in *y (float64), and whether it is inside [a, b] (float32: the value
 * rounded to float, against float bounds). */
static int trunc_attempt(const nn_kparams *p, uint64_t e, uint32_t r,
                         double mean, double std, double a, double b, int f64,
                         double *y)
{
    uint32_t A[4];
    nn_aux_block(p, NN_AUX_TRUNC, r, e, A);
    uint64_t v = (uint64_t)A[1] << 32 | A[0];
    double q = ((double)((v & 0x7FFFFFFFFFFFFFFFull) >> 10) + 0.5) * 0x1p-54;
    double t = nn_ndtri_lower_branchy(q);
    *y = fma(std, (v >> 63) ? -t : t, mean);
    if (f64)
        return *y >= a && *y <= b;
    float f = (float)*y;
    *y = f;
    return f >= (float)a && f <= (float)b;
}

ParameterizedTestParameters(ziggurat, trunc_vector_lanes_equal_scalar)
{
    return cr_make_param_array(nninit_isa, zig_isas,
                               sizeof zig_isas / sizeof zig_isas[0]);
}

/*
 * Truncated-normal fills (the normal regime: the bounds at least
 * sqrt(2 pi) std apart around the mean) on every vector path against the
 * scalar path, bit for bit, where every way an element can end occurs
 * many times. The vector paths finish the Ziggurat's slow lanes and the
 * out-of-bounds lanes in batches (the first slow attempt 8 lanes at a
 * time, attempts 1 and 2 of the bounds 32 at a time, the rest one by one).
 * Each element is classified from the definition (the normal fill's
 * value, then attempts 1, 2, ... in docs/streams.md's layout, which must
 * give the scalar fill's value), and each kind must occur at least 50
 * times per type: at [-2, 2] std 1, 4.6% of the elements are out of
 * bounds at attempt 0, 4.6% of those again at attempt 1 (about 2,200 per
 * 2^20 elements) and again at attempt 2 (about 100). Bounds are exact in
 * float32. Offsets cross 2^32 elements, streams have high words, and n
 * leaves partial sets and batches; short fills at many offsets take the
 * end-of-fill paths (batches of every size, the scalar finish of a short
 * queue).
 */
ParameterizedTest(nninit_isa *isa, ziggurat, trunc_vector_lanes_equal_scalar)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not available here", nninit_isa_name(*isa));
    static const struct {
        uint64_t seed, stream, offset;
        size_t n;
        double mean, std, a, b;
    } cases[] = {
        {0x9E3779B97F4A7C15ull, 5, 0, (size_t)1 << 20, 0.0, 1.0, -2.0, 2.0},
        {31337, ((uint64_t)1 << 32) + 9, 0xFFFFFFFFull * 4 - 200003, 400009,
         0.5, 2.0, -3.0, 4.5},
        {0xFEEDull, 2, ((uint64_t)1 << 41) + 3, 300007, -1.0, 0.5, -2.0, -0.25},
        /* most Ziggurat tail lanes (|z| > R = 3.65) inside the bounds */
        {77, 0, 1000, 500001, 0.0, 1.0, -4.0, 4.0},
        /* half of the elements out of bounds at every attempt (the widest
         * one-sided normal regime): records with many lanes, past the
         * queueing's fixed steps, several batches from one flush */
        {0xC0FFEEull, 3, 77, 100003, 0.0, 1.0, 0.0, 3.0},
    };
    size_t nmax = (size_t)1 << 20;
    double *ref = malloc(nmax * sizeof(double));
    double *got = malloc(nmax * sizeof(double));
    double *x0 = malloc(nmax * sizeof(double));
    cr_assert(ref != NULL && got != NULL && x0 != NULL);
    for (int f64 = 0; f64 < 2; f64++) {
        uint64_t count[TC_N] = {0};
        nninit_dtype dt = f64 ? NNINIT_F64 : NNINIT_F32;
        size_t es = f64 ? 8 : 4;
        for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
            nninit_rng rng = nninit_rng_make(cases[t].seed, cases[t].stream);
            rng.offset = cases[t].offset;
            size_t n = cases[t].n;
            double mean = cases[t].mean, std = cases[t].std;
            double a = cases[t].a, b = cases[t].b;
            cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
            cr_assert_eq(
                nninit_fill_trunc_normal(rng, dt, ref, n, mean, std, a, b),
                NNINIT_OK);
            cr_assert_eq(
                nninit_fill_normal(rng, dt, x0, n, mean, std, NNINIT_ZIGGURAT),
                NNINIT_OK);
            cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
            cr_assert_eq(
                nninit_fill_trunc_normal(rng, dt, got, n, mean, std, a, b),
                NNINIT_OK);
            nn_kparams p = make_params(cases[t].seed, cases[t].stream);
            for (size_t i = 0; i < n; i++) {
                uint64_t e = cases[t].offset + i;
                double x = f64 ? x0[i] : ((float *)x0)[i];
                double want = f64 ? ref[i] : ((float *)ref)[i];
                int zc = zig_class(&p, e, zig_first_bits(&p, e, f64), f64), k;
                if (x >= (f64 ? a : (float)a) && x <= (f64 ? b : (float)b)) {
                    static const int of_zig[ZC_N] = {
                        [ZC_FAST] = TC_FAST,
                        [ZC_TAIL] = TC_SLOW_TAIL,
                        [ZC_WEDGE0] = TC_SLOW_WEDGE0,
                        [ZC_LATER] = TC_SLOW_LATER};
                    k = of_zig[zc];
                    cr_assert(want == x, "attempt 0 of element %llu",
                              (unsigned long long)e);
                } else {
                    double y;
                    uint32_t r = 1;
                    while (!trunc_attempt(&p, e, r, mean, std, a, b, f64, &y))
                        r++;
                    k = r == 1 ? TC_A1 : r == 2 ? TC_A2 : TC_A3;
                    cr_assert(want == y, "attempt %u of element %llu", r,
                              (unsigned long long)e);
                    count[TC_SLOW_OUT] += zc != ZC_FAST;
                }
                count[k]++;
                cr_assert(
                    memcmp((char *)ref + es * i, (char *)got + es * i, es) == 0,
                    "%s %s case %zu element %llu (kind %d)",
                    nninit_isa_name(*isa), f64 ? "f64" : "f32", t,
                    (unsigned long long)e, k);
            }
            /* Short fills: each call ends with its own partial batches.
             * The vector fill goes GB bytes into a guarded buffer: the
             * partial sets at its ends compute lanes outside it, which
             * must be neither written nor queued. */
            static const size_t shorts[] = {1,   7,   33,   100,
                                            177, 700, 1000, 4099};
            enum { GB = 512 };
            for (size_t s = 0; s < sizeof shorts / sizeof shorts[0]; s++) {
                size_t m = shorts[s];
                nninit_rng r2 = rng;
                r2.offset = rng.offset + 12345 * s;
                unsigned char *g = (unsigned char *)got;
                cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
                cr_assert_eq(
                    nninit_fill_trunc_normal(r2, dt, ref, m, mean, std, a, b),
                    NNINIT_OK);
                cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
                memset(g, 0xA5, GB + es * m + GB);
                cr_assert_eq(nninit_fill_trunc_normal(r2, dt, g + GB, m, mean,
                                                      std, a, b),
                             NNINIT_OK);
                cr_assert(memcmp(ref, g + GB, es * m) == 0,
                          "%s %s case %zu, %zu elements at %llu",
                          nninit_isa_name(*isa), f64 ? "f64" : "f32", t, m,
                          (unsigned long long)r2.offset);
                for (size_t j = 0; j < GB; j++)
                    cr_assert(g[j] == 0xA5 && g[GB + es * m + j] == 0xA5,
                              "%s %s case %zu, %zu elements at %llu: wrote "
                              "outside",
                              nninit_isa_name(*isa), f64 ? "f64" : "f32", t, m,
                              (unsigned long long)r2.offset);
            }
            nninit_isa_force(NNINIT_ISA_AUTO);
        }
        cr_log_info("%s %s: %llu fast, slow %llu wedge attempt 0, %llu "
                    "tail, %llu later, %llu out of bounds; attempt 1 %llu, 2 "
                    "%llu, later %llu",
                    nninit_isa_name(*isa), f64 ? "f64" : "f32",
                    (unsigned long long)count[TC_FAST],
                    (unsigned long long)count[TC_SLOW_WEDGE0],
                    (unsigned long long)count[TC_SLOW_TAIL],
                    (unsigned long long)count[TC_SLOW_LATER],
                    (unsigned long long)count[TC_SLOW_OUT],
                    (unsigned long long)count[TC_A1],
                    (unsigned long long)count[TC_A2],
                    (unsigned long long)count[TC_A3]);
        for (int k = 0; k < TC_N; k++)
            cr_assert(count[k] >= 50, "%s kind %d occurred %llu times",
                      f64 ? "f64" : "f32", k, (unsigned long long)count[k]);
    }
    free(ref);
    free(got);
    free(x0);
}
