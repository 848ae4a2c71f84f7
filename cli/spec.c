/* Model specs: building, parsing (cJSON) and printing (see spec.h). */
#include "spec.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/* ------------------------------------------------- running out of memory */

/* Set when an allocation made for the spec failed (ours or cJSON's, which
 * otherwise reports it as invalid JSON): the spec functions then return
 * SPEC_NO_RESOURCE, and the tool exits 1, not 2. */
static int g_out_of_memory;

static void *json_malloc(size_t size)
{
    void *p = malloc(size);
    if (p == NULL)
        g_out_of_memory = 1;
    return p;
}

static int no_memory(char *err, size_t cap)
{
    g_out_of_memory = 1;
    snprintf(err, cap, "out of memory");
    return SPEC_NO_RESOURCE;
}

/* ------------------------------------------------------------- names */

static const cli_name scheme_names[] = {
    {"constant", SPEC_CONSTANT},
    {"zeros", SPEC_ZEROS},
    {"ones", SPEC_ONES},
    {"uniform", SPEC_UNIFORM},
    {"normal", SPEC_NORMAL},
    {"trunc_normal", SPEC_TRUNC_NORMAL},
    {"xavier_uniform", SPEC_XAVIER_UNIFORM},
    {"xavier_normal", SPEC_XAVIER_NORMAL},
    {"kaiming_uniform", SPEC_KAIMING_UNIFORM},
    {"kaiming_normal", SPEC_KAIMING_NORMAL},
    {"lecun_normal", SPEC_LECUN_NORMAL},
    {"variance_scaling", SPEC_VARIANCE_SCALING},
    {NULL, 0}};

/* The library scheme each spec scheme runs. */
static const nninit_scheme lib_scheme[SPEC_SCHEME_COUNT] = {
    [SPEC_CONSTANT] = NNINIT_SCHEME_CONSTANT,
    [SPEC_ZEROS] = NNINIT_SCHEME_CONSTANT,
    [SPEC_ONES] = NNINIT_SCHEME_CONSTANT,
    [SPEC_UNIFORM] = NNINIT_SCHEME_UNIFORM,
    [SPEC_NORMAL] = NNINIT_SCHEME_NORMAL,
    [SPEC_TRUNC_NORMAL] = NNINIT_SCHEME_TRUNC_NORMAL,
    [SPEC_XAVIER_UNIFORM] = NNINIT_SCHEME_XAVIER_UNIFORM,
    [SPEC_XAVIER_NORMAL] = NNINIT_SCHEME_XAVIER_NORMAL,
    [SPEC_KAIMING_UNIFORM] = NNINIT_SCHEME_KAIMING_UNIFORM,
    [SPEC_KAIMING_NORMAL] = NNINIT_SCHEME_KAIMING_NORMAL,
    [SPEC_LECUN_NORMAL] = NNINIT_SCHEME_LECUN_NORMAL,
    [SPEC_VARIANCE_SCALING] = NNINIT_SCHEME_VARIANCE_SCALING,
};

/* JSON spellings use '_' as torch and Keras do; cli_lookup also takes '-'.
 * (The command line's tables in main.c spell the same values with '-'.) */
static const cli_name mode_names[] = {{"fan_in", NNINIT_FAN_IN},
                                      {"fan_out", NNINIT_FAN_OUT},
                                      {"fan_avg", NNINIT_FAN_AVG},
                                      {NULL, 0}};

static const cli_name nonlinearity_names[] = {
    {"linear", NNINIT_LINEAR},
    {"conv1d", NNINIT_CONV1D},
    {"conv2d", NNINIT_CONV2D},
    {"conv3d", NNINIT_CONV3D},
    {"conv_transpose1d", NNINIT_CONV_TRANSPOSE1D},
    {"conv_transpose2d", NNINIT_CONV_TRANSPOSE2D},
    {"conv_transpose3d", NNINIT_CONV_TRANSPOSE3D},
    {"sigmoid", NNINIT_SIGMOID},
    {"tanh", NNINIT_TANH},
    {"relu", NNINIT_RELU},
    {"leaky_relu", NNINIT_LEAKY_RELU},
    {"selu", NNINIT_SELU},
    {NULL, 0}};

static const cli_name distribution_names[] = {
    {"truncated_normal", NNINIT_VS_TRUNCATED_NORMAL},
    {"normal", NNINIT_VS_NORMAL},
    {"untruncated_normal", NNINIT_VS_NORMAL},
    {"uniform", NNINIT_VS_UNIFORM},
    {NULL, 0}};

static const cli_name method_names[] = {{"ziggurat", NNINIT_ZIGGURAT},
                                        {"box_muller", NNINIT_BOX_MULLER},
                                        {"icdf", NNINIT_ICDF},
                                        {NULL, 0}};

static const cli_name dtype_names[] = {{"f32", NNINIT_F32},
                                       {"f64", NNINIT_F64},
                                       {"bf16", NNINIT_BF16},
                                       {"f16", NNINIT_F16},
                                       {NULL, 0}};

const char *spec_scheme_name(spec_scheme s)
{
    return cli_name_of(scheme_names, (int)s);
}

int spec_dtype_from_name(const char *name, nninit_dtype *dtype)
{
    int v;
    if (cli_lookup(dtype_names, name, &v) != 0)
        return -1;
    *dtype = (nninit_dtype)v;
    return 0;
}

const char *spec_dtype_name(nninit_dtype dtype)
{
    return cli_name_of(dtype_names, (int)dtype);
}

/* ------------------------------------------------ initializer parameters */

enum {
    P_VALUE,
    P_LOW,
    P_HIGH,
    P_MEAN,
    P_STD,
    P_A,
    P_B,
    P_GAIN,
    P_SCALE,
    P_MODE,
    P_NONLINEARITY,
    P_DISTRIBUTION,
    P_METHOD,
    P_COUNT
};
#define P(k) (1u << (k))

static const char *const param_names[P_COUNT] = {
    "value", "low",   "high", "mean",         "std",          "a",     "b",
    "gain",  "scale", "mode", "nonlinearity", "distribution", "method"};

/* Which parameters each scheme takes. */
static const unsigned scheme_params[SPEC_SCHEME_COUNT] = {
    [SPEC_CONSTANT] = P(P_VALUE),
    [SPEC_UNIFORM] = P(P_LOW) | P(P_HIGH),
    [SPEC_NORMAL] = P(P_MEAN) | P(P_STD) | P(P_METHOD),
    [SPEC_TRUNC_NORMAL] = P(P_MEAN) | P(P_STD) | P(P_A) | P(P_B),
    [SPEC_XAVIER_UNIFORM] = P(P_GAIN),
    [SPEC_XAVIER_NORMAL] = P(P_GAIN),
    [SPEC_KAIMING_UNIFORM] = P(P_A) | P(P_MODE) | P(P_NONLINEARITY),
    [SPEC_KAIMING_NORMAL] = P(P_A) | P(P_MODE) | P(P_NONLINEARITY),
    [SPEC_VARIANCE_SCALING] = P(P_SCALE) | P(P_MODE) | P(P_DISTRIBUTION),
};

/* Parameters a scheme cannot do without (torch's constant_ has no default
 * value). */
static const unsigned scheme_required[SPEC_SCHEME_COUNT] = {
    [SPEC_CONSTANT] = P(P_VALUE),
};

static double *param_double(nninit_desc *d, int p)
{
    switch (p) {
    case P_VALUE:
        return &d->value;
    case P_LOW:
        return &d->lo;
    case P_HIGH:
        return &d->hi;
    case P_MEAN:
        return &d->mean;
    case P_STD:
        return &d->std;
    case P_A:
        return &d->a;
    case P_B:
        return &d->b;
    case P_GAIN:
        return &d->gain;
    case P_SCALE:
        return &d->scale;
    default:
        return NULL;
    }
}

static const cli_name *param_names_table(int p)
{
    switch (p) {
    case P_MODE:
        return mode_names;
    case P_NONLINEARITY:
        return nonlinearity_names;
    case P_DISTRIBUTION:
        return distribution_names;
    case P_METHOD:
        return method_names;
    default:
        return NULL;
    }
}

static int param_enum(const nninit_desc *d, int p)
{
    switch (p) {
    case P_MODE:
        return (int)d->mode;
    case P_NONLINEARITY:
        return (int)d->nonlinearity;
    case P_DISTRIBUTION:
        return (int)d->distribution;
    default:
        return (int)d->method;
    }
}

static void set_param_enum(nninit_desc *d, int p, int v)
{
    switch (p) {
    case P_MODE:
        d->mode = (nninit_fan_mode)v;
        break;
    case P_NONLINEARITY:
        d->nonlinearity = (nninit_nonlinearity)v;
        break;
    case P_DISTRIBUTION:
        d->distribution = (nninit_vs_distribution)v;
        break;
    default:
        d->method = (nninit_method)v;
        break;
    }
}

void spec_desc_default(spec_scheme s, nninit_desc *desc)
{
    nninit_desc_default(lib_scheme[s], desc);
    if (s == SPEC_ONES)
        desc->value = 1.0;
}

/* ------------------------------------------------------------ the spec */

uint64_t spec_name_stream(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 offset basis */
    for (; *p != '\0'; p++) {
        h ^= *p;
        h *= 0x100000001b3u; /* FNV 64 prime */
    }
    return h;
}

void spec_init(model_spec *s)
{
    memset(s, 0, sizeof *s);
    s->dtype = NNINIT_F32;
}

void spec_free(model_spec *s)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        free(s->tensors[i].name);
    free(s->tensors);
    free(s->hashes);
    free(s->slots);
    spec_init(s);
}

#define NO_SLOT ((size_t)-1)

/* Rebuilds the hash table with room for twice the tensors. */
static int grow_table(model_spec *s)
{
    size_t cap = s->table_cap > 0 ? s->table_cap * 2 : 64;
    uint64_t *hashes = malloc(cap * sizeof *hashes);
    size_t *slots = malloc(cap * sizeof *slots);
    size_t i, j;

    if (hashes == NULL || slots == NULL || cap < s->table_cap) {
        free(hashes);
        free(slots);
        return -1;
    }
    for (j = 0; j < cap; j++)
        slots[j] = NO_SLOT;
    for (i = 0; i < s->n; i++) {
        uint64_t h = spec_name_stream(s->tensors[i].name);
        for (j = (size_t)h & (cap - 1); slots[j] != NO_SLOT;
             j = (j + 1) & (cap - 1))
            ;
        slots[j] = i;
        hashes[j] = h;
    }
    free(s->hashes);
    free(s->slots);
    s->hashes = hashes;
    s->slots = slots;
    s->table_cap = cap;
    return 0;
}

/* Adds a tensor, or writes why not into err and returns -1. */
static int add_tensor(model_spec *s, const char *name, const int64_t *shape,
                      size_t ndim, int dtype, spec_scheme scheme,
                      const nninit_desc *desc, char *err, size_t cap)
{
    spec_tensor *t;
    uint64_t h;
    size_t j, len;

    if (name[0] == '\0') {
        snprintf(err, cap, "empty tensor name");
        return -1;
    }
    if (!jw_utf8_valid(name)) {
        snprintf(err, cap, "tensor name is not valid UTF-8");
        return -1;
    }
    if (strcmp(name, "__metadata__") == 0) {
        snprintf(err, cap,
                 "tensor name '__metadata__' is reserved by "
                 "safetensors");
        return -1;
    }
    if (ndim > CLI_MAX_DIMS) {
        snprintf(err, cap, "more than %d dimensions", CLI_MAX_DIMS);
        return -1;
    }
    if ((s->n + 1) * 2 > s->table_cap && grow_table(s) != 0)
        return no_memory(err, cap);
    h = spec_name_stream(name);
    for (j = (size_t)h & (s->table_cap - 1); s->slots[j] != NO_SLOT;
         j = (j + 1) & (s->table_cap - 1)) {
        const char *other;
        if (s->hashes[j] != h)
            continue;
        other = s->tensors[s->slots[j]].name;
        if (strcmp(other, name) == 0)
            snprintf(err, cap,
                     "duplicate tensor name (first at "
                     "tensors[%zu])",
                     s->slots[j]);
        else
            snprintf(err, cap,
                     "the name's stream (FNV-1a 64 hash) equals "
                     "that of tensors[%zu] '%s': rename one",
                     s->slots[j], other);
        return -1;
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap > 0 ? s->cap * 2 : 16;
        spec_tensor *nt = realloc(s->tensors, ncap * sizeof *nt);
        if (nt == NULL)
            return no_memory(err, cap);
        s->tensors = nt;
        s->cap = ncap;
    }
    t = &s->tensors[s->n];
    memset(t, 0, sizeof *t);
    len = strlen(name);
    t->name = malloc(len + 1);
    if (t->name == NULL)
        return no_memory(err, cap);
    memcpy(t->name, name, len + 1);
    if (ndim > 0)
        memcpy(t->shape, shape, ndim * sizeof *shape);
    t->ndim = ndim;
    t->dtype = dtype;
    t->scheme = scheme;
    t->desc = *desc;
    s->slots[j] = s->n;
    s->hashes[j] = h;
    s->n++;
    return 0;
}

int spec_add(model_spec *s, const char *name, const int64_t *shape, size_t ndim,
             int dtype, spec_scheme scheme, const nninit_desc *desc)
{
    char err[256];
    int r =
        add_tensor(s, name, shape, ndim, dtype, scheme, desc, err, sizeof err);
    if (r != 0)
        cli_error("tensor '%s': %s", name, err);
    return r;
}

/* ------------------------------------------------------------ parsing */

typedef struct ctx {
    const char *origin;
    char where[512]; /* "tensors[3] ('h.0.ln_1.weight')" or "" */
} ctx;

static void perr(const ctx *c, const char *key, const char *fmt, ...)
    CLI_PRINTF(3, 4);

static void perr(const ctx *c, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error("%s: %s%s%s%s%s", c->origin, c->where,
              c->where[0] != '\0' && key != NULL ? ": " : "",
              key != NULL ? key : "",
              c->where[0] != '\0' || key != NULL ? ": " : "", msg);
}

static const char *json_type(const cJSON *v)
{
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}

/* No spec object has more keys than this (an init has at most 5); more is
 * refused before the quadratic duplicate check below could take long. */
#define MAX_KEYS 64

/* Every key of an object at most once. */
static int check_unique_keys(const ctx *c, const char *key, const cJSON *obj)
{
    const cJSON *a, *b;
    int n = cJSON_GetArraySize(obj);
    if (n > MAX_KEYS) {
        perr(c, key, "%d keys in one object (at most %d)", n, MAX_KEYS);
        return -1;
    }
    for (a = obj->child; a != NULL; a = a->next)
        for (b = obj->child; b != a; b = b->next)
            if (strcmp(a->string, b->string) == 0) {
                perr(c, key, "duplicate key '%s'", a->string);
                return -1;
            }
    return 0;
}

#define MAX_EXACT 9007199254740992.0 /* 2^53: every integer below is exact */

/* A non-negative integer given as a JSON number (at most 2^53, beyond
 * which doubles skip integers) or, when allow_string, as a string of
 * decimal or 0x hex digits (the full 64-bit range). */
static int get_uint(const ctx *c, const char *key, const cJSON *v,
                    int allow_string, uint64_t *out)
{
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (!(x >= 0.0 && x <= MAX_EXACT && x == floor(x))) {
            perr(c, key, "expected an integer in [0, 2^53]%s, got %.17g",
                 allow_string ? " (a larger one as a string)" : "", x);
            return -1;
        }
        *out = (uint64_t)x;
        return 0;
    }
    if (allow_string && cJSON_IsString(v)) {
        const char *why = cli_parse_u64(v->valuestring, out);
        if (why != NULL) {
            perr(c, key, "bad value '%s': %s", v->valuestring, why);
            return -1;
        }
        return 0;
    }
    perr(c, key, "expected %s, got %s",
         allow_string ? "an integer or a string of digits" : "an integer",
         json_type(v));
    return -1;
}

/* A real number: a JSON number, or a string as strtod reads it ("inf",
 * "-inf", hex floats), for the values JSON cannot spell. */
static int get_double(const ctx *c, const char *key, const cJSON *v,
                      double *out)
{
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return 0;
    }
    if (cJSON_IsString(v)) {
        const char *why = cli_parse_double(v->valuestring, out);
        if (why != NULL) {
            perr(c, key, "bad value '%s': %s", v->valuestring, why);
            return -1;
        }
        return 0;
    }
    perr(c, key, "expected a number, got %s", json_type(v));
    return -1;
}

static int get_name(const ctx *c, const char *key, const cJSON *v,
                    const cli_name *table, int *out)
{
    char list[256];
    size_t len = 0;
    const cli_name *t;

    if (!cJSON_IsString(v)) {
        perr(c, key, "expected a string, got %s", json_type(v));
        return -1;
    }
    if (cli_lookup(table, v->valuestring, out) == 0)
        return 0;
    list[0] = '\0';
    for (t = table; t->name != NULL && len < sizeof list; t++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                len > 0 ? ", " : "", t->name);
    perr(c, key, "unknown value '%s' (expected one of %s)", v->valuestring,
         list);
    return -1;
}

static int parse_init(const ctx *c, const cJSON *init, spec_scheme *scheme,
                      nninit_desc *d)
{
    const cJSON *v, *sv = NULL;
    unsigned seen = 0;
    int s, p;
    char key[64];

    if (!cJSON_IsObject(init)) {
        perr(c, "init", "expected an object, got %s", json_type(init));
        return -1;
    }
    if (check_unique_keys(c, "init", init) != 0)
        return -1;
    for (v = init->child; v != NULL; v = v->next)
        if (strcmp(v->string, "scheme") == 0)
            sv = v;
    if (sv == NULL) {
        perr(c, "init", "missing key 'scheme'");
        return -1;
    }
    if (get_name(c, "init.scheme", sv, scheme_names, &s) != 0)
        return -1;
    *scheme = (spec_scheme)s;
    spec_desc_default(*scheme, d);
    for (v = init->child; v != NULL; v = v->next) {
        if (v == sv)
            continue;
        for (p = 0; p < P_COUNT; p++)
            if (strcmp(v->string, param_names[p]) == 0)
                break;
        snprintf(key, sizeof key, "init.%s", v->string);
        if (p == P_COUNT || !(scheme_params[s] & P(p))) {
            perr(c, key, "unknown key for scheme '%s'%s",
                 spec_scheme_name(*scheme),
                 p == P_COUNT ? "" : " (it belongs to another scheme)");
            return -1;
        }
        seen |= P(p);
        if (param_double(d, p) != NULL) {
            if (get_double(c, key, v, param_double(d, p)) != 0)
                return -1;
        } else {
            int e;
            if (get_name(c, key, v, param_names_table(p), &e) != 0)
                return -1;
            if (p == P_MODE && e == NNINIT_FAN_AVG &&
                s != SPEC_VARIANCE_SCALING) {
                perr(c, key, "'fan_avg' applies to variance_scaling only");
                return -1;
            }
            set_param_enum(d, p, e);
        }
    }
    for (p = 0; p < P_COUNT; p++)
        if ((scheme_required[s] & P(p)) && !(seen & P(p))) {
            perr(c, "init", "missing key '%s' for scheme '%s'", param_names[p],
                 spec_scheme_name(*scheme));
            return -1;
        }
    return 0;
}

static int parse_tensor(model_spec *s, ctx *c, size_t index, const cJSON *obj)
{
    const cJSON *v, *name = NULL, *shape = NULL, *dtype = NULL, *init = NULL;
    int64_t dims[CLI_MAX_DIMS];
    size_t ndim = 0;
    int dt = SPEC_DTYPE_DEFAULT;
    spec_scheme scheme;
    nninit_desc desc;
    char err[256];

    snprintf(c->where, sizeof c->where, "tensors[%zu]", index);
    if (!cJSON_IsObject(obj)) {
        perr(c, NULL, "expected an object, got %s", json_type(obj));
        return -1;
    }
    if (check_unique_keys(c, NULL, obj) != 0)
        return -1;
    /* Errors name the tensor as soon as it has a name (cli_error turns
     * control characters into '?', keeping the message on one line). */
    name = cJSON_GetObjectItemCaseSensitive(obj, "name");
    if (cJSON_IsString(name))
        snprintf(c->where, sizeof c->where, "tensors[%zu] '%.200s'", index,
                 name->valuestring);
    for (v = obj->child; v != NULL; v = v->next) {
        if (strcmp(v->string, "name") == 0)
            ;
        else if (strcmp(v->string, "shape") == 0)
            shape = v;
        else if (strcmp(v->string, "dtype") == 0)
            dtype = v;
        else if (strcmp(v->string, "init") == 0)
            init = v;
        else {
            perr(c, v->string,
                 "unknown key (expected name, shape, dtype, "
                 "init)");
            return -1;
        }
    }
    if (name == NULL) {
        perr(c, NULL, "missing key 'name'");
        return -1;
    }
    if (!cJSON_IsString(name)) {
        perr(c, "name", "expected a string, got %s", json_type(name));
        return -1;
    }
    if (shape == NULL || init == NULL) {
        perr(c, NULL, "missing key '%s'", shape == NULL ? "shape" : "init");
        return -1;
    }
    if (!cJSON_IsArray(shape)) {
        perr(c, "shape", "expected an array, got %s", json_type(shape));
        return -1;
    }
    for (v = shape->child; v != NULL; v = v->next) {
        uint64_t d;
        if (ndim == CLI_MAX_DIMS) {
            perr(c, "shape", "more than %d dimensions", CLI_MAX_DIMS);
            return -1;
        }
        if (get_uint(c, "shape", v, 0, &d) != 0)
            return -1;
        dims[ndim++] = (int64_t)d;
    }
    if (dtype != NULL) {
        if (get_name(c, "dtype", dtype, dtype_names, &dt) != 0)
            return -1;
    }
    if (parse_init(c, init, &scheme, &desc) != 0)
        return -1;
    if (add_tensor(s, name->valuestring, dims, ndim, dt, scheme, &desc, err,
                   sizeof err) != 0) {
        perr(c, NULL, "%s", err);
        return -1;
    }
    return 0;
}

/* cJSON turns "\u0000" into a NUL that silently ends the string: refuse
 * it rather than truncate a name. Outside strings a backslash is a JSON
 * error anyway. */
static const char *find_escaped_nul(const char *text, size_t len)
{
    size_t i;
    for (i = 0; i + 1 < len; i++) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == 'u' && i + 5 < len &&
            strncmp(text + i + 2, "0000", 4) == 0)
            return text + i;
        i++; /* skip the escaped character (a backslash included) */
    }
    return NULL;
}

static void line_col(const char *text, const char *at, size_t *line,
                     size_t *col)
{
    const char *p;
    *line = 1;
    *col = 1;
    for (p = text; p < at; p++) {
        if (*p == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static int parse_text(model_spec *s, const char *text, size_t len,
                      const char *origin)
{
    ctx c;
    cJSON *root;
    const cJSON *v, *tensors = NULL;
    const char *end = NULL, *nul;
    size_t line, col, i;

    spec_init(s);
    c.origin = origin;
    c.where[0] = '\0';
    if (memchr(text, '\0', len) != NULL) {
        perr(&c, NULL, "not a JSON text (contains a NUL byte)");
        return -1;
    }
    root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (root == NULL && g_out_of_memory) {
        cli_error("%s: out of memory parsing the JSON", origin);
        return SPEC_NO_RESOURCE;
    }
    if (root == NULL) {
        if (end == NULL || end < text || end > text + len)
            end = text + len;
        line_col(text, end, &line, &col);
        cli_error("%s:%zu:%zu: invalid JSON", origin, line, col);
        return -1;
    }
    /* Only white space may follow the value. */
    while (end < text + len &&
           (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
    if (end != text + len) {
        line_col(text, end, &line, &col);
        cli_error("%s:%zu:%zu: invalid JSON (text after the value)", origin,
                  line, col);
        cJSON_Delete(root);
        return -1;
    }
    nul = find_escaped_nul(text, len);
    if (nul != NULL) {
        line_col(text, nul, &line, &col);
        cli_error("%s:%zu:%zu: \\u0000 is not supported in strings", origin,
                  line, col);
        cJSON_Delete(root);
        return -1;
    }
    if (!cJSON_IsObject(root)) {
        perr(&c, NULL, "expected a JSON object, got %s", json_type(root));
        goto fail;
    }
    if (check_unique_keys(&c, NULL, root) != 0)
        goto fail;
    for (v = root->child; v != NULL; v = v->next) {
        if (strcmp(v->string, "seed") == 0) {
            if (get_uint(&c, "seed", v, 1, &s->seed) != 0)
                goto fail;
            s->has_seed = 1;
        } else if (strcmp(v->string, "dtype") == 0) {
            int dt;
            if (get_name(&c, "dtype", v, dtype_names, &dt) != 0)
                goto fail;
            s->dtype = (nninit_dtype)dt;
            s->has_dtype = 1;
        } else if (strcmp(v->string, "tensors") == 0) {
            tensors = v;
        } else {
            perr(&c, v->string,
                 "unknown key (expected seed, dtype, "
                 "tensors)");
            goto fail;
        }
    }
    if (tensors == NULL) {
        perr(&c, NULL, "missing key 'tensors'");
        goto fail;
    }
    if (!cJSON_IsArray(tensors)) {
        perr(&c, "tensors", "expected an array, got %s", json_type(tensors));
        goto fail;
    }
    for (v = tensors->child, i = 0; v != NULL; v = v->next, i++)
        if (parse_tensor(s, &c, i, v) != 0)
            goto fail;
    cJSON_Delete(root);
    return 0;
fail:
    cJSON_Delete(root);
    spec_free(s);
    return -1;
}

int spec_parse(model_spec *s, const char *text, size_t len, const char *origin)
{
    static cJSON_Hooks hooks = {json_malloc, free};
    int r;
    cJSON_InitHooks(&hooks);
    g_out_of_memory = 0;
    r = parse_text(s, text, len, origin);
    return r != 0 && g_out_of_memory ? SPEC_NO_RESOURCE : r;
}

/* Reads at most SPEC_MAX_BYTES of path into a new buffer. */
static int read_spec(const char *path, char **text, size_t *len)
{
    FILE *f;
    char *buf = NULL, *p;
    size_t cap = 0, k;
    int err;

    *len = 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        cli_error("cannot read the spec '%s': %s", path, strerror(errno));
        return SPEC_BAD_INPUT;
    }
    for (;;) {
        if (cap - *len < 65536) {
            /* One byte past the limit tells a file at the limit from a
             * longer one. */
            cap = cap > 0 ? cap * 2 : 65536;
            if (cap > SPEC_MAX_BYTES + 1)
                cap = SPEC_MAX_BYTES + 1;
            p = realloc(buf, cap);
            if (p == NULL) {
                cli_error("out of memory reading the spec '%s'", path);
                free(buf);
                fclose(f);
                return SPEC_NO_RESOURCE;
            }
            buf = p;
        }
        k = fread(buf + *len, 1, cap - *len, f);
        *len += k;
        if (*len > SPEC_MAX_BYTES) {
            cli_error("the spec '%s' is larger than %zu MiB, the limit", path,
                      SPEC_MAX_BYTES >> 20);
            free(buf);
            fclose(f);
            return SPEC_BAD_INPUT;
        }
        if (k == 0)
            break;
    }
    err = ferror(f) ? errno : 0;
    fclose(f);
    if (err != 0) {
        cli_error("cannot read the spec '%s': %s", path, strerror(err));
        free(buf);
        /* A directory is the wrong name; anything else the machine's. */
        return err == EISDIR ? SPEC_BAD_INPUT : SPEC_NO_RESOURCE;
    }
    *text = buf;
    return 0;
}

int spec_load(model_spec *s, const char *path)
{
    char *text = NULL;
    size_t len;
    int r;

    spec_init(s);
    r = read_spec(path, &text, &len);
    if (r != 0)
        return r;
    r = spec_parse(s, text != NULL ? text : "", len, path);
    free(text);
    return r;
}

/* ------------------------------------------------------------ printing */

static int same_double(double x, double y)
{
    return (x == y && signbit(x) == signbit(y)) || (isnan(x) && isnan(y));
}

int spec_print(FILE *out, const model_spec *s)
{
    jsonw w = {0};
    size_t i, k;
    int p, ok;

    jw_raw(&w, "{\n");
    if (s->has_seed) {
        if (s->seed <= (uint64_t)MAX_EXACT)
            jw_printf(&w, "  \"seed\": %llu,\n", (unsigned long long)s->seed);
        else
            jw_printf(&w, "  \"seed\": \"%llu\",\n",
                      (unsigned long long)s->seed);
    }
    if (s->has_dtype)
        jw_printf(&w, "  \"dtype\": \"%s\",\n", spec_dtype_name(s->dtype));
    jw_raw(&w, "  \"tensors\": [");
    for (i = 0; i < s->n; i++) {
        const spec_tensor *t = &s->tensors[i];
        nninit_desc def;
        jw_raw(&w, i > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
        jw_string(&w, t->name);
        jw_raw(&w, ", \"shape\": [");
        for (k = 0; k < t->ndim; k++)
            jw_printf(&w, "%s%lld", k > 0 ? ", " : "", (long long)t->shape[k]);
        jw_raw(&w, "]");
        if (t->dtype != SPEC_DTYPE_DEFAULT)
            jw_printf(&w, ", \"dtype\": \"%s\"",
                      spec_dtype_name((nninit_dtype)t->dtype));
        jw_printf(&w, ", \"init\": {\"scheme\": \"%s\"",
                  spec_scheme_name(t->scheme));
        spec_desc_default(t->scheme, &def);
        for (p = 0; p < P_COUNT; p++) {
            const double *x;
            if (!(scheme_params[t->scheme] & P(p)))
                continue;
            x = param_double((nninit_desc *)&t->desc, p);
            if (x != NULL) {
                if (same_double(*x, *param_double(&def, p)) &&
                    !(scheme_required[t->scheme] & P(p)))
                    continue;
                jw_printf(&w, ", \"%s\": ", param_names[p]);
                jw_double(&w, *x);
            } else {
                int e = param_enum(&t->desc, p);
                if (e == param_enum(&def, p))
                    continue;
                jw_printf(&w, ", \"%s\": \"%s\"", param_names[p],
                          cli_name_of(param_names_table(p), e));
            }
        }
        jw_raw(&w, "}}");
    }
    jw_raw(&w, s->n > 0 ? "\n  ]\n}\n" : "]\n}\n");
    ok = !w.failed && fwrite(w.buf, 1, w.len, out) == w.len;
    jw_free(&w);
    if (!ok) {
        cli_error("cannot print the spec");
        return -1;
    }
    return 0;
}
