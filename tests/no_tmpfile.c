/*
 * LD_PRELOAD shim for tests/fault_test.py: open() with O_TMPFILE fails
 * with EOPNOTSUPP, as on a file system without unnamed files (vfat, older
 * NFS), so that the tool's named-temporary fallback runs on any machine.
 * Every other open goes to the C library's.
 */
/* Both open and open64 are defined here: neither may be an alias. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

typedef int (*open_fn)(const char *, int, ...);

static int shim_open(const char *sym, const char *path, int flags, va_list ap)
{
    void *addr = dlsym(RTLD_NEXT, sym);
    open_fn real = NULL;
    mode_t mode = 0;
    /* POSIX lets dlsym's object pointer hold a function; ISO C does not
     * convert between them, memcpy does. */
    if (addr != NULL)
        memcpy(&real, &addr, sizeof real);
    if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE)
        mode = (mode_t)va_arg(ap, int);
    if ((flags & O_TMPFILE) == O_TMPFILE) {
        errno = EOPNOTSUPP;
        return -1;
    }
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real(path, flags, mode);
}

/* open and open64, the same but for the name of the real one. */
#define SHIM(name)                                                             \
    int name(const char *path, int flags, ...)                                 \
    {                                                                          \
        va_list ap;                                                            \
        int r;                                                                 \
        va_start(ap, flags);                                                   \
        r = shim_open(#name, path, flags, ap);                                 \
        va_end(ap);                                                            \
        return r;                                                              \
    }

SHIM(open)
SHIM(open64)
