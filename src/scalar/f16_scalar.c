/* float32 -> binary16 with a clamp into [lo, hi] (exact binary16 values):
 * the same contract as the bfloat16 conversion (bf16_scalar.c). */
#include "f16.h"
#include "scalar.h"

void nn_f32_to_f16_scalar(const float *restrict in, uint16_t *restrict out,
                          size_t n, float lo, float hi)
{
    const uint16_t hlo = nn_f32_to_f16_rne(lo), hhi = nn_f32_to_f16_rne(hi);
    for (size_t i = 0; i < n; i++) {
        uint16_t h = nn_f32_to_f16_rne(in[i]);
        float y = nn_f16_to_f32(h);
        if (y < lo)
            h = hlo;
        else if (y > hi)
            h = hhi;
        out[i] = h;
    }
}
