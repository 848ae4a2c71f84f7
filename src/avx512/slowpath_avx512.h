/*
 * The shared scalar slow paths (src/scalar/slowpath.h) as the AVX-512
 * kernels call them: the same source files compiled once more in this folder
 * (slowpath_avx512.c), for the reason given in src/avx2/slowpath_avx2.h
 * (fma/fmaf become instructions, not libm calls; the bits are the same).
 * The _avx512 names keep this copy apart from the scalar and AVX2 ones, so
 * the folder links whether or not the AVX2 path is built.
 */
#ifndef NNINIT_SLOWPATH_AVX512_H
#define NNINIT_SLOWPATH_AVX512_H

#define nn_zig_slow_f32 nn_zig_slow_f32_avx512
#define nn_zig_slow_f64 nn_zig_slow_f64_avx512
#define nn_icdf_tail_f32 nn_icdf_tail_f32_avx512
#define nn_icdf_tail_f64 nn_icdf_tail_f64_avx512
#define nn_trunc_slow_f32 nn_trunc_slow_f32_avx512
#define nn_trunc_slow_f64 nn_trunc_slow_f64_avx512
#define nn_trunc_fixup_f32 nn_trunc_fixup_f32_avx512
#define nn_trunc_fixup_f64 nn_trunc_fixup_f64_avx512

#include "../scalar/slowpath.h"

#endif
