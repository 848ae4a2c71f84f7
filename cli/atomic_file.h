/*
 * Writing an output without ever destroying what its name points at.
 *
 * A regular file, or a name that does not exist yet, is replaced
 * atomically: on Linux the data goes to an unnamed file (O_TMPFILE) in the
 * target's directory, linked in under the name only when complete, so
 * nothing is visible before and nothing is left after any kill, SIGKILL
 * included. Where the file system refuses O_TMPFILE, a named temporary
 * ".nninit-XXXXXX" in the same directory is written and renamed (a
 * SIGKILL can leave that one behind; SIGINT, SIGTERM and SIGHUP remove
 * it). Readers see the old file or the complete new one, never a part.
 *
 * A symbolic link to a regular file (or to a name that does not exist)
 * keeps the link: its final target is what gets replaced.
 *
 * Anything else -- "-" (standard output), a character or block device, a
 * FIFO, a socket, or a symbolic link to one (/dev/stdout), and any name of
 * our own standard output even when that is a regular file ("-o
 * /dev/stdout >> log" appends) -- is written in place, streaming, and
 * never removed or replaced. A failure there (e.g.
 * ENOSPC from /dev/full) is reported like any other; what was already
 * written to a stream cannot be taken back.
 *
 * Every function that can fail prints one "nninit: error: ..." line naming
 * the file and the reason (strerror) and returns -1; the caller only picks
 * the exit status.
 */
#ifndef NNINIT_CLI_ATOMIC_FILE_H
#define NNINIT_CLI_ATOMIC_FILE_H

#include <stddef.h>
#include <stdint.h>

typedef enum atomic_kind {
    ATOMIC_UNNAMED, /* O_TMPFILE, linked in at commit */
    ATOMIC_NAMED,   /* a named temporary, renamed at commit */
    ATOMIC_STREAM   /* written in place: stdout, a device, a FIFO */
} atomic_kind;

typedef struct atomic_file {
    char *path; /* the name given (for messages) */
    char *dest; /* the name replaced at commit: path with symlinks resolved */
    char *tmp;  /* a named temporary that exists now, else NULL */
    int fd;
    int own_fd; /* close fd when done (not standard output's) */
    atomic_kind kind;
} atomic_file;

/* Opens path for writing as described above ("-": standard output). A new
 * file gets the mode any new file gets (0666 & ~umask). Nothing is left
 * behind on failure. */
int atomic_open(atomic_file *f, const char *path);

/* Reserves size bytes of disk for the file, where the file system supports
 * it (fallocate), so that a full disk shows before the work starts. Fails
 * when the space is not there (ENOSPC, EDQUOT, EFBIG), and with EFBIG for
 * a size no file can have (past 2^63 - 1 bytes); the temporary stays until
 * atomic_abort. A stream reserves nothing. */
int atomic_reserve(atomic_file *f, uint64_t size);

/* Appends len bytes (any length: split into modest write calls). On failure
 * the temporary stays until atomic_abort. */
int atomic_write(atomic_file *f, const void *data, size_t len);

/* Syncs and closes the file and puts it in place under its name (a stream
 * is only closed). On failure the temporary is removed (no atomic_abort
 * needed, though it is harmless). */
int atomic_commit(atomic_file *f);

/* Closes and discards the temporary (a stream is closed, nothing more).
 * Safe to call twice and after a failed atomic_open or atomic_commit. */
void atomic_abort(atomic_file *f);

/* Converts n elements of size bytes each to little-endian in place (a no-op
 * on little-endian hosts). */
void to_little_endian(void *data, size_t n, size_t size);

#endif /* NNINIT_CLI_ATOMIC_FILE_H */
