/*
 * The emulated AVX-512 build only (meson -Davx512_emulate=true; see
 * intrin_avx512.h and docs/templates.md): this folder's sources compiled
 * with -mavx2 -mfma -mf16c and no -mavx512*, their AVX-512 intrinsics
 * taken from SIMDe (libsimde-dev 0.7.4) under the native names, so that the
 * AVX-512 kernels run on a CPU without AVX-512 and every test checks them
 * against the scalar reference here.
 *
 * SIMDe 0.7.4 lacks 13 of the intrinsics the folder uses (the list: every
 * _mm512_ / masked name left after preprocessing the folder against SIMDe
 * whose only definition is GCC's AVX-512 header), and 5 more that the
 * float64 and truncated-normal kernels of issue 17 use (at the end). They
 * are defined below, each after the operation the Intel SDM (vol. 2) and
 * the Intrinsics Guide give for its instruction, element by element; the
 * notes say which rounding, NaN, mask and fault rules apply.
 * tests/avx512_emu.c checks each against an independent scalar definition.
 *
 * SIMDe's own emulations of the intrinsics the folder uses were read for
 * this build's configuration (GCC, AVX2 + FMA native, 256-bit natural
 * vectors) and are exact: arithmetic (add/sub/mul/div/sqrt/min; fmadd and
 * fnmadd through _mm256_fmadd/_fnmadd, one rounding, which the test
 * checks), compares (_mm512_cmp_ps/pd_mask and _mm256_cmp_ps_mask through
 * _mm256_cmp_ps/pd, the predicate passed on as is), the opmask blends and
 * tests, _mm512_maskz_compress_pd (selected lanes in order, +0.0 above),
 * shifts, unpacks (the in-lane orders of the SDM), inserts and sets. The
 * exceptions, fixed here:
 *  - the aligned loads and stores (_mm512_load_*, _mm512_store_*) do not
 *    check alignment, where the instruction raises #GP on an address that
 *    is not a multiple of 64: ours trap, so that a misaligned aligned access,
 *    which would crash on an AVX-512 machine, crashes in the tests here too;
 *  - _mm512_cvtepu32_ps: SIMDe's alias is misspelt (_mm512_cvtepu32_epi32),
 *    so the name reached GCC's AVX-512 header, and its SSE2 form converts
 *    u >> 1, doubles it and adds the low bit: two roundings, wrong in the
 *    last place for some u >= 2^25. Ours converts once.
 * No intrinsic here reads MXCSR other than as the instruction does; none of
 * them is timed (the emulated path's speed means nothing).
 */
#ifndef NNINIT_EMU_AVX512_H
#define NNINIT_EMU_AVX512_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

/* The exactness argument above holds only for this configuration: SIMDe's
 * fallback for fmadd without FMA is a multiply and an add (two roundings),
 * and with AVX-512 enabled this build would not be an emulation at all. */
#if !defined(SIMDE_X86_AVX2_NATIVE) || !defined(SIMDE_X86_FMA_NATIVE) ||       \
    !defined(SIMDE_X86_F16C_NATIVE) || !SIMDE_NATURAL_VECTOR_SIZE_LE(256)
#error "the emulated AVX-512 build needs -mavx2 -mfma -mf16c (src/avx512)"
#endif
#if defined(SIMDE_X86_AVX512F_NATIVE) || defined(__AVX512F__)
#error "the emulated AVX-512 build must be compiled without -mavx512*"
#endif

#define NN_EMU static inline __attribute__((always_inline))

/* ------------------------------------------------------ aligned access */

/* VMOVAPS/VMOVDQA32/VMOVNTDQ with a 512-bit memory operand: #GP(0) if the
 * address is not 64-byte aligned (SDM vol. 2, "Exceptions"). */
NN_EMU void nn_emu_need64(const void *p)
{
    if ((uintptr_t)p & 63u)
        __builtin_trap();
}

NN_EMU __m512 nn_emu_load_ps(const void *p)
{
    nn_emu_need64(p);
    return simde_mm512_loadu_ps(p);
}
NN_EMU __m512d nn_emu_load_pd(const void *p)
{
    nn_emu_need64(p);
    return simde_mm512_loadu_pd(p);
}
NN_EMU __m512i nn_emu_load_si512(const void *p)
{
    nn_emu_need64(p);
    return simde_mm512_loadu_si512(p);
}
NN_EMU void nn_emu_store_ps(void *p, __m512 a)
{
    nn_emu_need64(p);
    simde_mm512_storeu_ps(p, a);
}
NN_EMU void nn_emu_store_pd(void *p, __m512d a)
{
    nn_emu_need64(p);
    simde_mm512_storeu_pd(p, a);
}
NN_EMU void nn_emu_store_si512(void *p, __m512i a)
{
    nn_emu_need64(p);
    simde_mm512_storeu_si512(p, a);
}
#undef _mm512_load_ps
#undef _mm512_load_pd
#undef _mm512_load_si512
#undef _mm512_store_ps
#undef _mm512_store_pd
#undef _mm512_store_si512
#define _mm512_load_ps(p) nn_emu_load_ps(p)
#define _mm512_load_pd(p) nn_emu_load_pd(p)
#define _mm512_load_si512(p) nn_emu_load_si512(p)
#define _mm512_store_ps(p, a) nn_emu_store_ps(p, a)
#define _mm512_store_pd(p, a) nn_emu_store_pd(p, a)
#define _mm512_store_si512(p, a) nn_emu_store_si512(p, a)

/* _mm512_stream_si512 (VMOVNTDQ m512, zmm): the 64 bytes stored with a
 * non-temporal hint; #GP unless 64-byte aligned. Two VMOVNTDQ m256 (which
 * need 32) store the same bytes with the same hint. */
NN_EMU void nn_emu_mm512_stream_si512(void *p, __m512i a)
{
    __m256i h[2];
    nn_emu_need64(p);
    memcpy(h, &a, 64);
    _mm256_stream_si256((__m256i *)p, h[0]);
    _mm256_stream_si256((__m256i *)p + 1, h[1]);
}
#undef _mm512_stream_si512
#define _mm512_stream_si512(p, a) nn_emu_mm512_stream_si512(p, a)

/* ----------------------------------------------------- masked memory */

/* _mm512_maskz_loadu_ps (VMOVUPS zmm {k}{z}, m512): element j is loaded
 * where k[j] is set and zeroed (+0.0, all bits clear) where not; the
 * elements not selected are not accessed (fault suppression), so they are
 * not read here either. No alignment is required. */
NN_EMU __m512 nn_emu_mm512_maskz_loadu_ps(__mmask16 k, const void *p)
{
    uint32_t v[16] = {0};
    for (int j = 0; j < 16; j++)
        if ((k >> j) & 1u)
            memcpy(&v[j], (const unsigned char *)p + 4 * j, 4);
    return simde_mm512_loadu_ps(v);
}
#undef _mm512_maskz_loadu_ps
#define _mm512_maskz_loadu_ps(k, p) nn_emu_mm512_maskz_loadu_ps(k, p)

/* _mm256_mask_storeu_epi16 (VMOVDQU16 m256 {k}, ymm): the 16-bit element j
 * is written where k[j] is set; the others are neither read nor written
 * (fault suppression). No alignment is required. */
NN_EMU void nn_emu_mm256_mask_storeu_epi16(void *p, __mmask16 k, __m256i a)
{
    uint16_t v[16];
    memcpy(v, &a, 32);
    for (int j = 0; j < 16; j++)
        if ((k >> j) & 1u)
            memcpy((unsigned char *)p + 2 * j, &v[j], 2);
}
#undef _mm256_mask_storeu_epi16
#define _mm256_mask_storeu_epi16(p, k, a)                                      \
    nn_emu_mm256_mask_storeu_epi16(p, k, a)

/* ------------------------------------------------------- comparisons */

/* _mm512_cmplt_epi32_mask (VPCMPD k, zmm, zmm, _MM_CMPINT_LT): k[j] =
 * (a[j] < b[j]) as signed 32-bit integers. */
NN_EMU __mmask16 nn_emu_mm512_cmplt_epi32_mask(__m512i a, __m512i b)
{
    int32_t x[16], y[16];
    unsigned k = 0;
    memcpy(x, &a, 64);
    memcpy(y, &b, 64);
    for (int j = 0; j < 16; j++)
        k |= (unsigned)(x[j] < y[j]) << j;
    return (__mmask16)k;
}
#undef _mm512_cmplt_epi32_mask
#define _mm512_cmplt_epi32_mask(a, b) nn_emu_mm512_cmplt_epi32_mask(a, b)

/* _mm512_cmplt_epi64_mask (VPCMPQ, _MM_CMPINT_LT): signed 64-bit. */
NN_EMU __mmask8 nn_emu_mm512_cmplt_epi64_mask(__m512i a, __m512i b)
{
    int64_t x[8], y[8];
    unsigned k = 0;
    memcpy(x, &a, 64);
    memcpy(y, &b, 64);
    for (int j = 0; j < 8; j++)
        k |= (unsigned)(x[j] < y[j]) << j;
    return (__mmask8)k;
}
#undef _mm512_cmplt_epi64_mask
#define _mm512_cmplt_epi64_mask(a, b) nn_emu_mm512_cmplt_epi64_mask(a, b)

/* _mm512_fpclass_ps_mask (VFPCLASSPS k, zmm, imm8; AVX512DQ): k[j] is set
 * when element j is in one of the classes imm8 selects, after the SDM's
 * CheckFPClassSP: imm8 bit 0 quiet NaN, 1 +0, 2 -0, 3 +Inf, 4 -Inf,
 * 5 denormal (either sign), 6 finite negative (zeros excluded, denormals
 * included), 7 signalling NaN. With MXCSR.DAZ set a denormal counts as a
 * zero (and then as neither denormal nor negative). */
NN_EMU __mmask16 nn_emu_mm512_fpclass_ps_mask(__m512 a, int imm8)
{
    uint32_t u[16];
    unsigned k = 0;
    const int daz = (_mm_getcsr() & 0x40u) != 0;
    memcpy(u, &a, 64);
    for (int j = 0; j < 16; j++) {
        uint32_t neg = u[j] >> 31, e = (u[j] >> 23) & 0xFFu,
                 m = u[j] & 0x7FFFFFu;
        int ones = e == 0xFFu, zeros = e == 0;
        int mzero = m == 0 || (zeros && daz);
        int zero = zeros && mzero;
        unsigned cls = 0;
        cls |= (unsigned)(ones && !mzero && (m >> 22)) << 0;  /* qNaN */
        cls |= (unsigned)(!neg && zero) << 1;                 /* +0 */
        cls |= (unsigned)(neg && zero) << 2;                  /* -0 */
        cls |= (unsigned)(!neg && ones && mzero) << 3;        /* +Inf */
        cls |= (unsigned)(neg && ones && mzero) << 4;         /* -Inf */
        cls |= (unsigned)(zeros && !mzero) << 5;              /* denormal */
        cls |= (unsigned)(neg && !ones && !zero) << 6;        /* finite < 0 */
        cls |= (unsigned)(ones && !mzero && !(m >> 22)) << 7; /* sNaN */
        k |= (unsigned)((cls & (unsigned)imm8) != 0) << j;
    }
    return (__mmask16)k;
}
#undef _mm512_fpclass_ps_mask
#define _mm512_fpclass_ps_mask(a, imm8) nn_emu_mm512_fpclass_ps_mask(a, imm8)

/* ------------------------------------------------------- conversions */

/* _mm512_cvtepi32_ps (VCVTDQ2PS zmm, zmm): each signed 32-bit integer to
 * float32, rounded as MXCSR.RC says (round to nearest even by default).
 * VCVTDQ2PS ymm, the same operation on 8 elements with the same rounding
 * control, does each half. */
NN_EMU __m512 nn_emu_mm512_cvtepi32_ps(__m512i a)
{
    __m256i h[2];
    __m256 r[2];
    memcpy(h, &a, 64);
    r[0] = _mm256_cvtepi32_ps(h[0]);
    r[1] = _mm256_cvtepi32_ps(h[1]);
    return simde_mm512_loadu_ps(r);
}
#undef _mm512_cvtepi32_ps
#define _mm512_cvtepi32_ps(a) nn_emu_mm512_cvtepi32_ps(a)

/* _mm512_cvtepu64_pd (VCVTUQQ2PD zmm, zmm; AVX512DQ): each unsigned 64-bit
 * integer to float64, rounded as MXCSR.RC says. The C conversion of a
 * uint64_t to double is that operation on x86-64: GCC emits cvtsi2sd (which
 * rounds by MXCSR.RC) below 2^63, and above it converts (u >> 1) | (u & 1)
 * and doubles the result, where the kept low bit makes the one rounding
 * come out as the rounding of u itself. */
NN_EMU __m512d nn_emu_mm512_cvtepu64_pd(__m512i a)
{
    uint64_t u[8];
    double d[8];
    memcpy(u, &a, 64);
    for (int j = 0; j < 8; j++)
        d[j] = (double)u[j];
    return simde_mm512_loadu_pd(d);
}
#undef _mm512_cvtepu64_pd
#define _mm512_cvtepu64_pd(a) nn_emu_mm512_cvtepu64_pd(a)

/* _mm512_cvtepu32_ps (VCVTUDQ2PS zmm, zmm): each unsigned 32-bit integer
 * to float32, rounded once as MXCSR.RC says. The C conversion is that on
 * x86-64: GCC zero-extends to 64 bits and uses cvtsi2ss, one rounding. */
NN_EMU __m512 nn_emu_mm512_cvtepu32_ps(__m512i a)
{
    uint32_t u[16];
    float f[16];
    memcpy(u, &a, 64);
    for (int j = 0; j < 16; j++)
        f[j] = (float)u[j];
    return simde_mm512_loadu_ps(f);
}
#undef _mm512_cvtepu32_ps
#define _mm512_cvtepu32_ps(a) nn_emu_mm512_cvtepu32_ps(a)

/* _mm512_cvtepi32_epi16 (VPMOVDW ymm, zmm): each 32-bit element truncated
 * to its low 16 bits (no saturation: that is VPMOVSDW/VPMOVUSDW). */
NN_EMU __m256i nn_emu_mm512_cvtepi32_epi16(__m512i a)
{
    uint32_t x[16];
    uint16_t r[16];
    __m256i v;
    memcpy(x, &a, 64);
    for (int j = 0; j < 16; j++)
        r[j] = (uint16_t)x[j];
    memcpy(&v, r, 32);
    return v;
}
#undef _mm512_cvtepi32_epi16
#define _mm512_cvtepi32_epi16(a) nn_emu_mm512_cvtepi32_epi16(a)

/* _mm512_cvtepu16_epi32 (VPMOVZXWD zmm, ymm): each 16-bit element zero-
 * extended to 32 bits. */
NN_EMU __m512i nn_emu_mm512_cvtepu16_epi32(__m256i a)
{
    uint16_t x[16];
    uint32_t r[16];
    memcpy(x, &a, 32);
    for (int j = 0; j < 16; j++)
        r[j] = x[j];
    return simde_mm512_loadu_si512(r);
}
#undef _mm512_cvtepu16_epi32
#define _mm512_cvtepu16_epi32(a) nn_emu_mm512_cvtepu16_epi32(a)

/* _mm512_cvtph_ps (VCVTPH2PS zmm, ymm): each binary16 to float32, exact
 * (every binary16 value, subnormals included, is a float32; NaNs keep
 * their payload, quieted). The VEX form on 8 elements does each half. */
NN_EMU __m512 nn_emu_mm512_cvtph_ps(__m256i a)
{
    __m128i h[2];
    __m256 r[2];
    memcpy(h, &a, 32);
    r[0] = _mm256_cvtph_ps(h[0]);
    r[1] = _mm256_cvtph_ps(h[1]);
    return simde_mm512_loadu_ps(r);
}
#undef _mm512_cvtph_ps
#define _mm512_cvtph_ps(a) nn_emu_mm512_cvtph_ps(a)

/* _mm512_cvtps_ph (VCVTPS2PH ymm, zmm, imm8): each float32 to binary16,
 * rounded as imm8 says (imm8[2] set: as MXCSR.RC; otherwise imm8[1:0]).
 * The EVEX and VEX forms perform the same conversion; the VEX form (F16C)
 * on 8 elements does each half with the same imm8. A macro: imm8 must
 * reach the instruction as a constant. */
NN_EMU __m256i nn_emu_join128(__m128i lo, __m128i hi)
{
    __m128i h[2] = {lo, hi};
    __m256i r;
    memcpy(&r, h, 32);
    return r;
}
NN_EMU __m256 nn_emu_half_ps(__m512 a, int half)
{
    __m256 r;
    memcpy(&r, (const unsigned char *)&a + 32 * half, 32);
    return r;
}
#undef _mm512_cvtps_ph
#define _mm512_cvtps_ph(a, imm8)                                               \
    __extension__({                                                            \
        __m512 nn_emu_a_ = (a);                                                \
        nn_emu_join128(_mm256_cvtps_ph(nn_emu_half_ps(nn_emu_a_, 0), imm8),    \
                       _mm256_cvtps_ph(nn_emu_half_ps(nn_emu_a_, 1), imm8));   \
    })

/* _mm512_cvtneps_pbh (VCVTNEPS2BF16 ymm, zmm; AVX512_BF16): each float32
 * to bfloat16 by the SDM's convert_fp32_to_bfloat16, which ignores MXCSR:
 * zero or denormal -> zero of the same sign (denormals are flushed);
 * infinity -> its upper half; NaN -> its upper half with bit 6 set (quiet);
 * otherwise round to nearest even: (u + 0x7FFF + bit 16 of u) >> 16, an
 * overflow carrying into infinity. */
NN_EMU __m256bh nn_emu_mm512_cvtneps_pbh(__m512 a)
{
    uint32_t u[16];
    uint16_t r[16];
    __m256bh v;
    memcpy(u, &a, 64);
    for (int j = 0; j < 16; j++) {
        uint32_t e = (u[j] >> 23) & 0xFFu, m = u[j] & 0x7FFFFFu;
        if (e == 0)
            r[j] = (uint16_t)((u[j] >> 16) & 0x8000u);
        else if (e == 0xFFu && m == 0)
            r[j] = (uint16_t)(u[j] >> 16);
        else if (e == 0xFFu)
            r[j] = (uint16_t)((u[j] >> 16) | 0x40u);
        else
            r[j] = (uint16_t)((u[j] + 0x7FFFu + ((u[j] >> 16) & 1u)) >> 16);
    }
    memcpy(&v, r, 32);
    return v;
}
#undef _mm512_cvtneps_pbh
#define _mm512_cvtneps_pbh(a) nn_emu_mm512_cvtneps_pbh(a)

/* ------------------------------------ for the 8-lane float64 kernels */

/* Missing from SIMDe as well, and used by the float64 and truncated-normal
 * kernels of issue 17 (branch native512). */

/* _mm512_cvtpd_ps (VCVTPD2PS ymm, zmm): each float64 to float32, rounded
 * as MXCSR.RC says. VCVTPD2PS xmm, ymm (VEX), the same conversion of 4
 * elements, does each half. */
NN_EMU __m256 nn_emu_mm512_cvtpd_ps(__m512d a)
{
    __m256d h[2];
    __m128 r[2];
    __m256 v;
    memcpy(h, &a, 64);
    r[0] = _mm256_cvtpd_ps(h[0]);
    r[1] = _mm256_cvtpd_ps(h[1]);
    memcpy(&v, r, 32);
    return v;
}
#undef _mm512_cvtpd_ps
#define _mm512_cvtpd_ps(a) nn_emu_mm512_cvtpd_ps(a)

/* The compares under a zeroing mask (VCMPPS/VCMPPD k {k1}): the compare's
 * bit where k1 is set, 0 where not. Macros: the predicate must reach the
 * compare as a constant. */
#undef _mm512_mask_cmp_ps_mask
#undef _mm512_mask_cmp_pd_mask
#undef _mm256_mask_cmp_ps_mask
#define _mm512_mask_cmp_ps_mask(k1, a, b, imm8)                                \
    ((__mmask16)(_mm512_cmp_ps_mask(a, b, imm8) & (k1)))
#define _mm512_mask_cmp_pd_mask(k1, a, b, imm8)                                \
    ((__mmask8)(_mm512_cmp_pd_mask(a, b, imm8) & (k1)))
#define _mm256_mask_cmp_ps_mask(k1, a, b, imm8)                                \
    ((__mmask8)(_mm256_cmp_ps_mask(a, b, imm8) & (k1)))

/* _mm512_mask_expand_pd (VEXPANDPD zmm {k}, zmm): the lowest elements of
 * a, in order, go to the lanes whose k bit is set; the other lanes keep
 * src's. */
NN_EMU __m512d nn_emu_mm512_mask_expand_pd(__m512d src, __mmask8 k, __m512d a)
{
    double s[8], x[8];
    int m = 0;
    memcpy(s, &src, 64);
    memcpy(x, &a, 64);
    for (int j = 0; j < 8; j++)
        if ((k >> j) & 1u)
            s[j] = x[m++];
    return simde_mm512_loadu_pd(s);
}
#undef _mm512_mask_expand_pd
#define _mm512_mask_expand_pd(src, k, a) nn_emu_mm512_mask_expand_pd(src, k, a)

#undef NN_EMU

#endif /* NNINIT_EMU_AVX512_H */
