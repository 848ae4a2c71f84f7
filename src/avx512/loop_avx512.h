/*
 * The loop shared by the AVX-512 kernels that draw from the main sequence
 * (the 16-lane twin of src/avx2/loop_avx2.h): Philox over sets of 16 blocks,
 * each set's 64 words (in memory order unless the kernel asks for them raw)
 * handed to a kernel-specific function that writes 256 bytes of output per
 * set (64 float32 or 32 float64).
 *
 * Any first element, count and alignment: the main loop works on whole
 * sets starting at the block boundary that follows the first element; a
 * partial set at either end is computed whole into a stack buffer and the
 * needed part copied, so every element gets exactly the value the set
 * structure gives it.
 */
#ifndef NNINIT_LOOP_AVX512_H
#define NNINIT_LOOP_AVX512_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../core/kernels.h"
#include "philox_avx512.h"

/* Sets in flight per iteration of the main loop (Philox's products have
 * latency; independent sets fill the pipes). Measured on Zen 4, bits:
 * 1 set 0.38 ns/word, 2 sets 0.33, 3 sets 0.32, 4 sets 0.33. */
#ifndef NN_AVX512_SETS
#define NN_AVX512_SETS 3
#endif

/* Writes the 256 * ns output bytes of the ns sets (1 or NN_AVX512_SETS)
 * whose first element is e0. */
typedef void (*nn_set16_fn)(void *ctx, __m512i (*w)[4], int ns, uint64_t e0,
                            void *dst);

#define NN_EACH_SET16(name, one, eps)                                          \
    NN_AINLINE void name(void *ctx, __m512i(*w)[4], int ns, uint64_t e0,       \
                         void *dst)                                            \
    {                                                                          \
        for (int s_ = 0; s_ < ns; s_++)                                        \
            one(ctx, w[s_], e0 + (uint64_t)(eps) * (unsigned)s_,               \
                (unsigned char *)dst + 256 * s_);                              \
    }

NN_AINLINE void nn_run_sets16_ex(const nn_kparams *p, void *out, size_t n,
                                 unsigned lg_wpe, int raw, void *ctx,
                                 nn_set16_fn fn)
{
    const unsigned epb = 4u >> lg_wpe; /* elements per block */
    const size_t eps = 16u * epb;      /* elements per set */
    const size_t es = (size_t)4 << lg_wpe;
    unsigned char *o = (unsigned char *)out;
    uint64_t e = p->first;
    size_t i = 0;
    __m512i c[NN_AVX512_SETS][4];
    _Alignas(64) unsigned char buf[256];
    nn_px16 px;
    nn_px16_init(&px, p->key, p->stream);

    if (n == 0)
        return;
    size_t head = (size_t)(e % epb);
    if (head != 0 || n < eps) {
        nn_px16_gen(&px, e / epb, 1, raw, c);
        fn(ctx, c, 1, e - head, buf);
        size_t m = eps - head < n ? eps - head : n;
        memcpy(o, buf + head * es, m * es);
        i = m;
    }
    for (; n - i >= NN_AVX512_SETS * eps; i += NN_AVX512_SETS * eps) {
        nn_px16_gen(&px, (e + i) / epb, NN_AVX512_SETS, raw, c);
        fn(ctx, c, NN_AVX512_SETS, e + i, o + i * es);
    }
    for (; n - i >= eps; i += eps) {
        nn_px16_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, o + i * es);
    }
    if (i < n) {
        nn_px16_gen(&px, (e + i) / epb, 1, raw, c);
        fn(ctx, c, 1, e + i, buf);
        memcpy(o + i * es, buf, (n - i) * es);
    }
}

NN_AINLINE void nn_run_sets16(const nn_kparams *p, void *out, size_t n,
                              unsigned lg_wpe, void *ctx, nn_set16_fn fn)
{
    nn_run_sets16_ex(p, out, n, lg_wpe, 0, ctx, fn);
}

/* ---------------------------------------------------------- deferred lanes */

/*
 * Groups of 16 words (16 float32 lanes or 8 float64 lanes) are staged in a
 * ring, every one of them, and a group with lanes for the slow path is
 * recorded by its slot and mask, without a branch: the 16-lane twin of the
 * ring in src/avx2/loop_avx2.h (see there for why the recorded lanes are
 * finished in a batch when the ring is full).
 */
#ifndef NN_DEFER16_CAP
#define NN_DEFER16_CAP 64 /* groups */
#endif

typedef struct nn_defer16 {
    unsigned staged;              /* groups staged since the last reset */
    unsigned count;               /* recorded groups */
    unsigned done;                /* recorded groups finished */
    uint32_t rec[NN_DEFER16_CAP]; /* slot | mask << 16 */
    uint64_t e0[NN_DEFER16_CAP];  /* first element of the group in slot */
    _Alignas(64) uint32_t w[NN_DEFER16_CAP][16];
} nn_defer16;

NN_AINLINE void nn_defer16_init(nn_defer16 *d)
{
    d->staged = 0;
    d->count = 0;
    d->done = 0;
}

NN_AINLINE int nn_defer16_full(const nn_defer16 *d, unsigned n)
{
    return d->staged + n > NN_DEFER16_CAP;
}

NN_AINLINE void nn_defer16_stage(nn_defer16 *d, unsigned s, __m512i w,
                                 uint64_t e0)
{
    _mm512_store_si512(d->w[s], w);
    d->e0[s] = e0;
}

/* Records the lanes of slot s in mask (nothing when mask is 0); *count is
 * the local copy of d->count. */
NN_AINLINE void nn_defer16_mark(nn_defer16 *d, unsigned *count, unsigned s,
                                uint32_t mask)
{
    d->rec[*count] = s | mask << 16;
    *count += (mask != 0);
}

/* The next recorded lane, if any: its slot and lane index. */
NN_AINLINE int nn_defer16_take(nn_defer16 *d, unsigned *slot, unsigned *lane)
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

#endif /* NNINIT_LOOP_AVX512_H */
