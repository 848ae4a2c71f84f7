/*
 * The built-in model: GPT-2 small as Hugging Face's GPT2Model names and
 * initializes it (transformers' GPT2PreTrainedModel._init_weights):
 * embeddings and linear weights N(0, 0.02); the residual projections
 * (attn.c_proj.weight, mlp.c_proj.weight) N(0, 0.02 / sqrt(2 * n_layer));
 * biases zero; layer-norm weights one, biases zero. Linear weights are in
 * GPT-2's Conv1D layout [in, out]. The tensors come in the order of the
 * model's state_dict.
 *
 * Plain data with no dependency beyond nninit.h, so that benchmarks can
 * initialize the same tensors in memory.
 */
#ifndef NNINIT_CLI_GPT2_H
#define NNINIT_CLI_GPT2_H

#include <stddef.h>
#include <stdint.h>

#include "nninit.h"

typedef struct gpt2_config {
    int64_t n_vocab, n_ctx, n_embd, n_layer;
    double initializer_range; /* 0.02 */
    int64_t n_inner;          /* the MLP's width; 0: 4 * n_embd */
} gpt2_config;

/* GPT-2 small: 50257, 1024, 768, 12, 0.02. */
extern const gpt2_config gpt2_small;

/* 124,439,808: the parameter count of Hugging Face's GPT2Model for
 * "gpt2" (the LM head is tied to wte and adds nothing). */
#define GPT2_SMALL_PARAMS 124439808

#define GPT2_NAME_MAX 48

typedef enum gpt2_init { GPT2_NORMAL, GPT2_ZEROS, GPT2_ONES } gpt2_init;

typedef struct gpt2_tensor {
    char name[GPT2_NAME_MAX];
    int64_t shape[2];
    size_t ndim;
    gpt2_init init;
    double std;       /* GPT2_NORMAL */
    nninit_desc desc; /* the same, as the library takes it */
} gpt2_tensor;

/* Number of tensors: 2 + 12 * n_layer + 2. */
size_t gpt2_count(const gpt2_config *cfg);

/* Fills out[0 .. gpt2_count(cfg)) and returns the count. */
size_t gpt2_tensors(const gpt2_config *cfg, gpt2_tensor *out);

#endif /* NNINIT_CLI_GPT2_H */
