/*
 * Blocked Householder QR and the forming of Q, written once for float and
 * double (src/core/orth.c includes this file twice). The including file
 * defines OT (float or double), OT_NAME(x) (x##_f32 / x##_f64), OT_FMA,
 * OT_SQRT, OT_GEMM (the kernel slot) and OT_DTYPE.
 *
 * Every floating-point operation here happens in one fixed order that
 * depends on nothing but (m, n): the scalar steps are plain C compiled once
 * for all paths (and -ffp-contract=off), and every matrix product goes
 * through the QR kernel slot, whose element chains are fixed (kernels.h).
 * Block size NN_QR_NB and the chunking of the trailing matrix are
 * constants; threads take whole strips of columns, which are independent.
 *
 * Storage. The m x n matrix (m >= n) lives in "strips": column block t
 * (columns t*w .. t*w + w - 1) is an m x w row-major array, so a row of a
 * strip is w contiguous elements (the vector kernels run across them) and
 * a strip is one contiguous stream of memory. w = NN_QR_NB, or n when n is
 * smaller (a narrow matrix would otherwise be padded to NN_QR_NB columns);
 * the padding columns of the last strip are zeros, stay zeros, and are
 * never read out. w is only storage: the arithmetic is the same for any w.
 * Blocks of NN_QR_NB columns therefore start at lane 0 of their strip.
 */

typedef struct OT_NAME(qr) {
    size_t m, n;  /* rows, columns (m >= n >= 1) */
    size_t w, ns; /* strip width and number of strips */
    OT *a;        /* ns strips of m x w */
    OT *tm;       /* per block: its NN_QR_NB x NN_QR_NB upper triangular T */
    OT *tt;       /* scratch: T or its transpose, the one being applied */
    OT *beta;     /* n: diagonal of R */
    OT *vt;       /* NN_QR_NB x m: the block's V transposed */
    OT *vneg;     /* m x NN_QR_NB: -V */
    OT *vbuf;     /* m: one reflector, contiguous */
    OT *negv;     /* m: its negation */
    nn_gemm_fn_t gemm;
} OT_NAME(qr);

static OT *OT_NAME(strip)(const OT_NAME(qr) * q, size_t t)
{
    return q->a + t * q->m * q->w;
}

static void OT_NAME(qr_free)(OT_NAME(qr) * q)
{
    free(q->a);
    free(q->tm);
    free(q->tt);
    free(q->beta);
    free(q->vt);
    free(q->vneg);
    free(q->vbuf);
    free(q->negv);
}

/* Allocates everything the factorization needs: m * ns * w elements for the
 * matrix plus about 2 * NN_QR_NB * m for the block's reflectors. */
static nninit_status OT_NAME(qr_alloc)(OT_NAME(qr) * q, size_t m, size_t n)
{
    memset(q, 0, sizeof *q);
    q->m = m;
    q->n = n;
    q->w = n < NN_QR_NB ? n : NN_QR_NB;
    q->ns = (n + q->w - 1) / q->w;
    q->gemm = OT_GEMM;
    size_t cols = q->ns * q->w;
    if (m > SIZE_MAX / sizeof(OT) / cols || m > SIZE_MAX / sizeof(OT) / 64)
        return NNINIT_ERR_SIZE;
    const size_t nbb = NN_QR_NB * NN_QR_NB;
    q->a = calloc(m * cols, sizeof(OT));
    q->tm = calloc(q->ns * nbb, sizeof(OT));
    q->tt = calloc(nbb, sizeof(OT));
    q->beta = calloc(n, sizeof(OT));
    q->vt = calloc(NN_QR_NB * m, sizeof(OT));
    q->vneg = calloc(NN_QR_NB * m, sizeof(OT));
    q->vbuf = calloc(m, sizeof(OT));
    q->negv = calloc(m, sizeof(OT));
    if (!q->a || !q->tm || !q->tt || !q->beta || !q->vt || !q->vneg ||
        !q->vbuf || !q->negv) {
        OT_NAME(qr_free)(q);
        return NNINIT_ERR_NOMEM;
    }
    return NNINIT_OK;
}

/* The Gaussian matrix: element (r, c) of the rows x cols matrix is normal
 * number offset + r * cols + c of (seed, stream) (Ziggurat, in OT's
 * precision). The factored matrix is that one, or its transpose when
 * rows < cols. Generated in chunks of NN_QR_CHUNK elements (in parallel:
 * every element depends only on its index) and scattered into the
 * strips. */
#define NN_QR_CHUNK 4096

typedef struct OT_NAME(load_job) {
    OT_NAME(qr) * q;
    nninit_rng rng;
    size_t rows, cols;
} OT_NAME(load_job);

static void OT_NAME(qr_load_range)(void *ctx, size_t begin, size_t end)
{
    const OT_NAME(load_job) *jb = ctx;
    OT_NAME(qr) *q = jb->q;
    const size_t cols = jb->cols, total = jb->rows * cols;
    const int tall = jb->rows >= cols;
    OT buf[NN_QR_CHUNK];
    for (size_t ch = begin; ch < end; ch++) {
        size_t f = ch * NN_QR_CHUNK;
        size_t len = total - f < NN_QR_CHUNK ? total - f : NN_QR_CHUNK;
        nninit_rng at = jb->rng;
        at.offset += f;
        /* Cannot fail: nn_orth_check validated the offsets. */
        nninit_fill_normal(at, OT_DTYPE, buf, len, 0.0, 1.0, NNINIT_ZIGGURAT);
        /* (r, c) of the next element, and c as (strip, lane). */
        size_t r = f / cols, c = f % cols, cs = c / q->w, cl = c % q->w;
        for (size_t e = 0; e < len; e++) {
            if (tall) /* A[r][c] */
                OT_NAME(strip)(q, cs)[r * q->w + cl] = buf[e];
            else /* A[c][r] */
                OT_NAME(strip)(q, r / q->w)[c * q->w + r % q->w] = buf[e];
            if (++cl == q->w) {
                cl = 0;
                cs++;
            }
            if (++c == cols) {
                c = cs = cl = 0;
                r++;
            }
        }
    }
}

static void OT_NAME(qr_load)(OT_NAME(qr) * q, nninit_rng rng, size_t rows,
                             size_t cols)
{
    OT_NAME(load_job) jb = {q, rng, rows, cols};
    size_t chunks = (rows * cols + NN_QR_CHUNK - 1) / NN_QR_CHUNK;
    nn_parallel_for(chunks, 8, OT_NAME(qr_load_range), &jb);
}

/*
 * Factor the block of columns j .. j + nbk - 1 (strip t = j / w) with one
 * Householder reflector per column, as LAPACK's dgeqr2 and dlarfg define
 * them: for the column x = (alpha, x_2 .. x_k) below the diagonal,
 *   beta = -sign(alpha) * ||x||, tau = (beta - alpha) / beta,
 *   v = (1, x_2 / (alpha - beta), ...), H = I - tau v v^T, H x = beta e_1;
 * and build the block's T (dlarft, forward, columnwise) so that
 * H_1 ... H_nbk = I - V T V^T. One product w = v^T A over the whole strip
 * serves both: its lanes right of the column update the panel, its lanes
 * left of it are V^T v, T's new column.
 */
static void OT_NAME(qr_panel)(OT_NAME(qr) * q, size_t j, size_t nbk)
{
    const size_t m = q->m, w = q->w;
    OT *P = OT_NAME(strip)(q, j / w);
    OT *T = q->tm + (j / NN_QR_NB) * NN_QR_NB * NN_QR_NB;
    OT wv[NN_QR_NB], tw[NN_QR_NB];
    for (size_t c = 0; c < nbk; c++) {
        const size_t jc = j + c, lane = c, len = m - jc;
        OT *col = P + jc * w + lane;
        OT alpha = col[0], s2 = 0, tau = 0, beta = alpha;
        for (size_t i = 1; i < len; i++)
            s2 = OT_FMA(col[i * w], col[i * w], s2);
        if (s2 != 0) {
            OT norm = OT_SQRT(OT_FMA(alpha, alpha, s2));
            beta = alpha >= 0 ? -norm : norm;
            tau = (beta - alpha) / beta;
            OT scal = (OT)1 / (alpha - beta);
            for (size_t i = 1; i < len; i++)
                col[i * w] *= scal;
        }
        col[0] = beta;
        q->beta[jc] = beta;
        for (size_t p = 0; p < NN_QR_NB; p++)
            T[p * NN_QR_NB + c] = 0;
        if (tau == 0)
            continue; /* H = I: nothing to apply, T's column stays 0 */
        q->vbuf[0] = 1;
        for (size_t i = 1; i < len; i++)
            q->vbuf[i] = col[i * w];
        /* wv[k] = sum_i v_i A[jc + i][k], over the strip's w lanes. */
        for (size_t k = 0; k < w; k++)
            wv[k] = 0;
        q->gemm(1, w, len, q->vbuf, len, P + jc * w, w, wv, w);
        /* T[0:c, c] = -tau * T[0:c, 0:c] * (V^T v), V^T v = wv[0:c]. */
        T[c * NN_QR_NB + c] = tau;
        for (size_t p = 0; p < c; p++) {
            OT acc = 0;
            for (size_t r = p; r < c; r++)
                acc = OT_FMA(T[p * NN_QR_NB + r], wv[r], acc);
            T[p * NN_QR_NB + c] = -tau * acc;
        }
        /* A[jc:, lane+1:] -= v (tau wv)^T: a depth-1 product. */
        if (lane + 1 < w) {
            for (size_t k = lane + 1; k < w; k++)
                tw[k] = tau * wv[k];
            for (size_t i = 0; i < len; i++)
                q->negv[i] = -q->vbuf[i];
            q->gemm(len, w - lane - 1, 1, q->negv, 1, tw + lane + 1, w,
                    P + jc * w + lane + 1, w);
        }
    }
}

/* The block's V (rows j .. m-1, unit diagonal, zeros above) as V^T and -V,
 * contiguous, from the strip where the panel left it. */
static void OT_NAME(qr_build_v)(OT_NAME(qr) * q, size_t j, size_t nbk)
{
    const size_t m = q->m, w = q->w, len = m - j;
    const OT *P = OT_NAME(strip)(q, j / w);
    for (size_t p = 0; p < nbk; p++)
        for (size_t i = 0; i < len; i++) {
            OT v = i < p ? 0 : (i == p ? 1 : P[(j + i) * w + p]);
            q->vt[p * len + i] = v;
            q->vneg[i * nbk + p] = -v;
        }
}

/* Apply I - V op(T) V^T (op(T) in q->tt) to rows j .. m-1 of strips
 * [t0, ns): per strip, W = V^T A, Y = op(T) W, A -= V Y. */
typedef struct OT_NAME(apply_job) {
    OT_NAME(qr) * q;
    size_t j, nbk, t0;
} OT_NAME(apply_job);

static void OT_NAME(qr_apply_range)(void *ctx, size_t begin, size_t end)
{
    const OT_NAME(apply_job) *jb = ctx;
    OT_NAME(qr) *q = jb->q;
    const size_t w = q->w, len = q->m - jb->j, nbk = jb->nbk;
    OT wm[NN_QR_NB * NN_QR_NB], ym[NN_QR_NB * NN_QR_NB];
    for (size_t t = jb->t0 + begin; t < jb->t0 + end; t++) {
        OT *A = OT_NAME(strip)(q, t) + jb->j * w;
        memset(wm, 0, nbk * w * sizeof(OT));
        memset(ym, 0, nbk * w * sizeof(OT));
        q->gemm(nbk, w, len, q->vt, len, A, w, wm, w);
        q->gemm(nbk, w, nbk, q->tt, NN_QR_NB, wm, w, ym, w);
        q->gemm(len, w, nbk, q->vneg, nbk, ym, w, A, w);
    }
}

static void OT_NAME(qr_apply)(OT_NAME(qr) * q, size_t j, size_t nbk, size_t t0)
{
    OT_NAME(apply_job) jb = {q, j, nbk, t0};
    size_t count = q->ns - t0;
    /* Threads only where a strip is worth waking them (about 2^18 fused
     * multiply-adds); which thread runs a strip never shows in its bits. */
    if (count > 1 && (q->m - j) * nbk * q->w >= ((size_t)1 << 17))
        nn_parallel_for(count, 1, OT_NAME(qr_apply_range), &jb);
    else
        OT_NAME(qr_apply_range)(&jb, 0, count);
}

/* Op(T) for the apply: T itself (forming Q) or its transpose (reducing A,
 * which needs H_nbk ... H_1 = (I - V T V^T)^T). */
static void OT_NAME(qr_pick_t)(OT_NAME(qr) * q, size_t blk, int transpose)
{
    const OT *T = q->tm + blk * NN_QR_NB * NN_QR_NB;
    for (size_t p = 0; p < NN_QR_NB; p++)
        for (size_t r = 0; r < NN_QR_NB; r++)
            q->tt[p * NN_QR_NB + r] =
                transpose ? T[r * NN_QR_NB + p] : T[p * NN_QR_NB + r];
}

/* A = QR, then A's storage becomes Q's first n columns (LAPACK's dgeqrf
 * then dorgqr, blocked by NN_QR_NB; Q formed backwards, in place). */
static void OT_NAME(qr_run)(OT_NAME(qr) * q)
{
    const size_t m = q->m, n = q->n, w = q->w;
    const size_t nblk = (n + NN_QR_NB - 1) / NN_QR_NB;
    for (size_t b = 0; b < nblk; b++) {
        size_t j = b * NN_QR_NB, nbk = n - j < NN_QR_NB ? n - j : NN_QR_NB;
        OT_NAME(qr_panel)(q, j, nbk);
        if (j / w + 1 < q->ns) {
            OT_NAME(qr_build_v)(q, j, nbk);
            OT_NAME(qr_pick_t)(q, b, 1);
            OT_NAME(qr_apply)(q, j, nbk, j / w + 1);
        }
    }
    for (size_t b = nblk; b-- > 0;) {
        size_t j = b * NN_QR_NB, nbk = n - j < NN_QR_NB ? n - j : NN_QR_NB;
        OT_NAME(qr_build_v)(q, j, nbk);
        /* The block's columns of Q start as those of the identity. */
        OT *P = OT_NAME(strip)(q, j / w);
        memset(P, 0, m * w * sizeof(OT));
        for (size_t c = 0; c < nbk; c++)
            P[(j + c) * w + c] = 1;
        OT_NAME(qr_pick_t)(q, b, 0);
        OT_NAME(qr_apply)(q, j, nbk, j / w);
    }
}

/* Q (m x n, in the strips) to the output: element (r, c) of the rows x
 * cols matrix is Q[r][c] (or Q[c][r] when rows < cols, Q then being
 * cols x rows) times sign(R's diagonal entry of that column of Q) times
 * gain. It goes to out elements (r * cols + c) * kk + centre, and the other
 * kk - 1 elements of that group are zeros (kk = 1: the plain matrix). A zero
 * diagonal entry (probability 0) counts as positive, so Q stays orthogonal
 * where torch's sign() would zero the column. */
typedef struct OT_NAME(emit_job) {
    const OT_NAME(qr) * q;
    size_t rows, cols, kk, centre;
    double gain;
    nninit_dtype dtype;
    void *out;
} OT_NAME(emit_job);

static void OT_NAME(qr_emit_range)(void *ctx, size_t begin, size_t end)
{
    const OT_NAME(emit_job) *jb = ctx;
    const OT_NAME(qr) *q = jb->q;
    const size_t cols = jb->cols, kk = jb->kk;
    const int tall = jb->rows >= cols;
    const OT g = (OT)jb->gain;
    size_t e = begin * cols * kk;
    for (size_t r = begin; r < end; r++)
        for (size_t c = 0; c < cols; c++, e += kk) {
            size_t i = tall ? r : c, k = tall ? c : r;
            OT v = OT_NAME(strip)(q, k / q->w)[i * q->w + k % q->w];
            OT x = v * (q->beta[k] < 0 ? -g : g);
            for (size_t z = 0; z < kk; z++)
                OT_NAME(store)
                (jb->dtype, jb->out, e + z, z == jb->centre ? x : 0);
        }
}

/* Rows of the output in parallel (each element is written once). */
static void OT_NAME(qr_emit)(const OT_NAME(qr) * q, size_t rows, size_t cols,
                             double gain, nninit_dtype dtype, void *out,
                             size_t kk, size_t centre)
{
    OT_NAME(emit_job) jb = {q, rows, cols, kk, centre, gain, dtype, out};
    size_t grain = 65536 / (cols * kk) + 1;
    nn_parallel_for(rows, grain, OT_NAME(qr_emit_range), &jb);
}

static nninit_status OT_NAME(orth_matrix)(nninit_rng rng, size_t rows,
                                          size_t cols, double gain,
                                          nninit_dtype dtype, void *out,
                                          size_t kk, size_t centre)
{
    OT_NAME(qr) q;
    size_t m = rows >= cols ? rows : cols, n = rows >= cols ? cols : rows;
    nninit_status st = OT_NAME(qr_alloc)(&q, m, n);
    if (st != NNINIT_OK)
        return st;
    OT_NAME(qr_load)(&q, rng, rows, cols);
    OT_NAME(qr_run)(&q);
    OT_NAME(qr_emit)(&q, rows, cols, gain, dtype, out, kk, centre);
    OT_NAME(qr_free)(&q);
    return st;
}

#undef OT
#undef OT_NAME
#undef OT_FMA
#undef OT_SQRT
#undef OT_GEMM
#undef OT_DTYPE
#undef NN_QR_CHUNK
#undef nn_gemm_fn_t
