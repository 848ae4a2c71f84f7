/*
 * Hugging Face model families: a model's config.json turned into the spec
 * of the tensors that family's save_pretrained writes, initialized the way
 * its _init_weights does (docs/model-spec.md, "From a Hugging Face
 * config"). Families: gpt2, llama, mistral, qwen2, bert.
 */
#ifndef NNINIT_CLI_HF_H
#define NNINIT_CLI_HF_H

#include <stddef.h>

#include "gpt2.h"
#include "spec.h"

/* The largest config.json read; real ones are a few KB. */
#define HF_CONFIG_MAX ((size_t)1 << 20)

/* Appends GPT-2's tensors for cfg to s (the built-in model is this with
 * gpt2_small). Returns -1 with one error line printed. */
int hf_gpt2_spec(model_spec *s, const gpt2_config *cfg);

/* Reads the config at path into a malloc'd, NUL-terminated *text (the
 * bytes a sharded checkpoint copies) and derives the spec from it. Prints
 * one error line naming the file and the key and returns -1 on any problem
 * (unreadable, bad JSON, unknown model_type, a missing or bad key); s is
 * then empty and *text NULL. */
int hf_load(model_spec *s, const char *path, char **text, size_t *len);

#endif /* NNINIT_CLI_HF_H */
