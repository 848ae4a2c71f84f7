/*
 * Model specs: the tensors of a model, each with a name, a shape, an
 * optional dtype and an initializer (docs/model-spec.md), read from JSON
 * with cJSON or built in code (gpt2.c), and printed back as JSON.
 */
#ifndef NNINIT_CLI_SPEC_H
#define NNINIT_CLI_SPEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "nninit.h"

#define SPEC_DTYPE_DEFAULT (-1) /* a tensor without a dtype of its own */

typedef struct spec_tensor {
    char *name; /* valid UTF-8, non-empty, unique, owned */
    int64_t shape[CLI_MAX_DIMS];
    size_t ndim;
    int dtype;        /* nninit_dtype, or SPEC_DTYPE_DEFAULT */
    nninit_desc desc; /* its scheme and parameters */
    /* A row (index along the first dimension) set to zero after the
     * initializer, as torch.nn.Embedding's padding_idx; -1: none. */
    int64_t padding_idx;
} spec_tensor;

typedef struct model_spec {
    spec_tensor *tensors;
    size_t n, cap;
    int has_seed;
    uint64_t seed;
    int has_dtype;
    nninit_dtype dtype;
    /* Open-addressing table of the tensors' name hashes, for duplicate
     * names and stream collisions. */
    uint64_t *hashes;
    size_t *slots;
    size_t table_cap;
} model_spec;

/* The stream of a tensor: FNV-1a 64 over the name's bytes
 * (docs/streams.md, "Models"). */
uint64_t spec_name_stream(const char *name);

void spec_init(model_spec *s);
void spec_free(model_spec *s);

/* What the spec functions return besides 0: a problem with the spec
 * itself (the tool exits 2), or one of the machine (out of memory, a read
 * error: exit 1). */
#define SPEC_BAD_INPUT (-1)
#define SPEC_NO_RESOURCE (-2)

/* The largest spec file spec_load reads: 256 MiB, room for any spec whose
 * safetensors header fits the 100,000,000 bytes readers accept, while
 * bounding what the tool holds. A larger file, or an endless one
 * (/dev/zero), is refused as bad input. */
#define SPEC_MAX_BYTES ((size_t)256 << 20)

/* Appends a tensor (name copied). Prints one error line naming the tensor
 * and returns SPEC_BAD_INPUT for an empty name, invalid UTF-8,
 * "__metadata__", a name already present or whose stream equals another's,
 * too many dims; SPEC_NO_RESOURCE when out of memory. */
int spec_add(model_spec *s, const char *name, const int64_t *shape, size_t ndim,
             int dtype, const nninit_desc *desc);

/* Sets tensors[i]'s padding row. Prints one error line naming the tensor
 * and returns -1 unless 0 <= row < shape[0]. */
int spec_set_padding_idx(model_spec *s, size_t i, int64_t row);

/* Parses a JSON spec. origin names it in error messages. Prints one error
 * line and returns SPEC_BAD_INPUT on any problem with the text (bad JSON,
 * unknown or duplicate key, wrong type, bad value), SPEC_NO_RESOURCE when
 * out of memory; s is then empty. */
int spec_parse(model_spec *s, const char *text, size_t len, const char *origin);

/* The JSON front end spec_parse and hf_parse share, stricter than cJSON
 * alone: refuses a NUL byte, text after the value, and "\u0000" (which
 * cJSON would turn into a string cut short), with one error line; returns
 * 0 with *root (the caller's to cJSON_Delete), SPEC_BAD_INPUT, or
 * SPEC_NO_RESOURCE when out of memory. */
struct cJSON;
int spec_json_parse(const char *text, size_t len, const char *origin,
                    struct cJSON **root);

/* Reads (at most SPEC_MAX_BYTES) and parses a spec file: SPEC_BAD_INPUT
 * also for a missing, unreadable or too large file, SPEC_NO_RESOURCE for
 * a read error or out of memory. */
int spec_load(model_spec *s, const char *path);

/* Writes s as JSON that spec_parse reads back to the same spec: one tensor
 * per line, only the parameters that differ from the scheme's defaults. */
int spec_print(FILE *out, const model_spec *s);

#endif /* NNINIT_CLI_SPEC_H */
