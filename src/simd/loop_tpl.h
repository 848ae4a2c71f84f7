/*
 * Template: the set loop and the deferred-lane ring, written once for every
 * x86 vector width. A per-ISA loop header (src/avx2/loop_avx2.h,
 * src/avx512/loop_avx512.h) defines the parameters below and includes this
 * file; it may be included several times in one translation unit with
 * different parameters (the AVX-512 folder compiles some AVX2 kernels too),
 * so it has no include guard and undefines its parameters at the end.
 *
 * Parameters:
 *   NN_TPL_V          the vector of 32-bit words (__m256i, __m512i)
 *   NN_TPL_BLOCKS     Philox blocks per set = lanes of NN_TPL_V (8, 16)
 *   NN_TPL_SETS       sets in flight per iteration of the main loop
 *   NN_TPL_DEFER_CAP  groups in the deferred-lane ring
 *   NN_TPL_SFX        name suffix of this instance (empty, 16)
 *   NN_TPL_GEN        the Philox set generator: (nn_px *, uint64_t b0,
 *                     int ns, int raw, NN_TPL_V (*c)[4])
 *   NN_TPL_STORE(p, v)  aligned store of one vector at p
 * Names made: nn_set<SFX>_fn, nn_run_sets<SFX>_ex, nn_run_sets<SFX>,
 * nn_defer<SFX> and nn_defer<SFX>_{init,full,stage,mark,take}.
 *
 * The loop runs Philox over sets of NN_TPL_BLOCKS blocks and hands the sets'
 * words (4 * NN_TPL_BLOCKS per set, in memory order unless the kernel asks
 * for them raw) to a kernel-specific function that writes 16 * NN_TPL_BLOCKS
 * bytes of output per set.
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
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../core/kernels.h"
#include "philox_keys.h"

#ifndef NNINIT_SIMD_LOOP_TPL_ONCE
#define NNINIT_SIMD_LOOP_TPL_ONCE
#define NN_TPL_CAT_(a, b, c) a##b##c
#define NN_TPL_CAT(a, b, c) NN_TPL_CAT_(a, b, c)

/* The set function `name` (of vector type V, `bytes` output bytes per set)
 * that runs the one-set function `one` on each set (eps = elements per
 * set); each ISA's NN_EACH_SET* passes its V and bytes. */
#define NN_EACH_SET_OF(name, one, eps, V, bytes)                               \
    NN_AINLINE void name(void *ctx, V(*w)[4], int ns, uint64_t e0, void *dst)  \
    {                                                                          \
        for (int s_ = 0; s_ < ns; s_++)                                        \
            one(ctx, w[s_], e0 + (uint64_t)(eps) * (unsigned)s_,               \
                (unsigned char *)dst + (bytes)*s_);                            \
    }
#endif

/* This instance's name for `a` `b` (a##SFX##b). */
#define NN_TN(a, b) NN_TPL_CAT(a, NN_TPL_SFX, b)

/* Writes the 16 * NN_TPL_BLOCKS * ns output bytes of the ns sets (1 or
 * NN_TPL_SETS) whose first element is e0: the kernel sees all the sets of
 * an iteration at once, so it can interleave their computations. */
typedef void (*NN_TN(nn_set, _fn))(void *ctx, NN_TPL_V (*w)[4], int ns,
                                   uint64_t e0, void *dst);

/*
 * Fill out[0..n) (element size 4 << lg_wpe bytes, lg_wpe = log2 of the
 * words per element: 0 or 1) with elements p->first ... through fn, which
 * gets each set's words in memory order, or untransposed when raw is set
 * (see the generator; fn then owns the transpose).
 */
NN_AINLINE void NN_TN(nn_run_sets, _ex)(const nn_kparams *p, void *out,
                                        size_t n, unsigned lg_wpe, int raw,
                                        void *ctx, NN_TN(nn_set, _fn) fn)
{
    const unsigned epb = 4u >> lg_wpe;              /* elements per block */
    const size_t eps = (size_t)NN_TPL_BLOCKS * epb; /* elements per set */
    const size_t es = (size_t)4 << lg_wpe;
    unsigned char *o = (unsigned char *)out;
    uint64_t e = p->first;
    size_t i = 0;
    NN_TPL_V c[NN_TPL_SETS][4];
    _Alignas(sizeof(NN_TPL_V)) unsigned char buf[16 * NN_TPL_BLOCKS];
    nn_px px;
    nn_px_init(&px, p->key, p->stream);

    if (n == 0)
        return;
    /* Head: the set that starts at the block of element `first`. */
    size_t head = (size_t)(e % epb);
    if (head != 0 || n < eps) {
        NN_TPL_GEN(&px, e / epb, 1, raw, c);
        fn(ctx, c, 1, e - head, buf);
        size_t m = eps - head < n ? eps - head : n;
        memcpy(o, buf + head * es, m * es);
        i = m;
    }
    for (; n - i >= NN_TPL_SETS * eps; i += NN_TPL_SETS * eps) {
        NN_TPL_GEN(&px, (e + i) / epb, NN_TPL_SETS, raw, c);
        fn(ctx, c, NN_TPL_SETS, e + i, o + i * es);
    }
    for (; n - i >= eps; i += eps) {
        NN_TPL_GEN(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, o + i * es);
    }
    if (i < n) {
        NN_TPL_GEN(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, buf);
        memcpy(o + i * es, buf, (n - i) * es);
    }
}

NN_AINLINE void NN_TN(nn_run_sets, )(const nn_kparams *p, void *out, size_t n,
                                     unsigned lg_wpe, void *ctx,
                                     NN_TN(nn_set, _fn) fn)
{
    NN_TN(nn_run_sets, _ex)(p, out, n, lg_wpe, 0, ctx, fn);
}

/* ---------------------------------------------------------- deferred lanes */

/*
 * Groups of NN_TPL_BLOCKS words (as many float32 lanes, or half as many
 * float64 lanes) are staged in a ring, every one of them, and a group with
 * lanes for the slow path is recorded by its slot and mask. Nothing waits
 * on the masks: the staging address does not depend on them, and recording
 * is a store and an add, no branch. The kernel may read the staged words
 * back (the Ziggurat does, for its table look-ups).
 *
 * When the ring is full, the kernel finishes the recorded lanes
 * (take gives them in order) and the ring starts over. (Finishing one lane
 * after every set instead, so that its long scalar dependency chain would
 * overlap with vector work, measured 15% slower on Zen 4 with AVX2: the
 * slow path's mispredicted branches then throw away vector work too.)
 */
typedef struct NN_TN(nn_defer, ) {
    unsigned staged;                /* groups staged since the last reset */
    unsigned count;                 /* recorded groups */
    unsigned done;                  /* recorded groups finished */
    uint32_t rec[NN_TPL_DEFER_CAP]; /* slot | mask << 16 */
    uint64_t e0[NN_TPL_DEFER_CAP];  /* first element of the group in slot */
    _Alignas(sizeof(NN_TPL_V)) uint32_t w[NN_TPL_DEFER_CAP][NN_TPL_BLOCKS];
} NN_TN(nn_defer, );

NN_AINLINE void NN_TN(nn_defer, _init)(NN_TN(nn_defer, ) * d)
{
    d->staged = 0;
    d->count = 0;
    d->done = 0;
}

/* Room for n more groups? */
NN_AINLINE int NN_TN(nn_defer, _full)(const NN_TN(nn_defer, ) * d, unsigned n)
{
    return d->staged + n > NN_TPL_DEFER_CAP;
}

/* Stages the group's words in slot s (the kernel keeps the counters in
 * locals between staging and finishing: updated through d, they would be
 * reloaded after every vector store, which may alias them). */
NN_AINLINE void NN_TN(nn_defer, _stage)(NN_TN(nn_defer, ) * d, unsigned s,
                                        NN_TPL_V w, uint64_t e0)
{
    NN_TPL_STORE(d->w[s], w);
    d->e0[s] = e0;
}

/* Records the lanes of slot s in mask (nothing when mask is 0); *count is
 * the local copy of d->count. */
NN_AINLINE void NN_TN(nn_defer, _mark)(NN_TN(nn_defer, ) * d, unsigned *count,
                                       unsigned s, uint32_t mask)
{
    d->rec[*count] = s | mask << 16;
    *count += (mask != 0);
}

/* The next recorded lane, if any: its slot and lane index. */
NN_AINLINE int NN_TN(nn_defer, _take)(NN_TN(nn_defer, ) * d, unsigned *slot,
                                      unsigned *lane)
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

#undef NN_TN
#undef NN_TPL_V
#undef NN_TPL_BLOCKS
#undef NN_TPL_SETS
#undef NN_TPL_DEFER_CAP
#undef NN_TPL_SFX
#undef NN_TPL_GEN
#undef NN_TPL_STORE
