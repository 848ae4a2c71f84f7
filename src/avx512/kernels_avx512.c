/* The AVX-512 implementation's slot table (selected by src/dispatch when
 * the CPU has AVX-512 F/BW/DQ/VL and the OS saves ZMM and opmask state).
 * Every kernel slot is AVX-512's own, 16 float32 / 8 float64 lanes (the
 * float64 Box-Muller and inverse CDF and the truncated normal since issue
 * 17; before, they were inherited from AVX2). The table still names only
 * what this folder does; an empty slot would be inherited from AVX2. */
#include "../core/qr_gemm.h"
#include "avx512.h"

const nn_kernels nn_kernels_avx512 = {
    .bits = nn_bits_avx512,
    .uniform_f32 = nn_uniform_f32_avx512,
    .uniform_f64 = nn_uniform_f64_avx512,
    .normal_f32 = {nn_ziggurat_f32_avx512, nn_boxmuller_f32_avx512,
                   nn_icdf_f32_avx512},
    .normal_f64 = {nn_ziggurat_f64_avx512, nn_boxmuller_f64_avx512,
                   nn_icdf_f64_avx512},
    .trunc_f32 = nn_trunc_f32_avx512,
    .trunc_f64 = nn_trunc_f64_avx512,
    .f32_to_bf16 = nn_f32_to_bf16_avx512,
    .f32_to_f16 = nn_f32_to_f16_avx512,
    .copy_nt = nn_copy_nt_avx512,
    .qr_gemm_f32 = nn_qr_gemm_f32_avx512,
    .qr_gemm_f64 = nn_qr_gemm_f64_avx512,
};
