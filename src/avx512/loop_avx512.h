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
 * latency; independent sets fill the pipes). */
#ifndef NN_AVX512_SETS
#define NN_AVX512_SETS 2
#endif

/* Writes the 256 * ns output bytes of the ns sets (1 or NN_AVX512_SETS)
 * whose first element is e0. */
typedef void (*nn_set16_fn)(void *ctx, __m512i (*w)[4], int ns, uint64_t e0,
                            void *dst);

#define NN_EACH_SET16(name, one, eps)                                       \
    NN_AINLINE void name(void *ctx, __m512i (*w)[4], int ns, uint64_t e0,   \
                         void *dst)                                         \
    {                                                                       \
        for (int s_ = 0; s_ < ns; s_++)                                     \
            one(ctx, w[s_], e0 + (uint64_t)(eps) * (unsigned)s_,            \
                (unsigned char *)dst + 256 * s_);                           \
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

#endif /* NNINIT_LOOP_AVX512_H */
