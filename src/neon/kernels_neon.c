/* The NEON implementation's slot table (AArch64 Advanced SIMD; on other
 * hosts the same code through SIMDe, for testing). */
#include "neon.h"
#include "../core/qr_gemm.h"

const nn_kernels nn_kernels_neon = {
    .bits = nn_bits_neon,
    .uniform_f32 = nn_uniform_f32_neon,
    .uniform_f64 = nn_uniform_f64_neon,
    .normal_f32 = {nn_ziggurat_f32_neon, nn_boxmuller_f32_neon,
                   nn_icdf_f32_neon},
    .normal_f64 = {nn_ziggurat_f64_neon, nn_boxmuller_f64_neon,
                   nn_icdf_f64_neon},
    .trunc_f32 = nn_trunc_f32_neon,
    .trunc_f64 = nn_trunc_f64_neon,
    .f32_to_bf16 = nn_f32_to_bf16_neon,
    .f32_to_f16 = nn_f32_to_f16_neon,
    .copy_nt = nn_copy_nt_neon,
    .qr_gemm_f32 = nn_qr_gemm_f32_neon,
    .qr_gemm_f64 = nn_qr_gemm_f64_neon,
};
