/*
 * float32 -> IEEE binary16, round to nearest even, clamped into [lo, hi]:
 * the AVX-512 mirror of src/scalar/f16_scalar.c and f16.h, 16 values per
 * step (the driver: half_avx512.h).
 *
 * The rounding is the EVEX vcvtps2ph (AVX512F) with the rounding given in
 * the instruction: the scalar definition exactly, as for AVX2's F16C form
 * (src/avx2/f16_avx2.c says why: overflow, subnormal results, NaN, float32
 * denormal inputs). The clamp (in the driver) reads the rounded value back
 * (vcvtph2ps, exact) and puts the bounds' binary16 patterns in the lanes
 * outside, by opmask.
 */
#include "intrin_avx512.h"

#include "../scalar/f16.h"
#include "avx512.h"

/* 16 roundings in the 16-bit lanes. */
static inline __m256i f16_16(__m512 x)
{
    return _mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT);
}

#define NN_H16_NAME nn_f32_to_f16_avx512
#define NN_H16_ROUND f16_16
#define NN_H16_VALUE _mm512_cvtph_ps
#define NN_H16_RNE nn_f32_to_f16_rne
#include "half_avx512.h"
