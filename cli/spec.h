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

/* The initializer names a spec may use. zeros and ones are constants that
 * keep their own name (so that a printed spec reads as it was written). */
typedef enum spec_scheme {
    SPEC_CONSTANT,
    SPEC_ZEROS,
    SPEC_ONES,
    SPEC_UNIFORM,
    SPEC_NORMAL,
    SPEC_TRUNC_NORMAL,
    SPEC_XAVIER_UNIFORM,
    SPEC_XAVIER_NORMAL,
    SPEC_KAIMING_UNIFORM,
    SPEC_KAIMING_NORMAL,
    SPEC_LECUN_NORMAL,
    SPEC_VARIANCE_SCALING,
    SPEC_SCHEME_COUNT
} spec_scheme;

/* Canonical name of a scheme ("normal", "trunc_normal", ...). */
const char *spec_scheme_name(spec_scheme s);

/* A descriptor holding the scheme's defaults (zeros: value 0, ones:
 * value 1; otherwise nninit_desc_default). */
void spec_desc_default(spec_scheme s, nninit_desc *desc);

#define SPEC_DTYPE_DEFAULT (-1) /* a tensor without a dtype of its own */

typedef struct spec_tensor {
    char *name; /* valid UTF-8, non-empty, unique, owned */
    int64_t shape[CLI_MAX_DIMS];
    size_t ndim;
    int dtype; /* nninit_dtype, or SPEC_DTYPE_DEFAULT */
    spec_scheme scheme;
    nninit_desc desc;
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
             int dtype, spec_scheme scheme, const nninit_desc *desc);

/* Parses a JSON spec. origin names it in error messages. Prints one error
 * line and returns SPEC_BAD_INPUT on any problem with the text (bad JSON,
 * unknown or duplicate key, wrong type, bad value), SPEC_NO_RESOURCE when
 * out of memory; s is then empty. */
int spec_parse(model_spec *s, const char *text, size_t len, const char *origin);

/* Reads (at most SPEC_MAX_BYTES) and parses a spec file: SPEC_BAD_INPUT
 * also for a missing, unreadable or too large file, SPEC_NO_RESOURCE for
 * a read error or out of memory. */
int spec_load(model_spec *s, const char *path);

/* Writes s as JSON that spec_parse reads back to the same spec: one tensor
 * per line, only the parameters that differ from the scheme's defaults. */
int spec_print(FILE *out, const model_spec *s);

/* Parses a dtype name as the spec and the tool spell it: f32, f64, bf16 or
 * f16. Returns -1 if unknown. */
int spec_dtype_from_name(const char *name, nninit_dtype *dtype);
const char *spec_dtype_name(nninit_dtype dtype);

#endif /* NNINIT_CLI_SPEC_H */
