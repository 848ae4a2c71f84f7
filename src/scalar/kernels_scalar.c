/* The scalar implementation's slot table. */
#include "scalar.h"
#include "../core/qr_gemm.h"

const nn_kernels nn_kernels_scalar = {
    .bits = nn_bits_scalar,
    .uniform_f32 = nn_uniform_f32_scalar,
    .uniform_f64 = nn_uniform_f64_scalar,
    .normal_f32 = {nn_ziggurat_f32_scalar, nn_boxmuller_f32_scalar,
                   nn_icdf_f32_scalar},
    .normal_f64 = {nn_ziggurat_f64_scalar, nn_boxmuller_f64_scalar,
                   nn_icdf_f64_scalar},
    .trunc_f32 = nn_trunc_f32_scalar,
    .trunc_f64 = nn_trunc_f64_scalar,
    .f32_to_bf16 = nn_f32_to_bf16_scalar,
    .f32_to_f16 = nn_f32_to_f16_scalar,
    .copy_nt = nn_copy_nt_scalar,
    .qr_gemm_f32 = nn_qr_gemm_f32_scalar,
    .qr_gemm_f64 = nn_qr_gemm_f64_scalar,
};
