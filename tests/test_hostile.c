/*
 * Hostile arguments to the public API (issue 15, items 2 and 3, and the
 * audit that followed): scalars through init_block, many dimensions, shapes
 * whose fans or byte counts overflow, enum values outside their enums,
 * offsets at the end of the sequence. Each case checks the status and that
 * the guard bytes around the output are untouched; the sanitizer build runs
 * the same file under ASan + UBSan, where any undefined behaviour aborts.
 * Cases the fuzzer (fuzz/) found are marked "fuzz:".
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nninit.h"

/* An output area with guard bytes on both sides. */
#define GUARD 32
#define CAP 256 /* bytes available to a call */
static unsigned char area[GUARD + CAP + GUARD];
static void *const out = area + GUARD;

static void poison(void)
{
    memset(area, 0x5A, sizeof area);
}
/* Nothing written from byte first_byte of out on, nor below out + below
 * (an output that starts `below` bytes into out). */
static void untouched_outside(size_t below, size_t first_byte, const char *what)
{
    for (size_t i = GUARD + first_byte; i < sizeof area; i++)
        cr_assert_eq(area[i], 0x5A, "%s wrote byte %zu of the area", what, i);
    for (size_t i = 0; i < GUARD + below; i++)
        cr_assert_eq(area[i], 0x5A, "%s wrote below its output", what);
}
static void untouched_from(size_t first_byte, const char *what)
{
    untouched_outside(0, first_byte, what);
}

#define EXPECT(call, code)                                                     \
    do {                                                                       \
        poison();                                                              \
        nninit_status st_ = (call);                                            \
        cr_expect_eq(st_, code, "%s: got %d (%s), want %d", #call, st_,        \
                     nninit_status_str(st_), code);                            \
        untouched_from(0, #call);                                              \
    } while (0)

static const nninit_rng R = {11, 22, 33};

static nninit_desc desc_of(nninit_scheme s)
{
    nninit_desc d;
    cr_assert_eq(nninit_desc_default(s, &d), NNINIT_OK);
    return d;
}

/* ------------------------------------------------- item 2: ndim 0 blocks */

Test(hostile, init_block_of_a_scalar_is_the_scalar)
{
    static const nninit_scheme plain[] = {
        NNINIT_SCHEME_CONSTANT, NNINIT_SCHEME_UNIFORM, NNINIT_SCHEME_NORMAL,
        NNINIT_SCHEME_TRUNC_NORMAL};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        nninit_desc d = desc_of(plain[i]);
        d.value = 0.25;
        double whole;
        cr_assert_eq(nninit_init(R, NNINIT_F64, &whole, NULL, 0, &d),
                     NNINIT_OK);
        /* shape, start and extent are never read for ndim 0: NULL is
         * fine, and so are arrays. */
        const int64_t one[1] = {7};
        poison();
        cr_assert_eq(
            nninit_init_block(R, NNINIT_F64, out, NULL, 0, NULL, NULL, &d),
            NNINIT_OK);
        cr_assert_eq(memcmp(out, &whole, sizeof whole), 0, "scheme %d",
                     (int)plain[i]);
        untouched_from(sizeof whole, "init_block(ndim 0)");
        poison();
        cr_assert_eq(
            nninit_init_block(R, NNINIT_F64, out, one, 0, one, one, &d),
            NNINIT_OK);
        cr_assert_eq(memcmp(out, &whole, sizeof whole), 0);
        untouched_from(sizeof whole, "init_block(ndim 0, arrays)");
    }
}

Test(hostile, init_block_null_start_or_extent_with_dims)
{
    nninit_desc d = desc_of(NNINIT_SCHEME_UNIFORM);
    const int64_t shape[2] = {2, 3}, st[2] = {0, 0}, ex[2] = {1, 1};
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, NULL, ex, &d),
           NNINIT_ERR_NULL);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, st, NULL, &d),
           NNINIT_ERR_NULL);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, NULL, 2, st, ex, &d),
           NNINIT_ERR_NULL);
    /* Fans need ndim >= 2, also for a scalar block. */
    nninit_desc x = desc_of(NNINIT_SCHEME_XAVIER_UNIFORM);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, NULL, 0, NULL, NULL, &x),
           NNINIT_ERR_SHAPE);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 0, NULL, NULL, &x),
           NNINIT_ERR_SHAPE);
}

/* init_block accepts every ndim nninit_init accepts: 17 to 40 dims, most
 * of them 1, with the block equal to its part of the whole tensor. */
Test(hostile, init_block_many_dims_equals_the_whole_tensor)
{
    enum { MAXD = 40 };
    for (size_t ndim = 15; ndim <= MAXD; ndim += 5) {
        int64_t shape[MAXD], st[MAXD], ex[MAXD];
        for (size_t k = 0; k < ndim; k++) {
            shape[k] = 1;
            st[k] = 0;
            ex[k] = 1;
        }
        /* Three dims of 3, 2 and 4 spread over the shape: 24 elements. */
        shape[0] = 3, shape[ndim / 2] = 2, shape[ndim - 1] = 4;
        st[0] = 1, ex[0] = 2;
        st[ndim / 2] = 1, ex[ndim / 2] = 1;
        st[ndim - 1] = 1, ex[ndim - 1] = 3;
        nninit_desc d = desc_of(NNINIT_SCHEME_KAIMING_NORMAL);
        float whole[24], blk[6];
        cr_assert_eq(nninit_init(R, NNINIT_F32, whole, shape, ndim, &d),
                     NNINIT_OK);
        cr_assert_eq(
            nninit_init_block(R, NNINIT_F32, blk, shape, ndim, st, ex, &d),
            NNINIT_OK, "ndim %zu", ndim);
        /* whole is (3, 2, 4) once the 1s are dropped. */
        size_t j = 0;
        for (int64_t a = 1; a < 3; a++)
            for (int64_t c = 1; c < 4; c++)
                cr_assert_eq(memcmp(&blk[j++], &whole[a * 8 + 1 * 4 + c], 4), 0,
                             "ndim %zu element %zu", ndim, j - 1);
    }
}

/* -------------------------------------------- item 3: overflowing fans */

/* The shape: fan_in + fan_out passes INT64_MAX (was signed
 * overflow, and in a release build "a parameter is NaN or infinite"). */
static const int64_t huge_fans[3] = {9007199254740991, 1, 1024};

Test(hostile, xavier_on_fans_whose_sum_overflows)
{
    static const nninit_scheme s[] = {NNINIT_SCHEME_XAVIER_UNIFORM,
                                      NNINIT_SCHEME_XAVIER_NORMAL};
    for (size_t i = 0; i < 2; i++) {
        nninit_desc d = desc_of(s[i]);
        /* The whole tensor (9.2e18 elements) cannot be a buffer. */
        EXPECT(nninit_init(R, NNINIT_F32, out, huge_fans, 3, &d),
               NNINIT_ERR_SIZE);
        /* A range of it is an ordinary fill with the right scale. */
        float got[8];
        cr_assert_eq(
            nninit_init_range(R, NNINIT_F32, got, huge_fans, 3, &d, 1000, 8),
            NNINIT_OK);
        double fi = 1024.0, fo = 9007199254740991.0 * 1024.0;
        double sd = sqrt(2.0 / (fi + fo));
        float want[8];
        nninit_rng at = R;
        at.offset += 1000;
        if (s[i] == NNINIT_SCHEME_XAVIER_UNIFORM)
            cr_assert_eq(nninit_fill_uniform(at, NNINIT_F32, want, 8,
                                             -sqrt(3.0) * sd, sqrt(3.0) * sd),
                         NNINIT_OK);
        else
            cr_assert_eq(nninit_fill_normal(at, NNINIT_F32, want, 8, 0, sd,
                                            NNINIT_ZIGGURAT),
                         NNINIT_OK);
        cr_assert_eq(memcmp(got, want, sizeof got), 0);
    }
}

Test(hostile, fans_past_int64_are_a_size_error)
{
    int64_t f_in = -1, f_out = -1;
    const int64_t a[3] = {INT64_MAX / 2, 3, 3}; /* fan_out overflows */
    const int64_t b[3] = {3, INT64_MAX / 2, 3}; /* fan_in overflows */
    const int64_t c[4] = {1, 1, INT64_MAX, 2};  /* receptive overflows */
    const int64_t z[3] = {0, INT64_MAX / 2, 4}; /* no elements, still */
    cr_expect_eq(nninit_fans(a, 3, &f_in, &f_out), NNINIT_ERR_SIZE);
    cr_expect_eq(nninit_fans(b, 3, &f_in, &f_out), NNINIT_ERR_SIZE);
    cr_expect_eq(nninit_fans(c, 4, &f_in, &f_out), NNINIT_ERR_SIZE);
    cr_expect_eq(nninit_fans(z, 3, &f_in, &f_out), NNINIT_ERR_SIZE);
    cr_expect_eq(f_in, -1, "fans written on error");
    /* A zero factor makes a fan 0 even where the product of the others
     * would pass INT64_MAX: torch's answer, not an error. */
    const int64_t zk[5] = {2, 3, INT64_MAX, 2, 0};
    cr_expect_eq(nninit_fans(zk, 5, &f_in, &f_out), NNINIT_OK);
    cr_expect(f_in == 0 && f_out == 0);
    const int64_t zio[4] = {0, 0, INT64_MAX, 2}; /* in 0, out 0 */
    f_in = f_out = -1;
    cr_expect_eq(nninit_fans(zio, 4, &f_in, &f_out), NNINIT_OK);
    cr_expect(f_in == 0 && f_out == 0);
    f_in = f_out = -1;
    cr_expect_eq(nninit_fans_layout(zio, 4, NNINIT_LAYOUT_TORCH, NULL, NULL,
                                    NULL, &f_in, &f_out),
                 NNINIT_OK);
    cr_expect(f_in == 0 && f_out == 0);
    const int64_t zl[4] = {INT64_MAX, 2, 0, 0}; /* Keras: in 0, out 0 */
    f_in = f_out = -1;
    cr_expect_eq(nninit_fans_layout(zl, 4, NNINIT_LAYOUT_KERAS, NULL, NULL,
                                    NULL, &f_in, &f_out),
                 NNINIT_OK);
    cr_expect(f_in == 0 && f_out == 0);
    const int64_t zo[4] = {INT64_MAX, 2, 0, 5}; /* out 5 x the overflow */
    f_in = f_out = -1;
    cr_expect_eq(nninit_fans_layout(zo, 4, NNINIT_LAYOUT_KERAS, NULL, NULL,
                                    NULL, &f_in, &f_out),
                 NNINIT_ERR_SIZE);
    cr_expect(f_in == -1 && f_out == -1, "fans written on error");
    nninit_desc d = desc_of(NNINIT_SCHEME_KAIMING_UNIFORM);
    /* A tensor with no elements is a no-op for every scheme, as in torch:
     * its fans are never computed. */
    EXPECT(nninit_init(R, NNINIT_F32, out, z, 3, &d), NNINIT_OK);
    EXPECT(nninit_init_range(R, NNINIT_F32, out, a, 3, &d, 0, 1),
           NNINIT_ERR_SIZE);
    /* The largest fans that fit: every scheme that averages or adds. */
    const int64_t top[2] = {INT64_MAX, INT64_MAX};
    cr_assert_eq(nninit_fans(top, 2, &f_in, &f_out), NNINIT_OK);
    cr_assert_eq(f_in, INT64_MAX);
    nninit_desc vs = desc_of(NNINIT_SCHEME_VARIANCE_SCALING);
    vs.mode = NNINIT_FAN_AVG;
    nninit_desc xu = desc_of(NNINIT_SCHEME_XAVIER_UNIFORM);
    /* numel overflows a size_t first: a size error, not a fan error. */
    EXPECT(nninit_init(R, NNINIT_F32, out, top, 2, &vs), NNINIT_ERR_SIZE);
    EXPECT(nninit_init(R, NNINIT_F32, out, top, 2, &xu), NNINIT_ERR_SIZE);
}

/* ----------------------------------------- byte counts that overflow */

Test(hostile, whole_tensors_whose_bytes_overflow)
{
    /* 2^62 float64 elements: the count fits a size_t, the bytes do not.
     * The constant scheme used to write until it crashed. */
    const int64_t shape[2] = {INT64_C(1) << 61, 2};
    for (int s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
        if (s == NNINIT_SCHEME_DELTA_ORTHOGONAL || s == NNINIT_SCHEME_DIRAC)
            continue; /* conv-kernel schemes: 2-D is a shape error */
        nninit_desc d = desc_of((nninit_scheme)s);
        EXPECT(nninit_init(R, NNINIT_F64, out, shape, 2, &d), NNINIT_ERR_SIZE);
        /* A block as large as the tensor, written densely: the same. */
        const int64_t st[2] = {0, 0};
        EXPECT(nninit_init_block(R, NNINIT_F64, out, shape, 2, st, shape, &d),
               NNINIT_ERR_SIZE);
        /* A small part of it is fine, except for the schemes that compute
         * the whole tensor first (orthogonal): they cannot, and say so. */
        const int64_t ex[2] = {2, 2};
        if (s == NNINIT_SCHEME_ORTHOGONAL ||
            s == NNINIT_SCHEME_DELTA_ORTHOGONAL) {
            poison();
            cr_expect_neq(
                nninit_init_block(R, NNINIT_F64, out, shape, 2, st, ex, &d),
                NNINIT_OK, "scheme %d", s);
            untouched_from(0, "init_block(2x2) of a whole-tensor scheme");
            continue;
        }
        poison();
        cr_assert_eq(
            nninit_init_block(R, NNINIT_F64, out, shape, 2, st, ex, &d),
            NNINIT_OK, "scheme %d", s);
        untouched_from(4 * 8, "init_block(2x2)");
    }
}

/* The same for ranges, where the count (not the tensor) is what cannot be
 * a buffer, and for the conv-kernel schemes on a 3-D shape. Every kind is
 * checked before it writes (run_concrete): eye and dirac write zeros and
 * then ones, sparse normals and then zeros. */
Test(hostile, ranges_whose_bytes_overflow)
{
    const int64_t flat[2] = {INT64_C(1) << 61, 2};
    const int64_t conv[3] = {INT64_C(1) << 60, 1, 2};
    const size_t count = (size_t)1 << 62; /* 2^65 bytes of float64 */
    for (int s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
        nninit_desc d = desc_of((nninit_scheme)s);
        int is_conv = s == NNINIT_SCHEME_DELTA_ORTHOGONAL ||
                      s == NNINIT_SCHEME_DIRAC;
        const int64_t *shape = is_conv ? conv : flat;
        size_t nd = is_conv ? 3 : 2;
        EXPECT(nninit_init_range(R, NNINIT_F64, out, shape, nd, &d, 0, count),
               NNINIT_ERR_SIZE);
        EXPECT(nninit_init_range(R, NNINIT_F64, out, shape, nd, &d, 1,
                                 count - 1),
               NNINIT_ERR_SIZE);
        if (is_conv)
            EXPECT(nninit_init(R, NNINIT_F64, out, shape, nd, &d),
                   NNINIT_ERR_SIZE);
    }
}

Test(hostile, offsets_at_the_end_of_the_sequence)
{
    nninit_rng end = {1, 2, UINT64_MAX};
    uint32_t w[2];
    cr_assert_eq(nninit_fill_bits(end, w, 1), NNINIT_OK);
    EXPECT(nninit_fill_bits(end, out, 2), NNINIT_ERR_SIZE);
    EXPECT(nninit_fill_uniform(end, NNINIT_BF16, out, 2, 0, 1),
           NNINIT_ERR_SIZE);
    nninit_desc d = desc_of(NNINIT_SCHEME_CONSTANT);
    const int64_t two[1] = {2};
    EXPECT(nninit_init(end, NNINIT_F32, out, two, 1, &d), NNINIT_ERR_SIZE);
    /* A range or block that ends inside the sequence but belongs to a
     * tensor that does not: the whole tensor is checked. */
    EXPECT(nninit_init_range(end, NNINIT_F32, out, two, 1, &d, 0, 1),
           NNINIT_ERR_SIZE);
    /* first + count past the tensor, with first near 2^64. */
    EXPECT(nninit_init_range(R, NNINIT_F32, out, two, 1, &d, UINT64_MAX, 1),
           NNINIT_ERR_SIZE);
    EXPECT(nninit_init_range(R, NNINIT_F32, out, two, 1, &d, 1, SIZE_MAX),
           NNINIT_ERR_SIZE);
}

/* ---------------------------------------------- enums outside the enum */

Test(hostile, enum_values_outside_their_enums)
{
    const int64_t shape[2] = {4, 4};
    static const int bad[] = {-1, 12, 99, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = bad[i];
        EXPECT(nninit_fill_uniform(R, (nninit_dtype)v, out, 4, 0, 1),
               NNINIT_ERR_ENUM);
        EXPECT(
            nninit_fill_normal(R, NNINIT_F32, out, 4, 0, 1, (nninit_method)v),
            NNINIT_ERR_ENUM);
        EXPECT(nninit_kaiming_normal(R, NNINIT_F32, out, shape, 2, 0,
                                     (nninit_fan_mode)v, NNINIT_RELU),
               NNINIT_ERR_ENUM);
        EXPECT(nninit_kaiming_uniform(R, NNINIT_F32, out, shape, 2, 0,
                                      NNINIT_FAN_IN, (nninit_nonlinearity)v),
               NNINIT_ERR_ENUM);
        EXPECT(nninit_variance_scaling(R, NNINIT_F32, out, shape, 2, 1,
                                       NNINIT_FAN_IN,
                                       (nninit_vs_distribution)v),
               NNINIT_ERR_ENUM);
        nninit_desc d = desc_of(NNINIT_SCHEME_NORMAL);
        /* 12 is a scheme now: the first value past the schemes instead. */
        d.scheme = (nninit_scheme)(v == 12 ? NNINIT_SCHEME_COUNT_ : v);
        EXPECT(nninit_init(R, NNINIT_F32, out, shape, 2, &d), NNINIT_ERR_ENUM);
        cr_expect_eq(nninit_desc_default(d.scheme, &d), NNINIT_ERR_ENUM);
        cr_expect_eq(nninit_dtype_size((nninit_dtype)v), 0);
        double g = -1;
        cr_expect_eq(nninit_calculate_gain((nninit_nonlinearity)v, 0, &g),
                     NNINIT_ERR_ENUM);
        cr_expect_eq(g, -1);
        if (v != -1) {
            cr_expect_eq(nninit_isa_force((nninit_isa)v), NNINIT_ERR_ENUM);
            cr_expect_str_eq(nninit_isa_name((nninit_isa)v), "unknown");
            cr_expect_eq(nninit_isa_supported((nninit_isa)v), 0);
            cr_expect_str_eq(nninit_isa_description((nninit_isa)v), "unknown");
        }
        cr_expect(nninit_status_str((nninit_status)v)[0] != '\0');
    }
    cr_expect_eq(nninit_set_num_threads(INT32_MIN), NNINIT_ERR_PARAM);
}

/* ------------------------------------------ NaN and infinity everywhere */

Test(hostile, non_finite_parameters)
{
    const double nf[] = {NAN, INFINITY, -INFINITY};
    const int64_t shape[2] = {4, 4};
    for (size_t i = 0; i < 3; i++) {
        double x = nf[i];
        EXPECT(nninit_fill_uniform(R, NNINIT_F32, out, 4, x, 1),
               NNINIT_ERR_PARAM);
        EXPECT(nninit_fill_uniform(R, NNINIT_F16, out, 4, 0, x),
               NNINIT_ERR_PARAM);
        EXPECT(nninit_fill_normal(R, NNINIT_F64, out, 4, x, 1, NNINIT_ICDF),
               NNINIT_ERR_PARAM);
        EXPECT(
            nninit_fill_normal(R, NNINIT_BF16, out, 4, 0, x, NNINIT_BOX_MULLER),
            NNINIT_ERR_STD);
        EXPECT(nninit_fill_trunc_normal(R, NNINIT_F32, out, 4, x, 1, -2, 2),
               NNINIT_ERR_PARAM);
        EXPECT(nninit_fill_trunc_normal(R, NNINIT_F32, out, 4, 0, x, -2, 2),
               NNINIT_ERR_STD);
        EXPECT(nninit_xavier_uniform(R, NNINIT_F32, out, shape, 2, x),
               NNINIT_ERR_PARAM);
        EXPECT(nninit_kaiming_normal(R, NNINIT_F32, out, shape, 2, x,
                                     NNINIT_FAN_IN, NNINIT_LEAKY_RELU),
               NNINIT_ERR_PARAM);
        EXPECT(nninit_variance_scaling(R, NNINIT_F32, out, shape, 2, x,
                                       NNINIT_FAN_AVG, NNINIT_VS_UNIFORM),
               NNINIT_ERR_PARAM);
        nninit_desc d = desc_of(NNINIT_SCHEME_CONSTANT);
        d.value = x;
        EXPECT(nninit_init(R, NNINIT_F64, out, shape, 2, &d), NNINIT_ERR_PARAM);
    }
    /* NaN bounds are empty bounds; one infinite side is allowed. */
    EXPECT(nninit_fill_trunc_normal(R, NNINIT_F32, out, 4, 0, 1, NAN, 2),
           NNINIT_ERR_BOUNDS);
    EXPECT(nninit_fill_trunc_normal(R, NNINIT_F32, out, 4, 0, 1, INFINITY,
                                    INFINITY),
           NNINIT_ERR_BOUNDS);
    poison();
    cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F32, out, 4, 0, 1,
                                          -INFINITY, INFINITY),
                 NNINIT_OK);
    untouched_from(16, "trunc_normal(-inf, inf)");
}

Test(hostile, negative_dims)
{
    const int64_t neg[3] = {2, -1, 2}, minv[2] = {INT64_MIN, 1};
    int64_t fi, fo;
    size_t n;
    cr_expect_eq(nninit_fans(neg, 3, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_fans(minv, 2, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_numel(neg, 3, &n), NNINIT_ERR_SHAPE);
    cr_expect_eq(nninit_numel(minv, 2, &n), NNINIT_ERR_SHAPE);
    nninit_desc d = desc_of(NNINIT_SCHEME_UNIFORM);
    EXPECT(nninit_init(R, NNINIT_F32, out, minv, 2, &d), NNINIT_ERR_SHAPE);
    const int64_t shape[2] = {2, 2}, st[2] = {INT64_MIN, 0},
                  ex[2] = {1, INT64_MIN}, big[2] = {1, INT64_MAX};
    const int64_t zero[2] = {0, 0};
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, st, shape, &d),
           NNINIT_ERR_SHAPE);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, zero, ex, &d),
           NNINIT_ERR_SHAPE);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, big, zero, &d),
           NNINIT_ERR_SHAPE);
    EXPECT(nninit_init_block(R, NNINIT_F32, out, shape, 2, zero, big, &d),
           NNINIT_ERR_SHAPE);
}

/* fuzz: bounds so far from the mean that the standardized bounds overflow
 * to infinity (alpha = beta = inf): the exponential regime computed
 * exp(NaN), whose int conversion of the exponent was undefined. The
 * values are the near bound, the same on every path. */
Test(hostile, trunc_normal_with_infinite_standardized_bounds)
{
    static const double cases[][4] = {
        /* mean, std, a, b */
        {-1e308, 1.0, 1e308, DBL_MAX},
        {1e308, 1.0, -DBL_MAX, -1e308},
        {0.0, 1e-300, 1e10, 1e300},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const double *k = cases[c];
        double want[8];
        cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
        cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F64, want, 8, k[0],
                                              k[1], k[2], k[3]),
                     NNINIT_OK, "case %zu", c);
        for (int i = 0; i < 8; i++)
            cr_assert(want[i] >= k[2] && want[i] <= k[3], "case %zu: %g", c,
                      want[i]);
        for (int isa = 1; isa < NNINIT_ISA_COUNT_; isa++) {
            if (!nninit_isa_supported((nninit_isa)isa))
                continue;
            double got[8];
            cr_assert_eq(nninit_isa_force((nninit_isa)isa), NNINIT_OK);
            cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F64, got, 8, k[0],
                                                  k[1], k[2], k[3]),
                         NNINIT_OK);
            cr_assert_eq(memcmp(got, want, sizeof got), 0, "case %zu, %s", c,
                         nninit_isa_name((nninit_isa)isa));
        }
        cr_assert_eq(nninit_isa_force(NNINIT_ISA_AUTO), NNINIT_OK);
    }
}

/* fuzz: the orthogonal schemes stored their results through a typed
 * pointer, so an output that is not element-aligned (the header promises
 * any alignment) was undefined behaviour (UBSan: store to misaligned
 * address, src/core/orth.c). Every positional and whole-tensor scheme,
 * every dtype, whole tensors, ranges and blocks, at every byte offset
 * inside an element: the same bytes as an aligned output, nothing written
 * outside. The sanitizer build is where a misaligned store aborts. */
Test(hostile, initializers_into_misaligned_outputs)
{
    static const struct {
        nninit_scheme scheme;
        size_t ndim;
        int64_t shape[3];
    } cases[] = {
        {NNINIT_SCHEME_ORTHOGONAL, 2, {6, 4, 0}},
        {NNINIT_SCHEME_ORTHOGONAL, 2, {3, 7, 0}},
        {NNINIT_SCHEME_DELTA_ORTHOGONAL, 3, {3, 3, 3}},
        {NNINIT_SCHEME_EYE, 2, {5, 3, 0}},
        {NNINIT_SCHEME_DIRAC, 3, {3, 3, 3}},
        {NNINIT_SCHEME_SPARSE, 2, {6, 4, 0}},
    };
    static const int64_t start[3] = {1, 1, 0}, extent[3] = {2, 2, 3};
    _Alignas(64) unsigned char want[CAP];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (int dt = 0; dt < 4; dt++) {
            nninit_desc d = desc_of(cases[c].scheme);
            d.sparsity = 0.5;
            d.groups = 3; /* dirac: one output channel per group */
            const size_t es = nninit_dtype_size((nninit_dtype)dt);
            const size_t n =
                (size_t)(cases[c].shape[0] * cases[c].shape[1] *
                         (cases[c].ndim == 3 ? cases[c].shape[2] : 1));
            const size_t nb = cases[c].ndim == 3 ? 12 : 4; /* block */
            cr_assert_eq(nninit_init(R, (nninit_dtype)dt, want, cases[c].shape,
                                     cases[c].ndim, &d),
                         NNINIT_OK, "case %zu", c);
            for (size_t mis = 1; mis < es; mis++) {
                unsigned char *o = (unsigned char *)out + mis;
                poison();
                cr_assert_eq(nninit_init(R, (nninit_dtype)dt, o, cases[c].shape,
                                         cases[c].ndim, &d),
                             NNINIT_OK);
                cr_expect_eq(memcmp(o, want, n * es), 0,
                             "case %zu dtype %d: init at +%zu differs", c, dt,
                             mis);
                untouched_outside(mis, mis + n * es, "init");
                poison();
                cr_assert_eq(nninit_init_range(R, (nninit_dtype)dt, o,
                                               cases[c].shape, cases[c].ndim,
                                               &d, 3, n - 4),
                             NNINIT_OK);
                cr_expect_eq(memcmp(o, want + 3 * es, (n - 4) * es), 0,
                             "case %zu dtype %d: range at +%zu differs", c, dt,
                             mis);
                untouched_outside(mis, mis + (n - 4) * es, "init_range");
                poison();
                cr_assert_eq(nninit_init_block(R, (nninit_dtype)dt, o,
                                               cases[c].shape, cases[c].ndim,
                                               start, extent, &d),
                             NNINIT_OK);
                untouched_outside(mis, mis + nb * es, "init_block");
                for (size_t b = 0; b < nb; b++) {
                    /* block element b: (i, j[, k]) from start by extent */
                    const int64_t *sh = cases[c].shape;
                    size_t k = cases[c].ndim == 3 ? b % 3 : 0,
                           j = cases[c].ndim == 3 ? b / 3 % 2 : b % 2,
                           i = cases[c].ndim == 3 ? b / 6 : b / 2;
                    size_t flat = (1 + i) * (size_t)sh[1] + 1 + j;
                    if (cases[c].ndim == 3)
                        flat = flat * (size_t)sh[2] + k;
                    cr_expect_eq(memcmp(o + b * es, want + flat * es, es), 0,
                                 "case %zu dtype %d: block element %zu at "
                                 "+%zu differs",
                                 c, dt, b, mis);
                }
            }
        }
}

/* fuzz: nninit_delta_orthogonal refused a 2-D shape whose element count
 * overflows with NNINIT_ERR_SHAPE (its dimension rule, checked first) and
 * nninit_init with the same descriptor with NNINIT_ERR_SIZE (the element
 * count, checked first there). Both forms of the orthogonal schemes now
 * check in one order; each status below is the same through both. */
Test(hostile, orthogonal_named_and_descriptor_refuse_alike)
{
    static const struct {
        size_t ndim;
        int64_t shape[6];
        int delta;
        nninit_status want;
    } cases[] = {
        {2, {INT64_MAX, INT64_MAX}, 1, NNINIT_ERR_SHAPE},
        {6, {INT64_MAX, 4, 4, 4, 4, 4}, 1, NNINIT_ERR_SHAPE},
        {1, {INT64_MAX}, 0, NNINIT_ERR_SHAPE},
        {2, {-1, 4}, 1, NNINIT_ERR_SHAPE},
        {3, {INT64_MAX, 4, 4}, 0, NNINIT_ERR_SIZE},
        {3, {2, 4, 3}, 1, NNINIT_ERR_SHAPE}, /* in > out */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        nninit_desc d = desc_of(cases[c].delta
                                    ? NNINIT_SCHEME_DELTA_ORTHOGONAL
                                    : NNINIT_SCHEME_ORTHOGONAL);
        const int64_t *sh = cases[c].shape;
        const size_t nd = cases[c].ndim;
        EXPECT(cases[c].delta
                   ? nninit_delta_orthogonal(R, NNINIT_F32, out, sh, nd, 1.0)
                   : nninit_orthogonal(R, NNINIT_F32, out, sh, nd, 1.0),
               cases[c].want);
        EXPECT(nninit_init(R, NNINIT_F32, out, sh, nd, &d), cases[c].want);
        EXPECT(nninit_init_range(R, NNINIT_F32, out, sh, nd, &d, 0, 1),
               cases[c].want);
    }
}
