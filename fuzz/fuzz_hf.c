/*
 * libFuzzer target: the Hugging Face config reader (cli/hf.c, what
 * `nninit model --hf-config` reads).
 *
 * The input is the config.json text. Every input must be refused with
 * SPEC_BAD_INPUT (or SPEC_NO_RESOURCE), leaving the spec empty, or give a
 * spec whose tensors have one or two dimensions, each in [1, 2^62] (the
 * reader bounds every config value by 2^31 and multiplies at most two),
 * and whose initializers are a normal with a finite std >= 0, zeros or
 * ones, with any padding row inside its tensor. The same text read again
 * prints the same spec, and the spec goes through fuzz_check_spec
 * (spec_check.c): its printed JSON reads back to the same spec, and the
 * library generates the first elements of every tensor into guarded
 * buffers.
 *
 * A config of more than LAYERS_MAX layers (n_layer, num_hidden_layers) is
 * skipped: the reader accepts up to 100,000, over a million tensors and a
 * gigabyte of spec built by the same per-layer code, which would spend the
 * fuzzer's time and memory (-rss_limit_mb) on size alone. The tests cover
 * those sizes (tests/fault_test.py: out of memory in 48 MiB; hf_test.py:
 * the limit).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "hf.h"
#include "spec_check.h"

#define LAYERS_MAX 64

static int too_many_layers(const char *text, size_t size)
{
    static const char *const keys[] = {"n_layer", "num_hidden_layers"};
    cJSON *root = cJSON_ParseWithLength(text, size);
    int many = 0;
    for (size_t i = 0; cJSON_IsObject(root) && i < 2; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, keys[i]);
        if (cJSON_IsNumber(v) && v->valuedouble > LAYERS_MAX)
            many = 1;
    }
    cJSON_Delete(root);
    return many;
}

static void check_tensor(const spec_tensor *t)
{
    if (t->ndim < 1 || t->ndim > 2)
        fuzz_fail("a config tensor with other than 1 or 2 dimensions");
    for (size_t k = 0; k < t->ndim; k++)
        if (t->shape[k] < 1 || t->shape[k] > (int64_t)1 << 62)
            fuzz_fail("a config tensor dimension outside [1, 2^62]");
    switch (t->desc.scheme) {
    case NNINIT_SCHEME_NORMAL:
        if (!(t->desc.std >= 0.0) || !isfinite(t->desc.std))
            fuzz_fail("a config normal whose std is not finite and >= 0");
        break;
    case NNINIT_SCHEME_ZEROS:
    case NNINIT_SCHEME_ONES:
        break;
    default:
        fuzz_fail("a config tensor with a scheme other than normal, zeros, "
                  "ones");
    }
    if (t->padding_idx != -1 &&
        (t->padding_idx < 0 || t->ndim != 2 || t->padding_idx >= t->shape[0]))
        fuzz_fail("a config padding row outside its tensor");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model_spec s, again;
    const char *text = (const char *)data;
    size_t len1, len2;
    char *p1, *p2;
    int r;

    if (too_many_layers(text, size))
        return 0;
    r = hf_parse(&s, text, size, "fuzz");

    if (r != 0) {
        if (r != SPEC_BAD_INPUT && r != SPEC_NO_RESOURCE)
            fuzz_fail("hf_parse returned an undocumented status");
        if (s.n != 0 || s.tensors != NULL)
            fuzz_fail("hf_parse failed but left tensors in the spec");
        return 0;
    }
    if (s.n == 0)
        fuzz_fail("hf_parse accepted a config but made no tensor");
    for (size_t i = 0; i < s.n; i++)
        check_tensor(&s.tensors[i]);
    if (hf_parse(&again, text, size, "fuzz") != 0)
        fuzz_fail("hf_parse refused a config it accepted before");
    p1 = fuzz_print_spec(&s, &len1);
    p2 = fuzz_print_spec(&again, &len2);
    if (len1 != len2 || memcmp(p1, p2, len1) != 0)
        fuzz_fail("the same config read twice gives two specs");
    free(p1);
    free(p2);
    spec_free(&again);
    fuzz_check_spec(&s);
    spec_free(&s);
    return 0;
}
