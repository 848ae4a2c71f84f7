/* The AVX-512 kernels (one per file, <kernel>_avx512.c) and their slot table.
 */
#ifndef NNINIT_AVX512_H
#define NNINIT_AVX512_H

#include "../core/kernels.h"

NN_HIDDEN void nn_bits_avx512(const nn_kparams *p, uint32_t *restrict out,
                              size_t n);
NN_HIDDEN void nn_uniform_f32_avx512(const nn_kparams *p, float *restrict out,
                                     size_t n);
NN_HIDDEN void nn_uniform_f64_avx512(const nn_kparams *p, double *restrict out,
                                     size_t n);
NN_HIDDEN void nn_ziggurat_f32_avx512(const nn_kparams *p, float *restrict out,
                                      size_t n);
NN_HIDDEN void nn_ziggurat_f64_avx512(const nn_kparams *p, double *restrict out,
                                      size_t n);
NN_HIDDEN void nn_boxmuller_f32_avx512(const nn_kparams *p, float *restrict out,
                                       size_t n);
NN_HIDDEN void nn_boxmuller_f64_avx512(const nn_kparams *p,
                                       double *restrict out, size_t n);
NN_HIDDEN void nn_icdf_f32_avx512(const nn_kparams *p, float *restrict out,
                                  size_t n);
NN_HIDDEN void nn_icdf_f64_avx512(const nn_kparams *p, double *restrict out,
                                  size_t n);
NN_HIDDEN void nn_trunc_f32_avx512(const nn_kparams *p, float *restrict out,
                                   size_t n);
NN_HIDDEN void nn_trunc_f64_avx512(const nn_kparams *p, double *restrict out,
                                   size_t n);
NN_HIDDEN void nn_f32_to_bf16_avx512(const float *restrict in,
                                     uint16_t *restrict out, size_t n, float lo,
                                     float hi);
NN_HIDDEN void nn_f32_to_f16_avx512(const float *restrict in,
                                    uint16_t *restrict out, size_t n, float lo,
                                    float hi);
NN_HIDDEN void nn_copy_nt_avx512(void *restrict dst, const void *restrict src,
                                 size_t bytes);

#endif
