/*
 * The names of the enum values: one table per enum, shared by the tool,
 * the model-spec reader and the Python layer. The first spelling of a value
 * is its canonical name (torch's and Keras's, with '_'); lookups take '-'
 * for '_' so that command lines may use either.
 */
#include <stddef.h>

#include "nninit.h"

typedef struct nn_name {
    const char *name;
    int value;
} nn_name;

static const nn_name dtype_names[] = {{"f32", NNINIT_F32},
                                      {"f64", NNINIT_F64},
                                      {"bf16", NNINIT_BF16},
                                      {"f16", NNINIT_F16},
                                      {NULL, 0}};

static const nn_name method_names[] = {{"ziggurat", NNINIT_ZIGGURAT},
                                       {"box_muller", NNINIT_BOX_MULLER},
                                       {"icdf", NNINIT_ICDF},
                                       {NULL, 0}};

static const nn_name fan_mode_names[] = {{"fan_in", NNINIT_FAN_IN},
                                         {"fan_out", NNINIT_FAN_OUT},
                                         {"fan_avg", NNINIT_FAN_AVG},
                                         {NULL, 0}};

static const nn_name nonlinearity_names[] = {
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

static const nn_name vs_distribution_names[] = {
    {"truncated_normal", NNINIT_VS_TRUNCATED_NORMAL},
    {"normal", NNINIT_VS_NORMAL},
    {"untruncated_normal", NNINIT_VS_NORMAL},
    {"uniform", NNINIT_VS_UNIFORM},
    {NULL, 0}};

static const nn_name scheme_names[] = {
    {"constant", NNINIT_SCHEME_CONSTANT},
    {"uniform", NNINIT_SCHEME_UNIFORM},
    {"normal", NNINIT_SCHEME_NORMAL},
    {"trunc_normal", NNINIT_SCHEME_TRUNC_NORMAL},
    {"xavier_uniform", NNINIT_SCHEME_XAVIER_UNIFORM},
    {"xavier_normal", NNINIT_SCHEME_XAVIER_NORMAL},
    {"kaiming_uniform", NNINIT_SCHEME_KAIMING_UNIFORM},
    {"kaiming_normal", NNINIT_SCHEME_KAIMING_NORMAL},
    {"lecun_normal", NNINIT_SCHEME_LECUN_NORMAL},
    {"variance_scaling", NNINIT_SCHEME_VARIANCE_SCALING},
    {"zeros", NNINIT_SCHEME_ZEROS},
    {"ones", NNINIT_SCHEME_ONES},
    {NULL, 0}};

static int same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a == '-' ? '_' : *a;
        char y = *b == '-' ? '_' : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static const char *name_of(const nn_name *t, int value)
{
    for (; t->name != NULL; t++)
        if (t->value == value)
            return t->name;
    return NULL;
}

static nninit_status value_of(const nn_name *t, const char *name, int *value)
{
    if (name == NULL || value == NULL)
        return NNINIT_ERR_NULL;
    for (; t->name != NULL; t++)
        if (same_name(t->name, name)) {
            *value = t->value;
            return NNINIT_OK;
        }
    return NNINIT_ERR_ENUM;
}

/* Each enum's pair of functions; the enum is written only on success. */
#define NN_NAMES(type, fn, table)                                              \
    const char *nninit_##fn##_name(type v)                                     \
    {                                                                          \
        return name_of(table, (int)v);                                         \
    }                                                                          \
    nninit_status nninit_##fn##_from_name(const char *name, type *out)         \
    {                                                                          \
        int v = 0;                                                             \
        nninit_status st =                                                     \
            out == NULL ? NNINIT_ERR_NULL : value_of(table, name, &v);         \
        if (st == NNINIT_OK)                                                   \
            *out = (type)v;                                                    \
        return st;                                                             \
    }

NN_NAMES(nninit_dtype, dtype, dtype_names)
NN_NAMES(nninit_method, method, method_names)
NN_NAMES(nninit_fan_mode, fan_mode, fan_mode_names)
NN_NAMES(nninit_nonlinearity, nonlinearity, nonlinearity_names)
NN_NAMES(nninit_vs_distribution, vs_distribution, vs_distribution_names)
NN_NAMES(nninit_scheme, scheme, scheme_names)
