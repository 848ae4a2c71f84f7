/*
 * The public fills: validate every argument first (nothing is written on
 * error), turn the arguments into per-call constants (nn_kparams) in the
 * output precision, then run the active path's kernel.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "../scalar/bf16.h"
#include "../scalar/f16.h"
#include "../scalar/philox.h"
#include "fill.h"
#include "fpenv.h"
#include "kernels.h"
#include "threads.h"

size_t nninit_dtype_size(nninit_dtype dtype)
{
    switch (dtype) {
    case NNINIT_F32:
        return 4;
    case NNINIT_F64:
        return 8;
    case NNINIT_BF16:
    case NNINIT_F16:
        return 2;
    }
    return 0;
}

/* ------------------------------------------------ rounding the parameters */

/* Least float >= x, greatest float <= x, greatest float < x (from double). */
static float f32_up(double x)
{
    float f = (float)x;
    return (double)f < x ? nextafterf(f, INFINITY) : f;
}
static float f32_down(double x)
{
    float f = (float)x;
    return (double)f > x ? nextafterf(f, -INFINITY) : f;
}
static float f32_below(double x)
{
    float f = f32_down(x);
    return (double)f >= x ? nextafterf(f, -INFINITY) : f;
}

/* The same for the 16-bit formats (values returned as floats). A format is
 * its round-to-nearest-even conversion and its widening; stepping one ulp
 * is +-1 on the sign-magnitude bit pattern. */
typedef struct half_fmt {
    uint16_t (*round)(float);
    float (*widen)(uint16_t);
} half_fmt;

static const half_fmt fmt_bf16 = {nn_f32_to_bf16_rne, nn_bf16_to_f32};
static const half_fmt fmt_f16 = {nn_f32_to_f16_rne, nn_f16_to_f32};

static float half_next(const half_fmt *f, float v, int up)
{
    uint16_t h = f->round(v);
    if (v == 0.0f)
        h = up ? 0x0001u : 0x8001u;
    else if ((v > 0.0f) == (up != 0))
        h++;
    else
        h--;
    return f->widen(h);
}
static float half_up(const half_fmt *f, double x)
{
    float v = f->widen(f->round(f32_up(x)));
    return (double)v < x ? half_next(f, v, 1) : v;
}
static float half_down(const half_fmt *f, double x)
{
    float v = f->widen(f->round(f32_down(x)));
    return (double)v > x ? half_next(f, v, 0) : v;
}
static float half_below(const half_fmt *f, double x)
{
    float v = half_down(f, x);
    return (double)v >= x ? half_next(f, v, 0) : v;
}

static const half_fmt *half_of(nninit_dtype dtype)
{
    return dtype == NNINIT_BF16 ? &fmt_bf16
                                : (dtype == NNINIT_F16 ? &fmt_f16 : NULL);
}

/* ------------------------------------------------------------- checks */

static nninit_status check_buffer(nninit_rng rng, nninit_dtype dtype,
                                  const void *out, size_t n)
{
    size_t es = nninit_dtype_size(dtype);
    if (es == 0)
        return NNINIT_ERR_ENUM;
    if (out == NULL)
        return NNINIT_ERR_NULL;
    if (n > PTRDIFF_MAX / es)
        return NNINIT_ERR_SIZE;
    /* The last element index is offset + n - 1 and must not wrap. */
    if (n > 0 && rng.offset > UINT64_MAX - (uint64_t)(n - 1))
        return NNINIT_ERR_SIZE;
    return NNINIT_OK;
}

static void base_params(nn_kparams *p, nninit_rng rng)
{
    memset(p, 0, sizeof *p);
    p->key[0] = (uint32_t)rng.seed;
    p->key[1] = (uint32_t)(rng.seed >> 32);
    p->stream[0] = (uint32_t)rng.stream;
    p->stream[1] = (uint32_t)(rng.stream >> 32);
    p->seed = rng.seed;
    p->stream64 = rng.stream;
    p->first = rng.offset;
    nn_aux_keys_init(p);
}

/* ------------------------------------------------------------ running */

/* bfloat16 and float16 are float32 rounded, so their fills run the float32
 * kernel into a small buffer and convert; chunking keeps memory bounded and
 * is invisible in the output because every element depends only on its
 * index. */
#define HALF_CHUNK 2048

static void run_f32_as_half(nn_half_fn conv, nn_f32_fn f32, nn_kparams p,
                            uint16_t *out, size_t n, float lo, float hi)
{
    float tmp[HALF_CHUNK];
    for (size_t done = 0; done < n;) {
        size_t m = n - done < HALF_CHUNK ? n - done : HALF_CHUNK;
        f32(&p, tmp, m);
        conv(tmp, out + done, m, lo, hi);
        done += m;
        p.first += m;
    }
}

/* One fill on one thread: elements [begin, end) of the call. */
typedef struct fill_job {
    nninit_dtype dtype;
    nn_f32_fn f32;
    nn_f64_fn f64;
    const nn_kernels *k;
    const nn_kparams *p;
    void *out;
    float bf_lo, bf_hi;
    int nt; /* stage through a small buffer and store non-temporally */
} fill_job;

/* Elements [begin, end) of the call, written to dst (element begin). */
static void fill_into(const fill_job *j, size_t begin, size_t end, void *dst)
{
    nn_kparams p = *j->p;
    p.first += begin;
    size_t n = end - begin;
    switch (j->dtype) {
    case NNINIT_F32:
        j->f32(&p, (float *)dst, n);
        break;
    case NNINIT_F64:
        j->f64(&p, (double *)dst, n);
        break;
    case NNINIT_BF16:
        run_f32_as_half(j->k->f32_to_bf16, j->f32, p, (uint16_t *)dst, n,
                        j->bf_lo, j->bf_hi);
        break;
    case NNINIT_F16:
        run_f32_as_half(j->k->f32_to_f16, j->f32, p, (uint16_t *)dst, n,
                        j->bf_lo, j->bf_hi);
        break;
    }
}

/* Staging buffer for non-temporal output: small enough to stay in L1. */
#define NT_STAGE_BYTES 16384

static void run_range(void *ctx, size_t begin, size_t end)
{
    const fill_job *j = ctx;
    const size_t es = nninit_dtype_size(j->dtype);
    unsigned char *out = j->out;
    if (!j->nt) {
        fill_into(j, begin, end, out + begin * es);
        return;
    }
    _Alignas(64) unsigned char stage[NT_STAGE_BYTES];
    const size_t step = NT_STAGE_BYTES / es;
    for (size_t b = begin; b < end; b += step) {
        size_t m = end - b < step ? end - b : step;
        fill_into(j, b, b + m, stage);
        j->k->copy_nt(out + b * es, stage, m * es);
    }
}

/* Chunks of 64 Ki elements: large enough that scheduling costs nothing,
 * small enough to balance two to dozens of threads; a multiple of every
 * vector width and of a Philox block. */
#define PARALLEL_GRAIN 65536


/* One entry for every real-valued fill: picks the kernel for dtype and
 * splits large fills over the worker pool. */
static void run(nninit_dtype dtype, nn_f32_fn f32, nn_f64_fn f64,
                const nn_kernels *k, const nn_kparams *p, void *out, size_t n,
                float bf_lo, float bf_hi)
{
    fill_job j = {dtype, f32, f64, k, p, out, bf_lo, bf_hi, 0};
    if (n == 0)
        return;
    j.nt = n * nninit_dtype_size(dtype) >= nn_nt_threshold();
    if (n < NNINIT_PARALLEL_MIN)
        run_range(&j, 0, n);
    else
        nn_parallel_for(n, PARALLEL_GRAIN, run_range, &j);
}

/* ------------------------------------------------------ constant fills */

/* A constant fill is all stores, so it runs at the speed of the memory
 * system if the stores are wide and, past the caches, do not read each
 * line before overwriting it. Core code has no vector types, so the
 * element is written once into a small aligned block, doubled by memcpy up
 * to CONST_BLOCK bytes, and the output is written from that block:
 * - with memcpy (glibc's vector copy) while the output may fit the caches,
 *   or memset when the element's bytes are all zero;
 * - with the active path's non-temporal copy (the copy_nt slot) from
 *   CONST_NT_MIN bytes on, or from the user's nninit_set_nt_threshold if
 *   lower: the lines are not read from memory first, which is what makes
 *   ordinary stores slow there (docs/threads.md, "Constant fills").
 * Fills of NNINIT_PARALLEL_MIN elements or more are split over the worker
 * pool like the random ones. CONST_BLOCK is a multiple of every element
 * size, so each piece starts on an element of the pattern. */
#define CONST_BLOCK 4096
#define CONST_NT_MIN ((size_t)16 << 20)

typedef struct const_job {
    unsigned char *out;
    size_t es;
    const unsigned char *block; /* the pattern; NULL: all-zero, memset */
    nn_copy_fn copy;
} const_job;

static void copy_plain(void *restrict dst, const void *restrict src,
                       size_t bytes)
{
    memcpy(dst, src, bytes);
}

static void const_range(void *ctx, size_t begin, size_t end)
{
    const const_job *j = ctx;
    unsigned char *o = j->out + begin * j->es;
    size_t bytes = (end - begin) * j->es;
    if (j->block == NULL) {
        memset(o, 0, bytes);
        return;
    }
    while (bytes > 0) {
        size_t m = bytes < CONST_BLOCK ? bytes : CONST_BLOCK;
        j->copy(o, j->block, m);
        o += m;
        bytes -= m;
    }
}

void nn_fill_constant(nninit_dtype dtype, void *out, size_t n, double value)
{
    _Alignas(64) unsigned char block[CONST_BLOCK];
    const size_t es = nninit_dtype_size(dtype), bytes = n * es;
    if (dtype == NNINIT_F32) {
        float v = (float)value;
        memcpy(block, &v, es);
    } else if (dtype == NNINIT_F64) {
        memcpy(block, &value, es);
    } else {
        uint16_t v = dtype == NNINIT_BF16 ? nn_f32_to_bf16_rne((float)value)
                                          : nn_f32_to_f16_rne((float)value);
        memcpy(block, &v, es);
    }
    int zero = 1;
    for (size_t i = 0; i < es; i++)
        zero &= block[i] == 0;
    const_job j = {out, es, block, copy_plain};
    size_t nt_min = nn_nt_threshold();
    if (bytes >= (nt_min < CONST_NT_MIN ? nt_min : CONST_NT_MIN))
        j.copy = nn_dispatch()->copy_nt;
    else if (zero)
        j.block = NULL;
    for (size_t have = es;
         j.block != NULL && have < bytes && have < CONST_BLOCK; have *= 2)
        memcpy(block + have, block, have);
    if (n < NNINIT_PARALLEL_MIN)
        const_range(&j, 0, n);
    else
        nn_parallel_for(n, PARALLEL_GRAIN, const_range, &j);
}

/* -------------------------------------------------------------- fills */

nninit_status nninit_fill_bits(nninit_rng rng, uint32_t *out, size_t n)
{
    if (out == NULL)
        return NNINIT_ERR_NULL;
    if (n > PTRDIFF_MAX / sizeof(uint32_t) ||
        (n > 0 && rng.offset > UINT64_MAX - (uint64_t)(n - 1)))
        return NNINIT_ERR_SIZE;
    nn_kparams p;
    base_params(&p, rng);
    if (n)
        nn_dispatch()->bits(&p, out, n);
    return NNINIT_OK;
}

nninit_status nninit_fill_uniform(nninit_rng rng, nninit_dtype dtype,
                                  void *out, size_t n, double lo, double hi)
{
    NN_FPENV_SCOPE;
    nninit_status st = check_buffer(rng, dtype, out, n);
    if (st != NNINIT_OK)
        return st;
    if (!isfinite(lo) || !isfinite(hi))
        return NNINIT_ERR_PARAM;
    if (!(lo < hi) || !isfinite(hi - lo))
        return NNINIT_ERR_RANGE;

    nn_kparams p;
    base_params(&p, rng);
    float bf_lo = 0, bf_hi = 0;
    if (dtype == NNINIT_F64) {
        p.d_lo = lo;
        p.d_scale = hi - lo;
        p.d_max = nextafter(hi, -INFINITY);
    } else {
        p.f_lo = f32_up(lo);
        p.f_max = f32_below(hi);
        p.f_scale = (float)(hi - lo);
        if (!(p.f_lo <= p.f_max) || !isfinite(p.f_scale) ||
            !isfinite(p.f_lo) || !isfinite(p.f_max))
            return NNINIT_ERR_RANGE;
        const half_fmt *hf = half_of(dtype);
        if (hf) {
            bf_lo = half_up(hf, lo);
            bf_hi = half_below(hf, hi);
            if (!(bf_lo <= bf_hi) || !isfinite(bf_lo) || !isfinite(bf_hi))
                return NNINIT_ERR_RANGE;
        }
    }
    const nn_kernels *k = nn_dispatch();
    run(dtype, k->uniform_f32, k->uniform_f64, k, &p, out, n, bf_lo, bf_hi);
    return NNINIT_OK;
}

/* Checks and constants shared by the normal and truncated normal. */
static nninit_status normal_params(nn_kparams *p, nninit_dtype dtype,
                                   double mean, double std)
{
    if (!isfinite(mean))
        return NNINIT_ERR_PARAM;
    if (!isfinite(std) || std < 0)
        return NNINIT_ERR_STD;
    p->d_mean = mean;
    p->d_std = std;
    p->f_mean = (float)mean;
    p->f_std = (float)std;
    if (dtype != NNINIT_F64) {
        if (!isfinite(p->f_mean))
            return NNINIT_ERR_PARAM;
        if (!isfinite(p->f_std))
            return NNINIT_ERR_STD;
    }
    return NNINIT_OK;
}

nninit_status nninit_fill_normal(nninit_rng rng, nninit_dtype dtype,
                                 void *out, size_t n, double mean, double std,
                                 nninit_method method)
{
    NN_FPENV_SCOPE;
    nninit_status st = check_buffer(rng, dtype, out, n);
    if (st != NNINIT_OK)
        return st;
    if (method != NNINIT_ZIGGURAT && method != NNINIT_BOX_MULLER &&
        method != NNINIT_ICDF)
        return NNINIT_ERR_ENUM;
    nn_kparams p;
    base_params(&p, rng);
    st = normal_params(&p, dtype, mean, std);
    if (st != NNINIT_OK)
        return st;
    const nn_kernels *k = nn_dispatch();
    run(dtype, k->normal_f32[method], k->normal_f64[method], k, &p, out, n,
        -INFINITY, INFINITY);
    return NNINIT_OK;
}

/*
 * The truncated normal is exact by rejection; which proposal is used
 * depends only on the standardized bounds alpha = (a - mean) / std and
 * beta = (b - mean) / std (after Robert, "Simulation of truncated normal
 * variables", Statistics and Computing 5, 1995):
 *   - 0 inside [alpha, beta] and beta - alpha >= sqrt(2 pi): the normal
 *     itself (acceptance >= 0.49; 0.95 for [-2, 2]);
 *   - 0 inside and narrower: uniform on [alpha, beta], accepted with
 *     probability exp(-x^2 / 2) (acceptance >= exp(-pi / 4) ~ 0.46);
 *   - one side of 0 and beta^2 - alpha^2 <= 2 (in distance from 0): uniform,
 *     accepted with exp((alpha^2 - x^2) / 2) >= 1/e;
 *   - one side of 0 otherwise: exponential proposal alpha + E / lambda with
 *     Robert's optimal rate lambda = (alpha + sqrt(alpha^2 + 4)) / 2,
 *     accepted with exp(-(x - lambda)^2 / 2) (>= 0.76 when beta is far).
 * A lower-tail interval is sampled as the mirror of an upper-tail one.
 */
void nn_trunc_choose(nn_kparams *p, double a, double b)
{
    double al = (a - p->d_mean) / p->d_std;
    double be = (b - p->d_mean) / p->d_std;
    p->alpha = al;
    p->beta = be;
    p->trunc_flip = 0;
    if (al <= 0 && be >= 0) {
        p->trunc_regime = (be - al >= 2.5066282746310002) ? NN_TRUNC_NORMAL
                                                          : NN_TRUNC_UNIFORM;
        return;
    }
    double lo = al, hi = be; /* distances from 0 of the near and far bound */
    if (be < 0) {
        lo = -be;
        hi = -al;
        p->trunc_flip = 1;
    }
    if ((hi - lo) * (hi + lo) <= 2.0) {
        p->trunc_regime = NN_TRUNC_UNIFORM;
    } else {
        p->trunc_regime = NN_TRUNC_EXP;
        p->lambda = lo > 1e150 ? lo : 0.5 * (lo + sqrt(lo * lo + 4.0));
    }
}

nninit_status nninit_fill_trunc_normal(nninit_rng rng, nninit_dtype dtype,
                                       void *out, size_t n, double mean,
                                       double std, double a, double b)
{
    NN_FPENV_SCOPE;
    nninit_status st = check_buffer(rng, dtype, out, n);
    if (st != NNINIT_OK)
        return st;
    nn_kparams p;
    base_params(&p, rng);
    st = normal_params(&p, dtype, mean, std);
    if (st != NNINIT_OK)
        return st;
    if (!(std > 0) || (dtype != NNINIT_F64 && !(p.f_std > 0)))
        return NNINIT_ERR_STD;
    if (isnan(a) || isnan(b) || !(a < b) || a == INFINITY || b == -INFINITY)
        return NNINIT_ERR_BOUNDS;
    float bf_a = 0, bf_b = 0;
    p.d_a = a;
    p.d_b = b;
    if (dtype != NNINIT_F64) {
        p.f_a = f32_up(a);
        p.f_b = f32_down(b);
        if (!(p.f_a <= p.f_b) || p.f_a == INFINITY || p.f_b == -INFINITY)
            return NNINIT_ERR_BOUNDS;
        const half_fmt *hf = half_of(dtype);
        if (hf) {
            bf_a = half_up(hf, a);
            bf_b = half_down(hf, b);
            if (!(bf_a <= bf_b) || bf_a == INFINITY || bf_b == -INFINITY)
                return NNINIT_ERR_BOUNDS;
        }
    }
    nn_trunc_choose(&p, a, b);
    const nn_kernels *k = nn_dispatch();
    run(dtype, k->trunc_f32, k->trunc_f64, k, &p, out, n, bf_a, bf_b);
    return NNINIT_OK;
}
