/*
 * Bad input: every status code is reachable, each has a non-empty message,
 * and the output buffer is left untouched. Plus the ISA controls, the
 * NNINIT_ISA variable, version and the small helpers.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nninit.h"

#define N 64
static unsigned char buf[N * 8 + 64];

static void poison(void) { memset(buf, 0x5A, sizeof buf); }
static void untouched(const char *what)
{
    for (size_t i = 0; i < sizeof buf; i++)
        cr_assert_eq(buf[i], 0x5A, "%s wrote byte %zu", what, i);
}

#define EXPECT_STATUS(call, code)                                             \
    do {                                                                      \
        poison();                                                             \
        nninit_status st_ = (call);                                           \
        cr_expect_eq(st_, code, "%s: got %d (%s), want %d", #call, st_,       \
                     nninit_status_str(st_), code);                           \
        untouched(#call);                                                     \
    } while (0)

static const nninit_rng R = {1, 2, 3};

Test(api, status_messages_are_distinct_and_nonempty)
{
    for (int s = NNINIT_OK; s <= NNINIT_ERR_IO; s++) {
        const char *m = nninit_status_str((nninit_status)s);
        cr_assert(m != NULL && m[0] != '\0');
        for (int t = NNINIT_OK; t < s; t++)
            cr_assert_str_neq(m, nninit_status_str((nninit_status)t));
    }
    cr_assert(nninit_status_str((nninit_status)999)[0] != '\0');
}

Test(api, version)
{
    cr_assert_str_eq(nninit_version(), NNINIT_VERSION_STRING);
}

Test(api, null_and_size)
{
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, NULL, 4, 0, 1),
                  NNINIT_ERR_NULL);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F64, NULL, 0, 0, 1,
                                     NNINIT_ZIGGURAT),
                  NNINIT_ERR_NULL);
    EXPECT_STATUS(nninit_fill_bits(R, NULL, 1), NNINIT_ERR_NULL);
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, buf, SIZE_MAX / 2, 0, 1),
                  NNINIT_ERR_SIZE);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F64, buf, SIZE_MAX / 8 + 1, 0,
                                     1, NNINIT_ICDF),
                  NNINIT_ERR_SIZE);
    nninit_rng late = {1, 2, UINT64_MAX - 2};
    EXPECT_STATUS(nninit_fill_uniform(late, NNINIT_F32, buf, 4, 0, 1),
                  NNINIT_ERR_SIZE);
    EXPECT_STATUS(nninit_fill_bits(late, (uint32_t *)buf, 4), NNINIT_ERR_SIZE);
    /* The very last element of a sequence is fine. */
    poison();
    cr_expect_eq(nninit_fill_uniform(late, NNINIT_F32, buf, 3, 0, 1),
                 NNINIT_OK);
}

Test(api, uniform_params)
{
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, buf, N, NAN, 1),
                  NNINIT_ERR_PARAM);
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F64, buf, N, 0, INFINITY),
                  NNINIT_ERR_PARAM);
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, buf, N, 1, 1),
                  NNINIT_ERR_RANGE);
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, buf, N, 2, 1),
                  NNINIT_ERR_RANGE);
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F64, buf, N, -DBL_MAX,
                                      DBL_MAX),
                  NNINIT_ERR_RANGE);
    /* No float in [1 + 1e-12, 1 + 2e-12): empty in float32, fine in f64. */
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_F32, buf, N, 1 + 1e-12,
                                      1 + 2e-12),
                  NNINIT_ERR_RANGE);
    /* No bfloat16 in [1.001, 1.002). */
    EXPECT_STATUS(nninit_fill_uniform(R, NNINIT_BF16, buf, N, 1.001, 1.002),
                  NNINIT_ERR_RANGE);
    poison();
    cr_expect_eq(nninit_fill_uniform(R, NNINIT_F64, buf, N, 1 + 1e-12,
                                     1 + 2e-12),
                 NNINIT_OK);
}

Test(api, normal_params)
{
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, N, 0, -1,
                                     NNINIT_ZIGGURAT),
                  NNINIT_ERR_STD);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, N, 0, NAN,
                                     NNINIT_BOX_MULLER),
                  NNINIT_ERR_STD);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F64, buf, N, 0, INFINITY,
                                     NNINIT_ICDF),
                  NNINIT_ERR_STD);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, N, 0, 1e39,
                                     NNINIT_ICDF),
                  NNINIT_ERR_STD);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, N, INFINITY, 1,
                                     NNINIT_ZIGGURAT),
                  NNINIT_ERR_PARAM);
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, N, 0, 1,
                                     (nninit_method)3),
                  NNINIT_ERR_ENUM);
    EXPECT_STATUS(nninit_fill_normal(R, (nninit_dtype)7, buf, N, 0, 1,
                                     NNINIT_ZIGGURAT),
                  NNINIT_ERR_ENUM);
    /* std 0 is a constant fill, allowed for the normal. */
    float f[4];
    cr_assert_eq(nninit_fill_normal(R, NNINIT_F32, f, 4, 2.5, 0,
                                    NNINIT_ZIGGURAT),
                 NNINIT_OK);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(f[i], 2.5f);
}

Test(api, trunc_params)
{
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F32, buf, N, 0, 0, -1, 1),
                  NNINIT_ERR_STD);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F32, buf, N, 0, 1, 1, 1),
                  NNINIT_ERR_BOUNDS);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F64, buf, N, 0, 1, 2, -2),
                  NNINIT_ERR_BOUNDS);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F64, buf, N, 0, 1, NAN,
                                           2),
                  NNINIT_ERR_BOUNDS);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F64, buf, N, 0, 1,
                                           INFINITY, INFINITY),
                  NNINIT_ERR_BOUNDS);
    /* [1 + 1e-12, 1 + 2e-12] holds no float32. */
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F32, buf, N, 1, 1e-12,
                                           1 + 1e-12, 1 + 2e-12),
                  NNINIT_ERR_BOUNDS);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_F32, buf, N, NAN, 1, -1,
                                           1),
                  NNINIT_ERR_PARAM);
    /* Infinite bounds on one or both sides are fine. */
    float f[16];
    cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F32, f, 16, 0, 1,
                                          -INFINITY, INFINITY),
                 NNINIT_OK);
    cr_assert_eq(nninit_fill_trunc_normal(R, NNINIT_F32, f, 16, 0, 1, 0,
                                          INFINITY),
                 NNINIT_OK);
    for (int i = 0; i < 16; i++)
        cr_assert(f[i] >= 0);
}

Test(api, shapes_fans_and_initializers)
{
    int64_t s2[2] = {4, 8}, neg[2] = {4, -1}, zero[2] = {0, 8};
    int64_t fi, fo;
    size_t n;
    cr_assert_eq(nninit_fans(s2, 1, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_assert_eq(nninit_fans(neg, 2, &fi, &fo), NNINIT_ERR_SHAPE);
    cr_assert_eq(nninit_fans(NULL, 2, &fi, &fo), NNINIT_ERR_NULL);
    int64_t huge[3] = {INT64_MAX / 2, 4, 4};
    cr_assert_eq(nninit_fans(huge, 3, &fi, &fo), NNINIT_ERR_SIZE);
    cr_assert_eq(nninit_numel(huge, 3, &n), NNINIT_ERR_SIZE);
    cr_assert_eq(nninit_numel(zero, 2, &n), NNINIT_OK);
    cr_assert_eq(n, 0);
    EXPECT_STATUS(nninit_xavier_uniform(R, NNINIT_F32, buf, s2, 1, 1.0),
                  NNINIT_ERR_SHAPE);
    EXPECT_STATUS(nninit_xavier_normal(R, NNINIT_F32, buf, neg, 2, 1.0),
                  NNINIT_ERR_SHAPE);
    EXPECT_STATUS(nninit_xavier_normal(R, NNINIT_F32, buf, s2, 2, NAN),
                  NNINIT_ERR_PARAM);
    EXPECT_STATUS(nninit_kaiming_normal(R, NNINIT_F32, buf, zero, 2, 0,
                                        NNINIT_FAN_OUT, NNINIT_RELU),
                  NNINIT_ERR_FAN);
    EXPECT_STATUS(nninit_kaiming_uniform(R, NNINIT_F32, buf, s2, 2, 0,
                                         NNINIT_FAN_AVG, NNINIT_RELU),
                  NNINIT_ERR_ENUM);
    EXPECT_STATUS(nninit_kaiming_uniform(R, NNINIT_F32, buf, s2, 2, 0,
                                         NNINIT_FAN_IN,
                                         (nninit_nonlinearity)99),
                  NNINIT_ERR_ENUM);
    EXPECT_STATUS(nninit_variance_scaling(R, NNINIT_F64, buf, s2, 2, -1,
                                          NNINIT_FAN_AVG, NNINIT_VS_NORMAL),
                  NNINIT_ERR_PARAM);
    EXPECT_STATUS(nninit_variance_scaling(R, NNINIT_F64, buf, s2, 2, 1,
                                          NNINIT_FAN_AVG,
                                          (nninit_vs_distribution)5),
                  NNINIT_ERR_ENUM);
    EXPECT_STATUS(nninit_lecun_normal(R, NNINIT_BF16, NULL, s2, 2),
                  NNINIT_ERR_NULL);
    EXPECT_STATUS(nninit_trunc_normal(R, NNINIT_F32, buf, s2, 2, 0, 1, 3, 2),
                  NNINIT_ERR_BOUNDS);
    double g;
    cr_assert_eq(nninit_calculate_gain((nninit_nonlinearity)-1, 0, &g),
                 NNINIT_ERR_ENUM);
    cr_assert_eq(nninit_calculate_gain(NNINIT_LEAKY_RELU, INFINITY, &g),
                 NNINIT_ERR_PARAM);
    cr_assert_eq(nninit_calculate_gain(NNINIT_RELU, 0, NULL), NNINIT_ERR_NULL);
}

Test(api, isa_controls)
{
    cr_assert(nninit_isa_supported(NNINIT_ISA_SCALAR));
    cr_assert_eq(nninit_isa_force((nninit_isa)42), NNINIT_ERR_ENUM);
    cr_assert_eq(nninit_isa_force(NNINIT_ISA_SCALAR), NNINIT_OK);
    cr_assert_eq(nninit_isa_active(), NNINIT_ISA_SCALAR);
    cr_assert(strstr(nninit_isa_reason(), "scalar") != NULL);
    for (int i = 0; i < NNINIT_ISA_COUNT_; i++) {
        nninit_isa isa = (nninit_isa)i, back;
        cr_assert_eq(nninit_isa_from_name(nninit_isa_name(isa), &back),
                     NNINIT_OK);
        cr_assert_eq(back, isa);
        cr_assert(nninit_isa_description(isa)[0] != '\0');
        if (!nninit_isa_supported(isa)) {
            cr_assert_eq(nninit_isa_force(isa), NNINIT_ERR_ISA);
            cr_assert_eq(nninit_isa_active(), NNINIT_ISA_SCALAR,
                         "a refused force must not change the path");
        }
    }
    cr_assert_eq(nninit_isa_force(NNINIT_ISA_AUTO), NNINIT_OK);
    cr_assert(nninit_isa_supported(nninit_isa_active()));
    nninit_isa x;
    cr_assert_eq(nninit_isa_from_name("AVX2", &x), NNINIT_OK);
    cr_assert_eq(x, NNINIT_ISA_AVX2);
    cr_assert_eq(nninit_isa_from_name("sse9", &x), NNINIT_ERR_ENUM);
    cr_assert_str_eq(nninit_isa_name((nninit_isa)17), "unknown");
    cr_assert(nninit_cpu_features()[0] != '\0');
}

/* Criterion runs each test in its own process, so the library reads the
 * environment afresh in each of these. */
Test(api, env_unknown_value_falls_back)
{
    setenv("NNINIT_ISA", "avx9000", 1);
    cr_assert(nninit_isa_supported(nninit_isa_active()));
    cr_assert_eq(nninit_isa_env_status(), NNINIT_ERR_ENUM);
    cr_assert(strstr(nninit_isa_reason(), "avx9000") != NULL);
}

Test(api, env_scalar_is_honoured)
{
    setenv("NNINIT_ISA", "scalar", 1);
    cr_assert_eq(nninit_isa_active(), NNINIT_ISA_SCALAR);
    cr_assert_eq(nninit_isa_env_status(), NNINIT_OK);
}

Test(api, env_unsupported_value_falls_back)
{
    /* Find a path this machine lacks; every build has at least one (a
     * NEON build has no AVX2 and the reverse), unless it has all. */
    for (int i = 0; i < NNINIT_ISA_COUNT_; i++) {
        if (nninit_isa_supported((nninit_isa)i))
            continue;
        setenv("NNINIT_ISA", nninit_isa_name((nninit_isa)i), 1);
        cr_assert_neq(nninit_isa_active(), (nninit_isa)i);
        cr_assert_eq(nninit_isa_env_status(), NNINIT_ERR_ISA);
        return;
    }
    cr_skip_test("every ISA is supported here");
}

Test(api, zero_length_fills_write_nothing)
{
    EXPECT_STATUS(nninit_fill_normal(R, NNINIT_F32, buf, 0, 0, 1,
                                     NNINIT_ZIGGURAT),
                  NNINIT_OK);
    EXPECT_STATUS(nninit_fill_trunc_normal(R, NNINIT_BF16, buf, 0, 0, 1, -2,
                                           2),
                  NNINIT_OK);
}

/* The enum name tables (src/core/names.c): every value has a name that
 * reads back to it, also with '-' for '_'; past the last value there is
 * none; unknown names and NULLs are errors that leave *out alone. */
#define CHECK_NAMES(type, fn, count, alias, alias_value)                      \
    do {                                                                      \
        type out_;                                                            \
        int n_ = 0;                                                           \
        for (int v_ = 0; nninit_##fn##_name((type)v_) != NULL; v_++) {        \
            const char *nm_ = nninit_##fn##_name((type)v_);                   \
            char dash_[64];                                                   \
            size_t k_;                                                        \
            cr_assert(nm_[0] != '\0');                                        \
            cr_assert_eq(nninit_##fn##_from_name(nm_, &out_), NNINIT_OK,      \
                         "%s", nm_);                                          \
            cr_assert_eq((int)out_, v_, "%s", nm_);                           \
            for (k_ = 0; nm_[k_] != '\0' && k_ + 1 < sizeof dash_; k_++)      \
                dash_[k_] = nm_[k_] == '_' ? '-' : nm_[k_];                   \
            dash_[k_] = '\0';                                                 \
            cr_assert_eq(nninit_##fn##_from_name(dash_, &out_), NNINIT_OK,    \
                         "%s", dash_);                                        \
            cr_assert_eq((int)out_, v_, "%s", dash_);                         \
            for (int w_ = 0; w_ < v_; w_++)                                   \
                cr_assert_str_neq(nm_, nninit_##fn##_name((type)w_));         \
            n_++;                                                             \
        }                                                                     \
        cr_assert_eq(n_, count, #fn ": %d names", n_);                        \
        cr_assert_null(nninit_##fn##_name((type)-1));                         \
        cr_assert_null(nninit_##fn##_name((type)1000));                       \
        out_ = (type)77;                                                      \
        cr_assert_eq(nninit_##fn##_from_name("no_such_name", &out_),          \
                     NNINIT_ERR_ENUM);                                        \
        cr_assert_eq(nninit_##fn##_from_name("", &out_), NNINIT_ERR_ENUM);    \
        cr_assert_eq((int)out_, 77);                                          \
        cr_assert_eq(nninit_##fn##_from_name(NULL, &out_), NNINIT_ERR_NULL);  \
        cr_assert_eq(nninit_##fn##_from_name(nninit_##fn##_name((type)0),     \
                                             NULL),                           \
                     NNINIT_ERR_NULL);                                        \
        cr_assert_eq(nninit_##fn##_from_name(alias, &out_), NNINIT_OK);       \
        cr_assert_eq((int)out_, (int)(alias_value));                          \
    } while (0)

Test(api, enum_names)
{
    CHECK_NAMES(nninit_scheme, scheme, NNINIT_SCHEME_COUNT_, "kaiming-normal",
                NNINIT_SCHEME_KAIMING_NORMAL);
    CHECK_NAMES(nninit_dtype, dtype, 4, "bf16", NNINIT_BF16);
    CHECK_NAMES(nninit_method, method, 3, "box-muller", NNINIT_BOX_MULLER);
    CHECK_NAMES(nninit_fan_mode, fan_mode, 3, "fan-avg", NNINIT_FAN_AVG);
    CHECK_NAMES(nninit_nonlinearity, nonlinearity, NNINIT_SELU + 1,
                "conv-transpose2d", NNINIT_CONV_TRANSPOSE2D);
    CHECK_NAMES(nninit_vs_distribution, vs_distribution, 3,
                "untruncated_normal", NNINIT_VS_NORMAL);
    /* The spellings torch and Keras users type. */
    cr_assert_str_eq(nninit_scheme_name(NNINIT_SCHEME_TRUNC_NORMAL),
                     "trunc_normal");
    cr_assert_str_eq(nninit_nonlinearity_name(NNINIT_LEAKY_RELU),
                     "leaky_relu");
    cr_assert_str_eq(nninit_vs_distribution_name(NNINIT_VS_TRUNCATED_NORMAL),
                     "truncated_normal");
    cr_assert_str_eq(nninit_dtype_name(NNINIT_F16), "f16");
    /* Case matters (a spec's "F32" is a mistake, not f32). */
    nninit_dtype dt;
    cr_assert_eq(nninit_dtype_from_name("F32", &dt), NNINIT_ERR_ENUM);
}

Test(api, zeros_and_ones_schemes)
{
    const int64_t shape[2] = {3, 5};
    float f[15];
    uint16_t h[15];
    nninit_desc d;
    for (int s = NNINIT_SCHEME_ZEROS; s <= NNINIT_SCHEME_ONES; s++) {
        float want = s == NNINIT_SCHEME_ONES ? 1.0f : 0.0f;
        cr_assert_eq(nninit_desc_default((nninit_scheme)s, &d), NNINIT_OK);
        d.value = 42.0; /* not read: the scheme says what to fill */
        memset(f, 0x5A, sizeof f);
        cr_assert_eq(nninit_init(R, NNINIT_F32, f, shape, 2, &d), NNINIT_OK);
        for (int i = 0; i < 15; i++)
            cr_assert(f[i] == want && !signbit(f[i]));
        cr_assert_eq(nninit_init(R, NNINIT_BF16, h, shape, 1, &d), NNINIT_OK);
        for (int i = 0; i < 3; i++)
            cr_assert_eq(h[i], s == NNINIT_SCHEME_ONES ? 0x3F80 : 0);
    }
}
