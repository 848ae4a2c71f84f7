/*
 * The AVX-512 instance of the set loop and deferred-lane ring
 * (src/simd/loop_tpl.h): sets of 16 blocks in one __m512i per counter word,
 * 256 output bytes per set (64 float32 or 32 float64). Its names end in 16
 * (nn_run_sets16, ...): they once had to differ from the 8-lane instance's
 * in the units that compiled AVX2 kernels here; none does now (AVX-512
 * inherits those slots), and the names stay to keep the objects as they
 * were.
 */
#ifndef NNINIT_LOOP_AVX512_H
#define NNINIT_LOOP_AVX512_H

#include "intrin_avx512.h"

#include "philox_avx512.h"

/* Sets in flight per iteration of the main loop (Philox's products have
 * latency; independent sets fill the pipes). Measured on Zen 4, bits:
 * 1 set 0.38 ns/word, 2 sets 0.33, 3 sets 0.32, 4 sets 0.33. */
#ifndef NN_AVX512_SETS
#define NN_AVX512_SETS 3
#endif

#ifndef NN_DEFER16_CAP
#define NN_DEFER16_CAP 64 /* groups */
#endif

#define NN_TPL_V __m512i
#define NN_TPL_BLOCKS 16
#define NN_TPL_SETS NN_AVX512_SETS
#define NN_TPL_DEFER_CAP NN_DEFER16_CAP
#define NN_TPL_SFX 16
#define NN_TPL_GEN nn_px16_gen
#define NN_TPL_STORE(p, v) _mm512_store_si512(p, v)
#include "../simd/loop_tpl.h"

#define NN_EACH_SET16(name, one, eps)                                          \
    NN_EACH_SET_OF(name, one, eps, __m512i, 256)

#endif /* NNINIT_LOOP_AVX512_H */
