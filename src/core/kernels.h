/*
 * The contract between core code and the kernels of every ISA.
 *
 * Core code validates arguments, turns them into an nn_kparams (all the
 * per-call constants a kernel needs, already in the output precision), and
 * calls a kernel through the dispatch table. A kernel fills out[0..n) with
 * sequence elements first .. first + n - 1 and must give the same bits as the
 * scalar kernel of the same slot for any first, n and alignment of out.
 *
 * This header includes no intrinsics and is shared by every ISA folder.
 */
#ifndef NNINIT_KERNELS_H
#define NNINIT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "nninit.h"

#if defined(__GNUC__)
#define NN_HIDDEN __attribute__((visibility("hidden")))
#define NN_LIKELY(x) __builtin_expect(!!(x), 1)
#define NN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define NN_HIDDEN
#define NN_LIKELY(x) (x)
#define NN_UNLIKELY(x) (x)
#endif

/* Purposes of the auxiliary, element-indexed sequences (docs/streams.md). */
enum nn_aux_purpose {
    NN_AUX_ZIGGURAT = 1, /* wedge and tail of the Ziggurat */
    NN_AUX_TRUNC = 2,    /* attempts of the truncated normal */
    NN_AUX_ICDF = 3      /* extra bits for the far tails of ICDF float32 */
};

/* How the truncated normal samples, chosen per call from (alpha, beta). */
enum nn_trunc_regime {
    NN_TRUNC_NORMAL = 0,  /* propose N(0,1), accept inside [alpha, beta] */
    NN_TRUNC_UNIFORM = 1, /* propose U(alpha, beta), accept exp(...) */
    NN_TRUNC_EXP = 2      /* Robert (1995) shifted exponential, one tail */
};

typedef struct nn_kparams {
    /* Philox key (seed low, seed high) and counter words 2, 3 (stream). */
    uint32_t key[2];
    uint32_t stream[2];
    /* The seed itself, for deriving auxiliary keys, and the derived keys
     * K(seed, purpose, r) of the first two attempts r = 0, 1 of each purpose
     * (index = enum nn_aux_purpose), computed once per call. */
    uint64_t seed;
    uint32_t aux_key0[4][2];
    uint32_t aux_key1[4][2];
    uint64_t stream64;
    /* Sequence index of out[0]. */
    uint64_t first;

    /* Uniform: x = min(fma(u, scale, lo), max); lo is the least value of the
     * output type >= the user's lo, max the greatest value < hi. */
    float f_lo, f_scale, f_max;
    double d_lo, d_scale, d_max;

    /* Normal and truncated normal: x = fma(std, z, mean). */
    float f_mean, f_std;
    double d_mean, d_std;

    /* Truncated normal. f_a/f_b, d_a/d_b: the bounds rounded inward to the
     * output type; alpha/beta: standardized bounds (may be infinite). */
    int trunc_regime;
    int trunc_flip; /* NN_TRUNC_EXP on the lower tail: sample -x */
    float f_a, f_b;
    double d_a, d_b;
    double alpha, beta;
    double lambda; /* NN_TRUNC_EXP: rate of the proposal */
} nn_kparams;

typedef void (*nn_bits_fn)(const nn_kparams *p, uint32_t *restrict out,
                           size_t n);
typedef void (*nn_f32_fn)(const nn_kparams *p, float *restrict out, size_t n);
typedef void (*nn_f64_fn)(const nn_kparams *p, double *restrict out, size_t n);
/* Round to nearest even to a 16-bit format (bfloat16 or binary16), then
 * clamp into [lo, hi] (both exact values of that format given as floats;
 * +-inf for no clamp). NaN stays NaN. */
typedef void (*nn_half_fn)(const float *restrict in, uint16_t *restrict out,
                           size_t n, float lo, float hi);

/* Copy bytes from a small cache-resident buffer to the output, bypassing
 * the caches where the ISA can (non-temporal stores), and order the stores
 * before returning. Used for outputs larger than the last-level cache, where
 * ordinary stores would first read every destination line from memory. */
typedef void (*nn_copy_fn)(void *restrict dst, const void *restrict src,
                           size_t bytes);

/* The one floating-point kernel of the orthogonal initializer's QR
 * (src/core/orth_tpl.h): C (rows x cols) += A (rows x depth) * B (depth x
 * cols), all row-major with the given leading dimensions, where every
 * element is one chain of fused multiply-adds in a fixed order,
 *     c[i][k] = fma(a[i][p], b[p][k], c[i][k])  for p = 0, 1, ..., depth-1,
 * so every path gives the same bits: vectors run across k (independent
 * columns), never across p. A and B do not overlap C. */
typedef void (*nn_gemm_f32_fn)(size_t rows, size_t cols, size_t depth,
                               const float *a, size_t lda, const float *b,
                               size_t ldb, float *c, size_t ldc);
typedef void (*nn_gemm_f64_fn)(size_t rows, size_t cols, size_t depth,
                               const double *a, size_t lda, const double *b,
                               size_t ldb, double *c, size_t ldc);

/* One slot per kernel. The scalar table fills every slot; a vector ISA's
 * table fills only the slots it implements better and leaves the others
 * NULL: src/dispatch inherits each NULL slot from the ISA below it (avx512
 * -> avx2 -> scalar, neon -> scalar; an ISA left out of the build is
 * skipped), once, before any table is published. A new slot must also be
 * added to nn_kernels_inherit (src/dispatch/dispatch.c). */
typedef struct nn_kernels {
    nn_bits_fn bits;
    nn_f32_fn uniform_f32;
    nn_f64_fn uniform_f64;
    nn_f32_fn normal_f32[3]; /* indexed by nninit_method */
    nn_f64_fn normal_f64[3];
    nn_f32_fn trunc_f32;
    nn_f64_fn trunc_f64;
    nn_half_fn f32_to_bf16;
    nn_half_fn f32_to_f16;
    nn_copy_fn copy_nt;
    nn_gemm_f32_fn qr_gemm_f32; /* orthogonal initializer (qr_gemm.h) */
    nn_gemm_f64_fn qr_gemm_f64;
} nn_kernels;

/* The tables each ISA folder exports (only the ones this build has), as
 * written: with NULL slots. Call kernels only through nn_dispatch() or
 * nn_kernels_of(), which give the tables with their slots inherited. */
extern const nn_kernels nn_kernels_scalar NN_HIDDEN;
extern const nn_kernels nn_kernels_avx2 NN_HIDDEN;
extern const nn_kernels nn_kernels_avx512 NN_HIDDEN;
extern const nn_kernels nn_kernels_neon NN_HIDDEN;

/* The table in use (never NULL; selects on first call). */
NN_HIDDEN const nn_kernels *nn_dispatch(void);

/* For tests: the table of `isa` with every slot inherited (NULL when this
 * build has no such path), the table as its folder wrote it, and the ISA
 * it inherits from (isa itself for scalar). */
NN_HIDDEN const nn_kernels *nn_kernels_of(nninit_isa isa);
NN_HIDDEN const nn_kernels *nn_kernels_own(nninit_isa isa);
NN_HIDDEN nninit_isa nn_kernels_base(nninit_isa isa);

#endif /* NNINIT_KERNELS_H */
