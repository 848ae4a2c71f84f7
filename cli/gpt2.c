/* GPT-2's tensors and initializers (see gpt2.h). */
#include "gpt2.h"

#include <math.h>
#include <stdio.h>

const gpt2_config gpt2_small = {50257, 1024, 768, 12, 0.02, 0};

size_t gpt2_count(const gpt2_config *cfg)
{
    /* wte, wpe; per block ln_1 (2), c_attn (2), attn.c_proj (2), ln_2 (2),
     * c_fc (2), mlp.c_proj (2); ln_f (2). */
    return 2 + 12 * (size_t)cfg->n_layer + 2;
}

static gpt2_tensor *put(gpt2_tensor *t, const char *name, int64_t d0,
                        int64_t d1, gpt2_init init, double std)
{
    snprintf(t->name, sizeof t->name, "%s", name);
    t->shape[0] = d0;
    t->shape[1] = d1;
    t->ndim = d1 > 0 ? 2 : 1;
    t->init = init;
    t->std = init == GPT2_NORMAL ? std : 0.0;
    if (init == GPT2_NORMAL) {
        nninit_desc_default(NNINIT_SCHEME_NORMAL, &t->desc);
        t->desc.std = std;
        /* The fastest normal method on the vector paths (docs/performance*),
         * exact in distribution like the others. */
        t->desc.method = NNINIT_BOX_MULLER;
    } else {
        nninit_desc_default(NNINIT_SCHEME_CONSTANT, &t->desc);
        t->desc.value = init == GPT2_ONES ? 1.0 : 0.0;
    }
    return t + 1;
}

/* prefix + suffix into a name; GPT-2's names are far below GPT2_NAME_MAX
 * (the longest, "h.11.attn.c_attn.weight", has 23 bytes). */
static const char *join(char name[GPT2_NAME_MAX], const char *prefix,
                        const char *suffix)
{
    int k = snprintf(name, GPT2_NAME_MAX, "%s%s", prefix, suffix);
    return k > 0 && k < GPT2_NAME_MAX ? name : "?";
}

/* A layer norm's weight (ones) and bias (zeros). */
static gpt2_tensor *layer_norm(gpt2_tensor *t, const char *prefix, int64_t n)
{
    char name[GPT2_NAME_MAX];
    t = put(t, join(name, prefix, ".weight"), n, 0, GPT2_ONES, 0);
    return put(t, join(name, prefix, ".bias"), n, 0, GPT2_ZEROS, 0);
}

/* A Conv1D's weight [in, out] and its bias (zeros). */
static gpt2_tensor *conv1d(gpt2_tensor *t, const char *prefix, int64_t in,
                           int64_t out, double std)
{
    char name[GPT2_NAME_MAX];
    t = put(t, join(name, prefix, ".weight"), in, out, GPT2_NORMAL, std);
    return put(t, join(name, prefix, ".bias"), out, 0, GPT2_ZEROS, 0);
}

size_t gpt2_tensors(const gpt2_config *cfg, gpt2_tensor *out)
{
    const int64_t e = cfg->n_embd;
    const int64_t inner = cfg->n_inner > 0 ? cfg->n_inner : 4 * e;
    const double std = cfg->initializer_range;
    /* "Scale the weights of residual layers at initialization by a factor
     * of 1/sqrt(N) where N is the number of residual layers" (GPT-2 paper;
     * two per block). */
    const double proj_std = std / sqrt(2.0 * (double)cfg->n_layer);
    gpt2_tensor *t = out;
    char prefix[GPT2_NAME_MAX];
    int64_t i;

    t = put(t, "wte.weight", cfg->n_vocab, e, GPT2_NORMAL, std);
    t = put(t, "wpe.weight", cfg->n_ctx, e, GPT2_NORMAL, std);
    for (i = 0; i < cfg->n_layer; i++) {
        snprintf(prefix, sizeof prefix, "h.%lld.ln_1", (long long)i);
        t = layer_norm(t, prefix, e);
        snprintf(prefix, sizeof prefix, "h.%lld.attn.c_attn", (long long)i);
        t = conv1d(t, prefix, e, 3 * e, std);
        snprintf(prefix, sizeof prefix, "h.%lld.attn.c_proj", (long long)i);
        t = conv1d(t, prefix, e, e, proj_std);
        snprintf(prefix, sizeof prefix, "h.%lld.ln_2", (long long)i);
        t = layer_norm(t, prefix, e);
        snprintf(prefix, sizeof prefix, "h.%lld.mlp.c_fc", (long long)i);
        t = conv1d(t, prefix, e, inner, std);
        snprintf(prefix, sizeof prefix, "h.%lld.mlp.c_proj", (long long)i);
        t = conv1d(t, prefix, inner, e, proj_std);
    }
    t = layer_norm(t, "ln_f", e);
    return (size_t)(t - out);
}
