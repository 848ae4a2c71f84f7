/*
 * Template: uniform U[lo, hi) on any x86 vector width, the vector mirror of
 * src/scalar/uniform.h:
 *   float32: x = min(fmaf((w >> 8) * 2^-24, scale, lo), max)
 *   float64: x = min(fma((v >> 11) * 2^-53, scale, lo), max)
 *
 * Two exact shortcuts, each decided once per call and each giving the very
 * same bits:
 *  - the power of two moves into the scale, fma(k, scale * 2^-24, lo), when
 *    scale * 2^-24 is exact (it is unless scale is tiny): the fma sees the
 *    same exact product;
 *  - the clamp is dropped when the largest u already lands at or below max:
 *    the fma is monotone in u (scale >= 0), so no element can exceed it.
 *
 * Included once per ISA, after that ISA's operation layer (ops_<isa>.h),
 * which provides the vector types and operations NN_VF_* / NN_VD_* / NN_VI_*,
 * the lane count NN_LANES (float32 lanes of a vector), the set loop
 * NN_RUN_SETS and NN_EACH_SET_V, and NN_KNAME(name), the kernel's name for
 * this ISA.
 */
#include <math.h>

/* ---------------------------------------------------------------- float32 */

typedef struct {
    NN_VF lo, scale, max;
} uni_f32;

NN_AINLINE void uni_f32_set(void *vctx, NN_VI w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f32 *c = (const uni_f32 *)vctx;
    float *d = (float *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        NN_VF u = NN_VF_CVT_I32(NN_VI_SRLI32(w[k], 8));
        if (!pre)
            u = NN_VF_MUL(u, NN_VF_SET1(0x1p-24f));
        NN_VF x = NN_VF_FMADD(u, c->scale, c->lo);
        if (clamp)
            x = NN_VF_MIN(x, c->max);
        NN_VF_STOREU(d + NN_LANES * k, x);
    }
}

NN_AINLINE void uni_f32_fast_one(void *c, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 1, 0);
}

NN_EACH_SET_V(uni_f32_fast, uni_f32_fast_one, 4 * NN_LANES)

NN_AINLINE void uni_f32_gen_one(void *c, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f32_set(c, w, dst, 0, 1);
}

NN_EACH_SET_V(uni_f32_gen, uni_f32_gen_one, 4 * NN_LANES)

void NN_KNAME(uniform_f32)(const nn_kparams *p, float *restrict out, size_t n)
{
    uni_f32 c;
    float s24 = p->f_scale * 0x1p-24f;
    int pre = s24 * 0x1p24f == p->f_scale;
    int clamp = !(fmaf(0xFFFFFFp-24f, p->f_scale, p->f_lo) <= p->f_max);
    c.lo = NN_VF_SET1(p->f_lo);
    c.max = NN_VF_SET1(p->f_max);
    if (pre && !clamp) {
        c.scale = NN_VF_SET1(s24);
        NN_RUN_SETS(p, out, n, 0, &c, uni_f32_fast);
    } else {
        c.scale = NN_VF_SET1(p->f_scale);
        NN_RUN_SETS(p, out, n, 0, &c, uni_f32_gen);
    }
}

/* ---------------------------------------------------------------- float64 */

typedef struct {
    NN_VD lo, scale, max;
} uni_f64;

#ifdef NN_VD_U01_RAW
/*
 * The layer converts raw (untransposed) sets to u = (v >> 11) 2^-53 and
 * stores results in memory order itself (NN_VD_U53_STORE): the
 * element-wise fma and clamp between them commute with its shuffles.
 * With u exact, fma(u, scale, lo) is the scalar reference as it stands
 * (no power of two to move), and U[0, 1) itself is u: fma(u, 1, 0) = u.
 */
NN_AINLINE void uni_f64_set(void *vctx, NN_VI w[4], void *dst, int unit,
                            int clamp)
{
    const uni_f64 *c = (const uni_f64 *)vctx;
    NN_VD x[4];
    NN_VD_U01_RAW(w, x);
    if (!unit) {
#pragma GCC unroll 4
        for (int k = 0; k < 4; k++) {
            x[k] = NN_VD_FMADD(x[k], c->scale, c->lo);
            if (clamp)
                x[k] = NN_VD_MIN(x[k], c->max);
        }
    }
    NN_VD_U53_STORE((double *)dst, x);
}

NN_AINLINE void uni_f64_unit_one(void *c, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 1, 0);
}

NN_EACH_SET_V(uni_f64_unit, uni_f64_unit_one, 2 * NN_LANES)

/* The first flag of uni_f64_set for a range that needs no clamp. */
#define UNI_F64_FAST 0
#else
NN_AINLINE void uni_f64_set(void *vctx, NN_VI w[4], void *dst, int pre,
                            int clamp)
{
    const uni_f64 *c = (const uni_f64 *)vctx;
    double *d = (double *)dst;
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        NN_VD u = NN_VD_U53(w[k]); /* (v >> 11) as a double, exactly */
        if (!pre)
            u = NN_VD_MUL(u, NN_VD_SET1(0x1p-53));
        NN_VD x = NN_VD_FMADD(u, c->scale, c->lo);
        if (clamp)
            x = NN_VD_MIN(x, c->max);
        NN_VD_STOREU(d + NN_LANES / 2 * k, x);
    }
}

#define UNI_F64_FAST 1 /* pre */
#endif

NN_AINLINE void uni_f64_fast_one(void *c, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, UNI_F64_FAST, 0);
}

NN_EACH_SET_V(uni_f64_fast, uni_f64_fast_one, 2 * NN_LANES)

NN_AINLINE void uni_f64_gen_one(void *c, NN_VI w[4], uint64_t e0, void *dst)
{
    (void)e0;
    uni_f64_set(c, w, dst, 0, 1);
}

NN_EACH_SET_V(uni_f64_gen, uni_f64_gen_one, 2 * NN_LANES)

#ifdef NN_VD_U01_RAW
void NN_KNAME(uniform_f64)(const nn_kparams *p, double *restrict out, size_t n)
{
    uni_f64 c;
    int clamp = !(fma(0x1FFFFFFFFFFFFFp-53, p->d_scale, p->d_lo) <= p->d_max);
    c.lo = NN_VD_SET1(p->d_lo);
    c.scale = NN_VD_SET1(p->d_scale);
    c.max = NN_VD_SET1(p->d_max);
    if (clamp)
        NN_RUN_SETS_EX(p, out, n, 1, 1, &c, uni_f64_gen);
    else if (p->d_lo == 0.0 && p->d_scale == 1.0)
        NN_RUN_SETS_EX(p, out, n, 1, 1, &c, uni_f64_unit);
    else
        NN_RUN_SETS_EX(p, out, n, 1, 1, &c, uni_f64_fast);
}
#else
void NN_KNAME(uniform_f64)(const nn_kparams *p, double *restrict out, size_t n)
{
    uni_f64 c;
    double s53 = p->d_scale * 0x1p-53;
    int pre = s53 * 0x1p53 == p->d_scale;
    int clamp = !(fma(0x1FFFFFFFFFFFFFp-53, p->d_scale, p->d_lo) <= p->d_max);
    c.lo = NN_VD_SET1(p->d_lo);
    c.max = NN_VD_SET1(p->d_max);
    if (pre && !clamp) {
        c.scale = NN_VD_SET1(s53);
        NN_RUN_SETS(p, out, n, 1, &c, uni_f64_fast);
    } else {
        c.scale = NN_VD_SET1(p->d_scale);
        NN_RUN_SETS(p, out, n, 1, &c, uni_f64_gen);
    }
}
#endif
#undef UNI_F64_FAST
