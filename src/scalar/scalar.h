/* The scalar reference kernels (the specification every ISA mirrors). */
#ifndef NNINIT_SCALAR_H
#define NNINIT_SCALAR_H

#include "../core/kernels.h"

NN_HIDDEN void nn_bits_scalar(const nn_kparams *p, uint32_t *restrict out,
                              size_t n);
NN_HIDDEN void nn_uniform_f32_scalar(const nn_kparams *p, float *restrict out,
                                     size_t n);
NN_HIDDEN void nn_uniform_f64_scalar(const nn_kparams *p,
                                     double *restrict out, size_t n);
NN_HIDDEN void nn_ziggurat_f32_scalar(const nn_kparams *p,
                                      float *restrict out, size_t n);
NN_HIDDEN void nn_ziggurat_f64_scalar(const nn_kparams *p,
                                      double *restrict out, size_t n);
NN_HIDDEN void nn_boxmuller_f32_scalar(const nn_kparams *p,
                                       float *restrict out, size_t n);
NN_HIDDEN void nn_boxmuller_f64_scalar(const nn_kparams *p,
                                       double *restrict out, size_t n);
NN_HIDDEN void nn_icdf_f32_scalar(const nn_kparams *p, float *restrict out,
                                  size_t n);
NN_HIDDEN void nn_icdf_f64_scalar(const nn_kparams *p, double *restrict out,
                                  size_t n);
NN_HIDDEN void nn_trunc_f32_scalar(const nn_kparams *p, float *restrict out,
                                   size_t n);
NN_HIDDEN void nn_trunc_f64_scalar(const nn_kparams *p, double *restrict out,
                                   size_t n);
NN_HIDDEN void nn_f32_to_f16_scalar(const float *restrict in,
                                    uint16_t *restrict out, size_t n,
                                    float lo, float hi);
NN_HIDDEN void nn_copy_nt_scalar(void *restrict dst, const void *restrict src,
                                 size_t bytes);
NN_HIDDEN void nn_f32_to_bf16_scalar(const float *restrict in,
                                     uint16_t *restrict out, size_t n,
                                     float lo, float hi);

#endif
