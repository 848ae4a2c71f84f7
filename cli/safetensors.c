/* .safetensors writing (see safetensors.h). */
#include "safetensors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "jsonw.h"

const char *st_dtype_name(nninit_dtype dtype)
{
    switch (dtype) {
    case NNINIT_F32:
        return "F32";
    case NNINIT_F64:
        return "F64";
    case NNINIT_BF16:
        return "BF16";
    case NNINIT_F16:
        return "F16";
    default:
        return NULL;
    }
}

/* Bytes of a tensor, or -1 if they overflow 64 bits. */
static int tensor_bytes(const st_tensor *t, uint64_t *bytes)
{
    uint64_t b = nninit_dtype_size(t->dtype);
    size_t k;
    if (b == 0)
        return -1;
    for (k = 0; k < t->ndim; k++) {
        uint64_t d;
        if (t->shape[k] < 0)
            return -1;
        d = (uint64_t)t->shape[k];
        if (d == 0) {
            b = 0;
            continue; /* an empty tensor; later dims may still be huge */
        }
        if (b > UINT64_MAX / d)
            return -1;
        b *= d;
    }
    *bytes = b;
    return 0;
}

unsigned char *st_header(const st_tensor *tensors, size_t n,
                         const st_meta *meta, size_t n_meta, size_t *len,
                         uint64_t *data_bytes)
{
    jsonw w = {0};
    uint64_t offset = 0;
    size_t i, k, json_len, padded;
    unsigned char *out;

    jw_raw(&w, "{\"__metadata__\":{");
    for (i = 0; i < n_meta; i++) {
        if (i > 0)
            jw_raw(&w, ",");
        jw_string(&w, meta[i].key);
        jw_raw(&w, ":");
        jw_string(&w, meta[i].value);
    }
    jw_raw(&w, "}");
    for (i = 0; i < n; i++) {
        const st_tensor *t = &tensors[i];
        uint64_t bytes;
        if (tensor_bytes(t, &bytes) != 0 || bytes > UINT64_MAX - offset ||
            st_dtype_name(t->dtype) == NULL) {
            jw_free(&w);
            return NULL;
        }
        jw_raw(&w, ",");
        jw_string(&w, t->name);
        jw_printf(&w, ":{\"dtype\":\"%s\",\"shape\":[",
                  st_dtype_name(t->dtype));
        for (k = 0; k < t->ndim; k++)
            jw_printf(&w, "%s%lld", k > 0 ? "," : "", (long long)t->shape[k]);
        jw_printf(&w, "],\"data_offsets\":[%llu,%llu]}",
                  (unsigned long long)offset,
                  (unsigned long long)(offset + bytes));
        offset += bytes;
    }
    jw_raw(&w, "}");
    if (w.failed) {
        jw_free(&w);
        return NULL;
    }
    json_len = w.len;
    padded = (json_len + 7) & ~(size_t)7;
    out = malloc(8 + padded);
    if (out == NULL) {
        jw_free(&w);
        return NULL;
    }
    for (k = 0; k < 8; k++)
        out[k] = (unsigned char)((uint64_t)padded >> (8 * k));
    memcpy(out + 8, w.buf, json_len);
    memset(out + 8 + json_len, ' ', padded - json_len);
    jw_free(&w);
    *len = 8 + padded;
    *data_bytes = offset;
    return out;
}

int st_open(st_writer *w, const char *path, const st_tensor *tensors, size_t n,
            const st_meta *meta, size_t n_meta)
{
    size_t hlen;
    unsigned char *header;

    w->written = 0;
    header = st_header(tensors, n, meta, n_meta, &hlen, &w->expected);
    if (header == NULL) {
        cli_error("cannot build the safetensors header (out of memory, or "
                  "more than 2^64 bytes)");
        return -1;
    }
    if (hlen - 8 > ST_HEADER_MAX) {
        cli_error("the safetensors header would have %zu bytes; readers "
                  "refuse more than %d (shorter or fewer tensor names)",
                  hlen - 8, ST_HEADER_MAX);
        free(header);
        return -2;
    }
    if (atomic_open(&w->file, path) != 0) {
        free(header);
        return -1;
    }
    /* Past 2^64 bytes the sum saturates: the reservation refuses any size
     * past 2^63 - 1, which no file can have. */
    if (atomic_reserve(&w->file, w->expected > UINT64_MAX - hlen
                                     ? UINT64_MAX
                                     : hlen + w->expected) != 0 ||
        atomic_write(&w->file, header, hlen) != 0) {
        free(header);
        atomic_abort(&w->file);
        return -1;
    }
    free(header);
    return 0;
}

int st_write(st_writer *w, void *data, size_t n, size_t elem_size)
{
    size_t bytes = n * elem_size;
    to_little_endian(data, n, elem_size);
    if (atomic_write(&w->file, data, bytes) != 0)
        return -1;
    w->written += bytes;
    return 0;
}

int st_commit(st_writer *w)
{
    if (w->written != w->expected) {
        cli_error("internal error: wrote %llu data bytes to '%s', the "
                  "header announces %llu",
                  (unsigned long long)w->written, w->file.path,
                  (unsigned long long)w->expected);
        atomic_abort(&w->file);
        return -1;
    }
    return atomic_commit(&w->file);
}

void st_abort(st_writer *w)
{
    atomic_abort(&w->file);
}
