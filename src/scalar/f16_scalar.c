/* float32 -> binary16 with a clamp into [lo, hi] (half.h). */
#include "f16.h"
#include "half.h"
#include "scalar.h"

void nn_f32_to_f16_scalar(const float *restrict in, uint16_t *restrict out,
                          size_t n, float lo, float hi)
{
    nn_half_convert(in, out, n, lo, hi, nn_f32_to_f16_rne, nn_f16_to_f32);
}
