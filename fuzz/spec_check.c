/* The checks every fuzzed model spec goes through (see spec_check.h). */
#include "spec_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

char *fuzz_print_spec(const model_spec *s, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (f == NULL)
        fuzz_fail("open_memstream failed");
    if (spec_print(f, s) != 0)
        fuzz_fail("spec_print failed on a spec that was accepted");
    fclose(f);
    return text;
}

/* The first elements of every tensor, through the library. */
static void generate_heads(const model_spec *s)
{
    enum { HEAD = 8 };
    for (size_t i = 0; i < s->n; i++) {
        const spec_tensor *t = &s->tensors[i];
        nninit_dtype dt = t->dtype == SPEC_DTYPE_DEFAULT
                              ? (s->has_dtype ? s->dtype : NNINIT_F32)
                              : (nninit_dtype)t->dtype;
        size_t numel;
        if (nninit_numel(t->shape, t->ndim, &numel) != NNINIT_OK)
            continue; /* nninit model reports it */
        size_t count = numel < HEAD ? numel : HEAD;
        nninit_rng rng = nninit_rng_make(s->seed, spec_name_stream(t->name));
        fuzz_guarded g;
        fuzz_guard_init(&g, count * nninit_dtype_size(dt));
        nninit_status st = nninit_init_range(rng, dt, g.out, t->shape, t->ndim,
                                             &t->desc, 0, count);
        fuzz_guard_check(&g, st == NNINIT_OK, "nninit_init_range(spec)");
    }
}

void fuzz_check_spec(const model_spec *s)
{
    model_spec back;
    size_t len1, len2;
    char *text1 = fuzz_print_spec(s, &len1);
    if (spec_parse(&back, text1, len1, "printed") != 0) {
        fprintf(stderr, "printed spec:\n%s\n", text1);
        fuzz_fail("the printed spec does not parse back");
    }
    char *text2 = fuzz_print_spec(&back, &len2);
    if (len1 != len2 || memcmp(text1, text2, len1) != 0) {
        fprintf(stderr, "first print:\n%s\nsecond print:\n%s\n", text1, text2);
        fuzz_fail("the printed spec changes when read back");
    }
    generate_heads(s);
    free(text1);
    free(text2);
    spec_free(&back);
}
