/*
 * Included first by a file of this folder that compiles an AVX2 kernel
 * source (src/avx2/<kernel>_avx2.c, read-only here) with this folder's flags:
 * the 8-lane code, bit-identical by construction, under _avx512 names (the
 * compiler may use AVX-512VL forms and opmasks in it), calling this folder's
 * copy of the slow paths. A kernel that has its own 16-lane version here
 * does not use this.
 */
#ifndef NNINIT_REUSE_AVX2_H
#define NNINIT_REUSE_AVX2_H

#define nn_zig_slow_f32_avx2 nn_zig_slow_f32_avx512
#define nn_zig_slow_f64_avx2 nn_zig_slow_f64_avx512
#define nn_icdf_tail_f32_avx2 nn_icdf_tail_f32_avx512
#define nn_icdf_tail_f64_avx2 nn_icdf_tail_f64_avx512
#define nn_trunc_slow_f32_avx2 nn_trunc_slow_f32_avx512
#define nn_trunc_slow_f64_avx2 nn_trunc_slow_f64_avx512
#define nn_trunc_fixup_f32_avx2 nn_trunc_fixup_f32_avx512
#define nn_trunc_fixup_f64_avx2 nn_trunc_fixup_f64_avx512

#define nn_bits_avx2 nn_bits_avx512
#define nn_uniform_f32_avx2 nn_uniform_f32_avx512
#define nn_uniform_f64_avx2 nn_uniform_f64_avx512
#define nn_ziggurat_f32_avx2 nn_ziggurat_f32_avx512
#define nn_ziggurat_f64_avx2 nn_ziggurat_f64_avx512
#define nn_boxmuller_f32_avx2 nn_boxmuller_f32_avx512
#define nn_boxmuller_f64_avx2 nn_boxmuller_f64_avx512
#define nn_icdf_f32_avx2 nn_icdf_f32_avx512
#define nn_icdf_f64_avx2 nn_icdf_f64_avx512
#define nn_trunc_f32_avx2 nn_trunc_f32_avx512
#define nn_trunc_f64_avx2 nn_trunc_f64_avx512
#define nn_f32_to_bf16_avx2 nn_f32_to_bf16_avx512
#define nn_f32_to_f16_avx2 nn_f32_to_f16_avx512

#endif
