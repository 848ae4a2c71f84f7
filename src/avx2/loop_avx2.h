/*
 * The loop shared by every AVX2 kernel that draws from the main sequence:
 * it runs Philox over sets of 8 blocks and hands the sets' words (32 per
 * set, in memory order unless the kernel asks for them raw) to a
 * kernel-specific function that writes 128 bytes of output per set (32
 * float32 or 16 float64).
 *
 * Any first element, count and alignment: the main loop works on whole
 * sets starting at the block boundary that follows the first element; a
 * partial set at either end is computed whole into a stack buffer and the
 * needed part copied, so every element gets exactly the value the set
 * structure gives it, whatever n and first are.
 *
 * Kernels with rare lanes that must go to a scalar slow path record them
 * (nn_defer below) and finish them after the vector work, so the vector
 * loop never waits for a slow lane. A record names its element by index,
 * so the kernel skips elements outside [first, first + n) that the partial
 * sets at the ends computed into the stack buffer.
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

/* Writes the 128 * ns output bytes of the ns sets (1 or NN_AVX2_SETS)
 * whose first element is e0: the kernel sees all the sets of an iteration
 * at once, so it can interleave their computations. */
typedef void (*nn_set_fn)(void *ctx, __m256i (*w)[4], int ns, uint64_t e0,
                          void *dst);

/* The nn_set_fn `name` that runs the one-set function `one` on each set
 * (eps = elements per set). */
#define NN_EACH_SET(name, one, eps)                                            \
    NN_AINLINE void name(void *ctx, __m256i(*w)[4], int ns, uint64_t e0,       \
                         void *dst)                                            \
    {                                                                          \
        for (int s_ = 0; s_ < ns; s_++)                                        \
            one(ctx, w[s_], e0 + (uint64_t)(eps) * (unsigned)s_,               \
                (unsigned char *)dst + 128 * s_);                              \
    }

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
    const unsigned epb = 4u >> lg_wpe; /* elements per block */
    const size_t eps = 8u * epb;       /* elements per set */
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
        fn(ctx, c, 1, e - head, buf);
        size_t m = eps - head < n ? eps - head : n;
        memcpy(o, buf + head * es, m * es);
        i = m;
    }
    for (; n - i >= NN_AVX2_SETS * eps; i += NN_AVX2_SETS * eps) {
        nn_px_gen(&px, (e + i) / epb, NN_AVX2_SETS, raw, c);
        fn(ctx, c, NN_AVX2_SETS, e + i, o + i * es);
    }
    for (; n - i >= eps; i += eps) {
        nn_px_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, o + i * es);
    }
    if (i < n) {
        nn_px_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, buf);
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
 * ring, every one of them, and a group with lanes for the slow path is
 * recorded by its slot and mask. Nothing waits on the masks: the staging
 * address does not depend on them, and recording is a store and an add, no
 * branch. The kernel may read the staged words back (the Ziggurat does,
 * for its table look-ups).
 *
 * When the ring is full, the kernel finishes the recorded lanes
 * (nn_defer_take gives them in order) and the ring starts over. (Finishing
 * one lane after every set instead, so that its long scalar dependency
 * chain would overlap with vector work, measured 15% slower on Zen 4: the
 * slow path's mispredicted branches then throw away vector work too.)
 */
#ifndef NN_DEFER_CAP
#define NN_DEFER_CAP 128 /* groups */
#endif

typedef struct nn_defer {
    unsigned staged;            /* groups staged since the last reset */
    unsigned count;             /* recorded groups */
    unsigned done;              /* recorded groups finished */
    uint32_t rec[NN_DEFER_CAP]; /* slot | mask << 16 */
    uint64_t e0[NN_DEFER_CAP];  /* first element of the group in slot */
    _Alignas(32) uint32_t w[NN_DEFER_CAP][8];
} nn_defer;

NN_AINLINE void nn_defer_init(nn_defer *d)
{
    d->staged = 0;
    d->count = 0;
    d->done = 0;
}

/* Room for n more groups? */
NN_AINLINE int nn_defer_full(const nn_defer *d, unsigned n)
{
    return d->staged + n > NN_DEFER_CAP;
}

/* Stages the group's words in slot s (the kernel keeps the counters in
 * locals between nn_defer_begin and nn_defer_end: updated through d, they
 * would be reloaded after every vector store, which may alias them). */
NN_AINLINE void nn_defer_stage(nn_defer *d, unsigned s, __m256i w, uint64_t e0)
{
    _mm256_store_si256((__m256i *)d->w[s], w);
    d->e0[s] = e0;
}

/* Records the lanes of slot s in mask (nothing when mask is 0); *count is
 * the local copy of d->count. */
NN_AINLINE void nn_defer_mark(nn_defer *d, unsigned *count, unsigned s,
                              uint32_t mask)
{
    d->rec[*count] = s | mask << 16;
    *count += (mask != 0);
}

/* The next recorded lane, if any: its slot and lane index. */
NN_AINLINE int nn_defer_take(nn_defer *d, unsigned *slot, unsigned *lane)
{
    if (d->done == d->count)
        return 0;
    uint32_t r = d->rec[d->done];
    uint32_t mask = r >> 16;
    *slot = r & 0xFFFFu;
    *lane = (unsigned)__builtin_ctz(mask);
    mask &= mask - 1;
    d->rec[d->done] = (r & 0xFFFFu) | mask << 16;
    d->done += (mask == 0);
    return 1;
}

#endif /* NNINIT_LOOP_AVX2_H */
