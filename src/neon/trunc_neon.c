/*
 * The truncated normal on NEON: the template over the NEON operations
 * (src/simd/trunc_tpl.h: the Ziggurat with the bounds test fused in, the
 * slow lanes through the ring), and NEON's attempt-1 retries.
 */
#include "ops_neon.h"

#include "../simd/trunc_tpl.h"

/*
 * Attempt q->r of the queued elements q->re[0 .. nr): the shared slow path
 * nn_trunc_slow_*(e, q->r), one element at a time, which also makes the
 * later attempts of the rejected ones. (x86 runs the attempts as vector
 * batches on the wide float64 quantile of its math layer; NEON's
 * nnmath_neon.h has the quantile on one vector only, and about 4.6% of the
 * elements of a [-2, 2] fill come here, so the batch is left for when
 * NEON's math layer is wide too.) The same bits by construction.
 */
static void trunc_retry(trunc_ctx *c, trunc_rq *q, int f64)
{
    const nn_kparams *p = c->p;
    for (unsigned k = 0; k < q->nr; k++) {
        uint64_t e = q->re[k];
        uint64_t i = e - p->first;
        if (!f64)
            nn_store_f32(c->out + 4 * i, nn_trunc_slow_f32(p, e, q->r));
        else
            nn_store_f64(c->out + 8 * i, nn_trunc_slow_f64(p, e, q->r));
    }
    q->nr = 0;
}
