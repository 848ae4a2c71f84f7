/*
 * The shared scalar slow paths (src/scalar/slowpath.h), as the AVX2 kernels
 * call them: the very same source files, compiled once more in this folder
 * (slowpath_avx2.c) so that their fma/fmaf become FMA instructions instead
 * of calls into libm's fma. The results are the same bits (fma is correctly
 * rounded either way); the Ziggurat slow path runs twice as fast, which
 * matters because 1.5% of all normals and 4.6% of the truncated normals on
 * [-2, 2] go through it. The names get an _avx2 suffix so that both copies
 * live in one library.
 */
#ifndef NNINIT_SLOWPATH_AVX2_H
#define NNINIT_SLOWPATH_AVX2_H

#define nn_zig_slow_f32 nn_zig_slow_f32_avx2
#define nn_zig_slow_f64 nn_zig_slow_f64_avx2
#define nn_icdf_tail_f32 nn_icdf_tail_f32_avx2
#define nn_icdf_tail_f64 nn_icdf_tail_f64_avx2
#define nn_trunc_slow_f32 nn_trunc_slow_f32_avx2
#define nn_trunc_slow_f64 nn_trunc_slow_f64_avx2
#define nn_trunc_fixup_f32 nn_trunc_fixup_f32_avx2
#define nn_trunc_fixup_f64 nn_trunc_fixup_f64_avx2

#include "../scalar/slowpath.h"

#endif
