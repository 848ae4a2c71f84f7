/* float32 -> bfloat16 with a clamp into [lo, hi] (exact bfloat16 values):
 * rounding may leave the range the caller promised (uniform: hi excluded;
 * truncated normal: [a, b]), so the nearest value inside is taken. */
#include "bf16.h"
#include "scalar.h"

void nn_f32_to_bf16_scalar(const float *restrict in, uint16_t *restrict out,
                           size_t n, float lo, float hi)
{
    const uint16_t hlo = nn_f32_to_bf16_rne(lo), hhi = nn_f32_to_bf16_rne(hi);
    for (size_t i = 0; i < n; i++) {
        uint16_t h = nn_f32_to_bf16_rne(in[i]);
        float y = nn_bf16_to_f32(h);
        if (y < lo)
            h = hlo;
        else if (y > hi)
            h = hhi;
        out[i] = h;
    }
}
