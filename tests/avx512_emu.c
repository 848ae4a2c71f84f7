/*
 * The emulated AVX-512 build's own intrinsics (src/avx512/emu_avx512.h)
 * against independent scalar definitions of the instructions, built with
 * that folder's flags (-mavx2 -mfma -mf16c, no AVX-512). The kernels'
 * tests prove the emulated path equal to the scalar reference on the
 * values they happen to produce; this checks each emulation over its whole
 * domain's edges, so that a wrong shim cannot hide behind inputs the
 * kernels rarely see (NaN, denormals, rounding ties, masks, faults):
 *   - conversions: a stride through the integer range and every value
 *     within 3 of k * 2^j and of the halfway points (the reference rounds
 *     once from an exact wider type), all 65536 binary16 and 16-bit inputs,
 *     float32 bit patterns of every class for the 16-bit roundings;
 *   - vfpclassps, each class bit alone, against fpclassify/signbit;
 *   - signed compares; SIMDe's fmadd/fnmadd (one rounding, against
 *     fmaf/fma); the float64 kernels' float64 -> float32 conversion, masked
 *     compares and expand;
 *   - masked loads and stores beside a PROT_NONE page (a lane outside the
 *     mask that were touched would fault) and the lanes they must not
 *     change; the aligned forms trapping on a misaligned address (#GP on
 *     the real instruction), in a child process.
 * Prints "N passed, M failed".
 */
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "avx512/intrin_avx512.h"
#include "scalar/bf16.h"
#include "scalar/f16.h"

#ifndef NNINIT_AVX512_EMU
#error "tests/avx512_emu.c is built for the emulated AVX-512 build only"
#endif

static unsigned long n_pass, n_fail;

static void check(int ok, const char *what, uint64_t x, uint64_t got,
                  uint64_t want)
{
    if (ok) {
        n_pass++;
        return;
    }
    if (n_fail++ < 20)
        printf("FAIL: %s of 0x%" PRIx64 ": 0x%" PRIx64 ", expected 0x%" PRIx64
               "\n",
               what, x, got, want);
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* ---------------------------------------------------------- conversions */

/* 16 32-bit integers: VCVTDQ2PS, VCVTUDQ2PS, VPMOVDW. The references
 * convert through double, exact for any 32-bit integer, so they round once
 * (to nearest even, the default MXCSR.RC). */
static void cvt32(const uint32_t a[16])
{
    __m512i v = _mm512_loadu_si512(a);
    float fs[16], fu[16];
    uint16_t w[16];
    _mm512_storeu_ps(fs, _mm512_cvtepi32_ps(v));
    _mm512_storeu_ps(fu, _mm512_cvtepu32_ps(v));
    _mm256_storeu_si256((__m256i *)w, _mm512_cvtepi32_epi16(v));
    for (int j = 0; j < 16; j++) {
        uint32_t ws = f32_bits((float)(double)(int32_t)a[j]);
        uint32_t wu = f32_bits((float)(double)a[j]);
        check(f32_bits(fs[j]) == ws, "cvtepi32_ps", a[j], f32_bits(fs[j]), ws);
        check(f32_bits(fu[j]) == wu, "cvtepu32_ps", a[j], f32_bits(fu[j]), wu);
        check(w[j] == (a[j] & 0xFFFFu), "cvtepi32_epi16", a[j], w[j],
              a[j] & 0xFFFFu);
    }
}

/* 8 64-bit integers: VCVTUQQ2PD. The reference goes through the x87
 * 64-bit significand (exact for any uint64_t), one rounding to double. */
static void cvt64(const uint64_t a[8])
{
    double d[8];
    _mm512_storeu_pd(d, _mm512_cvtepu64_pd(_mm512_loadu_si512(a)));
    for (int j = 0; j < 8; j++) {
        uint64_t want = f64_bits((double)(long double)a[j]);
        check(f64_bits(d[j]) == want, "cvtepu64_pd", a[j], f64_bits(d[j]),
              want);
    }
}

static void conversions(void)
{
    uint32_t a[16];
    uint64_t q[8];
    int n = 0, m = 0;
    /* a stride through the range, then k * 2^j + d and the halfway points
     * (k odd, 2 or 3 bits) + d for |d| <= 3 */
    for (uint64_t x = 0; x < (1ull << 32); x += 0x10001ull * 7) {
        a[n++] = (uint32_t)x;
        if (n == 16)
            cvt32(a), n = 0;
    }
    for (int j = 0; j < 32; j++)
        for (uint32_t k = 1; k < 8; k += 2)
            for (int d = -3; d <= 3; d++) {
                a[n++] = (uint32_t)(((uint64_t)k << j) + (uint64_t)d);
                if (n == 16)
                    cvt32(a), n = 0;
            }
    for (uint64_t x = 0x123456789ull; x < ~0ull - 0x0123456789ABCDEFull;
         x += 0x0123456789ABCDEFull) {
        q[m++] = x;
        if (m == 8)
            cvt64(q), m = 0;
    }
    for (int j = 0; j < 64; j++)
        for (uint64_t k = 1; k < 8; k += 2)
            for (int d = -3; d <= 3; d++) {
                q[m++] = (k << j) + (uint64_t)d;
                if (m == 8)
                    cvt64(q), m = 0;
            }
    while (n < 16)
        a[n++] = 0xFFFFFFFFu;
    cvt32(a);
    while (m < 8)
        q[m++] = ~0ull;
    cvt64(q);

    /* every 16-bit pattern: VPMOVZXWD, VCVTPH2PS (NaNs come back quiet,
     * sign and payload kept) */
    for (uint32_t h0 = 0; h0 < 65536; h0 += 16) {
        uint16_t h[16];
        uint32_t z[16];
        float f[16];
        for (int j = 0; j < 16; j++)
            h[j] = (uint16_t)(h0 + (uint32_t)j);
        __m256i v = _mm256_loadu_si256((const __m256i *)h);
        _mm512_storeu_si512(z, _mm512_cvtepu16_epi32(v));
        _mm512_storeu_ps(f, _mm512_cvtph_ps(v));
        for (int j = 0; j < 16; j++) {
            uint32_t want = f32_bits(nn_f16_to_f32(h[j]));
            if ((h[j] & 0x7C00u) == 0x7C00u && (h[j] & 0x3FFu) != 0)
                want |= 0x400000u;
            check(z[j] == h[j], "cvtepu16_epi32", h[j], z[j], h[j]);
            check(f32_bits(f[j]) == want, "cvtph_ps", h[j], f32_bits(f[j]),
                  want);
        }
    }
}

/* 16 float32 patterns: VCVTPS2PH (round to nearest even) against the scalar
 * definition (f16.h: NaN kept quiet with its top payload bits), and
 * VCVTNEPS2BF16 against the SDM's convert_fp32_to_bfloat16, which is the
 * scalar bf16.h rounding except that zero and denormal inputs give a
 * zero of their sign. */
static void half16(const uint32_t u[16])
{
    __m512 x = _mm512_loadu_ps(u);
    uint16_t h[16], b[16];
    _mm256_storeu_si256((__m256i *)h,
                        _mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT));
    _mm256_storeu_si256((__m256i *)b, (__m256i)_mm512_cvtneps_pbh(x));
    for (int j = 0; j < 16; j++) {
        float f;
        memcpy(&f, &u[j], 4);
        uint16_t wh = nn_f32_to_f16_rne(f);
        uint16_t wb = (u[j] & 0x7F800000u) == 0
                          ? (uint16_t)((u[j] >> 16) & 0x8000u)
                          : nn_f32_to_bf16_rne(f);
        check(h[j] == wh, "cvtps_ph", u[j], h[j], wh);
        check(b[j] == wb, "cvtneps_pbh", u[j], b[j], wb);
    }
}

/* The float32 patterns of every class: each exponent with mantissas at and
 * near the rounding points of both 16-bit formats, both signs. */
static void roundings(void)
{
    static const uint32_t mant[] = {
        0x000000, 0x000001, 0x000FFF, 0x001000, 0x001001, 0x002000,
        0x003000, 0x007FFF, 0x008000, 0x008001, 0x00FFFF, 0x010000,
        0x018000, 0x3FFFFF, 0x400000, 0x400001, 0x7FDFFF, 0x7FE000,
        0x7FEFFF, 0x7FF000, 0x7FFFFF, 0x123456, 0x654321, 0x2AAAAA};
    enum { NM = sizeof mant / sizeof mant[0] };
    uint32_t u[16];
    int n = 0;
    for (uint32_t s = 0; s < 2; s++)
        for (uint32_t e = 0; e < 256; e++)
            for (int i = 0; i < NM; i++) {
                u[n++] = s << 31 | e << 23 | mant[i];
                if (n == 16)
                    half16(u), n = 0;
            }
    while (n < 16)
        u[n++] = 0;
    half16(u);
}

/* ------------------------------------------------------ classification */

static void fpclass(void)
{
    static const uint32_t v[16] = {
        0x00000000u, 0x80000000u, 0x00000001u, 0x807FFFFFu,
        0x3F800000u, 0xBF800000u, 0x7F7FFFFFu, 0xFF7FFFFFu,
        0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00001u,
        0x7F800001u, 0xFFBFFFFFu, 0x00800000u, 0x80800000u};
    __m512 x = _mm512_loadu_ps(v);
    __mmask16 k[8] = {
        _mm512_fpclass_ps_mask(x, 0x01), _mm512_fpclass_ps_mask(x, 0x02),
        _mm512_fpclass_ps_mask(x, 0x04), _mm512_fpclass_ps_mask(x, 0x08),
        _mm512_fpclass_ps_mask(x, 0x10), _mm512_fpclass_ps_mask(x, 0x20),
        _mm512_fpclass_ps_mask(x, 0x40), _mm512_fpclass_ps_mask(x, 0x80)};
    __mmask16 all = _mm512_fpclass_ps_mask(x, 0xFF);
    for (int j = 0; j < 16; j++) {
        float f;
        memcpy(&f, &v[j], 4);
        int c = fpclassify(f), neg = signbit(f) != 0;
        int quiet = (v[j] & 0x400000u) != 0;
        int want[8] = {c == FP_NAN && quiet,
                       c == FP_ZERO && !neg,
                       c == FP_ZERO && neg,
                       c == FP_INFINITE && !neg,
                       c == FP_INFINITE && neg,
                       c == FP_SUBNORMAL,
                       neg && (c == FP_NORMAL || c == FP_SUBNORMAL),
                       c == FP_NAN && !quiet};
        int any = 0; /* 0xFF: every class but the positive finite */
        for (int b = 0; b < 8; b++) {
            check(((k[b] >> j) & 1) == want[b], "fpclass_ps_mask bit",
                  (uint64_t)b << 32 | v[j], (k[b] >> j) & 1u,
                  (uint64_t)want[b]);
            any |= want[b];
        }
        check(((all >> j) & 1u) == (unsigned)any, "fpclass_ps_mask 0xFF", v[j],
              (all >> j) & 1u, (uint64_t)any);
    }
}

/* ----------------------------------------------------------- compares */

static void compares(void)
{
    static const int64_t e[] = {0,
                                1,
                                -1,
                                2,
                                INT32_MAX,
                                INT32_MIN,
                                INT64_MAX,
                                INT64_MIN,
                                0x80000000ll,
                                -0x80000001ll,
                                0x7FFFFFFFFFFFll};
    enum { NE = sizeof e / sizeof e[0] };
    for (int i = 0; i < NE; i++)
        for (int j = 0; j < NE; j += 2) {
            int32_t a[16], b[16];
            int64_t c[8], d[8];
            for (int l = 0; l < 16; l++) {
                a[l] = (int32_t)e[(i + l) % NE];
                b[l] = (int32_t)e[(j + 3 * l) % NE];
            }
            for (int l = 0; l < 8; l++) {
                c[l] = e[(i + l) % NE];
                d[l] = e[(j + 5 * l) % NE];
            }
            unsigned k32 = _mm512_cmplt_epi32_mask(_mm512_loadu_si512(a),
                                                   _mm512_loadu_si512(b));
            unsigned k64 = _mm512_cmplt_epi64_mask(_mm512_loadu_si512(c),
                                                   _mm512_loadu_si512(d));
            unsigned w32 = 0, w64 = 0;
            for (int l = 0; l < 16; l++)
                w32 |= (unsigned)(a[l] < b[l]) << l;
            for (int l = 0; l < 8; l++)
                w64 |= (unsigned)(c[l] < d[l]) << l;
            check(k32 == w32, "cmplt_epi32_mask",
                  (uint64_t)i << 8 | (unsigned)j, k32, w32);
            check(k64 == w64, "cmplt_epi64_mask",
                  (uint64_t)i << 8 | (unsigned)j, k64, w64);
        }
}

/* SIMDe's fmadd: one rounding (fmaf/fma of glibc are exact), on products
 * whose low half decides the result. */
static void fmadd(void)
{
    uint32_t s = 12345;
    for (int r = 0; r < 4096; r++) {
        float a[16], b[16], c[16], got[16];
        double p[8], q[8], t[8], gd[8], gn[8];
        for (int l = 0; l < 16; l++) {
            s = s * 1664525u + 1013904223u;
            a[l] = 1.0f + (float)(s >> 8) * 0x1p-24f;
            s = s * 1664525u + 1013904223u;
            b[l] = 1.0f + (float)(s >> 8) * 0x1p-24f;
            c[l] = -(a[l] * b[l]);
        }
        for (int l = 0; l < 8; l++) {
            p[l] = (double)a[l] * (1.0 + 0x1p-30 * (double)l);
            q[l] = (double)b[2 * l] + 0x1p-40;
            t[l] = -(p[l] * q[l]);
        }
        _mm512_storeu_ps(got,
                         _mm512_fmadd_ps(_mm512_loadu_ps(a), _mm512_loadu_ps(b),
                                         _mm512_loadu_ps(c)));
        _mm512_storeu_pd(gd,
                         _mm512_fmadd_pd(_mm512_loadu_pd(p), _mm512_loadu_pd(q),
                                         _mm512_loadu_pd(t)));
        _mm512_storeu_pd(gn, _mm512_fnmadd_pd(_mm512_loadu_pd(p),
                                              _mm512_loadu_pd(q),
                                              _mm512_loadu_pd(gd)));
        for (int l = 0; l < 16; l++) {
            uint32_t w = f32_bits(fmaf(a[l], b[l], c[l]));
            check(f32_bits(got[l]) == w, "fmadd_ps", f32_bits(a[l]),
                  f32_bits(got[l]), w);
        }
        for (int l = 0; l < 8; l++) {
            uint64_t w = f64_bits(fma(p[l], q[l], t[l]));
            check(f64_bits(gd[l]) == w, "fmadd_pd", f64_bits(p[l]),
                  f64_bits(gd[l]), w);
            w = f64_bits(fma(-p[l], q[l], gd[l]));
            check(f64_bits(gn[l]) == w, "fnmadd_pd", f64_bits(p[l]),
                  f64_bits(gn[l]), w);
        }
    }
}

/* ------------------------------------------- the float64 kernels' own */

/* VCVTPD2PS against the scalar conversion (cvtsd2ss, one rounding): double
 * patterns at and around float32's rounding points, its subnormal range,
 * overflow, infinities and NaNs. */
static void cvtpd(void)
{
    static const uint64_t mant[] = {0,
                                    1,
                                    0x0FFFFFFFull,
                                    0x10000000ull,
                                    0x10000001ull,
                                    0x20000000ull,
                                    0x30000000ull,
                                    0xFFFFFFFFFFFFFull,
                                    0x8000000000000ull,
                                    0x123456789ABCDull};
    enum { NM = sizeof mant / sizeof mant[0] };
    double d[8];
    int n = 0;
    for (uint64_t sgn = 0; sgn < 2; sgn++)
        for (uint64_t e = 0; e < 2048; e++) {
            /* all exponents near float32's range ends, a few elsewhere */
            if (e > 16 && e < 2031 && (e < 0x340 || e > 0x480) && e % 61)
                continue;
            for (int i = 0; i < NM; i++) {
                uint64_t u = sgn << 63 | e << 52 | mant[i];
                memcpy(&d[n++], &u, 8);
                if (n < 8)
                    continue;
                n = 0;
                float f[8];
                _mm256_storeu_ps(f, _mm512_cvtpd_ps(_mm512_loadu_pd(d)));
                for (int j = 0; j < 8; j++) {
                    uint32_t want = f32_bits((float)d[j]);
                    check(f32_bits(f[j]) == want, "cvtpd_ps", f64_bits(d[j]),
                          f32_bits(f[j]), want);
                }
            }
        }
}

/* The zeroing-masked compares (NaNs and signed zeros among the operands)
 * and VEXPANDPD, over many masks. */
static void masked_ops(void)
{
    static const float fa[16] = {0.f,  -0.f, 1.f,      2.f, NAN,  1.f,
                                 -1.f, 3.f,  INFINITY, 5.f, 0.5f, NAN,
                                 -2.f, 7.f,  8.f,      1.f};
    static const float fb[16] = {-0.f, 0.f, 2.f,   1.f, 1.f,  NAN, -1.f, 4.f,
                                 1.f,  5.f, 0.25f, NAN, -3.f, 9.f, 8.f,  0.f};
    double da[8], db[8], src[8] = {-1, -2, -3, -4, -5, -6, -7, -8};
    for (int j = 0; j < 8; j++) {
        da[j] = (double)fa[2 * j + 1];
        db[j] = (double)fb[2 * j + 1];
    }
    __m512 a = _mm512_loadu_ps(fa), b = _mm512_loadu_ps(fb);
    __m256 a8 = _mm256_loadu_ps(fa), b8 = _mm256_loadu_ps(fb);
    __m512d ad = _mm512_loadu_pd(da), bd = _mm512_loadu_pd(db);
    for (unsigned k = 0; k < 65536; k += 257) {
        unsigned lt = _mm512_mask_cmp_ps_mask((__mmask16)k, a, b, _CMP_LT_OQ);
        unsigned nlt = _mm512_mask_cmp_ps_mask((__mmask16)k, a, b, _CMP_NLT_UQ);
        unsigned w_lt = 0, w_nlt = 0;
        for (int j = 0; j < 16; j++) {
            w_lt |= (unsigned)(((k >> j) & 1) && fa[j] < fb[j]) << j;
            w_nlt |= (unsigned)(((k >> j) & 1) && !(fa[j] < fb[j])) << j;
        }
        check(lt == w_lt, "mask_cmp_ps_mask LT_OQ", k, lt, w_lt);
        check(nlt == w_nlt, "mask_cmp_ps_mask NLT_UQ", k, nlt, w_nlt);
    }
    for (unsigned k = 0; k < 256; k++) {
        unsigned c8 = _mm256_mask_cmp_ps_mask((__mmask8)k, a8, b8, _CMP_LE_OQ);
        unsigned cd = _mm512_mask_cmp_pd_mask((__mmask8)k, ad, bd, _CMP_GT_OQ);
        unsigned w8 = 0, wd = 0;
        for (int j = 0; j < 8; j++) {
            w8 |= (unsigned)(((k >> j) & 1) && fa[j] <= fb[j]) << j;
            wd |= (unsigned)(((k >> j) & 1) && da[j] > db[j]) << j;
        }
        check(c8 == w8, "_mm256_mask_cmp_ps_mask LE_OQ", k, c8, w8);
        check(cd == wd, "mask_cmp_pd_mask GT_OQ", k, cd, wd);

        double e[8], want[8];
        int m = 0;
        _mm512_storeu_pd(
            e, _mm512_mask_expand_pd(_mm512_loadu_pd(src), (__mmask8)k, ad));
        for (int j = 0; j < 8; j++)
            want[j] = (k >> j) & 1 ? da[m++] : src[j];
        check(memcmp(e, want, sizeof e) == 0, "mask_expand_pd", k, 0, 0);
    }
}

/* -------------------------------------------------------------- memory */

/* Masked loads and stores whose unselected lanes lie on a PROT_NONE page:
 * touching one faults. Masks: every prefix (the kernels' tails) and a
 * few scattered ones, the selected lanes just below the guard page. */
static void masked(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(NULL, (size_t)(2 * pg), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + pg, (size_t)pg, PROT_NONE) != 0) {
        check(0, "mmap/mprotect", 0, 0, 0);
        return;
    }
    static const unsigned scattered[] = {0x0001, 0x8001, 0x5555, 0xAAAA,
                                         0x0F0F, 0x8000, 0x0000, 0xFFFF};
    for (int t = 0; t < 17 + 8; t++) {
        unsigned k = t <= 16 ? (1u << t) - 1 : scattered[t - 17];
        int top = 0; /* lanes up to the highest selected one fit the page */
        for (int j = 0; j < 16; j++)
            if ((k >> j) & 1)
                top = j + 1;
        /* float lanes */
        float *src = (float *)(m + pg) - top;
        for (int j = 0; j < top; j++)
            src[j] = (float)(j + 1);
        float got[16];
        _mm512_storeu_ps(got, _mm512_maskz_loadu_ps((__mmask16)k, src));
        for (int j = 0; j < 16; j++) {
            uint32_t want = (k >> j) & 1 ? f32_bits((float)(j + 1)) : 0;
            check(f32_bits(got[j]) == want, "maskz_loadu_ps lane",
                  (uint64_t)k << 8 | (unsigned)j, f32_bits(got[j]), want);
        }
        /* 16-bit lanes: the unselected ones below the guard keep their
         * bytes */
        uint16_t *dst = (uint16_t *)(m + pg) - top;
        uint16_t val[16];
        for (int j = 0; j < top; j++)
            dst[j] = 0xA5A5;
        for (int j = 0; j < 16; j++)
            val[j] = (uint16_t)(0x100 + j);
        _mm256_mask_storeu_epi16(dst, (__mmask16)k,
                                 _mm256_loadu_si256((const __m256i *)val));
        for (int j = 0; j < top; j++) {
            uint16_t want = (k >> j) & 1 ? val[j] : 0xA5A5;
            check(dst[j] == want, "mask_storeu_epi16 lane",
                  (uint64_t)k << 8 | (unsigned)j, dst[j], want);
        }
    }
    munmap(m, (size_t)(2 * pg));
}

/* Runs f(p) in a child: did it die of the trap? */
static int traps(void (*f)(unsigned char *), unsigned char *p)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        f(p);
        _exit(0);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGILL;
}

static void t_load_ps(unsigned char *p)
{
    volatile __m512 v = _mm512_load_ps(p);
    (void)v;
}
static void t_load_si512(unsigned char *p)
{
    volatile __m512i v = _mm512_load_si512(p);
    (void)v;
}
static void t_store_ps(unsigned char *p)
{
    _mm512_store_ps(p, _mm512_set1_ps(1.0f));
}
static void t_store_si512(unsigned char *p)
{
    _mm512_store_si512(p, _mm512_set1_epi32(1));
}
static void t_stream(unsigned char *p)
{
    _mm512_stream_si512(p, _mm512_set1_epi32(1));
    _mm_sfence();
}

static void aligned(void)
{
    static _Alignas(64) unsigned char buf[192];
    void (*const fs[])(unsigned char *) = {t_load_ps, t_load_si512, t_store_ps,
                                           t_store_si512, t_stream};
    static const char *const names[] = {"load_ps", "load_si512", "store_ps",
                                        "store_si512", "stream_si512"};
    for (int i = 0; i < 5; i++) {
        check(traps(fs[i], buf + 64) == 0, names[i], 64, 1, 0);
        check(traps(fs[i], buf + 32) == 1, names[i], 32, 0, 1);
        check(traps(fs[i], buf + 4) == 1, names[i], 4, 0, 1);
    }
    /* the stream stores the bytes */
    uint32_t w[16];
    for (int j = 0; j < 16; j++)
        w[j] = 0x01010101u * (uint32_t)j;
    _mm512_stream_si512(buf + 64, _mm512_loadu_si512(w));
    _mm_sfence();
    check(memcmp(buf + 64, w, 64) == 0, "stream_si512 bytes", 0, 0, 0);
}

int main(void)
{
    conversions();
    roundings();
    fpclass();
    compares();
    fmadd();
    cvtpd();
    masked_ops();
    masked();
    aligned();
    printf("%lu passed, %lu failed\n", n_pass, n_fail);
    return n_fail != 0;
}
