/* Atomic file writing: temporary, fsync, rename (see atomic_file.h). */
#if !defined(_GNU_SOURCE) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"

/* ------------------------------------------------ temporary and signals */

/* The temporary to remove if a signal ends the process mid-write. The
 * handler may run on any thread (the library's workers included); it only
 * unlinks, which is async-signal-safe, then dies of the same signal. */
static char *volatile g_signal_tmp;

static void on_signal(int sig)
{
    char *tmp = g_signal_tmp;
    if (tmp != NULL)
        unlink(tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

static void install_signal_cleanup(void)
{
    static int installed;
    size_t i;

    if (installed)
        return;
    installed = 1;
    /* Past a file-size limit (ulimit -f) write and fallocate then fail
     * with EFBIG, which is reported and cleaned up, instead of the signal
     * killing the process with the temporary left behind. */
    signal(SIGXFSZ, SIG_IGN);
    for (i = 0; i < N_CLEANUP_SIGNALS; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* Leave a signal the caller chose to ignore (nohup) ignored. */
        if (sigaction(cleanup_signals[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

/* Blocks the cleanup signals on this thread while g_signal_tmp changes, so
 * that the handler never sees a half-made name. */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    size_t i;
    sigemptyset(&set);
    for (i = 0; i < N_CLEANUP_SIGNALS; i++)
        sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void release(atomic_file *f)
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

void atomic_abort(atomic_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->tmp != NULL)
        unlink(f->tmp);
    release(f);
}

int atomic_open(atomic_file *f, const char *path)
{
    static const char suffix[] = ".tmpXXXXXX";
    size_t plen = strlen(path);
    sigset_t old;
    mode_t mask;
    int err;

    f->path = malloc(plen + 1);
    f->tmp = malloc(plen + sizeof suffix);
    f->fd = -1;
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
    if (fchmod(f->fd, (mode_t)0666 & ~mask) != 0) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        atomic_abort(f);
        return -1;
    }
    return 0;
}

int atomic_reserve(atomic_file *f, uint64_t size)
{
#if defined(__linux__) && defined(_GNU_SOURCE)
    if (size == 0 || size > (uint64_t)INT64_MAX)
        return 0;
    while (fallocate(f->fd, 0, 0, (off_t)size) != 0) {
        if (errno == EINTR)
            continue;
        if (errno == ENOSPC || errno == EDQUOT || errno == EFBIG) {
            cli_error("cannot write '%s': %s (%llu bytes needed)", f->tmp,
                      strerror(errno), (unsigned long long)size);
            return -1;
        }
        break; /* not supported here: the writes will tell */
    }
#else
    (void)f;
    (void)size;
#endif
    return 0;
}

int atomic_write(atomic_file *f, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        /* Some kernels cap one write near 2 GiB; keep each call modest. */
        size_t part = len < ((size_t)1 << 30) ? len : ((size_t)1 << 30);
        ssize_t k = write(f->fd, p, part);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
            return -1;
        }
        p += k;
        len -= (size_t)k;
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

int atomic_commit(atomic_file *f)
{
    /* EINVAL: the file system cannot sync this file; nothing to wait for. */
    if (fsync(f->fd) != 0 && errno != EINVAL) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        atomic_abort(f);
        return -1;
    }
    if (close(f->fd) != 0) {
        f->fd = -1;
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        atomic_abort(f);
        return -1;
    }
    f->fd = -1;
    if (rename(f->tmp, f->path) != 0) {
        cli_error("cannot rename the temporary file to '%s': %s", f->path,
                  strerror(errno));
        atomic_abort(f);
        return -1;
    }
    sync_parent_dir(f->path);
    release(f); /* the temporary is the target now: do not remove it */
    return 0;
}

static int host_is_big_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 0;
}

void to_little_endian(void *data, size_t n, size_t size)
{
    unsigned char *p = data;
    size_t i, j;
    if (!host_is_big_endian())
        return;
    for (i = 0; i < n; i++, p += size)
        for (j = 0; j < size / 2; j++) {
            unsigned char t = p[j];
            p[j] = p[size - 1 - j];
            p[size - 1 - j] = t;
        }
}
