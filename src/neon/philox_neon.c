/* Raw words of the main sequence (nn_bits_scalar): eight Philox blocks per
 * group, stored in sequence order by vst4q_u32. */
#include "philox_neon.h"
#include "neon.h"

static void bits_group(const void *ctx, uint64_t b, void *out)
{
    uint32x4_t x[4], y[4];
    uint32_t *o = out;
    nn_philox8_neon(ctx, b, x, y);
    uint32x4x4_t vx = {{x[0], x[1], x[2], x[3]}};
    uint32x4x4_t vy = {{y[0], y[1], y[2], y[3]}};
    vst4q_u32(o, vx);
    vst4q_u32(o + 16, vy);
}

void nn_bits_neon(const nn_kparams *p, uint32_t *restrict out, size_t n)
{
    nn_philox_neon k;
    nn_philox_neon_init(&k, p->key, p->stream);
    nn_neon_drive(&k, p->first, out, n, 2, sizeof *out, bits_group);
}
