/*
 * nninit._nninit: the CPython binding of the public C API (nninit.h).
 *
 * Two entry points fill memory, and both go through the same descriptor
 * tables below:
 *   - init(): any writable C-contiguous buffer (numpy arrays), an
 *     initializer given as a dict with the keys of docs/model-spec.md;
 *   - tensor_init(): the lean path of nninit.torch, a torch tensor and the
 *     scheme's parameters positionally in torch.nn.init's order, with no
 *     dict and no keyword parsing (torch's own normal_ costs about 1 us on
 *     a 16-element tensor; this path must stay within 2x of that).
 *
 * A scheme added to nninit_desc needs one row in `schemes` (and, if it
 * brings a new parameter, one row in `keys`): the Python package builds its
 * numpy-level functions from that table (scheme_table()).
 *
 * The GIL is released while the library fills anything but tiny buffers;
 * the library's own thread pool does the parallel work.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "nninit.h"

/* Fills below this many elements keep the GIL: releasing and taking it
 * back costs more than filling them. */
#define GIL_RELEASE_MIN 4096
#define MAX_NDIM 64

/* ------------------------------------------------------------ name tables */

/* The library's name tables (nninit_*_name, nninit_*_from_name: '_' or '-'
 * between words, aliases such as "untruncated_normal"), as int functions so
 * that one lookup serves every enum. */
typedef struct {
    const char *(*name)(int);
    int (*from_name)(const char *, int *);
} enum_names;

#define ENUM_NAMES(fn, T)                                                      \
    static const char *fn##_name_int(int v)                                    \
    {                                                                          \
        return nninit_##fn##_name((T)v);                                       \
    }                                                                          \
    static int fn##_from_int(const char *s, int *v)                            \
    {                                                                          \
        T e;                                                                   \
        if (nninit_##fn##_from_name(s, &e) != NNINIT_OK)                       \
            return -1;                                                         \
        *v = (int)e;                                                           \
        return 0;                                                              \
    }                                                                          \
    static const enum_names fn##_names = {fn##_name_int, fn##_from_int};

ENUM_NAMES(fan_mode, nninit_fan_mode)
ENUM_NAMES(nonlinearity, nninit_nonlinearity)
ENUM_NAMES(vs_distribution, nninit_vs_distribution)
ENUM_NAMES(method, nninit_method)
ENUM_NAMES(dtype, nninit_dtype)
ENUM_NAMES(scheme, nninit_scheme)
ENUM_NAMES(fan_layout, nninit_fan_layout)

/* Returns 0 and sets *value, or raises ValueError naming what and the
 * accepted names. */
static int lookup_name(const enum_names *t, PyObject *obj, const char *what,
                       int *value)
{
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str, not %.100s", what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    const char *s = PyUnicode_AsUTF8(obj);
    if (s == NULL)
        return -1;
    if (t->from_name(s, value) == 0)
        return 0;
    PyObject *names = PyUnicode_FromString("");
    for (int i = 0; names != NULL && t->name(i) != NULL; i++) {
        PyObject *n =
            PyUnicode_FromFormat("%U%s'%s'", names, i ? ", " : "", t->name(i));
        Py_SETREF(names, n);
    }
    if (names != NULL) {
        PyErr_Format(PyExc_ValueError, "unknown %s %R (expected one of %U)",
                     what, obj, names);
        Py_DECREF(names);
    }
    return -1;
}

/* ------------------------------------------- parameter keys and schemes */

typedef enum {
    KEY_VALUE,
    KEY_LOW,
    KEY_HIGH,
    KEY_MEAN,
    KEY_STD,
    KEY_A,
    KEY_B,
    KEY_GAIN,
    KEY_SCALE,
    KEY_MODE,
    KEY_NONLINEARITY,
    KEY_DISTRIBUTION,
    KEY_METHOD,
    KEY_SPARSITY,
    KEY_GROUPS,
    KEY_FAN_LAYOUT,
    KEY_IN_AXIS,
    KEY_OUT_AXIS,
    KEY_BATCH_AXIS,
    KEY_COUNT,
    KEY_END = -1
} key_id;

/* What a key's nninit_desc field holds. */
typedef enum {
    KIND_DOUBLE,
    KIND_ENUM,  /* an int read from a name table */
    KIND_INT64, /* groups */
    KIND_AXES   /* nninit_axes: an int, a sequence of ints, or None */
} key_kind;

/* The keys of docs/model-spec.md and the nninit_desc field each sets. */
typedef struct {
    const char *name;
    size_t offset;
    const enum_names *names; /* KIND_ENUM */
    key_kind kind;
} key_row;

#define DESC_FIELD(f) offsetof(nninit_desc, f)
static const key_row keys[KEY_COUNT] = {
    [KEY_VALUE] = {"value", DESC_FIELD(value), NULL, KIND_DOUBLE},
    [KEY_LOW] = {"low", DESC_FIELD(lo), NULL, KIND_DOUBLE},
    [KEY_HIGH] = {"high", DESC_FIELD(hi), NULL, KIND_DOUBLE},
    [KEY_MEAN] = {"mean", DESC_FIELD(mean), NULL, KIND_DOUBLE},
    [KEY_STD] = {"std", DESC_FIELD(std), NULL, KIND_DOUBLE},
    [KEY_A] = {"a", DESC_FIELD(a), NULL, KIND_DOUBLE},
    [KEY_B] = {"b", DESC_FIELD(b), NULL, KIND_DOUBLE},
    [KEY_GAIN] = {"gain", DESC_FIELD(gain), NULL, KIND_DOUBLE},
    [KEY_SCALE] = {"scale", DESC_FIELD(scale), NULL, KIND_DOUBLE},
    [KEY_MODE] = {"mode", DESC_FIELD(mode), &fan_mode_names, KIND_ENUM},
    [KEY_NONLINEARITY] = {"nonlinearity", DESC_FIELD(nonlinearity),
                          &nonlinearity_names, KIND_ENUM},
    [KEY_DISTRIBUTION] = {"distribution", DESC_FIELD(distribution),
                          &vs_distribution_names, KIND_ENUM},
    [KEY_METHOD] = {"method", DESC_FIELD(method), &method_names, KIND_ENUM},
    [KEY_SPARSITY] = {"sparsity", DESC_FIELD(sparsity), NULL, KIND_DOUBLE},
    [KEY_GROUPS] = {"groups", DESC_FIELD(groups), NULL, KIND_INT64},
    [KEY_FAN_LAYOUT] = {"fan_layout", DESC_FIELD(fan_layout), &fan_layout_names,
                        KIND_ENUM},
    [KEY_IN_AXIS] = {"in_axis", DESC_FIELD(in_axes), NULL, KIND_AXES},
    [KEY_OUT_AXIS] = {"out_axis", DESC_FIELD(out_axes), NULL, KIND_AXES},
    [KEY_BATCH_AXIS] = {"batch_axis", DESC_FIELD(batch_axes), NULL, KIND_AXES},
};

#define MAX_KEYS 4

/* One row per scheme of nninit_desc (its name is the library's,
 * nninit_scheme_name). `params` are the keys of docs/model-spec.md it takes,
 * in torch.nn.init's positional order (the order tensor_init takes them);
 * `method` is accepted on top of them where the scheme samples normals. */
typedef struct {
    nninit_scheme scheme;
    key_id params[MAX_KEYS + 1]; /* KEY_END-terminated */
    int required;                /* the first `required` params have no
                                    default (constant's value, sparse's
                                    sparsity) */
    int normal;                  /* takes method= */
    int fans;                    /* scales by fans: takes fan_layout=,
                                    in_axis=, out_axis=, batch_axis= */
} scheme_row;

/* clang-format off */
static const scheme_row schemes[] = {
    {NNINIT_SCHEME_CONSTANT, {KEY_VALUE, KEY_END}, 1, 0, 0},
    {NNINIT_SCHEME_ZEROS, {KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_ONES, {KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_UNIFORM, {KEY_LOW, KEY_HIGH, KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_NORMAL, {KEY_MEAN, KEY_STD, KEY_END}, 0, 1, 0},
    {NNINIT_SCHEME_TRUNC_NORMAL, {KEY_MEAN, KEY_STD, KEY_A, KEY_B, KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_XAVIER_UNIFORM, {KEY_GAIN, KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_XAVIER_NORMAL, {KEY_GAIN, KEY_END}, 0, 1, 1},
    {NNINIT_SCHEME_KAIMING_UNIFORM, {KEY_A, KEY_MODE, KEY_NONLINEARITY, KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_KAIMING_NORMAL, {KEY_A, KEY_MODE, KEY_NONLINEARITY, KEY_END}, 0, 1, 1},
    {NNINIT_SCHEME_LECUN_NORMAL, {KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_VARIANCE_SCALING, {KEY_SCALE, KEY_MODE, KEY_DISTRIBUTION, KEY_END}, 0, 1, 1},
    {NNINIT_SCHEME_ORTHOGONAL, {KEY_GAIN, KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_DELTA_ORTHOGONAL, {KEY_GAIN, KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_EYE, {KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_DIRAC, {KEY_GROUPS, KEY_END}, 0, 0, 0},
    {NNINIT_SCHEME_SPARSE, {KEY_SPARSITY, KEY_STD, KEY_END}, 1, 1, 0},
    {NNINIT_SCHEME_GLOROT_UNIFORM, {KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_GLOROT_NORMAL, {KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_HE_UNIFORM, {KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_HE_NORMAL, {KEY_END}, 0, 0, 1},
    {NNINIT_SCHEME_LECUN_UNIFORM, {KEY_END}, 0, 0, 1},
};
/* clang-format on */
#define N_SCHEMES ((int)(sizeof schemes / sizeof schemes[0]))

/* An integer key (groups, an axis): an int or anything with __index__
 * (numpy integers), not a bool; 0, or -1 with no exception set. */
static int get_index(PyObject *o, long long *x)
{
    if (PyBool_Check(o) || !PyIndex_Check(o))
        return -1;
    PyObject *i = PyNumber_Index(o);
    if (i == NULL) {
        PyErr_Clear();
        return -1;
    }
    *x = PyLong_AsLongLong(i);
    Py_DECREF(i);
    if (*x == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return 0;
}

/* An axis list (in_axis, out_axis, batch_axis): None (the default of
 * nninit_axes, n = 0), an int, or a sequence of at most NNINIT_MAX_AXES
 * ints. */
static int set_axes(const char *what, PyObject *v, nninit_axes *axes)
{
    nninit_axes a;
    memset(&a, 0, sizeof a);
    if (v != Py_None) {
        PyObject *fast = NULL;
        Py_ssize_t n = 1;
        if (!PyIndex_Check(v) || PyBool_Check(v)) {
            fast = PySequence_Fast(v, "");
            if (fast == NULL) {
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError,
                             "%s must be an int or a list of ints, not %.100s",
                             what, Py_TYPE(v)->tp_name);
                return -1;
            }
            n = PySequence_Fast_GET_SIZE(fast);
            if (n < 1 || n > NNINIT_MAX_AXES) {
                Py_DECREF(fast);
                PyErr_Format(PyExc_ValueError,
                             "%s: between 1 and %d axes, got %zd", what,
                             NNINIT_MAX_AXES, n);
                return -1;
            }
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *item = fast ? PySequence_Fast_GET_ITEM(fast, i) : v;
            long long x;
            if (get_index(item, &x) != 0 || x < INT32_MIN || x > INT32_MAX) {
                PyErr_Format(PyExc_ValueError, "%s: %R is not an axis", what,
                             item); /* before item's owner goes */
                Py_XDECREF(fast);
                return -1;
            }
            a.axis[i] = (int32_t)x;
        }
        a.n = (int32_t)n;
        Py_XDECREF(fast);
    }
    *axes = a;
    return 0;
}

static int set_key(nninit_desc *d, key_id k, PyObject *v)
{
    const key_row *kr = &keys[k];
    char *field = (char *)d + kr->offset;
    if (kr->kind == KIND_ENUM) {
        int e;
        if (lookup_name(kr->names, v, kr->name, &e) != 0)
            return -1;
        /* The enum fields are ints (the C enums of nninit.h). */
        memcpy(field, &e, sizeof e);
        return 0;
    }
    if (kr->kind == KIND_AXES)
        return set_axes(kr->name, v, (nninit_axes *)(void *)field);
    if (kr->kind == KIND_INT64) {
        long long x;
        if (get_index(v, &x) != 0) {
            PyErr_Format(PyExc_ValueError, "%s: %R is not an integer", kr->name,
                         v);
            return -1;
        }
        int64_t i = (int64_t)x;
        memcpy(field, &i, sizeof i);
        return 0;
    }
    if (PyUnicode_Check(v) || PyBytes_Check(v)) {
        /* A spec may spell infinities as strings: JSON has none. */
        PyObject *f = PyFloat_FromString(v);
        if (f == NULL) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "%s: %R is not a number", kr->name,
                         v);
            return -1;
        }
        double x = PyFloat_AS_DOUBLE(f);
        Py_DECREF(f);
        memcpy(field, &x, sizeof x);
        return 0;
    }
    double x = PyFloat_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s must be a number, not %.100s",
                     kr->name, Py_TYPE(v)->tp_name);
        return -1;
    }
    memcpy(field, &x, sizeof x);
    return 0;
}

/* A key of a spec names key `kr`: its name, '-' accepted for '_'
 * ("fan-layout"), as the tool and docs/model-spec.md take it. */
static int key_matches(PyObject *k, const key_row *kr)
{
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(k, &len);
    if (s == NULL) {
        PyErr_Clear();
        return 0;
    }
    if ((size_t)len != strlen(kr->name))
        return 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (s[i] != kr->name[i] && !(s[i] == '-' && kr->name[i] == '_'))
            return 0;
    return 1;
}

static int scheme_takes(const scheme_row *s, key_id k)
{
    for (const key_id *p = s->params; *p != KEY_END; p++)
        if (*p == k)
            return 1;
    if (k == KEY_METHOD)
        return s->normal;
    return s->fans && (k == KEY_FAN_LAYOUT || k == KEY_IN_AXIS ||
                       k == KEY_OUT_AXIS || k == KEY_BATCH_AXIS);
}

static void desc_start(const scheme_row *s, nninit_desc *d)
{
    nninit_desc_default(s->scheme, d);
}

#define SCHEME_NAME(s) nninit_scheme_name((s)->scheme)

/* The row of a scheme name, or -1 with an exception. */
static int scheme_index(PyObject *name)
{
    int scheme;
    if (lookup_name(&scheme_names, name, "scheme", &scheme) != 0)
        return -1;
    for (int i = 0; i < N_SCHEMES; i++)
        if ((int)schemes[i].scheme == scheme)
            return i;
    PyErr_Format(PyExc_ValueError,
                 "scheme %R has no row in the Python "
                 "binding yet (python/_nninit.c)",
                 name);
    return -1;
}

/* An initializer as a mapping with the keys of docs/model-spec.md
 * ({"scheme": "normal", "std": 0.02}). */
static int desc_from_mapping(PyObject *spec, nninit_desc *d)
{
    if (!PyDict_Check(spec)) {
        PyErr_Format(PyExc_TypeError,
                     "an initializer is a dict with a 'scheme' key, not "
                     "%.100s",
                     Py_TYPE(spec)->tp_name);
        return -1;
    }
    PyObject *name = PyDict_GetItemString(spec, "scheme");
    if (name == NULL) {
        PyErr_SetString(PyExc_ValueError,
                        "an initializer needs a 'scheme' key");
        return -1;
    }
    int si = scheme_index(name);
    if (si < 0)
        return -1;
    const scheme_row *s = &schemes[si];
    desc_start(s, d);
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    unsigned given = 0;
    while (PyDict_Next(spec, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_Format(PyExc_TypeError,
                         "initializer keys are str, not %.100s",
                         Py_TYPE(k)->tp_name);
            return -1;
        }
        if (PyUnicode_CompareWithASCIIString(k, "scheme") == 0)
            continue;
        int kid = -1;
        for (int j = 0; j < KEY_COUNT; j++)
            if (key_matches(k, &keys[j]))
                kid = j;
        if (kid < 0 || !scheme_takes(s, (key_id)kid)) {
            PyErr_Format(PyExc_ValueError, "%s: unknown parameter %R",
                         SCHEME_NAME(s), k);
            return -1;
        }
        if (set_key(d, (key_id)kid, v) != 0)
            return -1;
        given |= 1u << kid;
    }
    for (int j = 0; j < s->required; j++)
        if (!(given & (1u << s->params[j]))) {
            PyErr_Format(PyExc_ValueError, "%s: '%s' is required",
                         SCHEME_NAME(s), keys[s->params[j]].name);
            return -1;
        }
    if (d->fan_layout != NNINIT_LAYOUT_JAX &&
        (d->in_axes.n > 0 || d->out_axes.n > 0 || d->batch_axes.n > 0)) {
        PyErr_Format(PyExc_ValueError,
                     "%s: the axes apply to fan layout 'jax' only",
                     SCHEME_NAME(s));
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------ integers, shapes */

static int get_u64(PyObject *obj, const char *what, uint64_t *out)
{
    PyObject *i = PyNumber_Index(obj);
    if (i == NULL) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    unsigned long long v = PyLong_AsUnsignedLongLong(i);
    Py_DECREF(i);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "%s must be in [0, 2**64 - 1], got %R",
                     what, obj);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

/* A sequence of ints into dims[]; returns ndim or -1. */
static Py_ssize_t get_dims(PyObject *seq, const char *what, int64_t *dims)
{
    PyObject *fast = PySequence_Fast(seq, "");
    if (fast == NULL) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError,
                     "%s must be a sequence of ints, not "
                     "%.100s",
                     what, Py_TYPE(seq)->tp_name);
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n > MAX_NDIM) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: more than %d dimensions", what,
                     MAX_NDIM);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *idx = PyNumber_Index(PySequence_Fast_GET_ITEM(fast, i));
        long long v = idx != NULL ? PyLong_AsLongLong(idx) : -1;
        Py_XDECREF(idx);
        if (idx == NULL || (v == -1 && PyErr_Occurred())) {
            Py_DECREF(fast);
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "%s must be a sequence of ints",
                         what);
            return -1;
        }
        if (v < 0) {
            Py_DECREF(fast);
            PyErr_Format(PyExc_ValueError, "%s: negative dimension %lld", what,
                         v);
            return -1;
        }
        dims[i] = (int64_t)v;
    }
    Py_DECREF(fast);
    return n;
}

/* ------------------------------------------------------------- errors */

static PyObject *raise_status(nninit_status st)
{
    PyObject *type = PyExc_ValueError;
    if (st == NNINIT_ERR_NOMEM)
        type = PyExc_MemoryError;
    else if (st == NNINIT_ERR_IO)
        type = PyExc_OSError;
    PyErr_Format(type, "nninit: %s", nninit_status_str(st));
    return NULL;
}

/* ------------------------------------------------------------- filling */

typedef enum { WHOLE, RANGE, BLOCK } fill_kind;

typedef struct {
    nninit_rng rng;
    nninit_dtype dtype;
    void *out;
    const int64_t *shape;
    size_t ndim;
    const nninit_desc *desc;
    fill_kind kind;
    uint64_t first;       /* RANGE */
    size_t count;         /* RANGE */
    const int64_t *start; /* BLOCK */
    int64_t *extent;
} fill_job;

static nninit_status run_job(const fill_job *j)
{
    switch (j->kind) {
    case RANGE:
        return nninit_init_range(j->rng, j->dtype, j->out, j->shape, j->ndim,
                                 j->desc, j->first, j->count);
    case BLOCK:
        return nninit_init_block(j->rng, j->dtype, j->out, j->shape, j->ndim,
                                 j->start, j->extent, j->desc);
    default:
        return nninit_init(j->rng, j->dtype, j->out, j->shape, j->ndim,
                           j->desc);
    }
}

/* Runs the job, without the GIL when it writes `n` elements or more. */
static int run_job_gil(const fill_job *j, size_t n)
{
    nninit_status st;
    if (n >= GIL_RELEASE_MIN) {
        Py_BEGIN_ALLOW_THREADS st = run_job(j);
        Py_END_ALLOW_THREADS
    } else {
        st = run_job(j);
    }
    if (st != NNINIT_OK) {
        raise_status(st);
        return -1;
    }
    return 0;
}

static size_t prod(const int64_t *d, Py_ssize_t n)
{
    size_t p = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (d[i] != 0 && p > SIZE_MAX / (size_t)d[i])
            return SIZE_MAX;
        p *= (size_t)d[i];
    }
    return p;
}

/* Does a buffer's element type hold dtype? bfloat16 and float16 may come
 * as uint16 bit patterns. */
static int format_matches(const Py_buffer *b, nninit_dtype dtype)
{
    const char *f = b->format != NULL ? b->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (f[0] == '\0' || f[1] != '\0')
        return 0;
    switch (dtype) {
    case NNINIT_F32:
        return f[0] == 'f' && b->itemsize == 4;
    case NNINIT_F64:
        return f[0] == 'd' && b->itemsize == 8;
    case NNINIT_F16:
        return (f[0] == 'e' || f[0] == 'H') && b->itemsize == 2;
    default:
        return f[0] == 'H' && b->itemsize == 2;
    }
}

/* init(spec, out, dtype, shape, seed, stream, offset[, first | start,
 * extent]): fill the buffer `out` (writable, C-contiguous, of dtype) with
 * the whole tensor of `shape`, the flat range [first, first + len(out)),
 * or the block start + extent. */
static PyObject *py_init(PyObject *self, PyObject *const *args,
                         Py_ssize_t nargs)
{
    (void)self;
    if (nargs < 7 || nargs > 9) {
        PyErr_SetString(PyExc_TypeError, "init: wrong number of arguments");
        return NULL;
    }
    nninit_desc desc;
    fill_job j;
    int64_t shape[MAX_NDIM], start[MAX_NDIM], extent[MAX_NDIM];
    int dt;
    memset(&j, 0, sizeof j);
    if (desc_from_mapping(args[0], &desc) != 0 ||
        lookup_name(&dtype_names, args[2], "dtype", &dt) != 0)
        return NULL;
    Py_ssize_t ndim = get_dims(args[3], "shape", shape);
    if (ndim < 0 || get_u64(args[4], "seed", &j.rng.seed) != 0 ||
        get_u64(args[5], "stream", &j.rng.stream) != 0 ||
        get_u64(args[6], "offset", &j.rng.offset) != 0)
        return NULL;
    j.dtype = (nninit_dtype)dt;
    j.shape = shape;
    j.ndim = (size_t)ndim;
    j.desc = &desc;
    size_t want = prod(shape, ndim);
    if (nargs == 8) {
        j.kind = RANGE;
        if (get_u64(args[7], "first", &j.first) != 0)
            return NULL;
    } else if (nargs == 9) {
        j.kind = BLOCK;
        Py_ssize_t ns = get_dims(args[7], "start", start);
        Py_ssize_t ne = ns < 0 ? -1 : get_dims(args[8], "extent", extent);
        if (ne < 0)
            return NULL;
        if (ns != ndim || ne != ndim) {
            PyErr_Format(PyExc_ValueError,
                         "start and extent need %zd entries, as the shape",
                         ndim);
            return NULL;
        }
        j.start = start;
        j.extent = extent;
        want = prod(extent, ne);
    }
    Py_buffer b;
    if (PyObject_GetBuffer(args[1], &b,
                           PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS |
                               PyBUF_FORMAT) != 0) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError,
                     "out must be a writable C-contiguous buffer, not %.100s",
                     Py_TYPE(args[1])->tp_name);
        return NULL;
    }
    size_t n = b.itemsize > 0 ? (size_t)(b.len / b.itemsize) : 0;
    PyObject *ret = NULL;
    static uint64_t dummy; /* a non-NULL pointer for empty buffers */
    if (!format_matches(&b, j.dtype)) {
        PyErr_Format(PyExc_TypeError,
                     "out holds '%s' elements of %zd bytes, not %s",
                     b.format != NULL ? b.format : "B", b.itemsize,
                     PyUnicode_AsUTF8(args[2]));
    } else if (j.kind == RANGE) {
        j.count = n;
        j.out = n > 0 ? b.buf : &dummy;
        if (run_job_gil(&j, n) == 0)
            ret = Py_NewRef(Py_None);
    } else if (n != want) {
        PyErr_Format(PyExc_ValueError, "out has %zu elements, the %s has %zu",
                     n, j.kind == BLOCK ? "block" : "shape", want);
    } else {
        j.out = n > 0 ? b.buf : &dummy;
        if (run_job_gil(&j, n) == 0)
            ret = Py_NewRef(Py_None);
    }
    PyBuffer_Release(&b);
    return ret;
}

/* fill_bits(out, seed, stream, offset): raw Philox words into a uint32
 * buffer. */
static PyObject *py_fill_bits(PyObject *self, PyObject *const *args,
                              Py_ssize_t nargs)
{
    (void)self;
    nninit_rng rng;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError,
                        "fill_bits: wrong number of arguments");
        return NULL;
    }
    if (get_u64(args[1], "seed", &rng.seed) != 0 ||
        get_u64(args[2], "stream", &rng.stream) != 0 ||
        get_u64(args[3], "offset", &rng.offset) != 0)
        return NULL;
    Py_buffer b;
    if (PyObject_GetBuffer(args[0], &b,
                           PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS |
                               PyBUF_FORMAT) != 0)
        return NULL;
    const char *f = b.format != NULL ? b.format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (b.itemsize != 4 || (strcmp(f, "I") != 0 && strcmp(f, "L") != 0)) {
        PyBuffer_Release(&b);
        PyErr_SetString(PyExc_TypeError, "out must hold uint32 elements");
        return NULL;
    }
    size_t n = (size_t)(b.len / 4);
    static uint32_t dummy;
    void *out = n > 0 ? b.buf : &dummy;
    nninit_status st;
    Py_BEGIN_ALLOW_THREADS st = nninit_fill_bits(rng, out, n);
    Py_END_ALLOW_THREADS PyBuffer_Release(&b);
    if (st != NNINIT_OK)
        return raise_status(st);
    Py_RETURN_NONE;
}

/* --------------------------------------------------------- torch tensors */

/* Module state: the torch dtypes (set by nninit.torch on import), the
 * interned attribute names, and the module-level random source. */
static PyObject *torch_dtypes[4]; /* indexed by nninit_dtype */
static PyObject *s_dtype, *s_is_cpu, *s_shape, *s_is_contiguous, *s_data_ptr,
    *s_device;
static uint64_t source_seed, source_next;

static PyObject *py_torch_setup(PyObject *self, PyObject *const *args,
                                Py_ssize_t nargs)
{
    (void)self;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError,
                        "_torch_setup(float32, float64, bfloat16, float16)");
        return NULL;
    }
    for (int i = 0; i < 4; i++)
        Py_XSETREF(torch_dtypes[i], Py_NewRef(args[i]));
    Py_RETURN_NONE;
}

static PyObject *py_manual_seed(PyObject *self, PyObject *arg)
{
    (void)self;
    uint64_t s;
    if (get_u64(arg, "seed", &s) != 0)
        return NULL;
    source_seed = s;
    source_next = 0;
    Py_RETURN_NONE;
}

static PyObject *py_source_state(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("(KK)", (unsigned long long)source_seed,
                         (unsigned long long)source_next);
}

/* The rng of a torch-level call: explicit seed/stream, else the module's
 * source, whose next stream a call without both takes. */
static int call_rng(PyObject *seed, PyObject *stream, nninit_rng *rng)
{
    rng->offset = 0;
    rng->seed = source_seed;
    rng->stream = 0;
    if (seed != Py_None && get_u64(seed, "seed", &rng->seed) != 0)
        return -1;
    if (stream != Py_None)
        return get_u64(stream, "stream", &rng->stream);
    if (seed == Py_None)
        rng->stream = source_next++; /* under the GIL */
    return 0;
}

static PyObject *s_contiguous, *s_data, *s_copy_;

/* Fill a CPU tensor in place as job says (job->out is set here; for a
 * BLOCK the job holds the global shape and start, and the tensor is the
 * block). Returns 0, or -1 with an exception and the tensor untouched. A
 * tensor that is not contiguous gets the values of its logical row-major
 * order: they are made in a contiguous copy and copied in. */
static int fill_tensor(PyObject *t, fill_job *j)
{
    int64_t shape[MAX_NDIM];
    PyObject *o = PyObject_GetAttr(t, s_dtype);
    if (o == NULL) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "expected a torch.Tensor, not %.100s",
                     Py_TYPE(t)->tp_name);
        return -1;
    }
    int dt = -1;
    for (int i = 0; i < 4; i++)
        if (o == torch_dtypes[i])
            dt = i;
    if (dt < 0 &&
        (torch_dtypes[0] == NULL || Py_TYPE(o) != Py_TYPE(torch_dtypes[0]))) {
        PyErr_Format(PyExc_TypeError, "expected a torch.Tensor, not %.100s",
                     Py_TYPE(t)->tp_name);
        Py_DECREF(o);
        return -1;
    }
    if (dt < 0) {
        PyErr_Format(PyExc_TypeError,
                     "nninit fills float32, float64, bfloat16 and float16 "
                     "tensors, not %R",
                     o);
        Py_DECREF(o);
        return -1;
    }
    Py_DECREF(o);
    o = PyObject_GetAttr(t, s_is_cpu);
    if (o == NULL)
        return -1;
    int cpu = o == Py_True;
    Py_DECREF(o);
    if (!cpu) {
        PyObject *dev = PyObject_GetAttr(t, s_device);
        if (dev != NULL) {
            PyErr_Format(PyExc_ValueError,
                         "nninit fills CPU tensors; this one is on %S", dev);
            Py_DECREF(dev);
        }
        return -1;
    }
    o = PyObject_GetAttr(t, s_shape);
    if (o == NULL)
        return -1;
    Py_ssize_t ndim = get_dims(o, "shape", shape);
    Py_DECREF(o);
    if (ndim < 0)
        return -1;
    size_t n = prod(shape, ndim);
    j->dtype = (nninit_dtype)dt;
    if (j->kind == BLOCK) {
        if ((size_t)ndim != j->ndim) {
            PyErr_Format(PyExc_ValueError,
                         "the block has %zd dimensions, the global shape %zu",
                         ndim, j->ndim);
            return -1;
        }
        memcpy(j->extent, shape, (size_t)ndim * sizeof *shape);
    } else {
        j->shape = shape;
        j->ndim = (size_t)ndim;
    }
    if (n == 0) {
        /* torch: a no-op. Still check the parameters (a zero fan is
         * fine here, as in torch's warning-only no-op). */
        static uint64_t dummy;
        j->out = &dummy;
        nninit_status st = run_job(j);
        if (st != NNINIT_OK && st != NNINIT_ERR_FAN && st != NNINIT_ERR_SHAPE) {
            raise_status(st);
            return -1;
        }
        return 0;
    }
    o = PyObject_CallMethodNoArgs(t, s_is_contiguous);
    if (o == NULL)
        return -1;
    int contiguous = o == Py_True;
    Py_DECREF(o);
    if (!contiguous) {
        PyObject *tmp = PyObject_CallMethodNoArgs(t, s_contiguous);
        if (tmp == NULL)
            return -1;
        int r = fill_tensor(tmp, j);
        PyObject *data = r == 0 ? PyObject_GetAttr(t, s_data) : NULL;
        PyObject *done =
            data != NULL ? PyObject_CallMethodOneArg(data, s_copy_, tmp) : NULL;
        Py_XDECREF(data);
        Py_DECREF(tmp);
        Py_XDECREF(done);
        return done != NULL ? 0 : -1;
    }
    o = PyObject_CallMethodNoArgs(t, s_data_ptr);
    if (o == NULL)
        return -1;
    j->out = PyLong_AsVoidPtr(o);
    Py_DECREF(o);
    if (j->out == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "the tensor has no storage");
        return -1;
    }
    return run_job_gil(j, n);
}

/* Fill a whole tensor with (seed, stream) from call_rng. A call that
 * fails gives back the source's stream it took, unless another thread
 * took the next one meanwhile (while the GIL was released), so that a
 * seeded program that catches an error repeats. */
static PyObject *fill_tensor_result(PyObject *t, const nninit_desc *d,
                                    PyObject *seed, PyObject *stream)
{
    fill_job j;
    memset(&j, 0, sizeof j);
    j.desc = d;
    j.kind = WHOLE;
    if (call_rng(seed, stream, &j.rng) != 0)
        return NULL;
    if (fill_tensor(t, &j) != 0) {
        if (seed == Py_None && stream == Py_None &&
            source_next == j.rng.stream + 1)
            source_next = j.rng.stream;
        return NULL;
    }
    return Py_NewRef(t);
}

/* tensor_init(tensor, scheme_index, seed, stream, method, *params): the
 * torch.nn.init-style call, parameters positionally in the order of the
 * scheme's row. Returns the tensor. */
static PyObject *py_tensor_init(PyObject *self, PyObject *const *args,
                                Py_ssize_t nargs)
{
    (void)self;
    if (nargs < 5) {
        PyErr_SetString(PyExc_TypeError, "tensor_init: too few arguments");
        return NULL;
    }
    long si = PyLong_AsLong(args[1]);
    if (si < 0 || si >= N_SCHEMES) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "tensor_init: bad scheme");
        return NULL;
    }
    const scheme_row *s = &schemes[si];
    nninit_desc d;
    desc_start(s, &d);
    Py_ssize_t np = nargs - 5;
    for (Py_ssize_t i = 0; i < np; i++) {
        if (i >= MAX_KEYS || s->params[i] == KEY_END) {
            PyErr_Format(PyExc_TypeError, "%s: too many parameters",
                         SCHEME_NAME(s));
            return NULL;
        }
        if (set_key(&d, s->params[i], args[5 + i]) != 0)
            return NULL;
    }
    if (args[4] != Py_None) {
        if (!s->normal) {
            PyErr_Format(PyExc_TypeError,
                         "%s: method= applies to normal "
                         "sampling only",
                         SCHEME_NAME(s));
            return NULL;
        }
        if (set_key(&d, KEY_METHOD, args[4]) != 0)
            return NULL;
    }
    return fill_tensor_result(args[0], &d, args[2], args[3]);
}

/* tensor_init_spec(tensor, spec, seed, stream): a tensor initialized as a
 * model-spec dict says (init_module). */
static PyObject *py_tensor_init_spec(PyObject *self, PyObject *const *args,
                                     Py_ssize_t nargs)
{
    (void)self;
    nninit_desc d;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "tensor_init_spec: 4 arguments");
        return NULL;
    }
    if (desc_from_mapping(args[1], &d) != 0)
        return NULL;
    return fill_tensor_result(args[0], &d, args[2], args[3]);
}

/* FNV-1a 64 of a str's UTF-8 bytes: the stream `nninit model` gives the
 * tensor of that name (docs/streams.md, "Models"). 0 and an exception if
 * name is not a str. */
static int name_stream(PyObject *name, uint64_t *h)
{
    Py_ssize_t len;
    const char *s =
        PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &len) : NULL;
    if (s == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "a tensor name is a str, not %.100s",
                         Py_TYPE(name)->tp_name);
        return -1;
    }
    *h = 0xcbf29ce484222325u; /* offset basis */
    for (Py_ssize_t i = 0; i < len; i++) {
        *h ^= (unsigned char)s[i];
        *h *= 0x100000001b3u; /* FNV 64 prime */
    }
    return 0;
}

static PyObject *py_stream_of(PyObject *self, PyObject *name)
{
    (void)self;
    uint64_t h;
    if (name_stream(name, &h) != 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(h);
}

/* init_plan(plan, seed): init_module's fills in one call. plan is a list
 * of (name, tensor, spec) tuples; each tensor is initialized as its spec
 * says with (seed, FNV-1a 64 of name). A spec object repeated from the
 * previous row is not parsed again (a recipe's rows share their dicts).
 * Stops at the first error, as a loop of tensor_init_spec calls would. */
static PyObject *py_init_plan(PyObject *self, PyObject *const *args,
                              Py_ssize_t nargs)
{
    (void)self;
    uint64_t seed;
    if (nargs != 2 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "init_plan(list, seed)");
        return NULL;
    }
    if (get_u64(args[1], "seed", &seed) != 0)
        return NULL;
    nninit_desc d;
    PyObject *parsed = NULL; /* the spec d was made from (a reference) */
    int ok = 1;
    for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(args[0]); i++) {
        PyObject *row = Py_NewRef(PyList_GET_ITEM(args[0], i));
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 3) {
            PyErr_SetString(PyExc_TypeError,
                            "init_plan: rows are (name, tensor, spec)");
            ok = 0;
        }
        PyObject *spec = ok ? PyTuple_GET_ITEM(row, 2) : NULL;
        if (ok && spec != parsed) {
            Py_CLEAR(parsed);
            ok = desc_from_mapping(spec, &d) == 0;
            if (ok)
                parsed = Py_NewRef(spec);
        }
        fill_job j;
        memset(&j, 0, sizeof j);
        j.desc = &d;
        j.kind = WHOLE;
        j.rng.seed = seed;
        ok = ok && name_stream(PyTuple_GET_ITEM(row, 0), &j.rng.stream) == 0 &&
             fill_tensor(PyTuple_GET_ITEM(row, 1), &j) == 0;
        Py_DECREF(row);
    }
    Py_XDECREF(parsed);
    if (!ok)
        return NULL;
    Py_RETURN_NONE;
}

/* tensor_block(tensor, spec, global_shape, start, seed, stream): the
 * tensor is the block at start of the tensor of global_shape. */
static PyObject *py_tensor_block(PyObject *self, PyObject *const *args,
                                 Py_ssize_t nargs)
{
    (void)self;
    nninit_desc d;
    fill_job j;
    int64_t shape[MAX_NDIM], start[MAX_NDIM], extent[MAX_NDIM];
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "tensor_block: 6 arguments");
        return NULL;
    }
    memset(&j, 0, sizeof j);
    if (desc_from_mapping(args[1], &d) != 0)
        return NULL;
    Py_ssize_t ndim = get_dims(args[2], "global_shape", shape);
    Py_ssize_t ns = ndim < 0 ? -1 : get_dims(args[3], "start", start);
    if (ns < 0 || get_u64(args[4], "seed", &j.rng.seed) != 0 ||
        get_u64(args[5], "stream", &j.rng.stream) != 0)
        return NULL;
    if (ns != ndim) {
        PyErr_Format(PyExc_ValueError,
                     "start needs %zd entries, as the "
                     "global shape",
                     ndim);
        return NULL;
    }
    j.kind = BLOCK;
    j.desc = &d;
    j.shape = shape;
    j.ndim = (size_t)ndim;
    j.start = start;
    j.extent = extent;
    if (fill_tensor(args[0], &j) != 0)
        return NULL;
    return Py_NewRef(args[0]);
}

/* ------------------------------------------------- gains, fans, names */

static PyObject *py_calculate_gain(PyObject *self, PyObject *const *args,
                                   Py_ssize_t nargs)
{
    (void)self;
    int nl;
    double param = NAN, gain;
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError,
                        "calculate_gain(nonlinearity, param=None)");
        return NULL;
    }
    if (lookup_name(&nonlinearity_names, args[0], "nonlinearity", &nl) != 0)
        return NULL;
    if (nargs == 2 && args[1] != Py_None) {
        if (PyBool_Check(args[1]) || !PyNumber_Check(args[1])) {
            PyErr_Format(PyExc_ValueError,
                         "negative_slope %R not a valid "
                         "number",
                         args[1]);
            return NULL;
        }
        param = PyFloat_AsDouble(args[1]);
        if (param == -1.0 && PyErr_Occurred())
            return NULL;
        if (isnan(param)) {
            PyErr_SetString(PyExc_ValueError, "negative_slope is NaN");
            return NULL;
        }
    }
    nninit_status st =
        nninit_calculate_gain((nninit_nonlinearity)nl, param, &gain);
    if (st != NNINIT_OK)
        return raise_status(st);
    return PyFloat_FromDouble(gain);
}

static PyObject *py_fans(PyObject *self, PyObject *arg)
{
    (void)self;
    int64_t shape[MAX_NDIM], fi, fo;
    Py_ssize_t ndim = get_dims(arg, "shape", shape);
    if (ndim < 0)
        return NULL;
    nninit_status st = nninit_fans(shape, (size_t)ndim, &fi, &fo);
    if (st != NNINIT_OK)
        return raise_status(st);
    return Py_BuildValue("(LL)", (long long)fi, (long long)fo);
}

/* scheme_table(): [(name, params, defaults, required, normal, fans)] from
 * the rows above, so the Python package builds one function per scheme. */
static PyObject *py_scheme_table(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *list = PyList_New(0);
    for (int i = 0; list != NULL && i < N_SCHEMES; i++) {
        const scheme_row *s = &schemes[i];
        nninit_desc d;
        desc_start(s, &d);
        PyObject *params = PyTuple_New(0), *defaults = PyDict_New();
        for (int k = 0;
             params != NULL && defaults != NULL && s->params[k] != KEY_END;
             k++) {
            const key_row *kr = &keys[s->params[k]];
            const char *field = (const char *)&d + kr->offset;
            PyObject *name = PyUnicode_FromString(kr->name), *def = NULL;
            if (kr->kind == KIND_INT64) {
                int64_t x;
                memcpy(&x, field, sizeof x);
                def = PyLong_FromLongLong((long long)x);
            } else if (kr->kind == KIND_AXES) {
                def = Py_NewRef(Py_None); /* no sequence of axes in params */
            } else if (kr->kind == KIND_ENUM) {
                int e;
                memcpy(&e, field, sizeof e);
                const char *n = kr->names->name(e);
                def = n != NULL ? PyUnicode_FromString(n) : Py_NewRef(Py_None);
            } else {
                double x;
                memcpy(&x, field, sizeof x);
                def = PyFloat_FromDouble(x);
            }
            Py_ssize_t len = PyTuple_GET_SIZE(params);
            if (name == NULL || def == NULL ||
                _PyTuple_Resize(&params, len + 1) != 0 ||
                (k >= s->required &&
                 PyDict_SetItem(defaults, name, def) != 0)) {
                Py_XDECREF(name);
                Py_XDECREF(def);
                Py_CLEAR(params);
                break;
            }
            PyTuple_SET_ITEM(params, len, name);
            Py_DECREF(def);
        }
        PyObject *row =
            params != NULL && defaults != NULL
                ? Py_BuildValue("(sOOiOO)", SCHEME_NAME(s), params, defaults,
                                s->required, s->normal ? Py_True : Py_False,
                                s->fans ? Py_True : Py_False)
                : NULL;
        Py_XDECREF(params);
        Py_XDECREF(defaults);
        if (row == NULL || PyList_Append(list, row) != 0)
            Py_CLEAR(list);
        Py_XDECREF(row);
    }
    return list;
}

/* ------------------------------------------------------ ISA and threads */

static int get_isa(PyObject *name, nninit_isa *isa)
{
    if (!PyUnicode_Check(name)) {
        PyErr_Format(PyExc_TypeError, "an ISA name is a str, not %.100s",
                     Py_TYPE(name)->tp_name);
        return -1;
    }
    const char *s = PyUnicode_AsUTF8(name);
    if (s == NULL)
        return -1;
    if (nninit_isa_from_name(s, isa) != NNINIT_OK) {
        PyErr_Format(PyExc_ValueError,
                     "unknown ISA %R (scalar, avx2, avx512, neon or auto)",
                     name);
        return -1;
    }
    return 0;
}

static PyObject *py_isa_active(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(nninit_isa_name(nninit_isa_active()));
}

static PyObject *py_isa_supported(PyObject *self, PyObject *arg)
{
    (void)self;
    nninit_isa isa;
    if (get_isa(arg, &isa) != 0)
        return NULL;
    return PyBool_FromLong(isa == NNINIT_ISA_AUTO || nninit_isa_supported(isa));
}

static PyObject *py_isa_force(PyObject *self, PyObject *arg)
{
    (void)self;
    nninit_isa isa;
    if (get_isa(arg, &isa) != 0)
        return NULL;
    nninit_status st = nninit_isa_force(isa);
    if (st != NNINIT_OK) {
        PyErr_Format(PyExc_ValueError, "nninit: %s: %s", nninit_isa_name(isa),
                     nninit_status_str(st));
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *py_isa_description(PyObject *self, PyObject *arg)
{
    (void)self;
    nninit_isa isa;
    if (get_isa(arg, &isa) != 0)
        return NULL;
    return PyUnicode_FromString(nninit_isa_description(isa));
}

static PyObject *py_isa_names(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *t = PyTuple_New(NNINIT_ISA_COUNT_);
    for (int i = 0; t != NULL && i < NNINIT_ISA_COUNT_; i++) {
        PyObject *s = PyUnicode_FromString(nninit_isa_name((nninit_isa)i));
        if (s == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

static PyObject *py_isa_reason(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(nninit_isa_reason());
}

static PyObject *py_cpu_features(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(nninit_cpu_features());
}

static PyObject *py_set_num_threads(PyObject *self, PyObject *arg)
{
    (void)self;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n > INT32_MAX) {
        PyErr_Format(PyExc_ValueError,
                     "set_num_threads: %ld (>= 1, or 0 for the default)", n);
        return NULL;
    }
    nninit_status st = nninit_set_num_threads((int)n);
    if (st != NNINIT_OK)
        return raise_status(st);
    Py_RETURN_NONE;
}

static PyObject *py_get_num_threads(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyLong_FromLong(nninit_get_num_threads());
}

static PyObject *py_set_nt_threshold(PyObject *self, PyObject *arg)
{
    (void)self;
    uint64_t b;
    if (get_u64(arg, "bytes", &b) != 0)
        return NULL;
    nninit_set_nt_threshold(b > SIZE_MAX ? SIZE_MAX : (size_t)b);
    Py_RETURN_NONE;
}

static PyObject *py_get_nt_threshold(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyLong_FromSize_t(nninit_get_nt_threshold());
}

static PyObject *py_version(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(nninit_version());
}

/* ------------------------------------------------------------- module */

#define FAST(name, doc)                                                        \
    {                                                                          \
#name, (PyCFunction)(void (*)(void))py_##name, METH_FASTCALL, doc      \
    }
#define ONE(name, doc)                                                         \
    {                                                                          \
#name, (PyCFunction)py_##name, METH_O, doc                             \
    }
#define NONE(name, doc)                                                        \
    {                                                                          \
#name, (PyCFunction)py_##name, METH_NOARGS, doc                        \
    }

static PyMethodDef methods[] = {
    FAST(init, "init(spec, out, dtype, shape, seed, stream, offset[, first | "
               "start, extent])"),
    FAST(fill_bits, "fill_bits(out, seed, stream, offset)"),
    FAST(tensor_init,
         "tensor_init(tensor, scheme_index, seed, stream, method, *params)"),
    FAST(tensor_init_spec, "tensor_init_spec(tensor, spec, seed, stream)"),
    FAST(init_plan, "init_plan([(name, tensor, spec)], seed)"),
    ONE(stream_of, "stream_of(name) -> FNV-1a 64 of its UTF-8 bytes"),
    FAST(tensor_block,
         "tensor_block(tensor, spec, global_shape, start, seed, stream)"),
    FAST(torch_setup, "torch_setup(float32, float64, bfloat16, float16)"),
    ONE(manual_seed, "manual_seed(seed): restart the module-level source"),
    NONE(source_state, "source_state() -> (seed, next stream)"),
    FAST(calculate_gain, "calculate_gain(nonlinearity, param=None)"),
    ONE(fans, "fans(shape) -> (fan_in, fan_out)"),
    NONE(scheme_table, "scheme_table() -> [(name, params, defaults, "
                       "required, normal, fans)]"),
    NONE(isa_active, "the ISA path fills use now"),
    ONE(isa_supported, "isa_supported(name) -> bool"),
    ONE(isa_force, "isa_force(name): pin a path ('auto': the best)"),
    ONE(isa_description, "isa_description(name) -> str"),
    NONE(isa_names, "every ISA name nninit knows"),
    NONE(isa_reason, "why the active path was chosen"),
    NONE(cpu_features, "the CPU features detection found"),
    ONE(set_num_threads, "set_num_threads(n): 0 restores the default"),
    NONE(get_num_threads, "get_num_threads() -> int"),
    ONE(set_nt_threshold, "set_nt_threshold(bytes)"),
    NONE(get_nt_threshold, "get_nt_threshold() -> int"),
    NONE(version, "the C library's version"),
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT,
                                    "_nninit",
                                    "The C binding of nninit (use the nninit "
                                    "package).",
                                    -1,
                                    methods,
                                    NULL,
                                    NULL,
                                    NULL,
                                    NULL};

PyMODINIT_FUNC PyInit__nninit(void)
{
    s_dtype = PyUnicode_InternFromString("dtype");
    s_is_cpu = PyUnicode_InternFromString("is_cpu");
    s_shape = PyUnicode_InternFromString("shape");
    s_is_contiguous = PyUnicode_InternFromString("is_contiguous");
    s_data_ptr = PyUnicode_InternFromString("data_ptr");
    s_device = PyUnicode_InternFromString("device");
    s_contiguous = PyUnicode_InternFromString("contiguous");
    s_data = PyUnicode_InternFromString("data");
    s_copy_ = PyUnicode_InternFromString("copy_");
    if (s_contiguous == NULL || s_data == NULL || s_copy_ == NULL ||
        s_dtype == NULL || s_is_cpu == NULL || s_shape == NULL ||
        s_is_contiguous == NULL || s_data_ptr == NULL || s_device == NULL)
        return NULL;
    return PyModule_Create(&module);
}
