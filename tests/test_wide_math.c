/*
 * The float64 wide math of the x86 operation layers (nn_log*_g,
 * nn_sincos2pi*_g, nn_ndtri_lower*_g of src/avx2/nnmath_avx2.h and
 * src/avx512/nnmath_avx512.h) gives the bits of the scalar functions of
 * src/scalar/nnmath.h, on inputs the fills do not reach: the whole normal
 * range of log, and the quantile's far region (q < e^-25, r = sqrt(-log q)
 * > 5), which the kernels never reach (the inverse CDF sends q < 2^-34 to
 * the scalar slow path; the truncated normal's retries draw q >= 2^-55, the
 * far region with probability 2^-35). Every vector count 1 .. the most
 * each function takes is used, so the lane packing of the quantile's tail
 * region sees every fill level. Each layer runs where this CPU (or the
 * emulated build) supports its path; prints one line per layer and
 * function, exits non-zero on a difference.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nninit.h"
#include "scalar/nnmath.h"

#define WM_DECL(isa)                                                           \
    int wm_log_gmax_##isa(void);                                               \
    int wm_ndtri_gmax_##isa(void);                                             \
    void wm_log_##isa(const double *x, double *y, size_t n, int g);            \
    void wm_sincos_##isa(const double *t, double *s, double *c, size_t n,      \
                         int g);                                               \
    void wm_ndtri_##isa(const double *q, double *t, size_t n, int g);

typedef struct {
    const char *name;
    nninit_isa isa;
    int (*log_gmax)(void), (*ndtri_gmax)(void);
    void (*log)(const double *, double *, size_t, int);
    void (*sincos)(const double *, double *, double *, size_t, int);
    void (*ndtri)(const double *, double *, size_t, int);
} layer;

/* The layer of path id whose functions end in _sfx. */
#define WM_LAYER(sfx, id)                                                      \
    {                                                                          \
        .name = #sfx, .isa = id, .log_gmax = wm_log_gmax_##sfx,                \
        .ndtri_gmax = wm_ndtri_gmax_##sfx, .log = wm_log_##sfx,                \
        .sincos = wm_sincos_##sfx, .ndtri = wm_ndtri_##sfx                     \
    }

#ifdef WM_HAVE_AVX2
WM_DECL(avx2)
#endif
#ifdef WM_HAVE_AVX512
WM_DECL(avx512)
#endif

static const layer layers[] = {
#ifdef WM_HAVE_AVX2
    WM_LAYER(avx2, NNINIT_ISA_AVX2),
#endif
#ifdef WM_HAVE_AVX512
    WM_LAYER(avx512, NNINIT_ISA_AVX512),
#endif
    {.name = NULL},
};

/* Inputs per function: a multiple of every layer's lanes times its widest
 * step. */
enum { N = 8 * 16 * 96 };

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) /* xorshift64 */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static unsigned long fails;

static void report(const char *isa, const char *fn, unsigned long checks,
                   unsigned long bad)
{
    printf("wide_math: %-7s %-7s %8lu checks, %lu failed\n", isa, fn, checks,
           bad);
    fails += bad;
}

/* q in [2^-1022, 0.5]: a quarter each the kernels' own q, the far region
 * (q = m 2^-k, k 37 .. 1022), the tail region (q < 0.075) and the
 * central one. */
static double draw_q(void)
{
    uint64_t r = next();
    double u = (double)(next() >> 11) * 0x1p-53;
    double q;
    switch (r & 3) {
    case 0:
        q = ((double)((next() & 0x7FFFFFFFFFFFFFFFull) >> 10) + 0.5) * 0x1p-54;
        break;
    case 1:
        q = ldexp(0.5 + 0.5 * u, -(int)(37 + (r >> 2) % 986));
        break;
    case 2:
        q = 0.075 * u;
        break;
    default:
        q = 0.5 - 0.425 * u;
        break;
    }
    return q < 0x1p-1022 ? 0x1p-1022 : q;
}

static void check_layer(const layer *L, double *in, double *out, double *out2)
{
    unsigned long checks = 0, bad = 0;
    /* log: every positive normal double */
    for (int g = 1; g <= L->log_gmax(); g++) {
        for (int i = 0; i < N; i++) {
            uint64_t b =
                0x0010000000000000ull +
                next() % (0x7FF0000000000000ull - 0x0010000000000000ull);
            memcpy(&in[i], &b, 8);
        }
        L->log(in, out, N, g);
        for (int i = 0; i < N; i++, checks++)
            if (bits(out[i]) != bits(nn_log(in[i])) && bad++ < 5)
                printf("FAIL %s log(%a) = %a, scalar %a (g %d)\n", L->name,
                       in[i], out[i], nn_log(in[i]), g);
    }
    report(L->name, "log", checks, bad);

    checks = bad = 0;
    for (int g = 1; g <= L->log_gmax(); g++) {
        for (int i = 0; i < N; i++)
            in[i] = (double)(next() >> 11) * 0x1p-51; /* t = 4u */
        L->sincos(in, out, out2, N, g);
        for (int i = 0; i < N; i++, checks++) {
            double s, c;
            nn_sincos2pi(in[i] * 0.25, &s, &c);
            if ((bits(out[i]) != bits(s) || bits(out2[i]) != bits(c)) &&
                bad++ < 5)
                printf("FAIL %s sincos2pi(%a) = %a %a, scalar %a %a (g %d)\n",
                       L->name, in[i] * 0.25, out[i], out2[i], s, c, g);
        }
    }
    report(L->name, "sincos", checks, bad);

    checks = bad = 0;
    unsigned long far = 0;
    for (int g = 1; g <= L->ndtri_gmax(); g++) {
        for (int i = 0; i < N; i++)
            in[i] = draw_q();
        L->ndtri(in, out, N, g);
        for (int i = 0; i < N; i++, checks++) {
            double want = nn_ndtri_lower(in[i]);
            far += sqrt(-nn_log(in[i])) > NN_NDTRI_FAR_R;
            if (bits(out[i]) != bits(want) && bad++ < 5)
                printf("FAIL %s ndtri_lower(%a) = %a, scalar %a (g %d)\n",
                       L->name, in[i], out[i], want, g);
        }
    }
    report(L->name, "ndtri", checks, bad);
    /* the far region must have been reached (a quarter of the draws) */
    if (far < checks / 8) {
        printf("FAIL %s: only %lu of %lu quantiles in the far region\n",
               L->name, far, checks);
        fails++;
    }
}

int main(void)
{
    double *in = malloc(N * sizeof *in), *out = malloc(N * sizeof *out),
           *out2 = malloc(N * sizeof *out2);
    if (!in || !out || !out2)
        return 2;
    int ran = 0;
    for (const layer *L = layers; L->name != NULL; L++) {
        if (!nninit_isa_supported(L->isa)) {
            printf("wide_math: %-7s not here\n", L->name);
            continue;
        }
        check_layer(L, in, out, out2);
        ran++;
    }
    free(in);
    free(out);
    free(out2);
    printf("wide_math: %d layers checked, %lu failed\n", ran, fails);
    return fails != 0;
}
