/*
 * Template: inverse-CDF normal fills on any x86 vector width (the scalar
 * reference and the stream layout: src/scalar/icdf_scalar.c; the
 * quantiles: the ISA's nnmath_<isa>.h).
 *
 * Element-wise, so the sets come in memory order. The far-tail elements
 * (float32: m < 2^12, probability 2^-19; float64: m < 2^20, 2^-33) take
 * their t from the shared slow path nn_icdf_tail_*; they are so rare that
 * a not-taken branch per vector costs less than deferring them.
 *
 * q = (m + 0.5) * 2^-32 (float32) or 2^-54 (float64) is formed as one
 * fma(m, 2^-32, 2^-33): the scaling by a power of two is exact and q is a
 * normal number, so rounding (m + 0.5) and then scaling gives the same
 * bits as rounding the scaled sum.
 *
 * Included once per ISA after its operation layer (ops_<isa>.h), which
 * provides, besides the types and arithmetic of src/simd/uniform_tpl.h and
 * boxmuller_tpl.h:
 *   NN_LMASK               the lanes of a vector as bits (an int or opmask)
 *   NN_VI_LT32_BITS(a, b)  the lanes where a < b (signed 32-bit), as bits
 *   NN_VF_XOR_SIGN(t, w)   t with its sign bit flipped where w's is set
 *   NN_VF_NDTRI_LOWER_G    the wide lower-half quantile of nnmath_<isa>.h
 *   NN_VI_AND, NN_VI_SET1, NN_VI_STORE, NN_VF_STORE, NN_VF_LOAD
 *   NN_ICDF_SETS_G         sets per wide step (float32)
 * and, for float64 (NN_ICDF_F64 defined): NN_VI_SET1_64, NN_VI_SRLI64,
 * NN_VD_CVT_U53, NN_VI_LT64_BITS, NN_VD_XOR_SIGN, NN_VD_NDTRI_LOWER_G,
 * NN_VD_STORE, NN_VD_LOAD, NN_ICDF64_SETS_G. The float32 and float64
 * kernels are one source, icdf_half_tpl.h, included once per type.
 */

typedef struct {
    const nn_kparams *p;
    NN_VF fstd, fmean;
#ifdef NN_ICDF_F64
    NN_VD dstd, dmean;
#endif
} icdf_ctx;

/* float32: m = w & (2^31 - 1), far tail m < 2^12. */
#define IH_SFX f32
#define IH_T float
#define IH_U uint32_t
#define IH_V NN_VF
#define IH_LANES NN_LANES
#define IH_C(x) f##x
#define IH_P(x) f_##x
#define IH_SET1 NN_VF_SET1
#define IH_MANT(w) NN_VI_AND(w, NN_VI_SET1(0x7FFFFFFF))
#define IH_Q(m)                                                                \
    NN_VF_FMADD(NN_VF_CVT_I32(m), NN_VF_SET1(0x1p-32f), NN_VF_SET1(0x1p-33f))
#define IH_TAIL_BITS(m) NN_VI_LT32_BITS(m, NN_VI_SET1(1 << 12))
#define IH_NDTRI NN_VF_NDTRI_LOWER_G
#define IH_XOR_SIGN NN_VF_XOR_SIGN
#define IH_FMADD NN_VF_FMADD
#define IH_STORE NN_VF_STORE
#define IH_LOAD NN_VF_LOAD
#define IH_STOREU NN_VF_STOREU
#define IH_SETS_G NN_ICDF_SETS_G
#include "icdf_half_tpl.h"

#ifdef NN_ICDF_F64
/* float64: m = (v & (2^63 - 1)) >> 10, far tail m < 2^20. */
#define IH_SFX f64
#define IH_T double
#define IH_U uint64_t
#define IH_V NN_VD
#define IH_LANES (NN_LANES / 2)
#define IH_C(x) d##x
#define IH_P(x) d_##x
#define IH_SET1 NN_VD_SET1
#define IH_MANT(w)                                                             \
    NN_VI_SRLI64(NN_VI_AND(w, NN_VI_SET1_64(0x7FFFFFFFFFFFFFFFu)), 10)
#define IH_Q(m)                                                                \
    NN_VD_FMADD(NN_VD_CVT_U53(m), NN_VD_SET1(0x1p-54), NN_VD_SET1(0x1p-55))
#define IH_TAIL_BITS(m) NN_VI_LT64_BITS(m, NN_VI_SET1_64(1 << 20))
#define IH_NDTRI NN_VD_NDTRI_LOWER_G
#define IH_XOR_SIGN NN_VD_XOR_SIGN
#define IH_FMADD NN_VD_FMADD
#define IH_STORE NN_VD_STORE
#define IH_LOAD NN_VD_LOAD
#define IH_STOREU NN_VD_STOREU
#define IH_SETS_G NN_ICDF64_SETS_G
#include "icdf_half_tpl.h"
#endif
