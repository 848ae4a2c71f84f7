/* The AVX2 kernels (one per file, <kernel>_avx2.c) and their slot table. */
#ifndef NNINIT_AVX2_H
#define NNINIT_AVX2_H

#include "../core/kernels.h"

NN_HIDDEN void nn_bits_avx2(const nn_kparams *p, uint32_t *restrict out,
                            size_t n);
NN_HIDDEN void nn_uniform_f32_avx2(const nn_kparams *p, float *restrict out,
                                   size_t n);
NN_HIDDEN void nn_uniform_f64_avx2(const nn_kparams *p, double *restrict out,
                                   size_t n);
NN_HIDDEN void nn_ziggurat_f32_avx2(const nn_kparams *p, float *restrict out,
                                    size_t n);
NN_HIDDEN void nn_ziggurat_f64_avx2(const nn_kparams *p, double *restrict out,
                                    size_t n);
NN_HIDDEN void nn_boxmuller_f32_avx2(const nn_kparams *p, float *restrict out,
                                     size_t n);
NN_HIDDEN void nn_boxmuller_f64_avx2(const nn_kparams *p, double *restrict out,
                                     size_t n);
NN_HIDDEN void nn_icdf_f32_avx2(const nn_kparams *p, float *restrict out,
                                size_t n);
NN_HIDDEN void nn_icdf_f64_avx2(const nn_kparams *p, double *restrict out,
                                size_t n);
NN_HIDDEN void nn_trunc_f32_avx2(const nn_kparams *p, float *restrict out,
                                 size_t n);
NN_HIDDEN void nn_trunc_f64_avx2(const nn_kparams *p, double *restrict out,
                                 size_t n);
NN_HIDDEN void nn_f32_to_bf16_avx2(const float *restrict in,
                                   uint16_t *restrict out, size_t n, float lo,
                                   float hi);
NN_HIDDEN void nn_copy_nt_avx2(void *restrict dst, const void *restrict src,
                               size_t bytes);
NN_HIDDEN void nn_f32_to_f16_avx2(const float *restrict in,
                                  uint16_t *restrict out, size_t n, float lo,
                                  float hi);

#endif
