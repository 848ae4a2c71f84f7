/*
 * nninit: fast, reproducible random fills for neural-network weight
 * initialization.
 *
 * Every value is a pure function of (seed, stream, index), the distribution,
 * its parameters, the method and the output type. It does not depend on the
 * CPU path chosen (scalar, AVX2, AVX-512, NEON), the buffer's alignment, how
 * a range is split into calls, or the thread count. docs/streams.md freezes
 * the mapping.
 *
 * Conventions:
 *   - every function returns nninit_status; NNINIT_OK is 0;
 *   - on any error nothing is written to the output buffer;
 *   - element i of a fill is element (rng.offset + i) of the sequence
 *     (rng.seed, rng.stream);
 *   - bfloat16 and float16 values are returned as uint16_t bit patterns,
 *     rounded to nearest even from the float32 result (then kept inside
 *     the distribution's bounds: uniform never hi, truncated in [a, b]).
 *
 * Ten lines to get going:
 *
 *     #include <nninit.h>
 *     static float w[256 * 784];
 *     int64_t shape[2] = {256, 784};            // torch layout: (out, in)
 *     nninit_rng rng = nninit_rng_make(42, 0);  // seed 42, stream 0
 *     nninit_status st = nninit_kaiming_normal(rng, NNINIT_F32, w, shape, 2,
 *                                              0.0, NNINIT_FAN_IN,
 *                                              NNINIT_RELU);
 *     if (st != NNINIT_OK) fprintf(stderr, "%s\n", nninit_status_str(st));
 */
#ifndef NNINIT_H
#define NNINIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NNINIT_VERSION_MAJOR 0
#define NNINIT_VERSION_MINOR 2
#define NNINIT_VERSION_PATCH 0
#define NNINIT_VERSION_STRING "0.2.0"

#if defined(_WIN32) && defined(NNINIT_BUILDING_DLL)
#define NNINIT_API __declspec(dllexport)
#elif defined(__GNUC__)
#define NNINIT_API __attribute__((visibility("default")))
#else
#define NNINIT_API
#endif

/* ---------------------------------------------------------------- status */

typedef enum nninit_status {
    NNINIT_OK = 0,
    NNINIT_ERR_NULL = 1,       /* a required pointer is NULL */
    NNINIT_ERR_SIZE = 2,       /* n * sizeof(element) overflows, or offset + n
                                  passes 2^64 */
    NNINIT_ERR_STD = 3,        /* std negative or not finite (0 is an error
                                  only for the truncated normal) */
    NNINIT_ERR_PARAM = 4,      /* a parameter is NaN or infinite where it must
                                  be finite (mean, lo, hi, gain, scale, a) */
    NNINIT_ERR_RANGE = 5,      /* uniform: lo >= hi, hi - lo overflows, or no
                                  value of the output type lies in [lo, hi) */
    NNINIT_ERR_BOUNDS = 6,     /* truncated normal: a >= b, or no value of the
                                  output type lies in [a, b] */
    NNINIT_ERR_SHAPE = 7,      /* ndim < 2 (for fans), or a negative dim */
    NNINIT_ERR_FAN = 8,        /* the fan a scheme divides by is zero */
    NNINIT_ERR_ENUM = 9,       /* unknown enum value (dtype, method, mode,
                                  nonlinearity, distribution, isa) */
    NNINIT_ERR_ISA = 10,       /* ISA not supported by this CPU or build */
    NNINIT_ERR_NOMEM = 11,     /* out of memory */
    NNINIT_ERR_IO = 12         /* read or write failed (tool and file I/O) */
} nninit_status;

/* A short, static, non-empty English message for any status value. */
NNINIT_API const char *nninit_status_str(nninit_status status);

/* "MAJOR.MINOR.PATCH" of the library actually linked. */
NNINIT_API const char *nninit_version(void);

/* ------------------------------------------------------------------- ISA */

typedef enum nninit_isa {
    NNINIT_ISA_AUTO = -1, /* only for nninit_isa_force: back to automatic */
    NNINIT_ISA_SCALAR = 0,
    NNINIT_ISA_AVX2 = 1,   /* AVX2 + FMA + F16C (x86-64-v3) */
    NNINIT_ISA_AVX512 = 2, /* AVX-512 F/BW/DQ/VL */
    NNINIT_ISA_NEON = 3,   /* AArch64 Advanced SIMD (SIMDe on x86) */
    NNINIT_ISA_COUNT_ = 4
} nninit_isa;

/* The path fills use now. The first call to any function of the library
 * reads NNINIT_ISA (scalar|avx2|avx512|neon|auto); a bad value never aborts:
 * it is ignored and reported by nninit_isa_env_status(). */
NNINIT_API nninit_isa nninit_isa_active(void);

/* 1 if this build has the path and this CPU (and OS) can run it. */
NNINIT_API int nninit_isa_supported(nninit_isa isa);

/* Pin a path (NNINIT_ISA_AUTO: the best supported). Returns
 * NNINIT_ERR_ISA for a path this CPU or build lacks, NNINIT_ERR_ENUM for a
 * value outside the enum; the active path is unchanged on error. Safe to
 * call from any thread; fills already running finish on the old path. */
NNINIT_API nninit_status nninit_isa_force(nninit_isa isa);

/* "scalar", "avx2", "avx512", "neon", "auto"; "unknown" otherwise. */
NNINIT_API const char *nninit_isa_name(nninit_isa isa);

/* A one-line description, e.g. "AVX2 + FMA + F16C, 8 lanes" or "NEON through
 * SIMDe (emulated on x86)". */
NNINIT_API const char *nninit_isa_description(nninit_isa isa);

/* The CPU features detection found, space-separated (e.g. "sse2 avx avx2 fma
 * avx512f ..." or "asimd"). Static storage. */
NNINIT_API const char *nninit_cpu_features(void);

/* Parse a name as NNINIT_ISA accepts it (case-insensitive). */
NNINIT_API nninit_status nninit_isa_from_name(const char *name,
                                              nninit_isa *isa);

/* What happened to NNINIT_ISA: NNINIT_OK when unset or honoured,
 * NNINIT_ERR_ENUM when its value is unknown, NNINIT_ERR_ISA when the path is
 * not supported here. */
NNINIT_API nninit_status nninit_isa_env_status(void);

/* One line saying why the active path was chosen (e.g. "auto: best
 * supported", "forced by NNINIT_ISA=scalar", "NNINIT_ISA=avx9 is unknown;
 * using auto"). Static storage; valid until the next force. */
NNINIT_API const char *nninit_isa_reason(void);

/* --------------------------------------------------------------- threads */

/* Fills of at least NNINIT_PARALLEL_MIN elements split their index range
 * over a pool of worker threads (started on first need, then reused; a fill
 * that finds the pool busy with another caller's fill runs on its own
 * thread). The output is bit-identical for any thread count.
 * n >= 1 sets the count (1: never use other threads); 0 restores the
 * default: NNINIT_NUM_THREADS if set, else the CPUs this process may use.
 * Negative: NNINIT_ERR_PARAM. */
#define NNINIT_PARALLEL_MIN 131072
NNINIT_API nninit_status nninit_set_num_threads(int n);
NNINIT_API int nninit_get_num_threads(void);

/* Fills whose output is at least `bytes` long are generated into a small
 * cache-resident buffer and copied out with non-temporal stores (AVX2,
 * AVX-512), which avoids reading every output line from memory first. The
 * bits are the same either way. 0 turns it off, which is the default:
 * on the machines measured (docs/threads.md) ordinary stores were faster
 * at every size; set a threshold where your memory system rewards it.
 * Constant fills (constant, zeros, ones, eye, dirac), which compute
 * nothing, stream from 16 MiB on whatever this is set to, or from the
 * threshold if it is lower. */
NNINIT_API void nninit_set_nt_threshold(size_t bytes);
NNINIT_API size_t nninit_get_nt_threshold(void);

/* ---------------------------------------------------------- random source */

/* A value, not a handle: copy it freely. Element i of a fill is element
 * offset + i of the (seed, stream) sequence. */
typedef struct nninit_rng {
    uint64_t seed;
    uint64_t stream;
    uint64_t offset;
} nninit_rng;

static inline nninit_rng nninit_rng_make(uint64_t seed, uint64_t stream)
{
    nninit_rng r;
    r.seed = seed;
    r.stream = stream;
    r.offset = 0;
    return r;
}

/* --------------------------------------------------------------- fills */

typedef enum nninit_dtype {
    NNINIT_F32 = 0,
    NNINIT_F64 = 1,
    NNINIT_BF16 = 2, /* bfloat16 as uint16_t bit patterns */
    NNINIT_F16 = 3   /* IEEE binary16 as uint16_t bit patterns */
} nninit_dtype;

/* Size in bytes of one element of dtype, 0 for an unknown dtype. */
NNINIT_API size_t nninit_dtype_size(nninit_dtype dtype);

typedef enum nninit_method {
    NNINIT_ZIGGURAT = 0, /* default: 256-layer Ziggurat, exact tails */
    NNINIT_BOX_MULLER = 1,
    NNINIT_ICDF = 2 /* inverse normal CDF */
} nninit_method;

/* Raw Philox4x32-10 words: word j of (seed, stream) for j = offset ..
 * offset + n - 1. Word j is word j % 4 of counter block j / 4. */
NNINIT_API nninit_status nninit_fill_bits(nninit_rng rng, uint32_t *out,
                                          size_t n);

/* Uniform on [lo, hi): never returns hi, never below lo. */
NNINIT_API nninit_status nninit_fill_uniform(nninit_rng rng,
                                             nninit_dtype dtype, void *out,
                                             size_t n, double lo, double hi);

/* Normal N(mean, std^2); std >= 0. */
NNINIT_API nninit_status nninit_fill_normal(nninit_rng rng,
                                            nninit_dtype dtype, void *out,
                                            size_t n, double mean, double std,
                                            nninit_method method);

/* Normal N(mean, std^2) truncated to the absolute bounds [a, b] (as
 * torch.nn.init.trunc_normal_); std > 0, a < b, either bound may be
 * infinite. Exact by rejection for any bounds, tails and tiny std included;
 * every value lies in [a, b]. */
NNINIT_API nninit_status nninit_fill_trunc_normal(nninit_rng rng,
                                                  nninit_dtype dtype,
                                                  void *out, size_t n,
                                                  double mean, double std,
                                                  double a, double b);

/* -------------------------------------------------------- initializers */

typedef enum nninit_fan_mode {
    NNINIT_FAN_IN = 0,
    NNINIT_FAN_OUT = 1,
    NNINIT_FAN_AVG = 2 /* variance_scaling only */
} nninit_fan_mode;

typedef enum nninit_nonlinearity {
    NNINIT_LINEAR = 0,
    NNINIT_CONV1D,
    NNINIT_CONV2D,
    NNINIT_CONV3D,
    NNINIT_CONV_TRANSPOSE1D,
    NNINIT_CONV_TRANSPOSE2D,
    NNINIT_CONV_TRANSPOSE3D,
    NNINIT_SIGMOID,
    NNINIT_TANH,
    NNINIT_RELU,
    NNINIT_LEAKY_RELU, /* param: negative slope (torch's default 0.01) */
    NNINIT_SELU
} nninit_nonlinearity;

typedef enum nninit_vs_distribution {
    NNINIT_VS_TRUNCATED_NORMAL = 0,
    NNINIT_VS_NORMAL = 1, /* "untruncated_normal" in Keras/JAX */
    NNINIT_VS_UNIFORM = 2
} nninit_vs_distribution;

/* Where a weight tensor keeps its fan axes. torch: (out, in, k...),
 * fan_in = in * prod(k), fan_out = out * prod(k), at least 2-D. Keras:
 * (k..., in, out), fan_in = in * prod(k), fan_out = out * prod(k); a 1-D
 * shape (n) has fan_in = fan_out = n, a 0-D one 1 and 1. JAX: the axes
 * named by in_axes, out_axes and batch_axes (several each, negative
 * counted from the end, no axis twice), at least 2-D, as
 * jax.nn.initializers' _compute_fans: fan_in = prod(in) * r,
 * fan_out = prod(out) * r, with r the product of the axes in no list. */
typedef enum nninit_fan_layout {
    NNINIT_LAYOUT_TORCH = 0,
    NNINIT_LAYOUT_KERAS = 1,
    NNINIT_LAYOUT_JAX = 2
} nninit_fan_layout;

#define NNINIT_MAX_AXES 8
typedef struct nninit_axes {
    int32_t n; /* 0: JAX's default (in: -2, out: -1, batch: none) */
    int32_t axis[NNINIT_MAX_AXES];
} nninit_axes;

/* Fans in any layout (NULL axes: JAX's defaults). NNINIT_ERR_SHAPE for
 * too few dims, more than 64 (Keras and JAX layouts), an axis out of range
 * or named twice, n outside [0, NNINIT_MAX_AXES]; NNINIT_ERR_ENUM for an
 * unknown layout; then NNINIT_ERR_SIZE for a fan past INT64_MAX (a zero
 * dim among its factors makes it 0). */
NNINIT_API nninit_status nninit_fans_layout(
    const int64_t *shape, size_t ndim, nninit_fan_layout layout,
    const nninit_axes *in_axes, const nninit_axes *out_axes,
    const nninit_axes *batch_axes, int64_t *fan_in, int64_t *fan_out);

/* torch.nn.init.calculate_gain. param is the negative slope for
 * NNINIT_LEAKY_RELU (pass a NaN for torch's default 0.01); ignored
 * otherwise. */
NNINIT_API nninit_status nninit_calculate_gain(nninit_nonlinearity nl,
                                               double param, double *gain);

/* torch's _calculate_fan_in_and_fan_out: shape is (out, in, k...);
 * fan_in = in * prod(k), fan_out = out * prod(k). ndim < 2 is an error;
 * NNINIT_ERR_SIZE for a fan past INT64_MAX (a zero dim makes a fan 0,
 * whatever the other dims). */
NNINIT_API nninit_status nninit_fans(const int64_t *shape, size_t ndim,
                                     int64_t *fan_in, int64_t *fan_out);

/* Number of elements of a shape (every dim >= 0; ndim 0 is a scalar). */
NNINIT_API nninit_status nninit_numel(const int64_t *shape, size_t ndim,
                                      size_t *numel);

/* The initializers fill prod(shape) elements of dtype at out, fans in
 * torch's layout. Normal sampling uses the Ziggurat (nninit_desc.method
 * chooses another for every scheme that samples plain normals). */

/* U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)) */
NNINIT_API nninit_status nninit_xavier_uniform(nninit_rng rng,
                                               nninit_dtype dtype, void *out,
                                               const int64_t *shape,
                                               size_t ndim, double gain);
/* N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out)) */
NNINIT_API nninit_status nninit_xavier_normal(nninit_rng rng,
                                              nninit_dtype dtype, void *out,
                                              const int64_t *shape,
                                              size_t ndim, double gain);
/* U(-b, b), b = gain * sqrt(3 / fan), gain = calculate_gain(nl, a).
 * torch's defaults: a = 0, NNINIT_FAN_IN, NNINIT_LEAKY_RELU. */
NNINIT_API nninit_status nninit_kaiming_uniform(nninit_rng rng,
                                                nninit_dtype dtype, void *out,
                                                const int64_t *shape,
                                                size_t ndim, double a,
                                                nninit_fan_mode mode,
                                                nninit_nonlinearity nl);
/* N(0, s^2), s = gain / sqrt(fan) */
NNINIT_API nninit_status nninit_kaiming_normal(nninit_rng rng,
                                               nninit_dtype dtype, void *out,
                                               const int64_t *shape,
                                               size_t ndim, double a,
                                               nninit_fan_mode mode,
                                               nninit_nonlinearity nl);
/* Keras/JAX lecun_normal: variance_scaling(1, fan_in, truncated_normal). */
NNINIT_API nninit_status nninit_lecun_normal(nninit_rng rng,
                                             nninit_dtype dtype, void *out,
                                             const int64_t *shape,
                                             size_t ndim);
/* torch.nn.init.trunc_normal_ (torch defaults: 0, 1, -2, 2). */
NNINIT_API nninit_status nninit_trunc_normal(nninit_rng rng,
                                             nninit_dtype dtype, void *out,
                                             const int64_t *shape,
                                             size_t ndim, double mean,
                                             double std, double a, double b);
/* Keras/JAX VarianceScaling: n = fan_in, fan_out or their mean;
 * truncated_normal: N(0, s^2) on [-2s, 2s] with
 *   s = sqrt(scale / n) / 0.87962566103423978 (the std of a standard normal
 *   truncated to [-2, 2]), so the variance is scale / n;
 * normal: s = sqrt(scale / n); uniform: U(-l, l), l = sqrt(3 * scale / n).
 * Fans follow torch's layout rules (nninit_fans). scale > 0. */
NNINIT_API nninit_status nninit_variance_scaling(
    nninit_rng rng, nninit_dtype dtype, void *out, const int64_t *shape,
    size_t ndim, double scale, nninit_fan_mode mode,
    nninit_vs_distribution distribution);

/* torch.nn.init.orthogonal_: shape (rows, ...) is flattened to rows x cols
 * (cols = numel / rows); a rows x cols standard normal matrix (element
 * (r, c) is normal number offset + r * cols + c of (seed, stream), by the
 * Ziggurat, in float64 for NNINIT_F64 and float32 otherwise), transposed
 * when rows < cols, is factored A = QR by Householder reflections; Q's
 * columns are multiplied by the signs of R's diagonal (so Q is Haar
 * distributed), transposed back, and scaled by gain. Rows (or columns when
 * rows < cols) are orthonormal times gain. The bits depend only on (seed,
 * stream, offset, shape, gain, dtype): not on the ISA path or the thread
 * count (our own blocked QR, no BLAS/LAPACK). ndim < 2: NNINIT_ERR_SHAPE;
 * zero elements: nothing to do; gain 0: zeros; gain must be finite.
 * Working memory: the matrix in the compute type, max(rows, cols) x
 * min(rows, cols) rounded up to 32 columns, plus 64 * max(rows, cols)
 * elements; O(rows * cols * min(rows, cols)) work, spread over the threads.
 * NNINIT_ERR_NOMEM (nothing written) when that memory is not there. */
NNINIT_API nninit_status nninit_orthogonal(nninit_rng rng, nninit_dtype dtype,
                                           void *out, const int64_t *shape,
                                           size_t ndim, double gain);
/* JAX's delta_orthogonal for a convolution kernel of shape (out, in, k1
 * [, k2 [, k3]]) (ndim 3 to 5, in <= out, else NNINIT_ERR_SHAPE): zeros,
 * except W[:, :, k1/2, k2/2, ...] = the out x in matrix nninit_orthogonal
 * makes for shape (out, in) with the same rng, times gain. */
NNINIT_API nninit_status nninit_delta_orthogonal(nninit_rng rng,
                                                 nninit_dtype dtype,
                                                 void *out,
                                                 const int64_t *shape,
                                                 size_t ndim, double gain);

/* The deterministic initializers (no random source). */
NNINIT_API nninit_status nninit_zeros(nninit_dtype dtype, void *out,
                                      const int64_t *shape, size_t ndim);
NNINIT_API nninit_status nninit_ones(nninit_dtype dtype, void *out,
                                     const int64_t *shape, size_t ndim);
NNINIT_API nninit_status nninit_constant(nninit_dtype dtype, void *out,
                                         const int64_t *shape, size_t ndim,
                                         double value);
/* torch eye_: 2-D, 1 where row == column, else 0 (any rows x cols). */
NNINIT_API nninit_status nninit_eye(nninit_dtype dtype, void *out,
                                    const int64_t *shape, size_t ndim);
/* torch dirac_: 3, 4 or 5-D (out, in, k...), shape[0] divisible by
 * groups >= 1; 1 at [g * out/groups + d, d, centre of each k] for
 * d < min(out/groups, in), else 0. */
NNINIT_API nninit_status nninit_dirac(nninit_dtype dtype, void *out,
                                      const int64_t *shape, size_t ndim,
                                      int64_t groups);
/* torch sparse_: 2-D (rows, cols); in each column ceil(sparsity * rows)
 * rows are 0 and the rest N(0, std^2) (Ziggurat). Which rows: a keyed
 * pseudo-random permutation of the rows per column drawn from the stream
 * (docs/streams.md, "Sparse"), so ranges and blocks equal the whole
 * fill. sparsity in [0, 1]. */
NNINIT_API nninit_status nninit_sparse(nninit_rng rng, nninit_dtype dtype,
                                       void *out, const int64_t *shape,
                                       size_t ndim, double sparsity,
                                       double std);
/* Keras/JAX names, in torch's layout here (nninit_desc has the others);
 * their *_normal are truncated normals, unlike torch's xavier_normal_ and
 * kaiming_normal_: glorot = VS(1, fan_avg), he = VS(2, fan_in),
 * lecun = VS(1, fan_in), with uniform or truncated_normal. */
NNINIT_API nninit_status nninit_glorot_uniform(nninit_rng rng,
                                               nninit_dtype dtype, void *out,
                                               const int64_t *shape,
                                               size_t ndim);
NNINIT_API nninit_status nninit_glorot_normal(nninit_rng rng,
                                              nninit_dtype dtype, void *out,
                                              const int64_t *shape,
                                              size_t ndim);
NNINIT_API nninit_status nninit_he_uniform(nninit_rng rng, nninit_dtype dtype,
                                           void *out, const int64_t *shape,
                                           size_t ndim);
NNINIT_API nninit_status nninit_he_normal(nninit_rng rng, nninit_dtype dtype,
                                          void *out, const int64_t *shape,
                                          size_t ndim);
NNINIT_API nninit_status nninit_lecun_uniform(nninit_rng rng,
                                              nninit_dtype dtype, void *out,
                                              const int64_t *shape,
                                              size_t ndim);

/* Where nninit follows torch on degenerate input: a tensor with no
 * elements is a no-op that succeeds for every scheme (fans and shape rules
 * are not checked; the parameters still are); gain 0 gives zeros; std 0
 * gives the mean (trunc_normal too, when a <= mean <= b).
 * Where it deliberately differs: trunc_normal is exact rejection sampling
 * for any bounds (torch's inverse-CDF collapses onto a bound far in the
 * tail); a >= b is NNINIT_ERR_BOUNDS (torch does not check). */

/* ------------------------------------------- descriptors, ranges, blocks */

/* Every fill and initializer as a value, for code that picks one at run
 * time (a model spec, the tool) and for partial fills. */
typedef enum nninit_scheme {
    NNINIT_SCHEME_CONSTANT = 0, /* value */
    NNINIT_SCHEME_UNIFORM,      /* lo, hi */
    NNINIT_SCHEME_NORMAL,       /* mean, std, method */
    NNINIT_SCHEME_TRUNC_NORMAL, /* mean, std, a, b */
    NNINIT_SCHEME_XAVIER_UNIFORM,  /* gain */
    NNINIT_SCHEME_XAVIER_NORMAL,   /* gain, method */
    NNINIT_SCHEME_KAIMING_UNIFORM, /* a (slope), mode, nonlinearity */
    NNINIT_SCHEME_KAIMING_NORMAL,  /* a (slope), mode, nonlinearity, method */
    NNINIT_SCHEME_LECUN_NORMAL,
    NNINIT_SCHEME_VARIANCE_SCALING, /* scale, mode, distribution, method */
    NNINIT_SCHEME_ORTHOGONAL,       /* gain (nninit_orthogonal) */
    NNINIT_SCHEME_DELTA_ORTHOGONAL, /* gain (nninit_delta_orthogonal) */
    NNINIT_SCHEME_ZEROS,            /* all 0 (torch zeros_) */
    NNINIT_SCHEME_ONES,             /* all 1 (torch ones_) */
    NNINIT_SCHEME_EYE,              /* 2-D identity (torch eye_) */
    NNINIT_SCHEME_DIRAC,            /* 3/4/5-D, groups (torch dirac_) */
    NNINIT_SCHEME_SPARSE,           /* 2-D: sparsity, std, method */
    NNINIT_SCHEME_GLOROT_UNIFORM,   /* Keras/JAX: VS(1, fan_avg, uniform) */
    NNINIT_SCHEME_GLOROT_NORMAL,    /* VS(1, fan_avg, truncated_normal) */
    NNINIT_SCHEME_HE_UNIFORM,       /* VS(2, fan_in, uniform) */
    NNINIT_SCHEME_HE_NORMAL,        /* VS(2, fan_in, truncated_normal) */
    NNINIT_SCHEME_LECUN_UNIFORM,    /* VS(1, fan_in, uniform) */
    NNINIT_SCHEME_COUNT_
} nninit_scheme;

typedef struct nninit_desc {
    nninit_scheme scheme;
    double value;         /* constant */
    double lo, hi;        /* uniform */
    double mean, std;     /* normal, truncated normal */
    double a, b;          /* truncated normal bounds; kaiming: a = slope */
    double gain;          /* xavier, orthogonal */
    double scale;         /* variance scaling */
    nninit_fan_mode mode; /* kaiming, variance scaling */
    nninit_nonlinearity nonlinearity;    /* kaiming */
    nninit_vs_distribution distribution; /* variance scaling */
    nninit_method method;                /* normal sampling method */
    /* Appended in 0.1 for the fan layouts, dirac and sparse. */
    nninit_fan_layout fan_layout; /* every fan-based scheme */
    nninit_axes in_axes, out_axes, batch_axes; /* NNINIT_LAYOUT_JAX */
    int64_t groups;                            /* dirac (>= 1) */
    double sparsity; /* sparse: fraction of zeros per column, in [0, 1] */
} nninit_desc;

/* A descriptor holding the scheme's defaults (torch's for torch schemes:
 * uniform [0, 1), normal (0, 1), trunc_normal (0, 1, -2, 2), gain 1,
 * kaiming a = 0, fan_in, leaky_relu; variance scaling 1, fan_in,
 * truncated normal; Ziggurat; torch layout; groups 1; sparse std 0.01,
 * sparsity 0 (torch has no default)). */
NNINIT_API nninit_status nninit_desc_default(nninit_scheme scheme,
                                             nninit_desc *desc);

/* Initialize a whole tensor of the given shape as desc says. The plain
 * schemes (constant, uniform, normal, trunc normal) accept any ndim. */
NNINIT_API nninit_status nninit_init(nninit_rng rng, nninit_dtype dtype,
                                     void *out, const int64_t *shape,
                                     size_t ndim, const nninit_desc *desc);

/* Elements [first, first + count) of the row-major flattening of that
 * tensor, written to out[0 .. count): exactly the values nninit_init puts
 * there. For streaming a large tensor in bounded memory.
 * Orthogonal schemes are the exception: every element depends on the whole
 * matrix, so nninit_init_range and nninit_init_block compute the whole
 * tensor (its full size in the output dtype, plus nninit_orthogonal's
 * working memory, plus its full O(rows * cols * min(rows, cols)) work) and
 * copy out the part asked for. */
NNINIT_API nninit_status nninit_init_range(nninit_rng rng, nninit_dtype dtype,
                                           void *out, const int64_t *shape,
                                           size_t ndim,
                                           const nninit_desc *desc,
                                           uint64_t first, size_t count);

/* A rectangular block of that tensor: start[k] .. start[k] + extent[k] - 1
 * in each dimension, written densely (row-major, shape = extent) to out.
 * Each rank of a model-parallel trainer fills its own shard; the union of
 * the shards equals the unsharded tensor bit for bit. Fans come from the
 * global shape. */
NNINIT_API nninit_status nninit_init_block(nninit_rng rng, nninit_dtype dtype,
                                           void *out, const int64_t *shape,
                                           size_t ndim, const int64_t *start,
                                           const int64_t *extent,
                                           const nninit_desc *desc);

/* ----------------------------------------------------------------- names */

/* One name table per enum, for the tool, model specs and bindings. The
 * canonical names are torch's and Keras's ("kaiming_normal", "fan_in",
 * "leaky_relu", "truncated_normal", "box_muller", "f32"); *_name returns
 * it, or NULL for a value outside the enum (so counting up from 0 until
 * NULL lists every name). *_from_name is case-sensitive, takes '-' for
 * '_' and accepts aliases ("untruncated_normal"); NNINIT_ERR_ENUM for an
 * unknown name, NNINIT_ERR_NULL for a NULL pointer; *out is written only
 * on success. (nninit_isa_name/nninit_isa_from_name are above.) */
NNINIT_API const char *nninit_scheme_name(nninit_scheme scheme);
NNINIT_API nninit_status nninit_scheme_from_name(const char *name,
                                                 nninit_scheme *out);
NNINIT_API const char *nninit_dtype_name(nninit_dtype dtype);
NNINIT_API nninit_status nninit_dtype_from_name(const char *name,
                                                nninit_dtype *out);
NNINIT_API const char *nninit_method_name(nninit_method method);
NNINIT_API nninit_status nninit_method_from_name(const char *name,
                                                 nninit_method *out);
NNINIT_API const char *nninit_fan_mode_name(nninit_fan_mode mode);
NNINIT_API nninit_status nninit_fan_mode_from_name(const char *name,
                                                   nninit_fan_mode *out);
NNINIT_API const char *nninit_nonlinearity_name(nninit_nonlinearity nl);
NNINIT_API nninit_status nninit_nonlinearity_from_name(
    const char *name, nninit_nonlinearity *out);
NNINIT_API const char *nninit_vs_distribution_name(
    nninit_vs_distribution distribution);
NNINIT_API nninit_status nninit_vs_distribution_from_name(
    const char *name, nninit_vs_distribution *out);
NNINIT_API const char *nninit_fan_layout_name(nninit_fan_layout layout);
NNINIT_API nninit_status nninit_fan_layout_from_name(const char *name,
                                                     nninit_fan_layout *out);

#ifdef __cplusplus
}
#endif

#endif /* NNINIT_H */
