/* What the fuzz targets that produce a model spec (fuzz_spec: JSON specs,
 * fuzz_hf: Hugging Face configs) check of every spec they get. */
#ifndef NNINIT_FUZZ_SPEC_CHECK_H
#define NNINIT_FUZZ_SPEC_CHECK_H

#include <stddef.h>

#include "spec.h"

/* s as spec_print writes it, in a malloc'd buffer of *len bytes; aborts
 * if printing fails. */
char *fuzz_print_spec(const model_spec *s, size_t *len);

/* Checks that s prints as JSON which spec_parse reads back to a spec that
 * prints the same bytes, then generates the first elements of every tensor
 * through nninit_init_range into guarded buffers, as nninit model would.
 * Aborts (a libFuzzer crash) on any violation. */
void fuzz_check_spec(const model_spec *s);

#endif
