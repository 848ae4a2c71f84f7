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

/* Derives the spec from the config text (len bytes; origin names it in
 * error messages). Prints one error line naming the key and returns
 * SPEC_BAD_INPUT on any problem with the text (bad JSON, unknown
 * model_type, a missing or bad key), SPEC_NO_RESOURCE when out of memory;
 * s is then empty. */
int hf_parse(model_spec *s, const char *text, size_t len, const char *origin);

/* Reads the config at path (at most HF_CONFIG_MAX bytes) into a malloc'd,
 * NUL-terminated *text (the bytes a sharded checkpoint copies) and
 * derives the spec from it with hf_parse. Returns as spec_load does:
 * SPEC_BAD_INPUT also for a missing, too large or unreadable-as-a-file
 * path, SPEC_NO_RESOURCE for a read error or out of memory; s is then
 * empty and *text NULL. */
int hf_load(model_spec *s, const char *path, char **text, size_t *len);

#endif /* NNINIT_CLI_HF_H */
