/*
 * Template: raw words of the main sequence (nn_bits_scalar's vector twin):
 * the Philox sets, already in memory order, stored as they are. Included
 * once per ISA after its operation layer (ops_<isa>.h).
 */

NN_AINLINE void bits_set_one(void *ctx, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)ctx;
    (void)e0;
    NN_VI *d = (NN_VI *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++)
        NN_VI_STOREU(d + k, w[k]);
}

NN_EACH_SET_V(bits_set, bits_set_one, 4 * NN_LANES)

void NN_KNAME(bits)(const nn_kparams *p, uint32_t *restrict out, size_t n)
{
    NN_RUN_SETS(p, out, n, 0, NULL, bits_set);
}
