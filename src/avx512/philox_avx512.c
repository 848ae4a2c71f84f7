/* Raw words of the main sequence (nn_bits_scalar's AVX-512 twin): the sets
 * of philox_avx512.h, already in memory order, stored as they are. */
#include "avx512.h"
#include "loop_avx512.h"

NN_AINLINE void bits_set_one(void *ctx, __m512i w[4], uint64_t e0, void *dst)
{
    (void)ctx;
    (void)e0;
    __m512i *d = (__m512i *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        _mm512_storeu_si512(d + k, w[k]);
}

NN_EACH_SET16(bits_set, bits_set_one, 64)

void nn_bits_avx512(const nn_kparams *p, uint32_t *restrict out, size_t n)
{
    nn_run_sets16(p, out, n, 0, NULL, bits_set);
}
