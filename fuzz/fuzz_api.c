/*
 * libFuzzer target: the public API (include/nninit.h) with hostile
 * arguments.
 *
 * The input is read as a sequence of calls: each starts with an opcode
 * byte, and its arguments (enum values in and out of range, interesting or
 * raw reals, dims from a list of edge values or raw 64-bit words, NULL
 * pointers, counts small or past every limit, offsets near 2^64) are read
 * from the bytes that follow. Outputs go to buffers with guard bytes.
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
 *   - fans and numel agree with overflow-checked arithmetic done here.
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

/* Runs the same call on every supported path and compares with the
 * result on the first; then returns to automatic selection. */
typedef nninit_status (*call_fn)(const void *args, void *out);

static void every_path_agrees(call_fn call, const void *args,
                              const unsigned char *want, size_t bytes)
{
    static unsigned char got[FUZZ_CAP];
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
        double v = a->dtype == NNINIT_F32 ? (double)((const float *)out)[i]
                                          : ((const double *)out)[i];
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
    fuzz_guard_init(&g, huge ? 0 : a.n * es);
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
    static unsigned char two[FUZZ_CAP];
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
        fuzz_guard_init(&g, fits ? numel * es : 0);
        wst = nninit_init(a.rng, a.dtype, g.out, shape_of(&a), a.ndim, &a.desc);
        check_status(wst, "init");
        fuzz_guard_check(&g, wst == NNINIT_OK, "init");
        if (wst == NNINIT_OK && impossible)
            fuzz_fail("init of an impossible tensor succeeded");
        if (wst == NNINIT_OK) {
            memcpy(whole, g.out, numel * es);
            have_whole = 1;
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
    fuzz_guard_init(&g, rbytes);
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
    fuzz_guard_init(&g, valid ? bn * es : 0);
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

/* The named initializers: each is its descriptor through nninit_init. */
static void op_named(src *s)
{
    static init_args a;
    size_t es;
    int numel_ok;
    size_t numel = read_tensor(s, &a, &es, &numel_ok);
    if (numel_ok && es && numel > FUZZ_CAP / es && numel <= PTRDIFF_MAX / es)
        return; /* a valid tensor too large to hold */
    size_t bytes = numel_ok && es && numel <= FUZZ_CAP / es ? numel * es : 0;
    const nninit_desc *d = &a.desc;
    const int64_t *sh = shape_of(&a);
    nninit_desc ref;
    nninit_scheme sc;
    nninit_status st;
    fuzz_guarded g;
    fuzz_guard_init(&g, bytes);
    switch (u8(s) % 7) {
    case 0:
        sc = NNINIT_SCHEME_XAVIER_UNIFORM;
        st = nninit_xavier_uniform(a.rng, a.dtype, g.out, sh, a.ndim, d->gain);
        break;
    case 1:
        sc = NNINIT_SCHEME_XAVIER_NORMAL;
        st = nninit_xavier_normal(a.rng, a.dtype, g.out, sh, a.ndim, d->gain);
        break;
    case 2:
        sc = NNINIT_SCHEME_KAIMING_UNIFORM;
        st = nninit_kaiming_uniform(a.rng, a.dtype, g.out, sh, a.ndim, d->a,
                                    d->mode, d->nonlinearity);
        break;
    case 3:
        sc = NNINIT_SCHEME_KAIMING_NORMAL;
        st = nninit_kaiming_normal(a.rng, a.dtype, g.out, sh, a.ndim, d->a,
                                   d->mode, d->nonlinearity);
        break;
    case 4:
        sc = NNINIT_SCHEME_LECUN_NORMAL;
        st = nninit_lecun_normal(a.rng, a.dtype, g.out, sh, a.ndim);
        break;
    case 5:
        sc = NNINIT_SCHEME_TRUNC_NORMAL;
        st = nninit_trunc_normal(a.rng, a.dtype, g.out, sh, a.ndim, d->mean,
                                 d->std, d->a, d->b);
        break;
    default:
        sc = NNINIT_SCHEME_VARIANCE_SCALING;
        st = nninit_variance_scaling(a.rng, a.dtype, g.out, sh, a.ndim,
                                     d->scale, d->mode, d->distribution);
        break;
    }
    check_status(st, "named initializer");
    fuzz_guard_check(&g, st == NNINIT_OK, "named initializer");
    /* The same through a descriptor: same status, same bytes. */
    nninit_desc_default(sc, &ref);
    ref.gain = d->gain;
    ref.a = d->a;
    ref.b = d->b;
    ref.mean = d->mean;
    ref.std = d->std;
    ref.scale = d->scale;
    ref.mode = d->mode;
    ref.nonlinearity = d->nonlinearity;
    ref.distribution = d->distribution;
    static unsigned char again[FUZZ_CAP];
    nninit_status st2 =
        nninit_init(a.rng, a.dtype, bytes ? again : g.out, sh, a.ndim, &ref);
    if (st2 != st || (st == NNINIT_OK && memcmp(again, g.out, bytes) != 0))
        fuzz_fail("a named initializer differs from its descriptor");
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
    nninit_set_nt_threshold(thresholds[u8(s) % 6]);
    static const int threads[] = {0, 1, 2, -1, INT_MIN, 1000};
    st = nninit_set_num_threads(threads[u8(s) % 6]);
    check_status(st, "set_num_threads");
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
    /* The expected answer, with checked arithmetic: the product of the
     * receptive dims stops mattering at a zero dim (an overflow past it
     * is no overflow). */
    if (m < 254 && ndim >= 2) {
        int neg = 0, zero_seen = 0, over = 0;
        int64_t r = 1;
        for (size_t k = 0; k < ndim; k++)
            neg |= shape[k] < 0;
        for (size_t k = 2; k < ndim && !neg; k++) {
            if (shape[k] == 0)
                zero_seen = 1;
            if (!zero_seen && __builtin_mul_overflow(r, shape[k], &r))
                over = 1;
            if (zero_seen)
                r = 0;
        }
        if (!neg && !over) {
            int64_t x;
            over = __builtin_mul_overflow(shape[1], r, &x) ||
                   __builtin_mul_overflow(shape[0], r, &x);
        }
        ok = !neg && !over;
        if (ok) {
            want_in = shape[1] * r;
            want_out = shape[0] * r;
        }
    }
    if ((st == NNINIT_OK) != ok)
        fuzz_fail("nninit_fans status disagrees with checked arithmetic");
    if (ok && (fi != want_in || fo != want_out))
        fuzz_fail("nninit_fans value disagrees with checked arithmetic");
    if (!ok && (fi != -5 || fo != -5))
        fuzz_fail("nninit_fans wrote its outputs on error");
}

/* ----------------------------------------------------------- the loop */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    src s = {data, size};
    for (int calls = 0; calls < 16 && s.n > 0; calls++) {
        /* Opcode 255 is the name tables, added later: the other values
         * keep their meaning, so older corpus inputs decode as before. */
        uint8_t op = u8(&s);
        switch (op == 255 ? 9 : op % 9) {
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
            op_named(&s);
            break;
        case 7:
            op_fans(&s);
            break;
        case 8:
            op_small(&s);
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
