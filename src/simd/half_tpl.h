/*
 * Template: the driver of a float32 -> 16-bit conversion (bfloat16 or
 * IEEE binary16, round to nearest even, clamped into [lo, hi]; the scalar
 * reference: src/scalar/bf16.h, f16.h): 2 * NN_LANES values per step, a
 * partial step at the end through a small buffer.
 *
 * Parameters, defined by the kernel file before including this (and
 * undefined at the end):
 *   NN_HALF_NAME       the kernel's name (NN_KNAME(f32_to_bf16), ...)
 *   NN_HALF_ONE(x, lo, hi, hlo, hhi)   NN_LANES results, one in the low 16
 *                      bits of each 32-bit lane: the ISA's rounding and
 *                      clamp (hlo, hhi: the bounds already converted)
 *   NN_HALF_RNE        the scalar conversion, for the bounds
 * and from the operation layer NN_VI_PACK16(a, b): the 16-bit halves of
 * a's then b's 32-bit lanes, in order. An ISA whose rounding instruction
 * writes 16-bit lanes itself (F16C's vcvtps2ph) defines instead
 *   NN_HALF_TWO(x0, x1, lo, hi, hlo, hhi)   the 2 * NN_LANES results of
 *                      x0 then x1, packed.
 */
#include <string.h>

#ifndef NN_HALF_TWO
/* a then b, as two statements (the object code of the kernels that pack
 * stays what it was). */
#define NN_HALF_STEP(dst, x0, x1, lo, hi, hlo, hhi)                            \
    do {                                                                       \
        NN_VI a_ = NN_HALF_ONE(x0, lo, hi, hlo, hhi);                          \
        NN_VI b_ = NN_HALF_ONE(x1, lo, hi, hlo, hhi);                          \
        NN_VI_STOREU((NN_VI *)(dst), NN_VI_PACK16(a_, b_));                    \
    } while (0)
#else
#define NN_HALF_STEP(dst, x0, x1, lo, hi, hlo, hhi)                            \
    NN_VI_STOREU((NN_VI *)(dst), NN_HALF_TWO(x0, x1, lo, hi, hlo, hhi))
#endif

void NN_HALF_NAME(const float *restrict in, uint16_t *restrict out, size_t n,
                  float lo, float hi)
{
    const NN_VF vlo = NN_VF_SET1(lo), vhi = NN_VF_SET1(hi);
    const NN_VI hlo = NN_VI_SET1(NN_HALF_RNE(lo));
    const NN_VI hhi = NN_VI_SET1(NN_HALF_RNE(hi));
    size_t i = 0;
    for (; n - i >= 2 * NN_LANES; i += 2 * NN_LANES) {
        NN_HALF_STEP(out + i, NN_VF_LOADU(in + i),
                     NN_VF_LOADU(in + i + NN_LANES), vlo, vhi, hlo, hhi);
    }
    if (i < n) {
        float fin[2 * NN_LANES] = {0};
        uint16_t fout[2 * NN_LANES];
        memcpy(fin, in + i, (n - i) * sizeof(float));
        NN_HALF_STEP(fout, NN_VF_LOADU(fin), NN_VF_LOADU(fin + NN_LANES), vlo,
                     vhi, hlo, hhi);
        memcpy(out + i, fout, (n - i) * sizeof(uint16_t));
    }
}

#undef NN_HALF_NAME
#undef NN_HALF_ONE
#undef NN_HALF_TWO
#undef NN_HALF_STEP
#undef NN_HALF_RNE
