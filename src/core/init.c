/*
 * The initializers. Each scheme is resolved, from its descriptor and the
 * tensor's shape, into one concrete fill (constant, uniform, normal or
 * truncated normal with numbers); whole tensors, flat ranges and blocks are
 * then that fill on the right element indices. Formulas and defaults follow
 * torch.nn.init (xavier, kaiming, trunc_normal) and Keras/JAX
 * (variance_scaling, lecun_normal); fans follow torch's layout rules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../scalar/philox.h"
#include "fill.h"
#include "fpenv.h"
#include "nninit.h"
#include "orth.h"

/* C_EYE, C_DIRAC and C_SPARSE depend on where an element sits in the
 * tensor, so they keep the shape; the others only on its sequence index.
 * C_WHOLE: a scheme whose elements all depend on the whole tensor
 * (orthogonal), computed whole even for a range or a block. */
typedef enum {
    C_CONST,
    C_UNIFORM,
    C_NORMAL,
    C_TRUNC,
    C_EYE,
    C_DIRAC,
    C_SPARSE,
    C_WHOLE
} concrete_kind;

typedef struct concrete {
    concrete_kind kind;
    double p0, p1, p2, p3; /* value | lo, hi | mean, std | mean, std, a, b;
                              sparse: 0, std */
    nninit_method method;
    int64_t shape[5]; /* eye, dirac, sparse */
    size_t ndim;
    int64_t groups; /* dirac */
    uint64_t zeros; /* sparse: zero rows per column */
} concrete;

/* One of the fills that depend only on the sequence index. */
static void set_concrete(concrete *c, concrete_kind kind, double p0, double p1,
                         double p2, double p3, nninit_method method)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->p0 = p0;
    c->p1 = p1;
    c->p2 = p2;
    c->p3 = p3;
    c->method = method;
}

/* The standard deviation of a standard normal truncated to [-2, 2], the
 * constant Keras and JAX divide by so that the truncated samples keep the
 * requested variance. */
#define NN_TRUNC2_STD 0.87962566103423978

nninit_status nninit_desc_default(nninit_scheme scheme, nninit_desc *d)
{
    if (d == NULL)
        return NNINIT_ERR_NULL;
    if ((int)scheme < 0 || scheme >= NNINIT_SCHEME_COUNT_)
        return NNINIT_ERR_ENUM;
    memset(d, 0, sizeof *d);
    d->scheme = scheme;
    d->hi = 1.0;
    d->std = 1.0;
    d->a = -2.0;
    d->b = 2.0;
    d->gain = 1.0;
    d->scale = 1.0;
    d->mode = NNINIT_FAN_IN;
    d->nonlinearity = NNINIT_LEAKY_RELU;
    d->distribution = NNINIT_VS_TRUNCATED_NORMAL;
    d->method = NNINIT_ZIGGURAT;
    if (scheme == NNINIT_SCHEME_KAIMING_UNIFORM ||
        scheme == NNINIT_SCHEME_KAIMING_NORMAL)
        d->a = 0.0;
    if (scheme == NNINIT_SCHEME_ONES)
        d->value = 1.0; /* what it fills with; the value is not read */
    if (scheme == NNINIT_SCHEME_SPARSE)
        d->std = 0.01; /* torch sparse_'s default */
    d->fan_layout = NNINIT_LAYOUT_TORCH;
    d->groups = 1;
    return NNINIT_OK;
}

static nninit_status pick_fan(nninit_fan_mode mode, int allow_avg, int empty,
                              int64_t fan_in, int64_t fan_out, double *fan)
{
    switch (mode) {
    case NNINIT_FAN_IN:
        *fan = (double)fan_in;
        break;
    case NNINIT_FAN_OUT:
        *fan = (double)fan_out;
        break;
    case NNINIT_FAN_AVG:
        if (!allow_avg)
            return NNINIT_ERR_ENUM;
        *fan = 0.5 * ((double)fan_in + (double)fan_out);
        break;
    default:
        return NNINIT_ERR_ENUM;
    }
    if (!(*fan > 0) && empty)
        *fan = 1.0; /* nothing to scale: the parameters are still checked */
    return *fan > 0 ? NNINIT_OK : NNINIT_ERR_FAN;
}

/* The (scale, mode, distribution) of the Keras/JAX names. */
static int keras_name(nninit_scheme s, double *scale, nninit_fan_mode *mode,
                      nninit_vs_distribution *dist)
{
    switch (s) {
    case NNINIT_SCHEME_LECUN_NORMAL:
    case NNINIT_SCHEME_LECUN_UNIFORM:
        *scale = 1.0;
        *mode = NNINIT_FAN_IN;
        break;
    case NNINIT_SCHEME_GLOROT_UNIFORM:
    case NNINIT_SCHEME_GLOROT_NORMAL:
        *scale = 1.0;
        *mode = NNINIT_FAN_AVG;
        break;
    case NNINIT_SCHEME_HE_UNIFORM:
    case NNINIT_SCHEME_HE_NORMAL:
        *scale = 2.0;
        *mode = NNINIT_FAN_IN;
        break;
    default:
        return 0;
    }
    *dist = s == NNINIT_SCHEME_LECUN_UNIFORM ||
                    s == NNINIT_SCHEME_GLOROT_UNIFORM ||
                    s == NNINIT_SCHEME_HE_UNIFORM
                ? NNINIT_VS_UNIFORM
                : NNINIT_VS_TRUNCATED_NORMAL;
    return 1;
}

/* The shape-bound schemes: eye (2-D), dirac (3-5-D, groups), sparse (2-D,
 * sparsity). An empty tensor passes the shape rules, as in torch. */
static nninit_status resolve_positional(const nninit_desc *d,
                                        const int64_t *shape, size_t ndim,
                                        int empty, concrete *c)
{
    memset(c, 0, sizeof *c);
    c->method = NNINIT_ZIGGURAT;
    if (empty) {
        c->kind = C_CONST;
        return NNINIT_OK;
    }
    memcpy(c->shape, shape, (ndim < 5 ? ndim : 5) * sizeof *shape);
    c->ndim = ndim;
    switch (d->scheme) {
    case NNINIT_SCHEME_EYE:
        if (ndim != 2)
            return NNINIT_ERR_SHAPE;
        c->kind = C_EYE;
        return NNINIT_OK;
    case NNINIT_SCHEME_DIRAC:
        if (ndim < 3 || ndim > 5)
            return NNINIT_ERR_SHAPE;
        if (d->groups < 1 || shape[0] % d->groups != 0)
            return NNINIT_ERR_PARAM;
        c->kind = C_DIRAC;
        c->groups = d->groups;
        return NNINIT_OK;
    default: /* sparse */
        if (ndim != 2)
            return NNINIT_ERR_SHAPE;
        c->kind = C_SPARSE;
        c->p0 = 0.0;
        c->p1 = d->std;
        c->method = d->method;
        /* torch: int(math.ceil(sparsity * rows)), in double. */
        c->zeros = (uint64_t)ceil(d->sparsity * (double)shape[0]);
        if (c->zeros > (uint64_t)shape[0])
            c->zeros = (uint64_t)shape[0];
        return NNINIT_OK;
    }
}

static nninit_status resolve(const nninit_desc *d, const int64_t *shape,
                             size_t ndim, int empty, concrete *c)
{
    int64_t fi = 0, fo = 0;
    double fan, gain, std;
    nninit_status st;
    memset(c, 0, sizeof *c);
    c->method = NNINIT_ZIGGURAT;
    switch (d->scheme) {
    case NNINIT_SCHEME_CONSTANT:
        if (!isfinite(d->value))
            return NNINIT_ERR_PARAM;
        c->kind = C_CONST;
        c->p0 = d->value;
        return NNINIT_OK;
    case NNINIT_SCHEME_ZEROS:
    case NNINIT_SCHEME_ONES:
        c->kind = C_CONST;
        c->p0 = d->scheme == NNINIT_SCHEME_ONES ? 1.0 : 0.0;
        return NNINIT_OK;
    case NNINIT_SCHEME_UNIFORM:
        set_concrete(c, C_UNIFORM, d->lo, d->hi, 0, 0, NNINIT_ZIGGURAT);
        return NNINIT_OK;
    case NNINIT_SCHEME_NORMAL:
        set_concrete(c, C_NORMAL, d->mean, d->std, 0, 0, d->method);
        return NNINIT_OK;
    case NNINIT_SCHEME_TRUNC_NORMAL:
        /* torch: std 0 gives the mean. Bounds are still checked. */
        if (d->std == 0.0 && isfinite(d->mean) && !isnan(d->a) &&
            !isnan(d->b)) {
            if (!(d->a < d->b) || d->mean < d->a || d->mean > d->b)
                return NNINIT_ERR_BOUNDS;
            set_concrete(c, C_CONST, d->mean, 0, 0, 0, NNINIT_ZIGGURAT);
            return NNINIT_OK;
        }
        set_concrete(c, C_TRUNC, d->mean, d->std, d->a, d->b, NNINIT_ZIGGURAT);
        return NNINIT_OK;
    case NNINIT_SCHEME_EYE:
    case NNINIT_SCHEME_DIRAC:
        return resolve_positional(d, shape, ndim, empty, c);
    case NNINIT_SCHEME_SPARSE:
        if (!(d->sparsity >= 0.0 && d->sparsity <= 1.0))
            return NNINIT_ERR_PARAM;
        if (!isfinite(d->std) || d->std < 0)
            return NNINIT_ERR_STD;
        if ((int)d->method < 0 || d->method > NNINIT_ICDF)
            return NNINIT_ERR_ENUM;
        return resolve_positional(d, shape, ndim, empty, c);
    default:
        break;
    }
    if ((int)d->scheme < 0 || d->scheme >= NNINIT_SCHEME_COUNT_)
        return NNINIT_ERR_ENUM;
    /* The remaining schemes scale by fans of the (global) shape; an empty
     * tensor needs none (torch returns before computing them). */
    st = nninit_fans_layout(shape, ndim, d->fan_layout, &d->in_axes,
                            &d->out_axes, &d->batch_axes, &fi, &fo);
    if (st != NNINIT_OK) {
        if (!empty || st == NNINIT_ERR_ENUM)
            return st;
        fi = fo = 1;
    }
    switch (d->scheme) {
    case NNINIT_SCHEME_XAVIER_UNIFORM:
    case NNINIT_SCHEME_XAVIER_NORMAL:
        if (!isfinite(d->gain) || d->gain < 0)
            return NNINIT_ERR_PARAM;
        /* Each fan fits an int64 but their sum may not: add as doubles
         * (exact below 2^53, where every real layer lies). */
        if (fi == 0 && fo == 0) {
            if (!empty)
                return NNINIT_ERR_FAN;
            fi = 1;
        }
        std = d->gain * sqrt(2.0 / ((double)fi + (double)fo));
        if (d->scheme == NNINIT_SCHEME_XAVIER_NORMAL)
            set_concrete(c, C_NORMAL, 0.0, std, 0, 0, d->method);
        else if (std == 0.0) /* gain 0: zeros, as torch */
            set_concrete(c, C_CONST, 0.0, 0, 0, 0, NNINIT_ZIGGURAT);
        else
            set_concrete(c, C_UNIFORM, -sqrt(3.0) * std, sqrt(3.0) * std, 0, 0,
                         NNINIT_ZIGGURAT);
        return NNINIT_OK;
    case NNINIT_SCHEME_KAIMING_UNIFORM:
    case NNINIT_SCHEME_KAIMING_NORMAL:
        if (!isfinite(d->a))
            return NNINIT_ERR_PARAM;
        st = nninit_calculate_gain(d->nonlinearity, d->a, &gain);
        if (st != NNINIT_OK)
            return st;
        st = pick_fan(d->mode, 0, empty, fi, fo, &fan);
        if (st != NNINIT_OK)
            return st;
        std = gain / sqrt(fan);
        if (d->scheme == NNINIT_SCHEME_KAIMING_NORMAL)
            set_concrete(c, C_NORMAL, 0.0, std, 0, 0, d->method);
        else
            set_concrete(c, C_UNIFORM, -sqrt(3.0) * std, sqrt(3.0) * std, 0, 0,
                         NNINIT_ZIGGURAT);
        return NNINIT_OK;
    case NNINIT_SCHEME_VARIANCE_SCALING:
    default: {
        double scale = d->scale;
        nninit_fan_mode mode = d->mode;
        nninit_vs_distribution dist = d->distribution;
        keras_name(d->scheme, &scale, &mode, &dist);
        if (dist != NNINIT_VS_TRUNCATED_NORMAL && dist != NNINIT_VS_NORMAL &&
            dist != NNINIT_VS_UNIFORM)
            return NNINIT_ERR_ENUM;
        if (!isfinite(scale) || !(scale > 0))
            return NNINIT_ERR_PARAM;
        st = pick_fan(mode, 1, empty, fi, fo, &fan);
        if (st != NNINIT_OK)
            return st;
        double variance = scale / fan;
        if (dist == NNINIT_VS_TRUNCATED_NORMAL) {
            double s = sqrt(variance) / NN_TRUNC2_STD;
            set_concrete(c, C_TRUNC, 0.0, s, -2.0 * s, 2.0 * s,
                         NNINIT_ZIGGURAT);
        } else if (dist == NNINIT_VS_NORMAL) {
            set_concrete(c, C_NORMAL, 0.0, sqrt(variance), 0, 0, d->method);
        } else {
            double limit = sqrt(3.0 * variance);
            set_concrete(c, C_UNIFORM, -limit, limit, 0, 0, NNINIT_ZIGGURAT);
        }
        return NNINIT_OK;
    }
    }
}

/* A constant fill's checks, then the fill (src/core/fill.c). The byte
 * count is checked once for every kind, in run_concrete. */
static nninit_status fill_constant(nninit_dtype dtype, void *out, size_t n,
                                   double value)
{
    if (dtype != NNINIT_F64 && !isfinite((float)value))
        return NNINIT_ERR_PARAM;
    if (dtype == NNINIT_F16 && !(fabs(value) < 65520.0))
        return NNINIT_ERR_PARAM; /* would round to infinity */
    nn_fill_constant(dtype, out, n, value);
    return NNINIT_OK;
}

/* Writes 1 at element idx of out when idx is in [first, first + n). */
static void put_one(nninit_dtype dtype, void *out, uint64_t first, size_t n,
                    uint64_t idx)
{
    if (idx >= first && idx - first < n)
        nn_fill_constant(dtype,
                         (unsigned char *)out +
                             (size_t)(idx - first) * nninit_dtype_size(dtype),
                         1, 1.0);
}

/* Sparse's row choice (docs/streams.md, "Sparse"): column c permutes its
 * rows with a 4-round Feistel network over 2h bits keyed by the block
 * philox(K(seed, 4, 0), (c, stream)), walking cycles until the image is a
 * row; row r is zero when its image is below the zero count. The
 * permutation is a bijection, so every column has exactly that many
 * zeros, and each element's fate depends only on its own (row, column). */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

static uint64_t sparse_permute(const uint32_t key[4], unsigned h, uint64_t rows,
                               uint64_t x)
{
    const uint64_t mask = (UINT64_C(1) << h) - 1; /* h <= 32 */
    do {
        uint64_t l = x >> h, r = x & mask;
        for (int k = 0; k < 4; k++) {
            uint64_t f = mix64((uint64_t)key[k] << 32 | r) & mask;
            uint64_t t = l ^ f;
            l = r;
            r = t;
        }
        x = l << h | r;
    } while (x >= rows);
    return x;
}

static void sparse_column_key(nninit_rng rng, uint64_t col, uint32_t key[4])
{
    uint32_t k2[2];
    uint32_t ctr[4] = {(uint32_t)col, (uint32_t)(col >> 32),
                       (uint32_t)rng.stream, (uint32_t)(rng.stream >> 32)};
    nn_aux_key(rng.seed, 4, 0, k2);
    nn_philox4x32_10(ctr, k2, key);
}

/* Zeroes the chosen elements of [first, first + n) after the normals. */
static void sparse_mask(const concrete *c, nninit_rng rng, nninit_dtype dtype,
                        void *out, uint64_t first, size_t n)
{
    const uint64_t rows = (uint64_t)c->shape[0], cols = (uint64_t)c->shape[1];
    const size_t es = nninit_dtype_size(dtype);
    unsigned bits = 0, h;
    uint32_t key[4] = {0, 0, 0, 0};
    uint64_t key_col = UINT64_MAX;
    if (c->zeros == 0)
        return;
    while (bits < 64 && (rows - 1) >> bits != 0)
        bits++;
    h = bits < 2 ? 1 : (bits + 1) / 2;
    /* Column by column, so that each column's key is made once per call. */
    for (uint64_t col = 0; col < cols && col < n; col++) {
        uint64_t c0 = (first + col) % cols; /* this pass's column */
        if (c0 != key_col) {
            sparse_column_key(rng, c0, key);
            key_col = c0;
        }
        for (uint64_t i = col; i < n; i += cols) {
            uint64_t row = (first + i) / cols;
            if (sparse_permute(key, h, rows, row) < c->zeros)
                memset((unsigned char *)out + i * es, 0, es); /* +0.0 */
        }
    }
}

/* Elements [first, first + n) of the tensor whose element 0 is sequence
 * element rng.offset. The byte count is checked before any kind writes:
 * eye and dirac write zeros and then their ones, sparse normals and then
 * its zeros, and none may fail half-way. dtype is valid (prepare). */
static nninit_status run_concrete(const concrete *c, nninit_rng rng,
                                  uint64_t first, nninit_dtype dtype, void *out,
                                  size_t n)
{
    nninit_rng at = rng;
    nninit_status st;
    at.offset += first;
    if (n > PTRDIFF_MAX / nninit_dtype_size(dtype))
        return NNINIT_ERR_SIZE;
    switch (c->kind) {
    case C_CONST:
        return fill_constant(dtype, out, n, c->p0);
    case C_UNIFORM:
        return nninit_fill_uniform(at, dtype, out, n, c->p0, c->p1);
    case C_NORMAL:
        return nninit_fill_normal(at, dtype, out, n, c->p0, c->p1, c->method);
    case C_TRUNC:
        return nninit_fill_trunc_normal(at, dtype, out, n, c->p0, c->p1, c->p2,
                                        c->p3);
    case C_EYE: {
        const uint64_t cols = (uint64_t)c->shape[1];
        const uint64_t diag =
            (uint64_t)(c->shape[0] < c->shape[1] ? c->shape[0] : c->shape[1]);
        nn_fill_constant(dtype, out, n, 0.0);
        for (uint64_t r = first / cols;
             n > 0 && r <= (first + n - 1) / cols && r < diag; r++)
            put_one(dtype, out, first, n, r * cols + r);
        return NNINIT_OK;
    }
    case C_DIRAC: {
        uint64_t k = 1, centre = 0;
        for (size_t j = 2; j < c->ndim; j++) {
            k *= (uint64_t)c->shape[j];
            centre =
                centre * (uint64_t)c->shape[j] + (uint64_t)(c->shape[j] / 2);
        }
        const uint64_t in = (uint64_t)c->shape[1], inner = in * k;
        const uint64_t per_group = (uint64_t)(c->shape[0] / c->groups);
        const uint64_t min_dim = per_group < in ? per_group : in;
        nn_fill_constant(dtype, out, n, 0.0);
        for (uint64_t o = first / inner; n > 0 && o <= (first + n - 1) / inner;
             o++) {
            uint64_t d = o % per_group;
            if (d < min_dim)
                put_one(dtype, out, first, n, o * inner + d * k + centre);
        }
        return NNINIT_OK;
    }
    default: /* C_SPARSE (C_WHOLE never comes here: see nninit_init) */
        st = nninit_fill_normal(at, dtype, out, n, 0.0, c->p1, c->method);
        if (st == NNINIT_OK)
            sparse_mask(c, rng, dtype, out, first, n);
        return st;
    }
}

/* Everything that can fail, checked before anything is written: the
 * buffer, the shape, the scheme's parameters (by a zero-length fill, which
 * validates all of them) and that the last element index stays below
 * 2^64. */
static nninit_status prepare(nninit_rng rng, nninit_dtype dtype,
                             const void *out, const int64_t *shape,
                             size_t ndim, const nninit_desc *d, size_t *numel,
                             concrete *c)
{
    if (nninit_dtype_size(dtype) == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL || d == NULL || (ndim > 0 && shape == NULL))
        return NNINIT_ERR_NULL;
    nninit_status st;
    /* The orthogonal schemes are checked by the function that checks
     * nninit_orthogonal and nninit_delta_orthogonal, before anything else,
     * so that both forms refuse an input with the same status. */
    if (d->scheme == NNINIT_SCHEME_ORTHOGONAL ||
        d->scheme == NNINIT_SCHEME_DELTA_ORTHOGONAL) {
        int delta = d->scheme == NNINIT_SCHEME_DELTA_ORTHOGONAL;
        memset(c, 0, sizeof *c);
        c->kind = C_WHOLE;
        c->p0 = d->gain;
        c->p1 = delta;
        st = nn_orth_check(rng, dtype, out, shape, ndim, d->gain, delta);
        return st != NNINIT_OK ? st : nninit_numel(shape, ndim, numel);
    }
    st = nninit_numel(shape, ndim, numel);
    if (st != NNINIT_OK)
        return st;
    st = resolve(d, shape, ndim, *numel == 0, c);
    if (st != NNINIT_OK)
        return st;
    unsigned char probe[8];
    st = run_concrete(c, rng, 0, dtype, probe, 0);
    if (st != NNINIT_OK)
        return st;
    if (*numel > 0 && rng.offset > UINT64_MAX - (uint64_t)(*numel - 1))
        return NNINIT_ERR_SIZE;
    return NNINIT_OK;
}

nninit_status nninit_init(nninit_rng rng, nninit_dtype dtype, void *out,
                          const int64_t *shape, size_t ndim,
                          const nninit_desc *desc)
{
    NN_FPENV_SCOPE;
    size_t n;
    concrete c;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    if (c.kind == C_WHOLE)
        return nn_orth_fill(rng, dtype, out, shape, ndim, c.p0, c.p1 != 0);
    return run_concrete(&c, rng, 0, dtype, out, n);
}

/* The whole tensor of a C_WHOLE scheme in a new buffer (*whole; NULL and
 * NNINIT_OK when it has no elements). */
static nninit_status compute_whole(const concrete *c, nninit_rng rng,
                                   nninit_dtype dtype, const int64_t *shape,
                                   size_t ndim, size_t n, void **whole)
{
    *whole = NULL;
    if (n == 0)
        return NNINIT_OK;
    *whole = malloc(n * nninit_dtype_size(dtype));
    if (*whole == NULL)
        return NNINIT_ERR_NOMEM;
    nninit_status st =
        nn_orth_fill(rng, dtype, *whole, shape, ndim, c->p0, c->p1 != 0);
    if (st != NNINIT_OK) {
        free(*whole);
        *whole = NULL;
    }
    return st;
}

nninit_status nninit_init_range(nninit_rng rng, nninit_dtype dtype,
                                void *out, const int64_t *shape, size_t ndim,
                                const nninit_desc *desc, uint64_t first,
                                size_t count)
{
    NN_FPENV_SCOPE;
    size_t n;
    concrete c;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    if (first > n || count > n - first)
        return NNINIT_ERR_SIZE;
    if (c.kind == C_WHOLE) {
        void *whole;
        if (count == 0)
            return NNINIT_OK;
        st = compute_whole(&c, rng, dtype, shape, ndim, n, &whole);
        if (st != NNINIT_OK)
            return st;
        const size_t es = nninit_dtype_size(dtype);
        memcpy(out, (unsigned char *)whole + first * es, count * es);
        free(whole);
        return NNINIT_OK;
    }
    return run_concrete(&c, rng, first, dtype, out, count);
}

nninit_status nninit_init_block(nninit_rng rng, nninit_dtype dtype, void *out,
                                const int64_t *shape, size_t ndim,
                                const int64_t *start, const int64_t *extent,
                                const nninit_desc *desc)
{
    NN_FPENV_SCOPE;
    size_t n;
    concrete c;
    /* ndim 0 (a scalar) reads neither array, so they may be NULL then. */
    if (ndim > 0 && (start == NULL || extent == NULL))
        return NNINIT_ERR_NULL;
    nninit_status st = prepare(rng, dtype, out, shape, ndim, desc, &n, &c);
    if (st != NNINIT_OK)
        return st;
    size_t rows = 1, row_len = 1;
    for (size_t k = 0; k < ndim; k++) {
        if (start[k] < 0 || extent[k] < 0 || start[k] > shape[k] ||
            extent[k] > shape[k] - start[k])
            return NNINIT_ERR_SHAPE;
        /* The block has at most as many elements as the tensor, whose
         * count fits a size_t (prepare): no overflow. */
        if (k + 1 < ndim)
            rows *= (size_t)extent[k];
        else
            row_len = (size_t)extent[k];
    }
    if (rows == 0 || row_len == 0)
        return NNINIT_OK;
    /* The block is written densely to out: its bytes must be addressable,
     * as for any fill of rows * row_len elements. */
    const size_t es = nninit_dtype_size(dtype);
    if (rows > PTRDIFF_MAX / es / row_len)
        return NNINIT_ERR_SIZE;
    if (ndim == 0) /* a scalar: its one element (no whole-tensor scheme
                      takes ndim 0) */
        return run_concrete(&c, rng, 0, dtype, out, 1);
    void *whole = NULL;
    if (c.kind == C_WHOLE) {
        st = compute_whole(&c, rng, dtype, shape, ndim, n, &whole);
        if (st != NNINIT_OK)
            return st;
    }
    unsigned char *o = out;
    for (size_t r = 0; r < rows; r++) {
        /* Flat index of row r's first element in the global tensor: r
         * written in the mixed radix of the leading extents is the row's
         * position in the block. Every extent is positive here, so every
         * dim is, and the sum stays below numel. Recomputed per row, so
         * any ndim works without storage. */
        uint64_t flat = (uint64_t)start[ndim - 1];
        uint64_t stride = (uint64_t)shape[ndim - 1];
        size_t rest = r;
        for (size_t k = ndim - 1; k-- > 0;) {
            size_t digit = rest % (size_t)extent[k];
            rest /= (size_t)extent[k];
            flat += ((uint64_t)start[k] + digit) * stride;
            stride *= (uint64_t)shape[k];
        }
        if (whole)
            memcpy(o + r * row_len * es, (unsigned char *)whole + flat * es,
                   row_len * es);
        else
            st = run_concrete(&c, rng, flat, dtype, o + r * row_len * es,
                              row_len);
        if (st != NNINIT_OK)
            return st; /* unreachable: prepare validated every input */
    }
    free(whole);
    return NNINIT_OK;
}

/* ------------------------------------------------ the named initializers */

static nninit_status init_with(nninit_rng rng, nninit_dtype dtype, void *out,
                               const int64_t *shape, size_t ndim,
                               nninit_desc *d)
{
    return nninit_init(rng, dtype, out, shape, ndim, d);
}

nninit_status nninit_xavier_uniform(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double gain)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_XAVIER_UNIFORM, &d);
    d.gain = gain;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_xavier_normal(nninit_rng rng, nninit_dtype dtype,
                                   void *out, const int64_t *shape,
                                   size_t ndim, double gain)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_XAVIER_NORMAL, &d);
    d.gain = gain;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

static nninit_status kaiming(nninit_scheme s, nninit_rng rng,
                             nninit_dtype dtype, void *out,
                             const int64_t *shape, size_t ndim, double a,
                             nninit_fan_mode mode, nninit_nonlinearity nl)
{
    nninit_desc d;
    nninit_desc_default(s, &d);
    d.a = a;
    d.mode = mode;
    d.nonlinearity = nl;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_kaiming_uniform(nninit_rng rng, nninit_dtype dtype,
                                     void *out, const int64_t *shape,
                                     size_t ndim, double a,
                                     nninit_fan_mode mode,
                                     nninit_nonlinearity nl)
{
    return kaiming(NNINIT_SCHEME_KAIMING_UNIFORM, rng, dtype, out, shape, ndim,
                   a, mode, nl);
}

nninit_status nninit_kaiming_normal(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim, double a,
                                    nninit_fan_mode mode,
                                    nninit_nonlinearity nl)
{
    return kaiming(NNINIT_SCHEME_KAIMING_NORMAL, rng, dtype, out, shape, ndim,
                   a, mode, nl);
}

nninit_status nninit_lecun_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_LECUN_NORMAL, &d);
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_trunc_normal(nninit_rng rng, nninit_dtype dtype,
                                  void *out, const int64_t *shape,
                                  size_t ndim, double mean, double std,
                                  double a, double b)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_TRUNC_NORMAL, &d);
    d.mean = mean;
    d.std = std;
    d.a = a;
    d.b = b;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_variance_scaling(nninit_rng rng, nninit_dtype dtype,
                                      void *out, const int64_t *shape,
                                      size_t ndim, double scale,
                                      nninit_fan_mode mode,
                                      nninit_vs_distribution distribution)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_VARIANCE_SCALING, &d);
    d.scale = scale;
    d.mode = mode;
    d.distribution = distribution;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

/* The deterministic schemes take no random source; any rng gives the same
 * values. */
static nninit_status init_fixed(nninit_scheme s, nninit_dtype dtype,
                                void *out, const int64_t *shape, size_t ndim,
                                double value, int64_t groups)
{
    nninit_desc d;
    nninit_desc_default(s, &d);
    d.value = value;
    d.groups = groups;
    return init_with(nninit_rng_make(0, 0), dtype, out, shape, ndim, &d);
}

nninit_status nninit_zeros(nninit_dtype dtype, void *out, const int64_t *shape,
                           size_t ndim)
{
    return init_fixed(NNINIT_SCHEME_ZEROS, dtype, out, shape, ndim, 0.0, 1);
}

nninit_status nninit_ones(nninit_dtype dtype, void *out, const int64_t *shape,
                          size_t ndim)
{
    return init_fixed(NNINIT_SCHEME_ONES, dtype, out, shape, ndim, 1.0, 1);
}

nninit_status nninit_constant(nninit_dtype dtype, void *out,
                              const int64_t *shape, size_t ndim, double value)
{
    return init_fixed(NNINIT_SCHEME_CONSTANT, dtype, out, shape, ndim, value,
                      1);
}

nninit_status nninit_eye(nninit_dtype dtype, void *out, const int64_t *shape,
                         size_t ndim)
{
    return init_fixed(NNINIT_SCHEME_EYE, dtype, out, shape, ndim, 0.0, 1);
}

nninit_status nninit_dirac(nninit_dtype dtype, void *out, const int64_t *shape,
                           size_t ndim, int64_t groups)
{
    return init_fixed(NNINIT_SCHEME_DIRAC, dtype, out, shape, ndim, 0.0,
                      groups);
}

nninit_status nninit_sparse(nninit_rng rng, nninit_dtype dtype, void *out,
                            const int64_t *shape, size_t ndim, double sparsity,
                            double std)
{
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_SPARSE, &d);
    d.sparsity = sparsity;
    d.std = std;
    return init_with(rng, dtype, out, shape, ndim, &d);
}

static nninit_status keras(nninit_scheme s, nninit_rng rng, nninit_dtype dtype,
                           void *out, const int64_t *shape, size_t ndim)
{
    nninit_desc d;
    nninit_desc_default(s, &d);
    return init_with(rng, dtype, out, shape, ndim, &d);
}

nninit_status nninit_glorot_uniform(nninit_rng rng, nninit_dtype dtype,
                                    void *out, const int64_t *shape,
                                    size_t ndim)
{
    return keras(NNINIT_SCHEME_GLOROT_UNIFORM, rng, dtype, out, shape, ndim);
}

nninit_status nninit_glorot_normal(nninit_rng rng, nninit_dtype dtype,
                                   void *out, const int64_t *shape,
                                   size_t ndim)
{
    return keras(NNINIT_SCHEME_GLOROT_NORMAL, rng, dtype, out, shape, ndim);
}

nninit_status nninit_he_uniform(nninit_rng rng, nninit_dtype dtype, void *out,
                                const int64_t *shape, size_t ndim)
{
    return keras(NNINIT_SCHEME_HE_UNIFORM, rng, dtype, out, shape, ndim);
}

nninit_status nninit_he_normal(nninit_rng rng, nninit_dtype dtype, void *out,
                               const int64_t *shape, size_t ndim)
{
    return keras(NNINIT_SCHEME_HE_NORMAL, rng, dtype, out, shape, ndim);
}

nninit_status nninit_lecun_uniform(nninit_rng rng, nninit_dtype dtype,
                                   void *out, const int64_t *shape,
                                   size_t ndim)
{
    return keras(NNINIT_SCHEME_LECUN_UNIFORM, rng, dtype, out, shape, ndim);
}
