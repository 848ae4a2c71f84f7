/*
 * Writing .npy files (format 1.0) atomically.
 *
 * The header is byte for byte what numpy.save writes for the same C-order
 * array (numpy/lib/format.py: the dict repr with sorted keys, the spare
 * space numpy leaves for growing the first axis, then spaces and a '\n' so
 * that the data starts at a multiple of 64 bytes).
 *
 * The file is written through atomic_file.h: a regular file is replaced
 * atomically (an unnamed temporary in the same directory, linked in when
 * complete), so readers see the old file or the complete new one, never a
 * part, and any failure or signal leaves nothing; "-", a device or a FIFO
 * is written in place.
 */
#ifndef NNINIT_CLI_NPY_H
#define NNINIT_CLI_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "atomic_file.h"

/* Largest header npy_header produces (CLI_MAX_DIMS dimensions of 19
 * digits fit with room to spare). */
#define NPY_HEADER_MAX 1024

/* Builds the header (magic, version, length, dict, padding) for a C-order
 * array of the given little-endian descr ("<f4", "<f8", "<u2"). Returns the
 * length, a multiple of 64, or 0 if it does not fit in NPY_HEADER_MAX. */
size_t npy_header(unsigned char *buf, const char *descr, const int64_t *dims,
                  size_t ndim);

typedef struct npy_file {
    atomic_file file;
    size_t elem_size;
} npy_file;

/* Creates the temporary next to path and writes the header. On failure
 * prints one error line, leaves nothing behind and returns -1. */
int npy_open(npy_file *f, const char *path, const char *descr, size_t elem_size,
             const int64_t *dims, size_t ndim);

/* Appends n elements of elem_size bytes. The data is converted to
 * little-endian in place on a big-endian host (so it is clobbered there).
 * On failure prints one error line and returns -1 (call npy_abort). */
int npy_write(npy_file *f, void *data, size_t n);

/* Syncs and closes the file and puts it in place. On failure prints
 * one error line, removes the temporary and returns -1. */
int npy_commit(npy_file *f);

/* Closes and removes the temporary. Safe after a failed npy_commit. */
void npy_abort(npy_file *f);

#endif /* NNINIT_CLI_NPY_H */
