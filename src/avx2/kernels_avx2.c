/* The AVX2+FMA+F16C implementation's slot table (selected by src/dispatch
 * when the CPU has AVX2, FMA and F16C and the OS saves YMM state). */
#include "avx2.h"
#include "../core/qr_gemm.h"

const nn_kernels nn_kernels_avx2 = {
    .bits = nn_bits_avx2,
    .uniform_f32 = nn_uniform_f32_avx2,
    .uniform_f64 = nn_uniform_f64_avx2,
    .normal_f32 = {nn_ziggurat_f32_avx2, nn_boxmuller_f32_avx2,
                   nn_icdf_f32_avx2},
    .normal_f64 = {nn_ziggurat_f64_avx2, nn_boxmuller_f64_avx2,
                   nn_icdf_f64_avx2},
    .trunc_f32 = nn_trunc_f32_avx2,
    .trunc_f64 = nn_trunc_f64_avx2,
    .f32_to_bf16 = nn_f32_to_bf16_avx2,
    .f32_to_f16 = nn_f32_to_f16_avx2,
    .copy_nt = nn_copy_nt_avx2,
    .qr_gemm_f32 = nn_qr_gemm_f32_avx2,
    .qr_gemm_f64 = nn_qr_gemm_f64_avx2,
};
