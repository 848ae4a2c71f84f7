/*
 * libFuzzer target: the public API (include/nninit.h) with hostile
 * arguments.
 *
 * The input is read as a sequence of calls: each starts with an opcode
 * byte, and its arguments (enum values in and out of range, interesting or
 * raw reals, dims from a list of edge values or raw 64-bit words, NULL
 * pointers, counts small or past every limit, offsets near 2^64, every
 * descriptor field: scheme, parameters, mode, nonlinearity, distribution,
 * method, fan layout and its axis lists, groups, sparsity) are read from
 * the bytes that follow. Outputs go to buffers with guard bytes, starting
 * 0 to 63 bytes past an aligned address (the API promises any alignment).
 *
 * Properties checked (a violation aborts, which libFuzzer reports):
 *   - no crash, no sanitizer report (the library is built with ASan and
 *     UBSan, no recovery), no hang (libFuzzer's -timeout);
 *   - every status is a defined one; a failing call writes nothing, a
 *     successful one nothing past its n elements;
 *   - uniform values lie in [lo, hi), truncated normal in [a, b] (float32
 *     and float64), normal values are finite;
 *   - a fill equals itself split in two at any point (offset advanced), and
 *     equals the same fill on every other path this CPU supports;
 *   - init_range equals its part of nninit_init, and init_block equals its
 *     rows taken from init_range (and from nninit_init when it fits);
 *   - eye and dirac are torch's definitions, sparse is the normal fill
 *     with at least ceil(sparsity * rows) zeros per column, orthogonal and
 *     delta-orthogonal are orthonormal times gain (float32, float64);
 *   - each of the 20 named initializers equals its descriptor through
 *     nninit_init (same status, same bytes), the deterministic ones for
 *     any rng;
 *   - fans (torch layout) and numel agree with overflow-checked arithmetic
 *     done here, fans in the Keras and JAX layouts with the header's rules;
 *   - nninit_desc_default writes nothing on error and gives defaults that
 *     initialize a small tensor; the getters return what was set.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "nninit.h"

/* ---------------------------------------------------------- the input */

typedef struct src {
    const uint8_t *p;
    size_t n;
} src;

static uint8_t u8(src *s)
{
    if (s->n == 0)
        return 0;
    s->n--;
    return *s->p++;
}

static uint64_t u64(src *s)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)u8(s) << (8 * i);
    return v;
}

static double real(src *s)
{
    static const double table[] = {
        0.0,      -0.0,      1.0,     -1.0,     0.5,
        2.0,      -2.0,      0.01,    1e-300,   5e-324,
        DBL_MAX,  -DBL_MAX,  FLT_MAX, -FLT_MAX, 3.5e38,
        65504.0,  65520.0,   1e-45,   1e-38,    1e10,
        -1e10,    37.5,      -37.5,   1e150,    1e308,
        INFINITY, -INFINITY, NAN,     1e-8,     0.87962566103423978,
        6.0,      -6.0,      40.0,    -40.0,    2.5066282746310002,
        1e-20};
    uint8_t mode = u8(s);
    switch (mode % 4) {
    case 0:
        return table[u8(s) % (sizeof table / sizeof table[0])];
    case 1:
        return (double)(int8_t)u8(s) / 4.0;
    case 2: {
        uint64_t bits = u64(s);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    default:
        return ldexp(table[u8(s) % (sizeof table / sizeof table[0])],
                     (int8_t)u8(s));
    }
}

static int64_t dim(src *s)
{
    static const int64_t table[] = {0,
                                    1,
                                    2,
                                    3,
                                    4,
                                    5,
                                    7,
                                    8,
                                    16,
                                    1,
                                    -1,
                                    INT64_MIN,
                                    INT64_MAX,
                                    INT64_MAX / 2,
                                    INT64_C(1) << 31,
                                    INT64_C(1) << 32,
                                    INT64_C(9007199254740991),
                                    INT64_C(1) << 62,
                                    1024};
    uint8_t m = u8(s);
    if (m < 240)
        return table[m % (sizeof table / sizeof table[0])];
    return (int64_t)u64(s);
}

/* An enum value: usually one of the valid ones, sometimes not. */
static int enumv(src *s, int first, int count)
{
    static const int bad[] = {-1, -2, 99, INT_MIN, INT_MAX};
    uint8_t m = u8(s);
    if (m < 224)
        return first + m % count;
    if (m < 248)
        return first + count + (m & 3); /* just past the end */
    return bad[m % 5];
}

static nninit_rng rng_of(src *s)
{
    static const uint64_t offsets[] = {0,
                                       1,
                                       3,
                                       5,
                                       UINT64_MAX,
                                       UINT64_MAX - 1,
                                       UINT64_MAX - 64,
                                       UINT64_C(0xffffffff),
                                       UINT64_C(1) << 63,
                                       1000};
    nninit_rng r;
    uint8_t m = u8(s);
    r.seed = (m & 1) ? u64(s) : u8(s);
    r.stream = (m & 2) ? u64(s) : u8(s);
    r.offset = (m & 4) ? u64(s) : offsets[u8(s) % 10];
    return r;
}

/* Counts past every byte limit (n * 2 > PTRDIFF_MAX for every dtype). */
static const size_t huge_counts[] = {SIZE_MAX, (size_t)PTRDIFF_MAX + 1,
                                     (size_t)PTRDIFF_MAX / 2 + 1};

/* ------------------------------------------------------------- checks */

static void check_status(nninit_status st, const char *what)
{
    if ((int)st < NNINIT_OK || (int)st > NNINIT_ERR_IO) {
        fprintf(stderr, "fuzz: %s returned %d\n", what, (int)st);
        abort();
    }
}

/* How many bytes past an aligned address this call's outputs start (set
 * per call by the loop): the API promises any alignment, so every output
 * the library writes is misaligned by 0 .. FUZZ_SHIFT - 1 bytes. */
static size_t out_shift;

static void guard(fuzz_guarded *g, size_t want)
{
    fuzz_guard_init_at(g, want, out_shift);
}

/* Runs the same call on every supported path and compares with the
 * result on the first; then returns to automatic selection. */
typedef nninit_status (*call_fn)(const void *args, void *out);

static void every_path_agrees(call_fn call, const void *args,
                              const unsigned char *want, size_t bytes)
{
    static unsigned char got_mem[FUZZ_SHIFT + FUZZ_CAP];
    unsigned char *got = got_mem + out_shift;
    for (int isa = 0; isa < NNINIT_ISA_COUNT_; isa++) {
        if (!nninit_isa_supported((nninit_isa)isa))
            continue;
        if (nninit_isa_force((nninit_isa)isa) != NNINIT_OK)
            fuzz_fail("isa_force of a supported path failed");
        memset(got, 0, bytes);
        nninit_status st = call(args, got);
        if (st != NNINIT_OK || memcmp(got, want, bytes) != 0) {
            fprintf(stderr, "fuzz: path %s differs\n",
                    nninit_isa_name((nninit_isa)isa));
            abort();
        }
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
}

/* -------------------------------------------------------------- fills */

enum { F_BITS, F_UNIFORM, F_NORMAL, F_TRUNC };

typedef struct fill_args {
    int kind;
    nninit_rng rng;
    nninit_dtype dtype;
    size_t n;
    double p[4]; /* lo hi | mean std | mean std a b */
    nninit_method method;
} fill_args;

static nninit_status do_fill(const void *va, void *out)
{
    const fill_args *a = va;
    switch (a->kind) {
    case F_BITS:
        return nninit_fill_bits(a->rng, out, a->n);
    case F_UNIFORM:
        return nninit_fill_uniform(a->rng, a->dtype, out, a->n, a->p[0],
                                   a->p[1]);
    case F_NORMAL:
        return nninit_fill_normal(a->rng, a->dtype, out, a->n, a->p[0], a->p[1],
                                  a->method);
    default:
        return nninit_fill_trunc_normal(a->rng, a->dtype, out, a->n, a->p[0],
                                        a->p[1], a->p[2], a->p[3]);
    }
}

static size_t elem_size(const fill_args *a)
{
    return a->kind == F_BITS ? 4 : nninit_dtype_size(a->dtype);
}

static void check_values(const fill_args *a, const void *out)
{
    if (a->kind == F_BITS || (a->dtype != NNINIT_F32 && a->dtype != NNINIT_F64))
        return;
    /* Normal values are finite unless mean + z * std can overflow (|z|
     * stays far below 64 for 2^64 draws). */
    const double top = a->dtype == NNINIT_F32 ? FLT_MAX : DBL_MAX;
    const int moderate = fabs(a->p[0]) + 64.0 * a->p[1] < top;
    for (size_t i = 0; i < a->n; i++) {
        double v;
        if (a->dtype == NNINIT_F32) { /* out may be misaligned */
            float f;
            memcpy(&f, (const unsigned char *)out + i * sizeof f, sizeof f);
            v = f;
        } else {
            memcpy(&v, (const unsigned char *)out + i * sizeof v, sizeof v);
        }
        int ok = 1;
        if (a->kind == F_UNIFORM)
            ok = v >= a->p[0] && v < a->p[1];
        else if (a->kind == F_NORMAL)
            ok = !moderate || isfinite(v);
        else
            ok = v >= a->p[2] && v <= a->p[3];
        if (!ok) {
            fprintf(stderr,
                    "fuzz: fill kind %d dtype %d element %zu = %.17g "
                    "outside its distribution (%.17g %.17g %.17g %.17g)\n",
                    a->kind, (int)a->dtype, i, v, a->p[0], a->p[1], a->p[2],
                    a->p[3]);
            abort();
        }
    }
}

static void op_fill(src *s, int kind)
{
    fill_args a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.rng = rng_of(s);
    a.dtype = (nninit_dtype)enumv(s, 0, 4);
    a.method = (nninit_method)enumv(s, 0, 3);
    for (int i = 0; i < 4; i++)
        a.p[i] = real(s);
    uint8_t m = u8(s);
    size_t es = elem_size(&a);
    int huge = m >= 248;
    int null_out = m >= 240 && !huge;
    if (huge)
        a.n = huge_counts[m % 3];
    else
        a.n = es ? u8(s) % (FUZZ_CAP / es + 1) : u8(s);
    fuzz_guarded g;
    guard(&g, huge ? 0 : a.n * es);
    nninit_status st = do_fill(&a, null_out ? NULL : g.out);
    check_status(st, "fill");
    fuzz_guard_check(&g, st == NNINIT_OK, "fill");
    if (st == NNINIT_OK && (huge || null_out || es == 0))
        fuzz_fail("a fill with a huge count, NULL or a bad dtype succeeded");
    if (st != NNINIT_OK || a.n == 0)
        return;
    check_values(&a, g.out);

    /* Split at k: the same bytes. */
    size_t k = u8(s) % (a.n + 1);
    static unsigned char two_mem[FUZZ_SHIFT + FUZZ_CAP];
    unsigned char *two = two_mem + out_shift;
    fill_args a1 = a, a2 = a;
    a1.n = k;
    a2.n = a.n - k;
    a2.rng.offset += k;
    if (do_fill(&a1, two) != NNINIT_OK ||
        do_fill(&a2, two + k * es) != NNINIT_OK ||
        memcmp(two, g.out, a.n * es) != 0)
        fuzz_fail("a fill split in two differs from the whole");
    if (u8(s) & 1)
        every_path_agrees(do_fill, &a, g.out, a.n * es);
}

/* -------------------------------------------------------- initializers */

#define MAX_NDIM 40

typedef struct init_args {
    nninit_rng rng;
    nninit_dtype dtype;
    int64_t shape[MAX_NDIM];
    size_t ndim;
    int null_shape;
    nninit_desc desc;
} init_args;

/* An axis for the JAX layout: usually in [-7, 7] (counted from either
 * end of a tensor of up to 7 dims), sometimes far out. */
static int32_t axis_of(src *s)
{
    static const int32_t odd[] = {INT32_MIN, INT32_MAX, 64, -65, 40, -41};
    uint8_t m = u8(s);
    if (m < 240)
        return (int32_t)(m % 15) - 7;
    return odd[m % 6];
}

/* An axis list: 0 (JAX's default) to 3 axes mostly, up to
 * NNINIT_MAX_AXES, or a count out of range. */
static void read_axes(src *s, nninit_axes *x)
{
    static const int32_t bad[] = {-1, NNINIT_MAX_AXES + 1, INT32_MIN,
                                  INT32_MAX};
    uint8_t m = u8(s);
    memset(x, 0, sizeof *x);
    x->n = m < 192   ? m % 4
           : m < 240 ? 4 + m % (NNINIT_MAX_AXES - 3)
                     : bad[m % 4];
    for (int32_t k = 0; k < x->n && k < NNINIT_MAX_AXES; k++)
        x->axis[k] = axis_of(s);
}

static void read_desc(src *s, nninit_desc *d)
{
    nninit_scheme sc = (nninit_scheme)enumv(s, 0, NNINIT_SCHEME_COUNT_);
    if (nninit_desc_default(sc, d) != NNINIT_OK) {
        nninit_desc_default(NNINIT_SCHEME_NORMAL, d);
        d->scheme = sc;
    }
    /* Each parameter keeps its default unless a flag bit says otherwise. */
    uint16_t flags = (uint16_t)(u8(s) | (u8(s) << 8));
    double *reals[] = {&d->value, &d->lo, &d->hi,   &d->mean, &d->std,
                       &d->a,     &d->b,  &d->gain, &d->scale};
    for (int i = 0; i < 9; i++)
        if (flags & (1u << i))
            *reals[i] = real(s);
    if (flags & (1u << 9))
        d->mode = (nninit_fan_mode)enumv(s, 0, 3);
    if (flags & (1u << 10))
        d->nonlinearity = (nninit_nonlinearity)enumv(s, 0, 12);
    if (flags & (1u << 11))
        d->distribution = (nninit_vs_distribution)enumv(s, 0, 3);
    if (flags & (1u << 12))
        d->method = (nninit_method)enumv(s, 0, 3);
    /* The fields appended in 0.1: fan layout and its axes, dirac's
     * groups, sparse's sparsity. */
    if (flags & (1u << 13)) {
        d->fan_layout = (nninit_fan_layout)enumv(s, 0, 3);
        read_axes(s, &d->in_axes);
        read_axes(s, &d->out_axes);
        read_axes(s, &d->batch_axes);
    }
    if (flags & (1u << 14))
        d->groups = dim(s);
    if (flags & (1u << 15))
        d->sparsity = real(s);
}

static void read_init(src *s, init_args *a)
{
    memset(a, 0, sizeof *a);
    a->rng = rng_of(s);
    a->dtype = (nninit_dtype)enumv(s, 0, 4);
    uint8_t m = u8(s);
    a->ndim = m < 248 ? m % 6 : 15 + m % 26; /* up to 40 */
    a->null_shape = m >= 240 && m < 248 && a->ndim > 0;
    for (size_t k = 0; k < a->ndim; k++)
        a->shape[k] = dim(s);
    read_desc(s, &a->desc);
}

static const int64_t *shape_of(const init_args *a)
{
    return a->null_shape ? NULL : a->shape;
}

/* numel as the library must compute it; 0 with *ok = 0 if it fails. */
static size_t my_numel(const init_args *a, int *ok)
{
    size_t n = 1;
    int zero = 0;
    *ok = !a->null_shape || a->ndim == 0;
    for (size_t k = 0; k < a->ndim && *ok; k++) {
        if (a->shape[k] < 0)
            *ok = 0;
        zero |= a->shape[k] == 0;
    }
    for (size_t k = 0; k < a->ndim && *ok && !zero; k++)
        if (__builtin_mul_overflow(n, (uint64_t)a->shape[k], &n))
            *ok = 0;
    return *ok ? (zero ? 0 : n) : 0;
}

typedef struct range_args {
    const init_args *init;
    uint64_t first;
    size_t count;
} range_args;

static nninit_status do_range(const void *va, void *out)
{
    const range_args *r = va;
    const init_args *a = r->init;
    return nninit_init_range(a->rng, a->dtype, out, shape_of(a), a->ndim,
                             &a->desc, r->first, r->count);
}

/* Reads a tensor's arguments; its element size and element count (with
 * *numel_ok = 0 where the library must refuse the shape). */
static size_t read_tensor(src *s, init_args *a, size_t *es, int *numel_ok)
{
    read_init(s, a);
    *es = nninit_dtype_size(a->dtype);
    return my_numel(a, numel_ok);
}

/* --------------------------------- the positional and orthogonal schemes */

static int is_zero(const unsigned char *p, size_t es)
{
    for (size_t i = 0; i < es; i++)
        if (p[i] != 0)
            return 0;
    return 1;
}

static int is_one(nninit_dtype dtype, const unsigned char *p)
{
    const float f = 1.0f;
    const double d = 1.0;
    const uint16_t h = dtype == NNINIT_BF16 ? 0x3F80 : 0x3C00;
    return memcmp(p,
                  dtype == NNINIT_F32   ? (const void *)&f
                  : dtype == NNINIT_F64 ? (const void *)&d
                                        : (const void *)&h,
                  nninit_dtype_size(dtype)) == 0;
}

/* Element i of eye (2-D) or dirac (3-5-D, groups) as torch defines them:
 * 1 at row == column; 1 at [g * out/groups + d, d, centre] for d <
 * min(out/groups, in). */
static int positional_one(const init_args *a, uint64_t i)
{
    const int64_t *sh = a->shape;
    if (a->desc.scheme == NNINIT_SCHEME_EYE)
        return i / (uint64_t)sh[1] == i % (uint64_t)sh[1];
    uint64_t k = 1, centre = 0;
    for (size_t j = 2; j < a->ndim; j++) {
        k *= (uint64_t)sh[j];
        centre = centre * (uint64_t)sh[j] + (uint64_t)sh[j] / 2;
    }
    uint64_t in = (uint64_t)sh[1], o = i / (in * k), c = i / k % in;
    uint64_t per = (uint64_t)(sh[0] / a->desc.groups);
    return i % k == centre && c == o % per && c < (per < in ? per : in);
}

/* Sparse: the plain normal fill of the same stream with the chosen
 * elements set to +0, and at least ceil(sparsity * rows) zeros in every
 * column (a normal may round to 0 too). */
static void check_sparse(const init_args *a, const unsigned char *w,
                         size_t numel, size_t es)
{
    static unsigned char normal[FUZZ_CAP];
    const uint64_t rows = (uint64_t)a->shape[0], cols = (uint64_t)a->shape[1];
    if (nninit_fill_normal(a->rng, a->dtype, normal, numel, 0.0, a->desc.std,
                           a->desc.method) != NNINIT_OK)
        fuzz_fail("sparse succeeded where its normal fill fails");
    double want = ceil(a->desc.sparsity * (double)rows);
    for (uint64_t c = 0; c < cols; c++) {
        uint64_t zeros = 0, masked = 0;
        for (uint64_t r = 0; r < rows; r++) {
            size_t e = (size_t)(r * cols + c) * es;
            if (is_zero(w + e, es)) {
                zeros++;
                masked += !is_zero(normal + e, es);
            } else if (memcmp(w + e, normal + e, es) != 0) {
                fuzz_fail("a sparse element is neither 0 nor its normal");
            }
        }
        if ((double)zeros < (want < (double)rows ? want : (double)rows) ||
            (double)masked > want)
            fuzz_fail("a sparse column has the wrong number of zeros");
    }
}

/* Orthogonal (rows x cols, kk = 1) or delta-orthogonal (the out x in
 * matrix at the centre tap of each kk-group, zeros elsewhere): the rows
 * (or the columns of a tall matrix) orthonormal times gain. Bound: the
 * backward-error bound of tests/test_orth.c, 2 m n u for the m x n
 * factored shape, plus 4u for the rounding of q * gain (divided out here
 * with the gain as the library rounds it). float32 and float64 only, and
 * gains where q * gain neither underflows nor overflows. */
static void check_orthogonal(const init_args *a, const unsigned char *w,
                             size_t numel)
{
    const int delta = a->desc.scheme == NNINIT_SCHEME_DELTA_ORTHOGONAL;
    const int f64 = a->dtype == NNINIT_F64;
    const size_t rows = (size_t)a->shape[0];
    size_t cols = numel / rows, kk = 1, centre = 0;
    if (delta) {
        cols = (size_t)a->shape[1];
        kk = numel / (rows * cols);
        for (size_t j = 2; j < a->ndim; j++)
            centre = centre * (size_t)a->shape[j] + (size_t)a->shape[j] / 2;
    }
    const size_t es = nninit_dtype_size(a->dtype);
    for (size_t e = 0; e < numel; e++)
        if (e % kk != centre && !is_zero(w + e * es, es))
            fuzz_fail("delta_orthogonal is not 0 off its centre tap");
    double g = f64 ? a->desc.gain : (double)(float)a->desc.gain;
    double lim = f64 ? 0x1p200 : 0x1p20;
    if (a->dtype != NNINIT_F32 && !f64)
        return;
    if (!(fabs(g) >= 1 / lim && fabs(g) <= lim))
        return;
    const int tall = rows >= cols;
    const size_t m = tall ? rows : cols, n = tall ? cols : rows;
    const double u = f64 ? 0x1p-53 : 0x1p-24;
    const double bound = 2.0 * (double)m * (double)n * u + 4.0 * u;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double dot = 0;
            for (size_t t = 0; t < m; t++) {
                size_t ei = tall ? t * cols + i : i * cols + t;
                size_t ej = tall ? t * cols + j : j * cols + t;
                double x, y;
                if (f64) {
                    memcpy(&x, w + (ei * kk + centre) * 8, 8);
                    memcpy(&y, w + (ej * kk + centre) * 8, 8);
                } else {
                    float fx, fy;
                    memcpy(&fx, w + (ei * kk + centre) * 4, 4);
                    memcpy(&fy, w + (ej * kk + centre) * 4, 4);
                    x = fx;
                    y = fy;
                }
                dot += (x / g) * (y / g);
            }
            if (!(fabs(dot - (i == j)) <= bound)) {
                fprintf(stderr, "fuzz: Gram (%zu, %zu) = %.17g, bound %g\n", i,
                        j, dot, bound);
                fuzz_fail("orthogonal output is not orthonormal times gain");
            }
        }
}

/* The promises of the schemes whose values are not one plain fill. */
static void check_whole(const init_args *a, const unsigned char *w,
                        size_t numel, size_t es)
{
    if (numel == 0)
        return;
    switch (a->desc.scheme) {
    case NNINIT_SCHEME_EYE:
    case NNINIT_SCHEME_DIRAC:
        for (size_t i = 0; i < numel; i++)
            if (positional_one(a, i) ? !is_one(a->dtype, w + i * es)
                                     : !is_zero(w + i * es, es))
                fuzz_fail("eye or dirac differs from its definition");
        break;
    case NNINIT_SCHEME_SPARSE:
        check_sparse(a, w, numel, es);
        break;
    case NNINIT_SCHEME_ORTHOGONAL:
    case NNINIT_SCHEME_DELTA_ORTHOGONAL:
        check_orthogonal(a, w, numel);
        break;
    default:
        break;
    }
}

static void op_init(src *s)
{
    static init_args a;
    size_t es;
    int numel_ok;
    size_t numel = read_tensor(s, &a, &es, &numel_ok);
    size_t lib_numel = 12345;
    nninit_status nst = nninit_numel(shape_of(&a), a.ndim, &lib_numel);
    check_status(nst, "numel");
    if ((nst == NNINIT_OK) != numel_ok || (numel_ok && lib_numel != numel))
        fuzz_fail("nninit_numel disagrees with checked arithmetic");
    /* The orthogonal schemes compute the whole tensor for any part of it:
     * its size in memory and O(rows * cols * min(rows, cols)) work, by
     * design. A large one is a legitimate request for gigabytes and
     * minutes, not a bug, so the harness keeps them small (their hostile
     * shapes below 2-D, overflowing or negative, still get through). */
    if ((a.desc.scheme == NNINIT_SCHEME_ORTHOGONAL ||
         a.desc.scheme == NNINIT_SCHEME_DELTA_ORTHOGONAL) &&
        numel_ok && numel > 4096)
        return;

    /* The whole tensor, when it fits the buffer or cannot be a buffer. */
    static unsigned char whole[FUZZ_CAP];
    int have_whole = 0;
    nninit_status wst = NNINIT_OK;
    int fits = numel_ok && es > 0 && numel <= FUZZ_CAP / es;
    int impossible = !numel_ok || es == 0 || numel > PTRDIFF_MAX / es;
    if (fits || impossible) {
        fuzz_guarded g;
        guard(&g, fits ? numel * es : 0);
        wst = nninit_init(a.rng, a.dtype, g.out, shape_of(&a), a.ndim, &a.desc);
        check_status(wst, "init");
        fuzz_guard_check(&g, wst == NNINIT_OK, "init");
        if (wst == NNINIT_OK && impossible)
            fuzz_fail("init of an impossible tensor succeeded");
        if (wst == NNINIT_OK) {
            memcpy(whole, g.out, numel * es);
            have_whole = 1;
            check_whole(&a, whole, numel, es);
        }
    }

    /* A range: inside the tensor, or hostile. */
    range_args r = {&a, 0, 0};
    uint8_t m = u8(s);
    if (m < 224 && numel_ok) {
        r.first = numel == SIZE_MAX ? u64(s) : u64(s) % (numel + 1);
        size_t left = numel - (size_t)r.first;
        size_t cap = es ? FUZZ_CAP / es : 64;
        r.count = u8(s) % ((left < cap ? left : cap) + 1);
    } else {
        r.first = u64(s);
        r.count = m & 1 ? huge_counts[m % 3] : u8(s) % 64;
    }
    int in_range = numel_ok && r.first <= numel && r.count <= numel - r.first;
    size_t rbytes = es && r.count <= FUZZ_CAP / es ? r.count * es : 0;
    if (in_range && es && r.count > FUZZ_CAP / es)
        return; /* cannot hold it */
    fuzz_guarded g;
    guard(&g, rbytes);
    nninit_status rst = do_range(&r, g.out);
    check_status(rst, "init_range");
    fuzz_guard_check(&g, rst == NNINIT_OK, "init_range");
    if (rst == NNINIT_OK && !in_range)
        fuzz_fail("init_range outside the tensor succeeded");
    if (have_whole && in_range && rst != NNINIT_OK)
        fuzz_fail("init_range failed where init succeeded");
    if (rst == NNINIT_OK && have_whole &&
        memcmp(g.out, whole + r.first * es, rbytes) != 0)
        fuzz_fail("init_range differs from its part of init");
    if (rst == NNINIT_OK && r.count > 0 && (u8(s) & 1))
        every_path_agrees(do_range, &r, g.out, rbytes);

    /* A block: inside the tensor, or hostile. */
    int64_t start[MAX_NDIM], extent[MAX_NDIM];
    int hostile = u8(s) >= 224;
    size_t bn = 1;
    for (size_t k = 0; k < a.ndim; k++) {
        if (hostile || a.shape[k] < 0) {
            start[k] = dim(s);
            extent[k] = dim(s);
        } else {
            uint64_t d = (uint64_t)a.shape[k];
            start[k] = (int64_t)(u64(s) % (d + 1));
            uint64_t room = d - (uint64_t)start[k];
            extent[k] = (int64_t)(u8(s) % ((room < 4 ? room : 4) + 1));
        }
    }
    int valid = numel_ok;
    for (size_t k = 0; k < a.ndim && valid; k++)
        valid = start[k] >= 0 && extent[k] >= 0 && start[k] <= a.shape[k] &&
                extent[k] <= a.shape[k] - start[k];
    for (size_t k = 0; k < a.ndim && valid; k++)
        if (__builtin_mul_overflow(bn, (uint64_t)extent[k], &bn))
            valid = 0;
    if (valid && (es == 0 || bn > FUZZ_CAP / es))
        return; /* a valid block too large to hold */
    uint8_t nulls = u8(s);
    const int64_t *ps = nulls >= 250 ? NULL : start;
    const int64_t *pe = nulls >= 245 && nulls < 250 ? NULL : extent;
    int nulled = a.ndim > 0 && (ps == NULL || pe == NULL);
    guard(&g, valid ? bn * es : 0);
    nninit_status bst = nninit_init_block(a.rng, a.dtype, g.out, shape_of(&a),
                                          a.ndim, ps, pe, &a.desc);
    check_status(bst, "init_block");
    fuzz_guard_check(&g, bst == NNINIT_OK, "init_block");
    if (bst == NNINIT_OK && (!valid || nulled))
        fuzz_fail("init_block of a bad block succeeded");
    if (valid && !nulled && have_whole && bst != NNINIT_OK)
        fuzz_fail("init_block failed where init succeeded");
    if (bst != NNINIT_OK || bn == 0)
        return;
    /* Row by row against init_range at the row's flat index. */
    size_t row_len = a.ndim ? (size_t)extent[a.ndim - 1] : 1;
    size_t rows = bn / row_len;
    for (size_t row = 0; row < rows; row++) {
        uint64_t flat = 0, rest = row;
        uint64_t pos[MAX_NDIM];
        for (size_t k = a.ndim - (a.ndim > 0); k-- > 0;) {
            pos[k] = (uint64_t)start[k] + rest % (uint64_t)extent[k];
            rest /= (uint64_t)extent[k];
        }
        for (size_t k = 0; k < a.ndim; k++)
            flat = flat * (uint64_t)a.shape[k] +
                   (k + 1 < a.ndim ? pos[k] : (uint64_t)start[k]);
        range_args rr = {&a, flat, row_len};
        static unsigned char row_buf[FUZZ_CAP];
        if (do_range(&rr, row_buf) != NNINIT_OK ||
            memcmp(row_buf, g.out + row * row_len * es, row_len * es) != 0)
            fuzz_fail("an init_block row differs from init_range");
        if (have_whole && memcmp(row_buf, whole + flat * es, row_len * es))
            fuzz_fail("an init_block row differs from init");
    }
}

/* The named initializers, in the order of their opcodes: the first seven
 * (opcode 6) predate the others (opcode 254), so older corpus inputs keep
 * their meaning. Each is its descriptor through nninit_init. */
enum {
    N_XAVIER_UNIFORM,
    N_XAVIER_NORMAL,
    N_KAIMING_UNIFORM,
    N_KAIMING_NORMAL,
    N_LECUN_NORMAL,
    N_TRUNC_NORMAL,
    N_VARIANCE_SCALING,
    N_FIRST_NEWER, /* = 7 */
    N_ORTHOGONAL = N_FIRST_NEWER,
    N_DELTA_ORTHOGONAL,
    N_ZEROS,
    N_ONES,
    N_CONSTANT,
    N_EYE,
    N_DIRAC,
    N_SPARSE,
    N_GLOROT_UNIFORM,
    N_GLOROT_NORMAL,
    N_HE_UNIFORM,
    N_HE_NORMAL,
    N_LECUN_UNIFORM,
    N_COUNT
};

static const nninit_scheme named_scheme[N_COUNT] = {
    NNINIT_SCHEME_XAVIER_UNIFORM,
    NNINIT_SCHEME_XAVIER_NORMAL,
    NNINIT_SCHEME_KAIMING_UNIFORM,
    NNINIT_SCHEME_KAIMING_NORMAL,
    NNINIT_SCHEME_LECUN_NORMAL,
    NNINIT_SCHEME_TRUNC_NORMAL,
    NNINIT_SCHEME_VARIANCE_SCALING,
    NNINIT_SCHEME_ORTHOGONAL,
    NNINIT_SCHEME_DELTA_ORTHOGONAL,
    NNINIT_SCHEME_ZEROS,
    NNINIT_SCHEME_ONES,
    NNINIT_SCHEME_CONSTANT,
    NNINIT_SCHEME_EYE,
    NNINIT_SCHEME_DIRAC,
    NNINIT_SCHEME_SPARSE,
    NNINIT_SCHEME_GLOROT_UNIFORM,
    NNINIT_SCHEME_GLOROT_NORMAL,
    NNINIT_SCHEME_HE_UNIFORM,
    NNINIT_SCHEME_HE_NORMAL,
    NNINIT_SCHEME_LECUN_UNIFORM};

/* The deterministic initializers take no rng. */
static int named_fixed(int which)
{
    return which >= N_ZEROS && which <= N_DIRAC;
}

static nninit_status call_named(int which, const init_args *a, void *out)
{
    const nninit_desc *d = &a->desc;
    const int64_t *sh = shape_of(a);
    const nninit_rng r = a->rng;
    const nninit_dtype t = a->dtype;
    const size_t nd = a->ndim;
    switch (which) {
    case N_XAVIER_UNIFORM:
        return nninit_xavier_uniform(r, t, out, sh, nd, d->gain);
    case N_XAVIER_NORMAL:
        return nninit_xavier_normal(r, t, out, sh, nd, d->gain);
    case N_KAIMING_UNIFORM:
        return nninit_kaiming_uniform(r, t, out, sh, nd, d->a, d->mode,
                                      d->nonlinearity);
    case N_KAIMING_NORMAL:
        return nninit_kaiming_normal(r, t, out, sh, nd, d->a, d->mode,
                                     d->nonlinearity);
    case N_LECUN_NORMAL:
        return nninit_lecun_normal(r, t, out, sh, nd);
    case N_TRUNC_NORMAL:
        return nninit_trunc_normal(r, t, out, sh, nd, d->mean, d->std, d->a,
                                   d->b);
    case N_VARIANCE_SCALING:
        return nninit_variance_scaling(r, t, out, sh, nd, d->scale, d->mode,
                                       d->distribution);
    case N_ORTHOGONAL:
        return nninit_orthogonal(r, t, out, sh, nd, d->gain);
    case N_DELTA_ORTHOGONAL:
        return nninit_delta_orthogonal(r, t, out, sh, nd, d->gain);
    case N_ZEROS:
        return nninit_zeros(t, out, sh, nd);
    case N_ONES:
        return nninit_ones(t, out, sh, nd);
    case N_CONSTANT:
        return nninit_constant(t, out, sh, nd, d->value);
    case N_EYE:
        return nninit_eye(t, out, sh, nd);
    case N_DIRAC:
        return nninit_dirac(t, out, sh, nd, d->groups);
    case N_SPARSE:
        return nninit_sparse(r, t, out, sh, nd, d->sparsity, d->std);
    case N_GLOROT_UNIFORM:
        return nninit_glorot_uniform(r, t, out, sh, nd);
    case N_GLOROT_NORMAL:
        return nninit_glorot_normal(r, t, out, sh, nd);
    case N_HE_UNIFORM:
        return nninit_he_uniform(r, t, out, sh, nd);
    case N_HE_NORMAL:
        return nninit_he_normal(r, t, out, sh, nd);
    default:
        return nninit_lecun_uniform(r, t, out, sh, nd);
    }
}

static void op_named(src *s, int newer)
{
    static init_args a;
    size_t es;
    int numel_ok;
    size_t numel = read_tensor(s, &a, &es, &numel_ok);
    if (numel_ok && es && numel > FUZZ_CAP / es && numel <= PTRDIFF_MAX / es)
        return; /* a valid tensor too large to hold */
    size_t bytes = numel_ok && es && numel <= FUZZ_CAP / es ? numel * es : 0;
    const nninit_desc *d = &a.desc;
    int which = newer ? N_FIRST_NEWER + u8(s) % (N_COUNT - N_FIRST_NEWER)
                      : u8(s) % N_FIRST_NEWER;
    fuzz_guarded g;
    guard(&g, bytes);
    nninit_status st = call_named(which, &a, g.out);
    check_status(st, "named initializer");
    fuzz_guard_check(&g, st == NNINIT_OK, "named initializer");
    /* The same through a descriptor: same status, same bytes. The
     * deterministic ones use no rng, which nninit_init takes as (0, 0). */
    nninit_desc ref;
    nninit_desc_default(named_scheme[which], &ref);
    ref.gain = d->gain;
    ref.a = d->a;
    ref.b = d->b;
    ref.mean = d->mean;
    ref.std = d->std;
    ref.scale = d->scale;
    ref.mode = d->mode;
    ref.nonlinearity = d->nonlinearity;
    ref.distribution = d->distribution;
    ref.value = d->value;
    ref.groups = d->groups;
    ref.sparsity = d->sparsity;
    const nninit_rng rng = named_fixed(which) ? nninit_rng_make(0, 0) : a.rng;
    static unsigned char again[FUZZ_CAP];
    nninit_status st2 = nninit_init(rng, a.dtype, bytes ? again : g.out,
                                    shape_of(&a), a.ndim, &ref);
    if (st2 != st || (st == NNINIT_OK && memcmp(again, g.out, bytes) != 0)) {
        fprintf(stderr, "fuzz: %s: status %d, through nninit_init %d\n",
                nninit_scheme_name(named_scheme[which]), (int)st, (int)st2);
        fuzz_fail("a named initializer differs from its descriptor");
    }
    /* ... and a deterministic one gives those values for any rng. */
    if (st == NNINIT_OK && named_fixed(which) && bytes > 0 &&
        nninit_init(a.rng, a.dtype, again, shape_of(&a), a.ndim, &ref) ==
            NNINIT_OK &&
        memcmp(again, g.out, bytes) != 0)
        fuzz_fail("a deterministic initializer depends on the rng");
}

/* --------------------------------------------------- small functions */

/* The name tables: a value's name reads back as the value, and a name
 * that reads gives a value that has a name. */
#define NAME_TABLE(T, name_fn, from_fn)                                        \
    do {                                                                       \
        const char *nm = name_fn((T)v);                                        \
        T back = (T)-77;                                                       \
        if (nm != NULL && (from_fn(nm, &back) != NNINIT_OK || back != (T)v))   \
            fuzz_fail(#name_fn " does not read back");                         \
        T got = (T)-77;                                                        \
        nninit_status st_ = from_fn(text, &got);                               \
        check_status(st_, #from_fn);                                           \
        if (st_ == NNINIT_OK ? name_fn(got) == NULL : got != (T)-77)           \
            fuzz_fail(#from_fn " gave a value without a name, or wrote on "    \
                               "error");                                       \
    } while (0)

static void op_names(src *s)
{
    int v = enumv(s, -1, 13);
    char text[24];
    size_t len = u8(s) % sizeof text;
    for (size_t i = 0; i < len; i++)
        text[i] = (char)u8(s);
    text[len] = '\0';
    NAME_TABLE(nninit_scheme, nninit_scheme_name, nninit_scheme_from_name);
    NAME_TABLE(nninit_dtype, nninit_dtype_name, nninit_dtype_from_name);
    NAME_TABLE(nninit_method, nninit_method_name, nninit_method_from_name);
    NAME_TABLE(nninit_fan_mode, nninit_fan_mode_name,
               nninit_fan_mode_from_name);
    NAME_TABLE(nninit_nonlinearity, nninit_nonlinearity_name,
               nninit_nonlinearity_from_name);
    NAME_TABLE(nninit_vs_distribution, nninit_vs_distribution_name,
               nninit_vs_distribution_from_name);
    NAME_TABLE(nninit_fan_layout, nninit_fan_layout_name,
               nninit_fan_layout_from_name);
}

static void op_small(src *s)
{
    int v = enumv(s, -1, 5);
    const char *str = nninit_status_str((nninit_status)(int)u64(s));
    if (str == NULL || str[0] == '\0')
        fuzz_fail("empty status message");
    if (nninit_isa_name((nninit_isa)v) == NULL ||
        nninit_isa_description((nninit_isa)v) == NULL)
        fuzz_fail("NULL isa name or description");
    (void)nninit_isa_supported((nninit_isa)v);
    nninit_status st = nninit_isa_force((nninit_isa)v);
    check_status(st, "isa_force");
    if (st == NNINIT_OK && v != NNINIT_ISA_AUTO && nninit_isa_active() != v)
        fuzz_fail("isa_force succeeded but the path did not change");

    char name[24];
    size_t len = u8(s) % sizeof name;
    for (size_t i = 0; i < len; i++)
        name[i] = (char)u8(s);
    name[len] = '\0';
    nninit_isa got = (nninit_isa)77;
    st = nninit_isa_from_name(u8(s) == 255 ? NULL : name, &got);
    check_status(st, "isa_from_name");
    if (st == NNINIT_OK && (got < NNINIT_ISA_AUTO || got >= NNINIT_ISA_COUNT_))
        fuzz_fail("isa_from_name gave a value outside the enum");

    double gain = -7.0;
    st = nninit_calculate_gain((nninit_nonlinearity)enumv(s, 0, 12), real(s),
                               u8(s) == 255 ? NULL : &gain);
    check_status(st, "calculate_gain");
    if (st == NNINIT_OK && !(isfinite(gain) && gain >= 0))
        fuzz_fail("calculate_gain gave a non-finite or negative gain");
    if (st != NNINIT_OK && gain != -7.0)
        fuzz_fail("calculate_gain wrote its output on error");

    static const size_t thresholds[] = {0, 1, 64, 4096, 16384, SIZE_MAX};
    const size_t nt = thresholds[u8(s) % 6];
    nninit_set_nt_threshold(nt);
    if (nninit_get_nt_threshold() != (nt == 0 ? SIZE_MAX : nt))
        fuzz_fail("get_nt_threshold is not what was set (0: off)");
    static const int threads[] = {0, 1, 2, -1, INT_MIN, 1000};
    const int before = nninit_get_num_threads(), want = threads[u8(s) % 6];
    st = nninit_set_num_threads(want);
    check_status(st, "set_num_threads");
    const int now = nninit_get_num_threads();
    if ((st == NNINIT_OK) != (want >= 0) || now < 1 ||
        (st != NNINIT_OK && now != before) ||
        (st == NNINIT_OK && want >= 1 && now > want))
        fuzz_fail("set_num_threads / get_num_threads disagree");

    /* The functions without arguments: defined, non-empty answers. */
    if (strcmp(nninit_version(), NNINIT_VERSION_STRING) != 0)
        fuzz_fail("nninit_version differs from the header's");
    const char *feat = nninit_cpu_features(), *why = nninit_isa_reason();
    if (feat == NULL || why == NULL || why[0] == '\0')
        fuzz_fail("NULL cpu features or empty isa reason");
    check_status(nninit_isa_env_status(), "isa_env_status");
    static const size_t sizes[] = {4, 8, 2, 2};
    const int dt = v; /* -1 .. 7, and far out */
    if (nninit_dtype_size((nninit_dtype)dt) !=
        (dt >= 0 && dt < 4 ? sizes[dt] : 0))
        fuzz_fail("nninit_dtype_size is wrong");
}

/* Products of dims in 128 bits, saturated at 2^64: a zero factor makes a
 * fan 0 even where the other factors' product overflows (the header's
 * rule for nninit_fans and nninit_fans_layout alike). */
__extension__ typedef unsigned __int128 u128;

static u128 sat_mul(u128 a, u128 b)
{
    const u128 cap = (u128)1 << 64;
    if (a == 0 || b == 0)
        return 0;
    return a > cap / b ? cap : a * b;
}

static void op_fans(src *s)
{
    int64_t shape[MAX_NDIM];
    size_t ndim = u8(s) % 8;
    for (size_t k = 0; k < ndim; k++)
        shape[k] = dim(s);
    int64_t fi = -5, fo = -5;
    uint8_t m = u8(s);
    nninit_status st =
        nninit_fans(m == 255 ? NULL : shape, ndim, m == 254 ? NULL : &fi, &fo);
    check_status(st, "fans");
    int ok = 0;
    int64_t want_in = 0, want_out = 0;
    /* The expected answer: in * prod(k) and out * prod(k), exact. */
    if (m < 254 && ndim >= 2) {
        int neg = 0;
        u128 r = 1;
        for (size_t k = 0; k < ndim; k++)
            neg |= shape[k] < 0;
        for (size_t k = 2; k < ndim && !neg; k++)
            r = sat_mul(r, (u128)shape[k]);
        const u128 ein = neg ? 0 : sat_mul((u128)shape[1], r);
        const u128 eout = neg ? 0 : sat_mul((u128)shape[0], r);
        ok = !neg && ein <= (u128)INT64_MAX && eout <= (u128)INT64_MAX;
        if (ok) {
            want_in = (int64_t)ein;
            want_out = (int64_t)eout;
        }
    }
    if ((st == NNINIT_OK) != ok)
        fuzz_fail("nninit_fans status disagrees with checked arithmetic");
    if (ok && (fi != want_in || fo != want_out))
        fuzz_fail("nninit_fans value disagrees with checked arithmetic");
    if (!ok && (fi != -5 || fo != -5))
        fuzz_fail("nninit_fans wrote its outputs on error");
}

/* Fans in the Keras and JAX layouts, against the rules of the header
 * computed here: which axes are in, out, batch or receptive, then the
 * products with sat_mul. */
#define LAYOUT_MAX_NDIM 70

/* 0: the library must refuse the arguments (not for their size); else
 * the exact fans in *ein, *eout (saturated at 2^64). */
static int ref_fans(const int64_t *shape, size_t ndim, int layout,
                    const nninit_axes *const lists[3], u128 *ein, u128 *eout)
{
    /* role[k]: 0 receptive, 1 in, 2 out, 3 batch */
    unsigned char role[LAYOUT_MAX_NDIM] = {0};
    for (size_t k = 0; k < ndim; k++)
        if (shape[k] < 0)
            return 0;
    if (layout < 0 || layout > NNINIT_LAYOUT_JAX)
        return 0;
    if (layout == NNINIT_LAYOUT_KERAS && ndim < 2) {
        *ein = *eout = ndim == 0 ? 1 : (u128)shape[0];
        return 1;
    }
    if (ndim < 2 || (layout != NNINIT_LAYOUT_TORCH && ndim > 64))
        return 0;
    if (layout == NNINIT_LAYOUT_TORCH) {
        role[1] = 1;
        role[0] = 2;
    } else {
        for (int l = 0; l < 3; l++) {
            const nninit_axes *x =
                layout == NNINIT_LAYOUT_JAX ? lists[l] : NULL;
            int32_t n = x ? x->n : 0;
            if (n < 0 || n > NNINIT_MAX_AXES)
                return 0;
            for (int32_t k = 0; k < (n ? n : l < 2); k++) {
                int64_t ax = n ? x->axis[k] : (l == 0 ? -2 : -1);
                if (ax < 0)
                    ax += (int64_t)ndim;
                if (ax < 0 || ax >= (int64_t)ndim || role[ax])
                    return 0;
                role[ax] = (unsigned char)(l + 1);
            }
        }
    }
    u128 e[3] = {1, 1, 1}; /* receptive, in, out */
    for (size_t k = 0; k < ndim; k++)
        if (role[k] != 3)
            e[role[k]] = sat_mul(e[role[k]], (u128)shape[k]);
    *ein = sat_mul(e[1], e[0]);
    *eout = sat_mul(e[2], e[0]);
    return 1;
}

static void op_fans_layout(src *s)
{
    int64_t shape[LAYOUT_MAX_NDIM];
    uint8_t m = u8(s);
    size_t ndim = m < 248 ? m % 7 : 60 + m % 8; /* up to 67: past 64 */
    for (size_t k = 0; k < ndim; k++)
        shape[k] = dim(s);
    int layout = enumv(s, 0, 3);
    nninit_axes ax[3];
    const nninit_axes *lists[3];
    uint8_t nulls = u8(s);
    for (int l = 0; l < 3; l++) {
        read_axes(s, &ax[l]);
        lists[l] = nulls & (1u << l) ? NULL : &ax[l]; /* NULL: defaults */
    }
    const int null_shape = (nulls & 0x38) == 0x38 && ndim > 0;
    const int null_fan = (nulls & 0xC0) == 0xC0;
    int64_t fi = -5, fo = -5;
    nninit_status st = nninit_fans_layout(
        null_shape ? NULL : shape, ndim, (nninit_fan_layout)layout, lists[0],
        lists[1], lists[2], null_fan ? NULL : &fi, &fo);
    check_status(st, "fans_layout");
    if (st != NNINIT_OK && (fi != -5 || fo != -5))
        fuzz_fail("nninit_fans_layout wrote its outputs on error");
    u128 ein, eout;
    const u128 top = (u128)INT64_MAX;
    if (null_shape || null_fan ||
        !ref_fans(shape, ndim, layout, lists, &ein, &eout)) {
        if (st == NNINIT_OK || st == NNINIT_ERR_SIZE) /* bad axes are
                                                        judged first */
            fuzz_fail("nninit_fans_layout accepted bad arguments");
        return;
    }
    if (ein > top || eout > top) {
        if (st != NNINIT_ERR_SIZE)
            fuzz_fail("nninit_fans_layout missed an overflow");
        return;
    }
    if (st != NNINIT_OK || (u128)fi != ein || (u128)fo != eout) {
        fprintf(stderr, "fuzz: fans_layout %d: status %d, %lld %lld\n", layout,
                (int)st, (long long)fi, (long long)fo);
        fuzz_fail("nninit_fans_layout disagrees with the header's rules");
    }
}

/* nninit_desc_default: nothing written on error; on success the documented
 * defaults, which initialize a small tensor of the scheme's kind. */
static void op_desc(src *s)
{
    int sc = enumv(s, 0, NNINIT_SCHEME_COUNT_);
    nninit_desc d, before;
    memset(&d, 0x5A, sizeof d);
    before = d;
    const int null_desc = u8(s) == 255;
    nninit_status st =
        nninit_desc_default((nninit_scheme)sc, null_desc ? NULL : &d);
    check_status(st, "desc_default");
    if ((st == NNINIT_OK) !=
        (!null_desc && sc >= 0 && sc < NNINIT_SCHEME_COUNT_))
        fuzz_fail("desc_default's status is wrong");
    if (st != NNINIT_OK) {
        if (memcmp(&d, &before, sizeof d) != 0)
            fuzz_fail("desc_default wrote its output on error");
        return;
    }
    if ((int)d.scheme != sc || d.groups != 1 ||
        d.fan_layout != NNINIT_LAYOUT_TORCH || d.method != NNINIT_ZIGGURAT ||
        d.sparsity != 0 || d.in_axes.n != 0 || d.out_axes.n != 0 ||
        d.batch_axes.n != 0 || d.gain != 1.0 ||
        nninit_scheme_name((nninit_scheme)sc) == NULL)
        fuzz_fail("desc_default's defaults differ from the header's");
    /* 4 x 3 (2-D: eye, sparse), 4 x 3 x 3 for the 3-D-only schemes. */
    static const int64_t shape[3] = {4, 3, 3};
    const size_t nd =
        sc == NNINIT_SCHEME_DIRAC || sc == NNINIT_SCHEME_DELTA_ORTHOGONAL ? 3
                                                                          : 2;
    fuzz_guarded g;
    nninit_dtype dtype = (nninit_dtype)(u8(s) % 4);
    guard(&g, (nd == 3 ? 36 : 12) * nninit_dtype_size(dtype));
    st = nninit_init(rng_of(s), dtype, g.out, shape, nd, &d);
    fuzz_guard_check(&g, st == NNINIT_OK, "init with defaults");
    if (st != NNINIT_OK && st != NNINIT_ERR_SIZE) /* SIZE: offset near 2^64 */
        fuzz_fail("a scheme's defaults do not initialize a small tensor");
}

/* ----------------------------------------------------------- the loop */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    src s = {data, size};
    for (int calls = 0; calls < 16 && s.n > 0; calls++) {
        /* Opcodes 252-255 were added later (255: the name tables, 254: the
         * newer named initializers, 253: fans in any layout, 252: the
         * descriptors' defaults); the others keep their meaning, so older
         * corpus inputs decode as before. Their quotient by 9 (0-27) is
         * the misalignment of the call's outputs in bytes; 254 reads its
         * own. */
        uint8_t op = u8(&s);
        out_shift = op == 254 ? u8(&s) % FUZZ_SHIFT : op / 9u;
        switch (op >= 252 ? op - 243 : op % 9) {
        case 0:
            op_fill(&s, F_BITS);
            break;
        case 1:
            op_fill(&s, F_UNIFORM);
            break;
        case 2:
            op_fill(&s, F_NORMAL);
            break;
        case 3:
            op_fill(&s, F_TRUNC);
            break;
        case 4:
        case 5:
            op_init(&s);
            break;
        case 6:
            op_named(&s, 0);
            break;
        case 7:
            op_fans(&s);
            break;
        case 8:
            op_small(&s);
            break;
        case 9:
            op_desc(&s);
            break;
        case 10:
            op_fans_layout(&s);
            break;
        case 11:
            op_named(&s, 1);
            break;
        default:
            op_names(&s);
            break;
        }
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
    nninit_set_nt_threshold(0);
    nninit_set_num_threads(0);
    return 0;
}
