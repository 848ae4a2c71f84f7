/*
 * Orthogonal initialization (nninit_orthogonal, nninit_delta_orthogonal):
 *  - the QR kernel slot of every ISA gives the scalar reference's bits for
 *    any size, leading dimension and alignment;
 *  - whole initializations are bit-identical on every ISA and thread count,
 *    and equal the frozen golden values;
 *  - the result is orthogonal within a bound derived from the unit
 *    roundoff, for square, tall, wide and > 2-D shapes, float32 and float64;
 *  - it is Haar distributed: statistics with known laws, fixed seeds,
 *    bounds from the sampling error at the suite's false-alarm level
 *    (tests/stats_util.h);
 *  - torch's edge cases and our error codes; ranges, blocks and the
 *    descriptor API give the same bits.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "golden_orth_values.h"
#include "orth_cases.h"
#include "scalar/bf16.h"
#include "scalar/f16.h"
#include "stats_util.h"

static nninit_isa all_isas[] = {NNINIT_ISA_SCALAR, NNINIT_ISA_AVX2,
                                NNINIT_ISA_AVX512, NNINIT_ISA_NEON};

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    cr_assert(p != NULL);
    return p;
}

/* ------------------------------------------------------ the kernel slot */

ParameterizedTestParameters(orth, kernel_same_bits)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

/* Every size class of the tiles (full row tiles and leftover rows; full
 * column tiles, single vectors and scalar columns; depth across the
 * 128-deep chunks), with leading dimensions larger than the width and
 * pointers one element off any vector alignment. */
ParameterizedTest(nninit_isa *isa, orth, kernel_same_bits)
{
    if (!nninit_isa_supported(*isa) || nn_kernels_of(*isa) == NULL)
        cr_skip_test("%s is not supported here", nninit_isa_name(*isa));
    static const size_t rows_l[] = {1, 2, 5, 6, 7, 12, 13, 33};
    static const size_t cols_l[] = {1, 3, 4, 8, 15, 16, 17, 31, 32, 33, 65};
    static const size_t depth_l[] = {0, 1, 2, 31, 128, 129, 300};
    const size_t big = 300 * 72 + 64; /* >= depth * ldb + cols */
    float *a = xmalloc(big * 4), *b = xmalloc(big * 4);
    float *c0 = xmalloc(big * 4), *c1 = xmalloc(big * 4);
    double *da = xmalloc(big * 8), *db = xmalloc(big * 8);
    double *dc0 = xmalloc(big * 8), *dc1 = xmalloc(big * 8);
    nninit_rng rng = nninit_rng_make(11, 0);
    cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
    nninit_fill_normal(rng, NNINIT_F32, a, big, 0, 1, NNINIT_ZIGGURAT);
    rng.offset = big;
    nninit_fill_normal(rng, NNINIT_F32, b, big, 0, 1, NNINIT_ZIGGURAT);
    rng.offset = 2 * big;
    nninit_fill_normal(rng, NNINIT_F64, da, big, 0, 1, NNINIT_ZIGGURAT);
    rng.offset = 3 * big;
    nninit_fill_normal(rng, NNINIT_F64, db, big, 0, 1, NNINIT_ZIGGURAT);
    const nn_kernels *k = nn_kernels_of(*isa);
    for (size_t ri = 0; ri < sizeof rows_l / sizeof *rows_l; ri++)
        for (size_t ci = 0; ci < sizeof cols_l / sizeof *cols_l; ci++)
            for (size_t di = 0; di < sizeof depth_l / sizeof *depth_l; di++) {
                size_t r = rows_l[ri], c = cols_l[ci], d = depth_l[di];
                size_t lda = d + 3, ldb = c + 5, ldc = c + 2;
                rng.offset = 4 * big + r * 1000 + c * 10 + d;
                nninit_fill_normal(rng, NNINIT_F32, c0, big, 0, 1,
                                   NNINIT_ZIGGURAT);
                memcpy(c1, c0, big * 4);
                nninit_fill_normal(rng, NNINIT_F64, dc0, big, 0, 1,
                                   NNINIT_ZIGGURAT);
                memcpy(dc1, dc0, big * 8);
                nn_kernels_scalar.qr_gemm_f32(r, c, d, a + 1, lda, b + 1, ldb,
                                              c0 + 1, ldc);
                k->qr_gemm_f32(r, c, d, a + 1, lda, b + 1, ldb, c1 + 1, ldc);
                cr_assert(memcmp(c0, c1, big * 4) == 0,
                          "f32 %zu x %zu x %zu differs on %s", r, c, d,
                          nninit_isa_name(*isa));
                nn_kernels_scalar.qr_gemm_f64(r, c, d, da + 1, lda, db + 1, ldb,
                                              dc0 + 1, ldc);
                k->qr_gemm_f64(r, c, d, da + 1, lda, db + 1, ldb, dc1 + 1, ldc);
                cr_assert(memcmp(dc0, dc1, big * 8) == 0,
                          "f64 %zu x %zu x %zu differs on %s", r, c, d,
                          nninit_isa_name(*isa));
            }
    free(a);
    free(b);
    free(c0);
    free(c1);
    free(da);
    free(db);
    free(dc0);
    free(dc1);
}

/* --------------------------------------- every path, every thread count */

ParameterizedTestParameters(orth, same_bits_every_path)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

/* Shapes around the 32-column block and the strip width, wide and tall,
 * large enough (300 rows) that the trailing updates go to the threads,
 * and (600 x 130) that generating and writing out do too. */
ParameterizedTest(nninit_isa *isa, orth, same_bits_every_path)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported here", nninit_isa_name(*isa));
    static const int64_t shapes[][2] = {
        {1, 1},     {2, 2},     {5, 3},    {3, 5},    {31, 31},
        {33, 32},   {32, 33},   {65, 64},  {300, 97}, {97, 300},
        {200, 200}, {600, 130}, {130, 600}};
    static const nninit_dtype dts[] = {NNINIT_F32, NNINIT_F64};
    static const int threads[] = {1, 2, 3};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (size_t t = 0; t < 2; t++) {
            size_t n = (size_t)(shapes[s][0] * shapes[s][1]);
            size_t es = nninit_dtype_size(dts[t]);
            unsigned char *ref = xmalloc(n * es), *got = xmalloc(n * es + 8);
            nninit_rng rng = nninit_rng_make(77, s);
            cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
            cr_assert_eq(nninit_set_num_threads(1), NNINIT_OK);
            cr_assert_eq(nninit_orthogonal(rng, dts[t], ref, shapes[s], 2, 1.0),
                         NNINIT_OK);
            cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
            for (size_t h = 0; h < 3; h++) {
                cr_assert_eq(nninit_set_num_threads(threads[h]), NNINIT_OK);
                /* Misaligned output: one byte past malloc's alignment is
                 * not allowed for the type, so use one element past a
                 * 16-byte boundary plus the element size. */
                unsigned char *o = got + es;
                cr_assert_eq(
                    nninit_orthogonal(rng, dts[t], o, shapes[s], 2, 1.0),
                    NNINIT_OK);
                cr_assert(memcmp(ref, o, n * es) == 0,
                          "%lld x %lld %s differs on %s with %d threads",
                          (long long)shapes[s][0], (long long)shapes[s][1],
                          t ? "f64" : "f32", nninit_isa_name(*isa), threads[h]);
            }
            free(ref);
            free(got);
        }
    nninit_set_num_threads(0);
    nninit_isa_force(NNINIT_ISA_AUTO);
}

ParameterizedTestParameters(orth, golden)
{
    return cr_make_param_array(nninit_isa, all_isas,
                               sizeof all_isas / sizeof all_isas[0]);
}

ParameterizedTest(nninit_isa *isa, orth, golden)
{
    if (!nninit_isa_supported(*isa))
        cr_skip_test("%s is not supported here", nninit_isa_name(*isa));
    cr_assert_eq(nninit_isa_force(*isa), NNINIT_OK);
    for (int c = 0; c < N_ORTH_CASES; c++) {
        uint64_t bits[ORTH_GOLDEN_N];
        cr_assert_eq(orth_case_sample(&orth_cases[c], bits), NNINIT_OK);
        for (int i = 0; i < ORTH_GOLDEN_N; i++)
            cr_expect_eq(bits[i], golden_orth_values[c][i],
                         "%s value %d: 0x%llx != golden 0x%llx",
                         orth_cases[c].name, i, (unsigned long long)bits[i],
                         (unsigned long long)golden_orth_values[c][i]);
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
}

/* ------------------------------------------------------- orthogonality */

/* Element (r, c) of the rows x cols result as a double. */
static double at(const void *q, nninit_dtype dt, size_t i)
{
    return dt == NNINIT_F64 ? ((const double *)q)[i]
                            : (double)((const float *)q)[i];
}

/* max |G - I| where G is the Gram matrix of the rows (rows <= cols) or of
 * the columns (rows > cols) of the rows x cols matrix q, in double. */
static double gram_error(const void *q, nninit_dtype dt, size_t rows,
                         size_t cols)
{
    int tall = rows > cols;
    size_t k = tall ? cols : rows, len = tall ? rows : cols;
    double worst = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++) {
            double s = 0;
            for (size_t i = 0; i < len; i++) {
                size_t ia = tall ? i * cols + a : a * cols + i;
                size_t ib = tall ? i * cols + b : b * cols + i;
                s += at(q, dt, ia) * at(q, dt, ib);
            }
            double e = fabs(s - (a == b ? 1.0 : 0.0));
            if (e > worst)
                worst = e;
        }
    return worst;
}

/*
 * The bound. Householder QR and the forming of Q by Householder (or WY
 * blocked) products are backward stable (Higham, Accuracy and Stability
 * of Numerical Algorithms, 2nd ed., Lemma 19.3, Theorems 19.4 and 19.10):
 * the computed Q^ = Q + dQ with Q exactly orthogonal and every column
 * ||dq_j||_2 <= n * gamma~_m, gamma~_m = c m u / (1 - c m u), u the unit
 * roundoff (2^-24 float, 2^-53 double), m x n the factored (tall) shape.
 * Then |(Q^T Q^ - I)_ij| <= ||dq_i|| + ||dq_j|| + ||dq_i|| ||dq_j||
 * ~ 2 n c m u. With c = 1 that is 2 m n u; the Gram matrix itself is
 * summed in double (error ~ m 2^-53, negligible). Observed errors are a
 * few hundred times smaller (random rounding errors add like a random
 * walk), so the bound is safe, while an error in a reflector, in T or in
 * the blocking gives errors of order 1.
 */
static double orth_bound(nninit_dtype dt, size_t rows, size_t cols)
{
    double u = dt == NNINIT_F64 ? ldexp(1.0, -53) : ldexp(1.0, -24);
    double m = (double)(rows > cols ? rows : cols);
    double n = (double)(rows > cols ? cols : rows);
    return 2.0 * m * n * u;
}

Test(orth, orthogonal_within_bound)
{
    static const struct {
        size_t ndim;
        int64_t shape[4];
    } cases[] = {
        {2, {1, 1}},         {2, {64, 64}},  {2, {200, 200}},  {2, {250, 40}},
        {2, {40, 250}},      {2, {129, 65}}, {3, {48, 16, 9}}, /* wide */
        {4, {300, 4, 3, 3}},                                   /* tall */
        {2, {1, 100}},       {2, {100, 1}},
    };
    for (size_t s = 0; s < sizeof cases / sizeof *cases; s++)
        for (int t = 0; t < 2; t++) {
            nninit_dtype dt = t ? NNINIT_F64 : NNINIT_F32;
            size_t rows = (size_t)cases[s].shape[0], n = 1;
            for (size_t k = 0; k < cases[s].ndim; k++)
                n *= (size_t)cases[s].shape[k];
            size_t cols = n / rows;
            void *q = xmalloc(n * 8);
            cr_assert_eq(nninit_orthogonal(nninit_rng_make(5, s), dt, q,
                                           cases[s].shape, cases[s].ndim, 1.0),
                         NNINIT_OK);
            double e = gram_error(q, dt, rows, cols);
            double bound = orth_bound(dt, rows, cols);
            cr_expect(e <= bound, "%zu x %zu %s: max|G - I| = %g > %g", rows,
                      cols, t ? "f64" : "f32", e, bound);
            free(q);
        }
}

/* bfloat16 and float16 are the float32 result rounded to nearest even. */
Test(orth, half_types_are_rounded_f32)
{
    int64_t shape[3] = {24, 5, 7};
    size_t n = 24 * 35;
    float *f = xmalloc(n * 4);
    uint16_t *h = xmalloc(n * 2);
    nninit_rng rng = nninit_rng_make(3, 1);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F32, f, shape, 3, 1.5),
                 NNINIT_OK);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_BF16, h, shape, 3, 1.5),
                 NNINIT_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(h[i], nn_f32_to_bf16_rne(f[i]), "bf16 element %zu", i);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F16, h, shape, 3, 1.5),
                 NNINIT_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(h[i], nn_f32_to_f16_rne(f[i]), "f16 element %zu", i);
    free(f);
    free(h);
}

/* -------------------------------------------------- Haar distribution */

/* One n x n float64 orthogonal matrix per stream k. */
static void haar_draw(size_t n, uint64_t seed, uint64_t k, double *q)
{
    int64_t shape[2] = {(int64_t)n, (int64_t)n};
    cr_assert_eq(nninit_orthogonal(nninit_rng_make(seed, k), NNINIT_F64, q,
                                   shape, 2, 1.0),
                 NNINIT_OK);
}

/*
 * The trace T of a Haar orthogonal n x n matrix has E[T] = 0, E[T^2] = 1
 * (n >= 2) and, for n >= 4, E[T^4] = 3 (its first n moments are those of
 * N(0, 1): Diaconis and Shahshahani 1994). Over K independent matrices the
 * mean of T has standard deviation 1 / sqrt(K), the mean of T^2 has
 * sqrt((E T^4 - 1) / K) = sqrt(2 / K); both are checked at the z of the
 * suite's two-sided false-alarm level. Without the sign correction Q is
 * not Haar and E[T] is far from 0 (the diagonal of R is then mostly of one
 * sign), which this catches.
 */
Test(orth, haar_trace)
{
    const size_t n = 6, K = 20000;
    double q[36], s1 = 0, s2 = 0;
    for (size_t k = 0; k < K; k++) {
        haar_draw(n, 2024, k, q);
        double t = 0;
        for (size_t i = 0; i < n; i++)
            t += q[i * n + i];
        s1 += t;
        s2 += t * t;
    }
    double z = su_z_two_sided(SU_ALPHA);
    double mean = s1 / (double)K, msq = s2 / (double)K;
    cr_expect(fabs(mean) <= z / sqrt((double)K), "trace mean %g", mean);
    cr_expect(fabs(msq - 1.0) <= z * sqrt(2.0 / (double)K),
              "trace mean square %g", msq);
}

/*
 * 2 x 2: a Haar orthogonal matrix is a rotation or a reflection with
 * probability 1/2 each, and its first column (cos t, sin t) has t uniform
 * on (-pi, pi]. Chi-square on 32 equiprobable bins of t (31 degrees of
 * freedom) at the suite's level, and the count of reflections (det < 0)
 * inside its exact binomial bounds.
 */
Test(orth, haar_2x2_angle)
{
    enum { BINS = 32 };
    const size_t K = 32000;
    uint64_t count[BINS] = {0}, refl = 0;
    double q[4];
    for (size_t k = 0; k < K; k++) {
        haar_draw(2, 99, k, q);
        double t = atan2(q[2], q[0]); /* column 0: (q00, q10) */
        int b = (int)floor((t + M_PI) / (2 * M_PI) * BINS);
        if (b < 0)
            b = 0;
        if (b >= BINS)
            b = BINS - 1;
        count[b]++;
        refl += q[0] * q[3] - q[1] * q[2] < 0;
    }
    double e = (double)K / BINS, chi2 = 0;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)count[b] - e) * ((double)count[b] - e) / e;
    cr_expect(chi2 <= su_chi2_crit(BINS - 1, SU_ALPHA), "chi2 %g", chi2);
    uint64_t lo, hi;
    su_binom_bounds(K, 0.5, SU_ALPHA, &lo, &hi);
    cr_expect(refl >= lo && refl <= hi, "%llu reflections of %zu",
              (unsigned long long)refl, K);
}

/* CDF of one entry x = Q_ij of a Haar orthogonal n x n matrix: density
 * proportional to (1 - x^2)^((n - 3) / 2) on [-1, 1] (x^2 ~ Beta(1/2,
 * (n - 1) / 2)), by Simpson's rule on a fine grid (error far below the
 * bounds used). sqrt(n) x tends to N(0, 1). */
static double entry_cdf(size_t n, double x)
{
    if (x <= -1)
        return 0;
    if (x >= 1)
        return 1;
    const int steps = 4000; /* even */
    double h = (x + 1) / steps, s = 0, e = 0.5 * ((double)n - 3);
    for (int i = 0; i <= steps; i++) {
        double t = -1 + i * h, f = pow(fmax(0.0, 1 - t * t), e);
        s += f * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
    }
    double c = exp(lgamma(0.5 * (double)n) - lgamma(0.5 * ((double)n - 1))) /
               sqrt(M_PI);
    return c * s * h / 3;
}

/*
 * sqrt(n) Q_00 over K independent matrices (one entry per matrix: entries
 * of one matrix are dependent): Kolmogorov-Smirnov against the exact law
 * above with the DKW bound at the suite's level, for n = 3 (where Q_00 is
 * uniform on [-1, 1]) and n = 48; and the moments E[n Q_00^2] = 1 with
 * Var = 2 (n - 1) / (n + 2), E[sqrt(n) Q_00] = 0 with Var = 1. For n = 48
 * the law is within 0.01 of N(0, 1) in KS distance (reported).
 */
Test(orth, haar_entries)
{
    static const size_t ns[] = {3, 48};
    const size_t K = 6000;
    double *x = xmalloc(K * sizeof(double)), *q = xmalloc(48 * 48 * 8);
    for (int t = 0; t < 2; t++) {
        size_t n = ns[t];
        double s1 = 0, s2 = 0;
        for (size_t k = 0; k < K; k++) {
            haar_draw(n, 31337 + t, k, q);
            x[k] = q[0];
            s1 += sqrt((double)n) * q[0];
            s2 += (double)n * q[0] * q[0];
        }
        double z = su_z_two_sided(SU_ALPHA);
        cr_expect(fabs(s1 / (double)K) <= z / sqrt((double)K), "n %zu: mean %g",
                  n, s1 / (double)K);
        double var2 = 2.0 * ((double)n - 1) / ((double)n + 2);
        cr_expect(fabs(s2 / (double)K - 1) <= z * sqrt(var2 / (double)K),
                  "n %zu: mean of n Q00^2 %g", n, s2 / (double)K);
        su_sort(x, K);
        double d = 0, dn = 0;
        for (size_t k = 0; k < K; k++) {
            double f = entry_cdf(n, x[k]);
            double lo = (double)k / (double)K, hi = (double)(k + 1) / K;
            d = fmax(d, fmax(fabs(f - lo), fabs(hi - f)));
            double g = su_ncdf(sqrt((double)n) * x[k]);
            dn = fmax(dn, fmax(fabs(g - lo), fabs(hi - g)));
        }
        cr_expect(d <= su_dkw_bound(K, SU_ALPHA), "n %zu: KS %g > %g", n, d,
                  su_dkw_bound(K, SU_ALPHA));
        cr_log_info("n %zu: KS vs exact law %g, vs N(0,1) %g", n, d, dn);
    }
    free(x);
    free(q);
}

/* ----------------------------------------------- semantics and errors */

Test(orth, gain_scales_and_zero_gain_gives_zeros)
{
    int64_t shape[2] = {20, 30};
    float a[600], b[600];
    nninit_rng rng = nninit_rng_make(8, 8);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F32, a, shape, 2, 1.0),
                 NNINIT_OK);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F32, b, shape, 2, -2.0),
                 NNINIT_OK);
    for (int i = 0; i < 600; i++)
        cr_assert_eq(b[i], -2.0f * a[i]);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F32, b, shape, 2, 0.0),
                 NNINIT_OK);
    for (int i = 0; i < 600; i++)
        cr_assert_eq(b[i], 0.0f);
}

Test(orth, seed_stream_offset_change_the_matrix)
{
    int64_t shape[2] = {16, 16};
    double a[256], b[256];
    nninit_rng r0 = nninit_rng_make(1, 1), r;
    cr_assert_eq(nninit_orthogonal(r0, NNINIT_F64, a, shape, 2, 1), NNINIT_OK);
    for (int v = 0; v < 3; v++) {
        r = r0;
        if (v == 0)
            r.seed++;
        else if (v == 1)
            r.stream++;
        else
            r.offset++;
        cr_assert_eq(nninit_orthogonal(r, NNINIT_F64, b, shape, 2, 1),
                     NNINIT_OK);
        size_t same = 0;
        for (int i = 0; i < 256; i++)
            same += a[i] == b[i];
        cr_expect(same == 0, "variant %d: %zu equal elements", v, same);
    }
}

Test(orth, errors_write_nothing)
{
    int64_t shape[3] = {4, 4, 3};
    float buf[48];
    nninit_rng rng = nninit_rng_make(1, 2);
    memset(buf, 0x5A, sizeof buf);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, shape, 1, 1),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, shape, 0, 1),
                 NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, shape, 2, NAN),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, shape, 2, INFINITY),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, shape, 2, 1e300),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F16, buf, shape, 2, 1e5),
                 NNINIT_ERR_PARAM);
    cr_expect_eq(nninit_orthogonal(rng, (nninit_dtype)9, buf, shape, 2, 1),
                 NNINIT_ERR_ENUM);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, NULL, shape, 2, 1),
                 NNINIT_ERR_NULL);
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, NULL, 2, 1),
                 NNINIT_ERR_NULL);
    int64_t neg[2] = {4, -1};
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, neg, 2, 1),
                 NNINIT_ERR_SHAPE);
    nninit_rng late = rng;
    late.offset = UINT64_MAX - 5;
    cr_expect_eq(nninit_orthogonal(late, NNINIT_F32, buf, shape, 2, 1),
                 NNINIT_ERR_SIZE);
    /* delta_orthogonal: 3-D to 5-D only, in <= out. */
    cr_expect_eq(nninit_delta_orthogonal(rng, NNINIT_F32, buf, shape, 2, 1),
                 NNINIT_ERR_SHAPE);
    int64_t wide[3] = {3, 4, 4};
    cr_expect_eq(nninit_delta_orthogonal(rng, NNINIT_F32, buf, wide, 3, 1),
                 NNINIT_ERR_SHAPE);
    int64_t six[6] = {2, 2, 1, 1, 1, 1};
    cr_expect_eq(nninit_delta_orthogonal(rng, NNINIT_F32, buf, six, 6, 1),
                 NNINIT_ERR_SHAPE);
    for (size_t i = 0; i < sizeof buf; i++)
        cr_assert_eq(((unsigned char *)buf)[i], 0x5A, "byte %zu written", i);
    /* torch: zero elements are a no-op, at any ndim >= 2. */
    int64_t empty[2] = {0, 7};
    cr_expect_eq(nninit_orthogonal(rng, NNINIT_F32, buf, empty, 2, 1),
                 NNINIT_OK);
    int64_t empty3[3] = {4, 0, 3};
    cr_expect_eq(nninit_delta_orthogonal(rng, NNINIT_F32, buf, empty3, 3, 1),
                 NNINIT_OK);
    cr_assert_eq(((unsigned char *)buf)[0], 0x5A);
}

Test(orth, delta_orthogonal_centre)
{
    int64_t shape[5] = {10, 6, 3, 4, 5}, mshape[2] = {10, 6};
    size_t kk = 60, n = 60 * kk, centre = (1 * 4 + 2) * 5 + 2;
    double *w = xmalloc(n * 8), m[60];
    nninit_rng rng = nninit_rng_make(4, 4);
    cr_assert_eq(nninit_delta_orthogonal(rng, NNINIT_F64, w, shape, 5, 0.5),
                 NNINIT_OK);
    cr_assert_eq(nninit_orthogonal(rng, NNINIT_F64, m, mshape, 2, 0.5),
                 NNINIT_OK);
    for (size_t e = 0; e < 60; e++)
        for (size_t z = 0; z < kk; z++)
            cr_assert_eq(w[e * kk + z], z == centre ? m[e] : 0.0,
                         "element %zu offset %zu", e, z);
    free(w);
}

/* nninit_init, nninit_init_range and nninit_init_block on the orthogonal
 * schemes give exactly the direct call's values. */
Test(orth, descriptor_range_block)
{
    int64_t shape[3] = {12, 5, 3}, start[3] = {3, 1, 0}, ext[3] = {6, 3, 2};
    size_t n = 180;
    float ref[180], got[180];
    nninit_rng rng = nninit_rng_make(6, 1);
    rng.offset = 99;
    for (int delta = 0; delta < 2; delta++) {
        nninit_desc d;
        cr_assert_eq(nninit_desc_default(delta ? NNINIT_SCHEME_DELTA_ORTHOGONAL
                                               : NNINIT_SCHEME_ORTHOGONAL,
                                         &d),
                     NNINIT_OK);
        d.gain = 1.25;
        cr_assert_eq(
            delta
                ? nninit_delta_orthogonal(rng, NNINIT_F32, ref, shape, 3, 1.25)
                : nninit_orthogonal(rng, NNINIT_F32, ref, shape, 3, 1.25),
            NNINIT_OK);
        cr_assert_eq(nninit_init(rng, NNINIT_F32, got, shape, 3, &d),
                     NNINIT_OK);
        cr_assert(memcmp(ref, got, sizeof ref) == 0);
        memset(got, 0, sizeof got);
        cr_assert_eq(
            nninit_init_range(rng, NNINIT_F32, got, shape, 3, &d, 17, 100),
            NNINIT_OK);
        cr_assert(memcmp(ref + 17, got, 100 * 4) == 0);
        cr_assert_eq(
            nninit_init_block(rng, NNINIT_F32, got, shape, 3, start, ext, &d),
            NNINIT_OK);
        size_t i = 0;
        for (int64_t a = 0; a < ext[0]; a++)
            for (int64_t b = 0; b < ext[1]; b++)
                for (int64_t c = 0; c < ext[2]; c++)
                    cr_assert_eq(got[i++],
                                 ref[((start[0] + a) * 5 + start[1] + b) * 3 +
                                     start[2] + c]);
        d.gain = NAN;
        cr_expect_eq(
            nninit_init_range(rng, NNINIT_F32, got, shape, 3, &d, 0, n),
            NNINIT_ERR_PARAM);
    }
}
