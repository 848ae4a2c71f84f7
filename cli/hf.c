/*
 * From a Hugging Face config.json to a model spec (see hf.h and
 * docs/model-spec.md). Each family is written from transformers'
 * modeling_<family>.py: the module tree gives the state-dict names and
 * their order (save_pretrained writes state_dict order), the constructors
 * the shapes, and <Family>PreTrainedModel._init_weights the initializers:
 *
 *   nn.Linear / Conv1D weight   N(0, initializer_range), bias 0
 *   nn.Embedding                N(0, initializer_range), padding row 0
 *   LayerNorm / RMSNorm         weight 1, bias 0
 *   GPT-2 c_proj.weight         N(0, initializer_range / sqrt(2 n_layer))
 *
 * Buffers that transformers no longer saves (rotary inv_freq, BERT's
 * position_ids and token_type_ids, GPT-2's causal mask: all registered
 * with persistent=False) are not in the file, as in save_pretrained's.
 */
#include "hf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/* ---------------------------------------------------- the config's keys */

/* No dimension of a real model comes near this; it keeps products of two
 * config values far from int64 overflow (the library checks byte counts). */
#define DIM_MAX ((int64_t)1 << 31)

typedef struct cfg {
    const cJSON *root;
    const char *path;
    const char *family;
} cfg;

/* A key, or NULL when it is absent or JSON null (transformers' None). */
static const cJSON *key(const cfg *c, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->root, name);
    return v == NULL || cJSON_IsNull(v) ? NULL : v;
}

/* An integer key in [lo, DIM_MAX]; when absent, def (or an error if
 * required). */
static int get_int(const cfg *c, const char *name, int required, int64_t lo,
                   int64_t def, int64_t *out)
{
    const cJSON *v = key(c, name);
    double x;
    if (v == NULL) {
        if (required) {
            cli_error("%s: %s: missing key '%s'", c->path, c->family, name);
            return -1;
        }
        *out = def;
        return 0;
    }
    x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!(x >= (double)lo && x <= (double)DIM_MAX && x == floor(x))) {
        cli_error("%s: %s: key '%s': expected an integer in [%lld, 2^31]",
                  c->path, c->family, name, (long long)lo);
        return -1;
    }
    *out = (int64_t)x;
    return 0;
}

static int get_bool(const cfg *c, const char *name, int def, int *out)
{
    const cJSON *v = key(c, name);
    if (v == NULL) {
        *out = def;
        return 0;
    }
    if (!cJSON_IsBool(v)) {
        cli_error("%s: %s: key '%s': expected true or false", c->path,
                  c->family, name);
        return -1;
    }
    *out = cJSON_IsTrue(v);
    return 0;
}

/* pad_token_id, the embedding's padding_idx: *pad = -1 for none (absent:
 * def; JSON null: none, as nn.Embedding(padding_idx=None)). A negative id
 * counts from the end, as nn.Embedding normalizes it. */
static int get_pad(const cfg *c, int64_t def, int64_t vocab, int64_t *pad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->root, "pad_token_id");
    double x;
    if (v == NULL || cJSON_IsNull(v)) {
        *pad = v == NULL ? def : -1;
        return 0;
    }
    x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!(x >= -(double)vocab && x < (double)vocab && x == floor(x))) {
        cli_error("%s: %s: key 'pad_token_id': expected an integer in "
                  "[-vocab_size, vocab_size) = [%lld, %lld)",
                  c->path, c->family, -(long long)vocab, (long long)vocab);
        return -1;
    }
    *pad = x < 0 ? (int64_t)x + vocab : (int64_t)x;
    return 0;
}

/* initializer_range: the std of every normal; transformers' default 0.02. */
static int get_std(const cfg *c, double *out)
{
    const cJSON *v = key(c, "initializer_range");
    if (v == NULL) {
        *out = 0.02;
        return 0;
    }
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0.0) ||
        !isfinite(v->valuedouble)) {
        cli_error("%s: %s: key 'initializer_range': expected a finite "
                  "number >= 0",
                  c->path, c->family);
        return -1;
    }
    *out = v->valuedouble;
    return 0;
}

/* torch_dtype, the dtype save_pretrained stored the weights in, becomes
 * the spec's dtype (--dtype still overrides it). */
static int get_dtype(const cfg *c, model_spec *s)
{
    static const struct {
        const char *torch;
        nninit_dtype dtype;
    } names[] = {{"float32", NNINIT_F32},
                 {"bfloat16", NNINIT_BF16},
                 {"float16", NNINIT_F16},
                 {"float64", NNINIT_F64}};
    const cJSON *v = key(c, "torch_dtype");
    size_t i;
    if (v == NULL)
        return 0;
    for (i = 0; cJSON_IsString(v) && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v->valuestring, names[i].torch) == 0) {
            s->has_dtype = 1;
            s->dtype = names[i].dtype;
            return 0;
        }
    cli_error("%s: key 'torch_dtype': expected one of float32, bfloat16, "
              "float16, float64",
              c->path);
    return -1;
}

/* ------------------------------------------------------------- tensors */

/* Appends a normal (d1 == 0: one dimension) with GPT-2's method: Box-Muller,
 * the fastest exact normal on the vector paths. */
static int normal(model_spec *s, const char *name, int64_t d0, int64_t d1,
                  double std)
{
    const int64_t shape[2] = {d0, d1};
    nninit_desc d;
    nninit_desc_default(NNINIT_SCHEME_NORMAL, &d);
    d.std = std;
    d.method = NNINIT_BOX_MULLER;
    return spec_add(s, name, shape, d1 > 0 ? 2 : 1, SPEC_DTYPE_DEFAULT, &d);
}

static int constant(model_spec *s, const char *name, int64_t n, nninit_scheme k)
{
    nninit_desc d;
    nninit_desc_default(k, &d);
    return spec_add(s, name, &n, 1, SPEC_DTYPE_DEFAULT, &d);
}

/* Names are prefix + suffix; the prefixes are short ("model.layers.123.")
 * and the suffixes fixed, so a name always fits (were it cut, it would be
 * empty, which spec_add refuses). */
#define NAME_MAX_LEN 128

static const char *join(char *buf, const char *prefix, const char *suffix)
{
    int k = snprintf(buf, NAME_MAX_LEN, "%s%s", prefix, suffix);
    if (k < 0 || k >= NAME_MAX_LEN)
        buf[0] = '\0';
    return buf;
}

/* nn.Linear(in, out[, bias]) at prefix: weight [out, in]. */
static int linear(model_spec *s, const char *prefix, const char *module,
                  int64_t in, int64_t out, int bias, double std)
{
    char base[NAME_MAX_LEN], name[NAME_MAX_LEN];
    int r;
    join(base, prefix, module);
    r = normal(s, join(name, base, ".weight"), out, in, std);
    if (r != 0)
        return r;
    return bias ? constant(s, join(name, base, ".bias"), out,
                           NNINIT_SCHEME_ZEROS)
                : 0;
}

/* nn.LayerNorm (weight and bias) or, without bias, an RMSNorm. */
static int norm(model_spec *s, const char *prefix, const char *module,
                int64_t n, int bias)
{
    char base[NAME_MAX_LEN], name[NAME_MAX_LEN];
    int r;
    join(base, prefix, module);
    r = constant(s, join(name, base, ".weight"), n, NNINIT_SCHEME_ONES);
    if (r != 0)
        return r;
    return bias ? constant(s, join(name, base, ".bias"), n, NNINIT_SCHEME_ZEROS)
                : 0;
}

/* nn.Embedding(n, dim, padding_idx=pad) (pad < 0: none). */
static int embedding(model_spec *s, const char *name, int64_t n, int64_t dim,
                     int64_t pad, double std)
{
    int r = normal(s, name, n, dim, std);
    if (r != 0)
        return r;
    return pad >= 0 ? spec_set_padding_idx(s, s->n - 1, pad) : 0;
}

/* ---------------------------------------------------------------- gpt2 */

int hf_gpt2_spec(model_spec *s, const gpt2_config *cfg)
{
    size_t n = gpt2_count(cfg), i;
    gpt2_tensor *t = malloc(n * sizeof *t);
    int r = 0;

    if (t == NULL) {
        cli_error("out of memory");
        return SPEC_NO_RESOURCE;
    }
    gpt2_tensors(cfg, t);
    for (i = 0; i < n && r == 0; i++) {
        /* zeros and ones keep their names in a printed spec. */
        nninit_desc d = t[i].desc;
        if (t[i].init != GPT2_NORMAL)
            nninit_desc_default(t[i].init == GPT2_ONES ? NNINIT_SCHEME_ONES
                                                       : NNINIT_SCHEME_ZEROS,
                                &d);
        r = spec_add(s, t[i].name, t[i].shape, t[i].ndim, SPEC_DTYPE_DEFAULT,
                     &d);
    }
    free(t);
    return r;
}

/* GPT2Model (the names of the "gpt2" checkpoint, which GPT2LMHeadModel
 * loads too: its lm_head is tied to wte). */
static int gpt2_family(const cfg *c, model_spec *s)
{
    gpt2_config g;
    if (get_int(c, "vocab_size", 1, 1, 0, &g.n_vocab) != 0 ||
        get_int(c, "n_positions", 1, 1, 0, &g.n_ctx) != 0 ||
        get_int(c, "n_embd", 1, 1, 0, &g.n_embd) != 0 ||
        get_int(c, "n_layer", 1, 0, 0, &g.n_layer) != 0 ||
        get_int(c, "n_inner", 0, 1, 0, &g.n_inner) != 0 ||
        get_std(c, &g.initializer_range) != 0)
        return -1;
    if (g.n_layer > 100000) {
        cli_error("%s: gpt2: key 'n_layer': more than 100000 layers", c->path);
        return -1;
    }
    return hf_gpt2_spec(s, &g);
}

/* ------------------------------------- the transformer families' sizes */

/* The keys llama, mistral, qwen2 and bert all require, named alike. */
typedef struct dims {
    int64_t vocab, hidden, inter, layers, heads;
} dims;

static int get_dims(const cfg *c, dims *d)
{
    if (get_int(c, "vocab_size", 1, 1, 0, &d->vocab) != 0 ||
        get_int(c, "hidden_size", 1, 1, 0, &d->hidden) != 0 ||
        get_int(c, "intermediate_size", 1, 1, 0, &d->inter) != 0 ||
        get_int(c, "num_hidden_layers", 1, 0, 0, &d->layers) != 0 ||
        get_int(c, "num_attention_heads", 1, 1, 0, &d->heads) != 0)
        return -1;
    if (d->layers > 100000) {
        cli_error("%s: %s: key 'num_hidden_layers': more than 100000 layers",
                  c->path, c->family);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------- llama, mistral, qwen2 */

/* <Family>ForCausalLM: model.embed_tokens, model.layers.{i} (self_attn
 * q/k/v/o_proj, mlp gate/up/down_proj, input_layernorm,
 * post_attention_layernorm: RMSNorm weights), model.norm, and lm_head
 * unless tie_word_embeddings (save_pretrained then drops the shared
 * tensor). qwen2 has biases on q/k/v; llama has them on q/k/v/o with
 * attention_bias and on the MLP with mlp_bias; mistral has none. */
static int llama_family(const cfg *c, model_spec *s)
{
    const int qwen2 = strcmp(c->family, "qwen2") == 0;
    const int llama = strcmp(c->family, "llama") == 0;
    dims d;
    int64_t kv, head_dim, pad, i;
    int tie, attn_bias = 0, mlp_bias = 0, r;
    double std;
    char prefix[NAME_MAX_LEN];

    if (get_dims(c, &d) != 0)
        return -1;
    if (get_int(c, "num_key_value_heads", 0, 1, d.heads, &kv) != 0 ||
        get_int(c, "head_dim", 0, 1, d.hidden / d.heads, &head_dim) != 0 ||
        get_pad(c, -1, d.vocab, &pad) != 0 ||
        get_bool(c, "tie_word_embeddings", 0, &tie) != 0 ||
        (llama && get_bool(c, "attention_bias", 0, &attn_bias) != 0) ||
        (llama && get_bool(c, "mlp_bias", 0, &mlp_bias) != 0) ||
        get_std(c, &std) != 0)
        return -1;
    if (key(c, "head_dim") == NULL && d.hidden % d.heads != 0) {
        cli_error("%s: %s: hidden_size %lld is not a multiple of "
                  "num_attention_heads %lld (and no head_dim)",
                  c->path, c->family, (long long)d.hidden, (long long)d.heads);
        return -1;
    }
    if (d.heads % kv != 0) {
        cli_error("%s: %s: num_attention_heads %lld is not a multiple of "
                  "num_key_value_heads %lld",
                  c->path, c->family, (long long)d.heads, (long long)kv);
        return -1;
    }
    /* Each step's status is kept: out of memory is not bad input. */
    if ((r = embedding(s, "model.embed_tokens.weight", d.vocab, d.hidden, pad,
                       std)) != 0)
        return r;
    for (i = 0; i < d.layers; i++) {
        snprintf(prefix, sizeof prefix, "model.layers.%lld.", (long long)i);
        if ((r = linear(s, prefix, "self_attn.q_proj", d.hidden,
                        d.heads * head_dim, attn_bias || qwen2, std)) != 0 ||
            (r = linear(s, prefix, "self_attn.k_proj", d.hidden, kv * head_dim,
                        attn_bias || qwen2, std)) != 0 ||
            (r = linear(s, prefix, "self_attn.v_proj", d.hidden, kv * head_dim,
                        attn_bias || qwen2, std)) != 0 ||
            (r = linear(s, prefix, "self_attn.o_proj", d.heads * head_dim,
                        d.hidden, attn_bias, std)) != 0 ||
            (r = linear(s, prefix, "mlp.gate_proj", d.hidden, d.inter, mlp_bias,
                        std)) != 0 ||
            (r = linear(s, prefix, "mlp.up_proj", d.hidden, d.inter, mlp_bias,
                        std)) != 0 ||
            (r = linear(s, prefix, "mlp.down_proj", d.inter, d.hidden, mlp_bias,
                        std)) != 0 ||
            (r = norm(s, prefix, "input_layernorm", d.hidden, 0)) != 0 ||
            (r = norm(s, prefix, "post_attention_layernorm", d.hidden, 0)) != 0)
            return r;
    }
    if ((r = norm(s, "model.", "norm", d.hidden, 0)) != 0)
        return r;
    return tie ? 0 : linear(s, "", "lm_head", d.hidden, d.vocab, 0, std);
}

/* ---------------------------------------------------------------- bert */

/* BertModel: embeddings (word with padding_idx = pad_token_id, position,
 * token_type, LayerNorm), encoder.layer.{i} (attention.self
 * query/key/value, attention.output dense + LayerNorm, intermediate.dense,
 * output dense + LayerNorm), pooler.dense. Every Linear has a bias. */
static int bert_family(const cfg *c, model_spec *s)
{
    dims d;
    int64_t pos, types, pad, i;
    int cross, r;
    double std;
    const cJSON *pet = key(c, "position_embedding_type");
    char prefix[NAME_MAX_LEN];

    if (get_dims(c, &d) != 0)
        return -1;
    if (get_int(c, "max_position_embeddings", 1, 1, 0, &pos) != 0 ||
        get_int(c, "type_vocab_size", 1, 1, 0, &types) != 0 ||
        get_pad(c, 0, d.vocab, &pad) != 0 ||
        get_bool(c, "add_cross_attention", 0, &cross) != 0 ||
        get_std(c, &std) != 0)
        return -1;
    if (pet != NULL &&
        !(cJSON_IsString(pet) && strcmp(pet->valuestring, "absolute") == 0)) {
        cli_error("%s: bert: key 'position_embedding_type': only \"absolute\" "
                  "is supported",
                  c->path);
        return -1;
    }
    if (cross) {
        cli_error("%s: bert: key 'add_cross_attention': cross-attention "
                  "layers are not supported",
                  c->path);
        return -1;
    }
    if (d.hidden % d.heads != 0) {
        cli_error("%s: bert: hidden_size %lld is not a multiple of "
                  "num_attention_heads %lld",
                  c->path, (long long)d.hidden, (long long)d.heads);
        return -1;
    }
    if ((r = embedding(s, "embeddings.word_embeddings.weight", d.vocab,
                       d.hidden, pad, std)) != 0 ||
        (r = embedding(s, "embeddings.position_embeddings.weight", pos,
                       d.hidden, -1, std)) != 0 ||
        (r = embedding(s, "embeddings.token_type_embeddings.weight", types,
                       d.hidden, -1, std)) != 0 ||
        (r = norm(s, "embeddings.", "LayerNorm", d.hidden, 1)) != 0)
        return r;
    for (i = 0; i < d.layers; i++) {
        snprintf(prefix, sizeof prefix, "encoder.layer.%lld.", (long long)i);
        if ((r = linear(s, prefix, "attention.self.query", d.hidden, d.hidden,
                        1, std)) != 0 ||
            (r = linear(s, prefix, "attention.self.key", d.hidden, d.hidden, 1,
                        std)) != 0 ||
            (r = linear(s, prefix, "attention.self.value", d.hidden, d.hidden,
                        1, std)) != 0 ||
            (r = linear(s, prefix, "attention.output.dense", d.hidden, d.hidden,
                        1, std)) != 0 ||
            (r = norm(s, prefix, "attention.output.LayerNorm", d.hidden, 1)) !=
                0 ||
            (r = linear(s, prefix, "intermediate.dense", d.hidden, d.inter, 1,
                        std)) != 0 ||
            (r = linear(s, prefix, "output.dense", d.inter, d.hidden, 1,
                        std)) != 0 ||
            (r = norm(s, prefix, "output.LayerNorm", d.hidden, 1)) != 0)
            return r;
    }
    return linear(s, "", "pooler.dense", d.hidden, d.hidden, 1, std);
}

/* ------------------------------------------------------------- loading */

static const struct {
    const char *model_type;
    int (*build)(const cfg *c, model_spec *s);
} families[] = {
    {"gpt2", gpt2_family},   {"llama", llama_family}, {"mistral", llama_family},
    {"qwen2", llama_family}, {"bert", bert_family},
};

/* Reads a whole small file (at most HF_CONFIG_MAX bytes) NUL-terminated:
 * 0, or SPEC_BAD_INPUT (missing, a directory, too large) or
 * SPEC_NO_RESOURCE (out of memory, a read error), as spec_load. */
static int read_small(const char *path, char **text_out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text;
    size_t n;
    int err;

    if (f == NULL) {
        cli_error("cannot read the config '%s': %s", path, strerror(errno));
        return SPEC_BAD_INPUT;
    }
    text = malloc(HF_CONFIG_MAX + 1);
    if (text == NULL) {
        cli_error("out of memory reading the config '%s'", path);
        fclose(f);
        return SPEC_NO_RESOURCE;
    }
    n = fread(text, 1, HF_CONFIG_MAX + 1, f);
    err = ferror(f) ? errno : 0;
    fclose(f);
    if (err != 0 || n > HF_CONFIG_MAX) {
        cli_error("cannot read the config '%s': %s", path,
                  err != 0 ? strerror(err) : "larger than 1 MiB");
        free(text);
        return err != 0 && err != EISDIR ? SPEC_NO_RESOURCE : SPEC_BAD_INPUT;
    }
    text[n] = '\0';
    *text_out = text;
    *len = n;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string,
                  (*(const cJSON *const *)b)->string);
}

/* Python's json, which transformers reads configs with, keeps the last of
 * two equal keys and cJSON the first: refuse them rather than build
 * another model than transformers would. Sorted, not compared pairwise: a
 * 1 MiB config may have a hundred thousand keys. */
static int check_unique_keys(const cJSON *root, const char *origin)
{
    size_t n = 0, i;
    const cJSON *v, **keys;
    int r = 0;

    for (v = root->child; v != NULL; v = v->next)
        n++;
    if (n < 2)
        return 0;
    keys = malloc(n * sizeof *keys);
    if (keys == NULL) {
        cli_error("%s: out of memory", origin);
        return SPEC_NO_RESOURCE;
    }
    for (v = root->child, i = 0; v != NULL; v = v->next)
        keys[i++] = v;
    qsort(keys, n, sizeof *keys, by_name);
    for (i = 1; i < n && r == 0; i++)
        if (strcmp(keys[i - 1]->string, keys[i]->string) == 0) {
            cli_error("%s: duplicate key '%.100s'", origin, keys[i]->string);
            r = SPEC_BAD_INPUT;
        }
    free(keys);
    return r;
}

int hf_parse(model_spec *s, const char *text, size_t len, const char *origin)
{
    cJSON *root;
    const cJSON *mt;
    cfg c;
    size_t i;
    int r;

    spec_init(s);
    r = spec_json_parse(text, len, origin, &root);
    if (r != 0)
        return r;
    if (!cJSON_IsObject(root)) {
        cli_error("%s: not a JSON object", origin);
        cJSON_Delete(root);
        return SPEC_BAD_INPUT;
    }
    r = check_unique_keys(root, origin);
    if (r != 0) {
        cJSON_Delete(root);
        return r;
    }
    r = SPEC_BAD_INPUT;
    c.root = root;
    c.path = origin;
    c.family = "config";
    mt = key(&c, "model_type");
    if (mt == NULL || !cJSON_IsString(mt)) {
        cli_error("%s: missing key 'model_type' (a string)", origin);
    } else {
        for (i = 0; i < sizeof families / sizeof families[0]; i++)
            if (strcmp(mt->valuestring, families[i].model_type) == 0)
                break;
        if (i == sizeof families / sizeof families[0]) {
            cli_error("%s: unknown model_type '%.100s' (expected gpt2, llama, "
                      "mistral, qwen2 or bert)",
                      origin, mt->valuestring);
        } else {
            c.family = families[i].model_type;
            r = get_dtype(&c, s);
            if (r == 0)
                r = families[i].build(&c, s);
        }
    }
    cJSON_Delete(root);
    if (r != 0)
        spec_free(s);
    return r;
}

int hf_load(model_spec *s, const char *path, char **text_out, size_t *len)
{
    char *text = NULL;
    int r;

    spec_init(s);
    *text_out = NULL;
    r = read_small(path, &text, len);
    if (r == 0)
        r = hf_parse(s, text, *len, path);
    if (r != 0) {
        free(text);
        return r;
    }
    *text_out = text;
    return 0;
}
