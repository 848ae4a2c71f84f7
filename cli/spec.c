/* Model specs: building, parsing (cJSON) and printing (see spec.h). */
#include "spec.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "opt.h"

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
                      size_t ndim, int dtype, const nninit_desc *desc,
                      char *err, size_t cap)
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
    t->desc = *desc;
    t->padding_idx = -1;
    s->slots[j] = s->n;
    s->hashes[j] = h;
    s->n++;
    return 0;
}

int spec_add(model_spec *s, const char *name, const int64_t *shape, size_t ndim,
             int dtype, const nninit_desc *desc)
{
    char err[256];
    int r = add_tensor(s, name, shape, ndim, dtype, desc, err, sizeof err);
    if (r != 0)
        cli_error("tensor '%s': %s", name, err);
    return r;
}

/* Why row cannot be t's padding row, or NULL. */
static const char *bad_padding_idx(const spec_tensor *t, int64_t row)
{
    if (t->ndim == 0)
        return "a scalar has no rows";
    if (row < 0 || row >= t->shape[0])
        return "not a row of the tensor (0 <= padding_idx < shape[0])";
    return NULL;
}

int spec_set_padding_idx(model_spec *s, size_t i, int64_t row)
{
    const char *why = bad_padding_idx(&s->tensors[i], row);
    if (why != NULL) {
        cli_error("tensor '%s': padding_idx %lld: %s", s->tensors[i].name,
                  (long long)row, why);
        return -1;
    }
    s->tensors[i].padding_idx = row;
    return 0;
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
                    const cli_enum *e, int *out)
{
    char list[512];

    if (!cJSON_IsString(v)) {
        perr(c, key, "expected a string, got %s", json_type(v));
        return -1;
    }
    if (e->lookup(v->valuestring, out) == 0)
        return 0;
    cli_enum_list(e, UINT64_MAX, 0, list, sizeof list);
    perr(c, key, "unknown value '%s' (expected one of %s)", v->valuestring,
         list);
    return -1;
}

/* An axis list: one integer or an array of them (negative from the end). */
static int get_axes(const ctx *c, const char *key, const cJSON *v,
                    nninit_axes *out)
{
    const cJSON *e;
    nninit_axes a;
    memset(&a, 0, sizeof a);
    if (cJSON_IsNumber(v) || cJSON_IsArray(v)) {
        for (e = cJSON_IsArray(v) ? v->child : v; e != NULL;
             e = cJSON_IsArray(v) ? e->next : NULL) {
            double x = cJSON_IsNumber(e) ? e->valuedouble : NAN;
            if (!(x > -1000 && x < 1000 && x == floor(x))) {
                perr(c, key, "expected integer axes");
                return -1;
            }
            if (a.n == NNINIT_MAX_AXES) {
                perr(c, key, "more than %d axes", NNINIT_MAX_AXES);
                return -1;
            }
            a.axis[a.n++] = (int32_t)x;
        }
        *out = a;
        return 0;
    }
    perr(c, key, "expected an integer or an array of integers, got %s",
         json_type(v));
    return -1;
}

/* A key as a spec spells it: '_' for the option's '-'. */
static const char *spec_key(const char *name, char buf[64])
{
    size_t i;
    for (i = 0; name[i] != '\0' && i + 1 < 64; i++)
        buf[i] = name[i] == '-' ? '_' : name[i];
    buf[i] = '\0';
    return buf;
}

static uint64_t bit(nninit_scheme s)
{
    return UINT64_C(1) << (int)s;
}

/* The parameters are the rows of cli_params (opt.h), which the tool's
 * fill and init options are made of too. */
static int parse_init(const ctx *c, const cJSON *init, nninit_desc *d)
{
    const cJSON *v, *sv = NULL;
    const cli_opt *o;
    const char *why;
    nninit_scheme scheme;
    uint64_t seen = 0;
    int s;
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
    if (get_name(c, "init.scheme", sv, &cli_schemes, &s) != 0)
        return -1;
    scheme = (nninit_scheme)s;
    nninit_desc_default(scheme, d);
    for (v = init->child; v != NULL; v = v->next) {
        void *to;
        if (v == sv)
            continue;
        o = cli_param_find(v->string);
        snprintf(key, sizeof key, "init.%s", v->string);
        if (o == NULL || !(o->schemes & bit(scheme))) {
            perr(c, key, "unknown key for scheme '%s'%s",
                 nninit_scheme_name(scheme),
                 o == NULL ? "" : " (it belongs to another scheme)");
            return -1;
        }
        if (seen & (UINT64_C(1) << (o - cli_params))) {
            perr(c, key, "given twice (as '-' and '_')");
            return -1;
        }
        seen |= UINT64_C(1) << (o - cli_params);
        to = (char *)d + o->offset;
        if (o->kind == CLI_DOUBLE) {
            if (get_double(c, key, v, (double *)to) != 0)
                return -1;
        } else if (o->kind == CLI_U64) {
            if (get_uint(c, key, v, 0, (uint64_t *)to) != 0)
                return -1;
        } else if (o->kind == CLI_AXES) {
            if (get_axes(c, key, v, (nninit_axes *)to) != 0)
                return -1;
        } else {
            int e;
            if (get_name(c, key, v, o->choices, &e) != 0)
                return -1;
            memcpy(to, &e, sizeof e);
        }
        why = o->check != NULL ? o->check(d) : NULL;
        if (why != NULL) {
            perr(c, key, "%s", why);
            return -1;
        }
    }
    for (o = cli_params; o->name != NULL; o++)
        if ((o->required & bit(scheme)) &&
            !(seen & (UINT64_C(1) << (o - cli_params)))) {
            perr(c, "init", "missing key '%s' for scheme '%s'",
                 spec_key(o->name, key), nninit_scheme_name(scheme));
            return -1;
        }
    return 0;
}

static int parse_tensor(model_spec *s, ctx *c, size_t index, const cJSON *obj)
{
    const cJSON *v, *name = NULL, *shape = NULL, *dtype = NULL, *init = NULL;
    const cJSON *pad = NULL;
    int64_t dims[CLI_MAX_DIMS];
    size_t ndim = 0;
    int dt = SPEC_DTYPE_DEFAULT;
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
        else if (strcmp(v->string, "padding_idx") == 0)
            pad = v;
        else {
            perr(c, v->string,
                 "unknown key (expected name, shape, dtype, "
                 "init, padding_idx)");
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
        if (get_name(c, "dtype", dtype, &cli_dtypes, &dt) != 0)
            return -1;
    }
    if (parse_init(c, init, &desc) != 0)
        return -1;
    if (add_tensor(s, name->valuestring, dims, ndim, dt, &desc, err,
                   sizeof err) != 0) {
        perr(c, NULL, "%s", err);
        return -1;
    }
    if (pad != NULL) {
        spec_tensor *t = &s->tensors[s->n - 1];
        uint64_t row;
        const char *why;
        if (get_uint(c, "padding_idx", pad, 0, &row) != 0)
            return -1;
        why = bad_padding_idx(t, row > INT64_MAX ? -1 : (int64_t)row);
        if (why != NULL) {
            perr(c, "padding_idx", "%s", why);
            return -1;
        }
        t->padding_idx = (int64_t)row;
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

int spec_json_parse(const char *text, size_t len, const char *origin,
                    cJSON **root_out)
{
    static cJSON_Hooks hooks = {json_malloc, free};
    cJSON *root;
    const char *end = NULL, *nul;
    size_t line, col;

    *root_out = NULL;
    cJSON_InitHooks(&hooks);
    g_out_of_memory = 0;
    if (memchr(text, '\0', len) != NULL) {
        cli_error("%s: not a JSON text (contains a NUL byte)", origin);
        return SPEC_BAD_INPUT;
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
        return SPEC_BAD_INPUT;
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
        return SPEC_BAD_INPUT;
    }
    nul = find_escaped_nul(text, len);
    if (nul != NULL) {
        line_col(text, nul, &line, &col);
        cli_error("%s:%zu:%zu: \\u0000 is not supported in strings", origin,
                  line, col);
        cJSON_Delete(root);
        return SPEC_BAD_INPUT;
    }
    *root_out = root;
    return 0;
}

static int parse_text(model_spec *s, const char *text, size_t len,
                      const char *origin)
{
    ctx c;
    cJSON *root;
    const cJSON *v, *tensors = NULL;
    size_t i;
    int r;

    spec_init(s);
    c.origin = origin;
    c.where[0] = '\0';
    r = spec_json_parse(text, len, origin, &root);
    if (r != 0)
        return r;
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
            if (get_name(&c, "dtype", v, &cli_dtypes, &dt) != 0)
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
    int r = parse_text(s, text, len, origin);
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
    int ok;

    jw_raw(&w, "{\n");
    if (s->has_seed) {
        if (s->seed <= (uint64_t)MAX_EXACT)
            jw_printf(&w, "  \"seed\": %llu,\n", (unsigned long long)s->seed);
        else
            jw_printf(&w, "  \"seed\": \"%llu\",\n",
                      (unsigned long long)s->seed);
    }
    if (s->has_dtype)
        jw_printf(&w, "  \"dtype\": \"%s\",\n", nninit_dtype_name(s->dtype));
    jw_raw(&w, "  \"tensors\": [");
    for (i = 0; i < s->n; i++) {
        const spec_tensor *t = &s->tensors[i];
        const cli_opt *o;
        nninit_desc def;
        char key[64];
        jw_raw(&w, i > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
        jw_string(&w, t->name);
        jw_raw(&w, ", \"shape\": [");
        for (k = 0; k < t->ndim; k++)
            jw_printf(&w, "%s%lld", k > 0 ? ", " : "", (long long)t->shape[k]);
        jw_raw(&w, "]");
        if (t->dtype != SPEC_DTYPE_DEFAULT)
            jw_printf(&w, ", \"dtype\": \"%s\"",
                      nninit_dtype_name((nninit_dtype)t->dtype));
        jw_printf(&w, ", \"init\": {\"scheme\": \"%s\"",
                  nninit_scheme_name(t->desc.scheme));
        nninit_desc_default(t->desc.scheme, &def);
        for (o = cli_params; o->name != NULL; o++) {
            const char *x = (const char *)&t->desc + o->offset;
            const char *y = (const char *)&def + o->offset;
            if (!(o->schemes & bit(t->desc.scheme)))
                continue;
            spec_key(o->name, key);
            if (o->kind == CLI_DOUBLE) {
                double dx, dy;
                memcpy(&dx, x, sizeof dx);
                memcpy(&dy, y, sizeof dy);
                if (same_double(dx, dy) && !(o->required & bit(t->desc.scheme)))
                    continue;
                jw_printf(&w, ", \"%s\": ", key);
                jw_double(&w, dx);
            } else if (o->kind == CLI_U64) {
                uint64_t ux, uy;
                memcpy(&ux, x, sizeof ux);
                memcpy(&uy, y, sizeof uy);
                if (ux != uy)
                    jw_printf(&w, ", \"%s\": %llu", key,
                              (unsigned long long)ux);
            } else if (o->kind == CLI_AXES) {
                nninit_axes ax;
                memcpy(&ax, x, sizeof ax);
                if (ax.n <= 0)
                    continue;
                jw_printf(&w, ", \"%s\": [", key);
                for (k = 0; k < (size_t)ax.n && k < NNINIT_MAX_AXES; k++)
                    jw_printf(&w, "%s%d", k > 0 ? ", " : "", (int)ax.axis[k]);
                jw_raw(&w, "]");
            } else {
                int ex, ey;
                char nm[CLI_NAME_MAX];
                memcpy(&ex, x, sizeof ex);
                memcpy(&ey, y, sizeof ey);
                if (ex == ey)
                    continue;
                jw_printf(&w, ", \"%s\": \"%s\"", key,
                          cli_enum_show(o->choices, ex, 0, nm));
            }
        }
        jw_raw(&w, "}");
        if (t->padding_idx >= 0)
            jw_printf(&w, ", \"padding_idx\": %lld", (long long)t->padding_idx);
        jw_raw(&w, "}");
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
