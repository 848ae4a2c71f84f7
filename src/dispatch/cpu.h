/* CPU feature detection: what the CPU has and what the OS saves. */
#ifndef NNINIT_CPU_H
#define NNINIT_CPU_H

#include <stdint.h>

#include "../core/kernels.h"

enum nn_cpu_feature {
    NN_CPU_SSE2 = 1u << 0,
    NN_CPU_AVX = 1u << 1,
    NN_CPU_AVX2 = 1u << 2,
    NN_CPU_FMA = 1u << 3,
    NN_CPU_AVX512F = 1u << 4,
    NN_CPU_AVX512BW = 1u << 5,
    NN_CPU_AVX512DQ = 1u << 6,
    NN_CPU_AVX512VL = 1u << 7,
    NN_CPU_AVX512BF16 = 1u << 8,
    NN_CPU_OS_YMM = 1u << 9,  /* XCR0 bits 1-2: the OS saves XMM/YMM */
    NN_CPU_OS_ZMM = 1u << 10, /* XCR0 bits 5-7: opmask and ZMM state */
    NN_CPU_ASIMD = 1u << 11,  /* AArch64 Advanced SIMD */
    NN_CPU_F16C = 1u << 12    /* vcvtps2ph / vcvtph2ps */
};

/* The features of this CPU, detected once (cheap to call again). */
NN_HIDDEN uint32_t nn_cpu_features(void);

/* Space-separated names of the bits in f, into buf (always terminated). */
NN_HIDDEN void nn_cpu_feature_names(uint32_t f, char *buf, unsigned size);

#endif
