/* Raw words of the main sequence: word j is word j % 4 of block j / 4. */
#include "bits.h"
#include "philox.h"
#include "scalar.h"

void nn_bits_scalar(const nn_kparams *p, uint32_t *restrict out, size_t n)
{
    uint64_t j = p->first;
    uint64_t have = UINT64_MAX; /* block held in w (none yet) */
    uint32_t w[4];
    for (size_t i = 0; i < n; i++, j++) {
        if ((j >> 2) != have) {
            have = j >> 2;
            nn_philox_block(p, have, w);
        }
        nn_store_u32(out + i, w[j & 3]);
    }
}
