/*
 * The loop shared by the AVX2 kernels whose elements each take one or two
 * whole words of the main sequence (bits, uniform, Ziggurat, inverse CDF,
 * Box-Muller float32): it runs Philox over sets of 8 blocks and hands each
 * set's 32 words, in memory order, to a kernel-specific function that
 * writes the set's 128 bytes of output (32 float32 or 16 float64).
 *
 * Any first element, count and alignment: the main loop works on whole
 * sets starting at the block boundary that follows the first element; a
 * partial set at either end is computed whole into a stack buffer and the
 * needed part copied, so every element gets exactly the value the set
 * structure gives it, whatever n and first are.
 *
 * Kernels with rare lanes that must go to a scalar slow path record them
 * (nn_defer) and finish them after the vector work (nn_defer_flush), so the
 * vector loop never waits for a slow lane. A record names its element by
 * index, so the flush skips elements outside [first, first + n) that the
 * partial sets at the ends computed into the stack buffer.
 */
#ifndef NNINIT_LOOP_AVX2_H
#define NNINIT_LOOP_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../core/kernels.h"
#include "philox_avx2.h"

/* Sets in flight per iteration of the main loop: Philox's products have
 * latency, and independent sets fill the pipes (measured on Zen 4: 1 set
 * 0.60 ns/word, 2 sets 0.45, 3 sets 0.39, 4 sets 0.37). */
#ifndef NN_AVX2_SETS
#define NN_AVX2_SETS 4
#endif

/* Writes the 128 output bytes of the set whose first element is e0. */
typedef void (*nn_set_fn)(void *ctx, __m256i w[4], uint64_t e0, void *dst);

/*
 * Fill out[0..n) (element size 4 << lg_wpe bytes, lg_wpe = log2 of the
 * words per element: 0 or 1) with elements p->first ... through fn, which
 * gets each set's words in memory order, or untransposed when raw is set
 * (see nn_px_gen; fn then owns the transpose).
 */
NN_AINLINE void nn_run_sets_ex(const nn_kparams *p, void *out, size_t n,
                               unsigned lg_wpe, int raw, void *ctx,
                               nn_set_fn fn)
{
    const unsigned epb = 4u >> lg_wpe;  /* elements per block */
    const size_t eps = 8u * epb;        /* elements per set */
    const size_t es = (size_t)4 << lg_wpe;
    unsigned char *o = (unsigned char *)out;
    uint64_t e = p->first;
    size_t i = 0;
    __m256i c[NN_AVX2_SETS][4];
    _Alignas(32) unsigned char buf[128];
    nn_px px;
    nn_px_init(&px, p->key, p->stream);

    if (n == 0)
        return;
    /* Head: the set that starts at the block of element `first`. */
    size_t head = (size_t)(e % epb);
    if (head != 0 || n < eps) {
        nn_px_gen(&px, e / epb, 1, raw, c);
        fn(ctx, c[0], e - head, buf);
        size_t m = eps - head < n ? eps - head : n;
        memcpy(o, buf + head * es, m * es);
        i = m;
    }
    for (; n - i >= NN_AVX2_SETS * eps; i += NN_AVX2_SETS * eps) {
        nn_px_gen(&px, (e + i) / epb, NN_AVX2_SETS, raw, c);
#pragma GCC unroll 4
        for (int s = 0; s < NN_AVX2_SETS; s++)
            fn(ctx, c[s], e + i + (size_t)s * eps, o + (i + (size_t)s * eps) * es);
    }
    for (; n - i >= eps; i += eps) {
        nn_px_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c[0], e + i, o + i * es);
    }
    if (i < n) {
        nn_px_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c[0], e + i, buf);
        memcpy(o + i * es, buf, (n - i) * es);
    }
}

NN_AINLINE void nn_run_sets(const nn_kparams *p, void *out, size_t n,
                            unsigned lg_wpe, void *ctx, nn_set_fn fn)
{
    nn_run_sets_ex(p, out, n, lg_wpe, 0, ctx, fn);
}

/* ---------------------------------------------------------- deferred lanes */

/*
 * Groups of 8 words (8 float32 lanes or 4 float64 lanes) are staged in a
 * small ring, every one of them, and a group with lanes for the slow path
 * is recorded by its slot and mask. Nothing waits on the masks: the
 * staging address does not depend on them, and recording is a store and
 * an add, no branch. The kernel may read the staged words back (the
 * Ziggurat does, for its table look-ups). When the ring is full the
 * kernel finishes the recorded lanes (nn_defer_full, then its flush) and
 * starts over.
 */
#define NN_DEFER_CAP 64 /* groups */

typedef struct nn_defer {
    unsigned staged;  /* groups staged since the last flush */
    unsigned count;   /* recorded groups */
    uint16_t rec[NN_DEFER_CAP]; /* slot | mask << 8 */
    uint64_t e0[NN_DEFER_CAP];  /* first element of the group in slot */
    _Alignas(32) uint32_t w[NN_DEFER_CAP][8];
} nn_defer;

NN_AINLINE void nn_defer_init(nn_defer *d)
{
    d->staged = 0;
    d->count = 0;
}

/* Room for n more groups? */
NN_AINLINE int nn_defer_full(const nn_defer *d, unsigned n)
{
    return d->staged + n > NN_DEFER_CAP;
}

/* Stages the group's words; returns the slot. */
NN_AINLINE unsigned nn_defer_stage(nn_defer *d, __m256i w, uint64_t e0)
{
    unsigned s = d->staged++;
    _mm256_store_si256((__m256i *)d->w[s], w);
    d->e0[s] = e0;
    return s;
}

/* Records the lanes of slot s in mask (nothing when mask is 0). */
NN_AINLINE void nn_defer_mark(nn_defer *d, unsigned s, uint32_t mask)
{
    d->rec[d->count] = (uint16_t)(s | mask << 8);
    d->count += (mask != 0);
}

#endif /* NNINIT_LOOP_AVX2_H */
