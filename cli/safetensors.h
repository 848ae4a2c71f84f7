/*
 * Writing .safetensors files (https://github.com/huggingface/safetensors,
 * "Format"): an 8-byte little-endian unsigned header length N, N bytes of
 * UTF-8 JSON, then the tensor data.
 *
 *   {"__metadata__": {"format": "pt", ...string values only...},
 *    "NAME": {"dtype": "F32", "shape": [d0, d1], "data_offsets": [b, e]},
 *    ...}
 *
 * The JSON is padded with spaces so that N is a multiple of 8 (the data
 * then starts 8-byte aligned, as the reference serializer does). Offsets
 * are relative to the start of the data; the tensors are stored in the
 * order given, contiguous, row-major and little-endian, so the first begins
 * at 0 and the last ends at the data's length, as the reference loader
 * demands.
 *
 * The file goes through atomic_file: nothing appears under the final name
 * until st_commit succeeds.
 */
#ifndef NNINIT_CLI_SAFETENSORS_H
#define NNINIT_CLI_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "atomic_file.h"
#include "nninit.h"

/* "F32", "F64", "BF16", "F16"; NULL for another value. */
const char *st_dtype_name(nninit_dtype dtype);

typedef struct st_tensor {
    const char *name; /* valid UTF-8, not "__metadata__", unique */
    nninit_dtype dtype;
    const int64_t *shape;
    size_t ndim;
} st_tensor;

typedef struct st_meta {
    const char *key;
    const char *value;
} st_meta;

/* The header (length prefix, JSON, padding) for these tensors, in a
 * malloc'd buffer; *data_bytes is the length of the data that follows.
 * Returns NULL if out of memory or if a byte count overflows 64 bits. */
unsigned char *st_header(const st_tensor *tensors, size_t n,
                         const st_meta *meta, size_t n_meta, size_t *len,
                         uint64_t *data_bytes);

typedef struct st_writer {
    atomic_file file;
    uint64_t expected; /* data bytes the header announces */
    uint64_t written;  /* data bytes written so far */
} st_writer;

/* The largest header the reference implementation reads
 * (safetensors' MAX_HEADER_SIZE). */
#define ST_HEADER_MAX 100000000

/* Creates the temporary, reserves the whole file's space (so that a full
 * disk is found before the work starts, where the file system can tell)
 * and writes the header. Prints one error line and leaves nothing on
 * failure: -2 if the header would exceed ST_HEADER_MAX (a property of the
 * tensors, not of the disk), -1 otherwise. */
int st_open(st_writer *w, const char *path, const st_tensor *tensors, size_t n,
            const st_meta *meta, size_t n_meta);

/* Appends n elements of elem_size bytes, converting them to little-endian
 * in place first (a no-op on little-endian hosts). */
int st_write(st_writer *w, void *data, size_t n, size_t elem_size);

/* Checks that exactly the announced bytes were written, then syncs and
 * puts the file in place (atomic_file.h). On failure the temporary is
 * removed. */
int st_commit(st_writer *w);

/* Removes the temporary. */
void st_abort(st_writer *w);

#endif /* NNINIT_CLI_SAFETENSORS_H */
