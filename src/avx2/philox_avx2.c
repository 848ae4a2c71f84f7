/* Raw words of the main sequence (nn_bits_scalar's AVX2 twin): the sets of
 * philox_avx2.h, already in memory order, stored as they are. */
#include "avx2.h"
#include "loop_avx2.h"

NN_AINLINE void bits_set_one(void *ctx, __m256i w[4], uint64_t e0, void *dst)
{
    (void)ctx;
    (void)e0;
    __m256i *d = (__m256i *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        _mm256_storeu_si256(d + k, w[k]);
}

NN_EACH_SET(bits_set, bits_set_one, 32)

void nn_bits_avx2(const nn_kparams *p, uint32_t *restrict out, size_t n)
{
    nn_run_sets(p, out, n, 0, NULL, bits_set);
}
