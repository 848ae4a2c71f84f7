/*
 * Writing a file atomically: create a temporary "PATH.tmpXXXXXX" in the
 * same directory, write, fsync, rename it over PATH (then fsync the
 * directory). Readers see the old file or the complete new one, never a
 * part. On any failure, and on SIGINT, SIGTERM or SIGHUP while a temporary
 * exists, the temporary is removed.
 *
 * Every function that can fail prints one "nninit: error: ..." line naming
 * the file and the reason (strerror) and returns -1; the caller only picks
 * the exit status.
 */
#ifndef NNINIT_CLI_ATOMIC_FILE_H
#define NNINIT_CLI_ATOMIC_FILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct atomic_file {
    char *path; /* the final name */
    char *tmp;  /* the temporary, NULL once renamed or removed */
    int fd;
} atomic_file;

/* Creates the temporary next to path, with the mode a new file gets
 * (0666 & ~umask). Nothing is left behind on failure. */
int atomic_open(atomic_file *f, const char *path);

/* Reserves size bytes of disk for the file, where the file system supports
 * it (fallocate), so that a full disk shows before the work starts. Fails
 * only when the space is not there (ENOSPC, EDQUOT, EFBIG); the temporary
 * stays until atomic_abort. */
int atomic_reserve(atomic_file *f, uint64_t size);

/* Appends len bytes (any length: split into modest write calls). On failure
 * the temporary stays until atomic_abort. */
int atomic_write(atomic_file *f, const void *data, size_t len);

/* Syncs, closes and renames the temporary over the path. On failure the
 * temporary is removed (no atomic_abort needed, though it is harmless). */
int atomic_commit(atomic_file *f);

/* Closes and removes the temporary. Safe to call twice and after a failed
 * atomic_open or atomic_commit. */
void atomic_abort(atomic_file *f);

/* Converts n elements of size bytes each to little-endian in place (a no-op
 * on little-endian hosts). */
void to_little_endian(void *data, size_t n, size_t size);

#endif /* NNINIT_CLI_ATOMIC_FILE_H */
