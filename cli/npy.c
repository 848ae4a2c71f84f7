/* .npy writing through a temporary file and a rename (see npy.h). */
#if !defined(_GNU_SOURCE) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif

#include "npy.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"

/* numpy/lib/format.py */
#define NPY_MAGIC_LEN 8      /* "\x93NUMPY" + major + minor */
#define NPY_ARRAY_ALIGN 64   /* ARRAY_ALIGN */
#define NPY_GROWTH_DIGITS 21 /* GROWTH_AXIS_MAX_DIGITS */

size_t npy_header(unsigned char *buf, const char *descr, const int64_t *dims,
                  size_t ndim)
{
    char dict[NPY_HEADER_MAX];
    char shape[NPY_HEADER_MAX];
    size_t dlen, hlen, total, pad;
    int k;

    if (cli_shape_repr(shape, sizeof shape, dims, ndim) == 0)
        return 0;
    /* repr() of the dict numpy builds, keys sorted. */
    k = snprintf(dict, sizeof dict,
                 "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                 descr, shape);
    if (k < 0 || (size_t)k >= sizeof dict)
        return 0;
    dlen = (size_t)k;
    /* numpy >= 1.23 leaves room for the first axis to grow to 21 digits, so
     * that appending rows can rewrite the header in place. */
    if (ndim > 0) {
        char d0[32];
        int n0 = snprintf(d0, sizeof d0, "%lld", (long long)dims[0]);
        if (n0 > 0 && n0 < NPY_GROWTH_DIGITS) {
            size_t spaces = (size_t)(NPY_GROWTH_DIGITS - n0);
            if (dlen + spaces >= sizeof dict)
                return 0;
            memset(dict + dlen, ' ', spaces);
            dlen += spaces;
        }
    }
    /* _wrap_header: pad with spaces, end with '\n', so that magic, the
     * 2-byte length and the header end on a multiple of 64. numpy adds
     * between 1 and 64 spaces (a full 64 when already aligned). */
    hlen = dlen + 1;
    pad = NPY_ARRAY_ALIGN - (NPY_MAGIC_LEN + 2 + hlen) % NPY_ARRAY_ALIGN;
    total = NPY_MAGIC_LEN + 2 + hlen + pad;
    if (total > NPY_HEADER_MAX || hlen + pad > 0xffff)
        return 0;
    memcpy(buf, "\x93NUMPY\x01\x00", NPY_MAGIC_LEN);
    buf[8] = (unsigned char)((hlen + pad) & 0xff);
    buf[9] = (unsigned char)((hlen + pad) >> 8);
    memcpy(buf + 10, dict, dlen);
    memset(buf + 10 + dlen, ' ', pad);
    buf[total - 1] = '\n';
    return total;
}

/* ------------------------------------------------ temporary and signals */

/* The temporary to remove if a signal ends the process mid-write. */
static char *volatile g_signal_tmp;

static void on_signal(int sig)
{
    char *tmp = g_signal_tmp;
    if (tmp != NULL)
        unlink(tmp); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signal_cleanup(void)
{
    static int installed;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    size_t i;

    if (installed)
        return;
    installed = 1;
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* Leave a signal the caller chose to ignore (nohup) ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, old);
}

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        /* Some kernels cap one write near 2 GiB; keep each call modest. */
        size_t part = len < ((size_t)1 << 30) ? len : ((size_t)1 << 30);
        ssize_t k = write(fd, p, part);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

static void release(npy_file *f)
{
    sigset_t old;
    block_signals(&old);
    g_signal_tmp = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(f->tmp);
    free(f->path);
    f->tmp = NULL;
    f->path = NULL;
    f->fd = -1;
}

void npy_abort(npy_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp != NULL)
        unlink(f->tmp);
    release(f);
}

int npy_open(npy_file *f, const char *path, const char *descr, size_t elem_size,
             const int64_t *dims, size_t ndim)
{
    static const char suffix[] = ".tmpXXXXXX";
    unsigned char header[NPY_HEADER_MAX];
    size_t hlen, plen = strlen(path);
    sigset_t old;
    mode_t mask;
    int err;

    f->path = NULL;
    f->tmp = NULL;
    f->fd = -1;
    f->elem_size = elem_size;

    hlen = npy_header(header, descr, dims, ndim);
    if (hlen == 0) {
        cli_error("cannot build the .npy header for this shape");
        return -1;
    }
    f->path = malloc(plen + 1);
    f->tmp = malloc(plen + sizeof suffix);
    if (f->path == NULL || f->tmp == NULL) {
        cli_error("out of memory");
        free(f->path);
        free(f->tmp);
        f->path = f->tmp = NULL;
        return -1;
    }
    memcpy(f->path, path, plen + 1);
    memcpy(f->tmp, path, plen);
    memcpy(f->tmp + plen, suffix, sizeof suffix);

    install_signal_cleanup();
    block_signals(&old);
    f->fd = mkstemp(f->tmp);
    err = errno;
    if (f->fd >= 0)
        g_signal_tmp = f->tmp;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (f->fd < 0) {
        cli_error("cannot create a temporary file for '%s': %s", path,
                  strerror(err));
        free(f->tmp);
        f->tmp = NULL; /* mkstemp created nothing */
        release(f);
        return -1;
    }
    /* mkstemp makes the file 0600; give it the mode any new file gets. */
    mask = umask(0);
    umask(mask);
    if (fchmod(f->fd, (mode_t)0666 & ~mask) != 0 ||
        write_all(f->fd, header, hlen) != 0) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        npy_abort(f);
        return -1;
    }
    return 0;
}

static int host_is_big_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 0;
}

static void to_little_endian(void *data, size_t n, size_t size)
{
    unsigned char *p = data;
    size_t i, j;
    for (i = 0; i < n; i++, p += size)
        for (j = 0; j < size / 2; j++) {
            unsigned char t = p[j];
            p[j] = p[size - 1 - j];
            p[size - 1 - j] = t;
        }
}

int npy_write(npy_file *f, void *data, size_t n)
{
    if (host_is_big_endian())
        to_little_endian(data, n, f->elem_size);
    if (write_all(f->fd, data, n * f->elem_size) != 0) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

/* Makes the rename itself durable; a failure here loses nothing we can
 * still report, so it is ignored. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd;

    if (slash == NULL) {
        dir = NULL;
    } else {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        dir = malloc(len + 1);
        if (dir == NULL)
            return;
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    fd = open(dir != NULL ? dir : ".", O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

int npy_commit(npy_file *f)
{
    /* EINVAL: the file system cannot sync this file; nothing to wait for. */
    if (fsync(f->fd) != 0 && errno != EINVAL) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        npy_abort(f);
        return -1;
    }
    if (close(f->fd) != 0) {
        f->fd = -1;
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        npy_abort(f);
        return -1;
    }
    f->fd = -1;
    if (rename(f->tmp, f->path) != 0) {
        cli_error("cannot rename the temporary file to '%s': %s", f->path,
                  strerror(errno));
        npy_abort(f);
        return -1;
    }
    sync_parent_dir(f->path);
    release(f); /* the temporary is the target now: do not remove it */
    return 0;
}
