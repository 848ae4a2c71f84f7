/* Outputs that never destroy what they point at: an unnamed or named
 * temporary put in place atomically, or a stream (see atomic_file.h). */
#if !defined(_GNU_SOURCE) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"

/* ------------------------------------------------ temporary and signals */

/* The temporary to remove if a signal ends the process mid-write. The
 * handler may run on any thread (the library's workers included); it only
 * unlinks, which is async-signal-safe, then dies of the same signal.
 *
 * While a named temporary is being created the main thread blocks the
 * signals, but a worker thread may still take one after the file exists
 * and before its name is published: g_creating tells the handler to wait
 * for the name (the creating thread, which cannot be the handler's, only
 * has a system call left to make). Lock-free atomics are safe in a
 * handler. */
static _Atomic(char *) g_signal_tmp;
static atomic_int g_creating;

static void on_signal(int sig)
{
    char *tmp;
    while (atomic_load(&g_creating))
        ;
    tmp = atomic_load(&g_signal_tmp);
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

/* Publishes (or withdraws, with NULL) the named temporary the signal
 * handler removes. */
static void set_signal_tmp(char *tmp)
{
    atomic_store(&g_signal_tmp, tmp);
}

/* Brackets the creation of a named temporary: the cleanup signals are
 * blocked on this thread and a handler on any other waits, until
 * end_create publishes the name (NULL: nothing was created). */
static void begin_create(sigset_t *old)
{
    block_signals(old);
    atomic_store(&g_creating, 1);
}

static void end_create(char *tmp, const sigset_t *old)
{
    if (tmp != NULL)
        set_signal_tmp(tmp);
    atomic_store(&g_creating, 0);
    sigprocmask(SIG_SETMASK, old, NULL);
}

static void release(atomic_file *f)
{
    set_signal_tmp(NULL);
    free(f->tmp);
    free(f->dest);
    free(f->path);
    f->tmp = f->dest = f->path = NULL;
    f->fd = -1;
    f->own_fd = 0;
}

void atomic_abort(atomic_file *f)
{
    if (f->fd >= 0 && f->own_fd)
        close(f->fd); /* an unnamed file vanishes with its last descriptor */
    if (f->tmp != NULL)
        unlink(f->tmp);
    release(f);
}

/* ------------------------------------------------------------- names */

static char *dup_string(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = malloc(len);
    if (d != NULL)
        memcpy(d, s, len);
    return d;
}

/* The directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len;
    char *dir;
    if (slash == NULL)
        return dup_string(".");
    len = slash == path ? 1 : (size_t)(slash - path);
    dir = malloc(len + 1);
    if (dir != NULL) {
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    return dir;
}

/* Follows path while it is a symbolic link (40 at most, the kernel's own
 * limit) and returns the name at the end, which may not exist yet. A
 * relative link is read against the directory of the link. NULL with errno
 * set on failure (ELOOP for a cycle). */
static char *resolve_links(const char *path)
{
    char *cur = dup_string(path);
    int hops;
    for (hops = 0; cur != NULL; hops++) {
        struct stat st;
        char *target, *next;
        size_t cap;
        ssize_t k;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur; /* a missing name is created where it is */
        if (hops == 40) {
            free(cur);
            errno = ELOOP;
            return NULL;
        }
        /* st_size is the target's length (0 for some /proc links); a
         * result that fills the buffer may have been cut. */
        cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
        target = malloc(cap);
        k = target != NULL ? readlink(cur, target, cap) : -1;
        if (k < 0 || (size_t)k >= cap) {
            if (k >= 0)
                errno = ENAMETOOLONG;
            free(target);
            free(cur);
            return NULL;
        }
        target[k] = '\0';
        if (target[0] == '/' || strchr(cur, '/') == NULL) {
            next = target;
        } else {
            char *dir = dir_of(cur);
            size_t dl = dir != NULL ? strlen(dir) : 0;
            next = dir != NULL ? malloc(dl + 1 + (size_t)k + 1) : NULL;
            if (next != NULL) {
                memcpy(next, dir, dl);
                next[dl] = '/';
                memcpy(next + dl + 1, target, (size_t)k + 1);
            }
            free(dir);
            free(target);
        }
        free(cur);
        cur = next;
    }
    errno = ENOMEM;
    return NULL;
}

/* "DIR/.nninit-XXXXXXXX" with a fresh suffix: short whatever the output's
 * name is (a 255-byte name plus a suffix would not fit NAME_MAX). */
static char *temp_name(const char *dir)
{
    static unsigned counter;
    struct timespec ts;
    uint64_t x;
    size_t dl = strlen(dir);
    char *t = malloc(dl + 32);
    if (t == NULL)
        return NULL;
    clock_gettime(CLOCK_REALTIME, &ts);
    x = (uint64_t)getpid() * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_nsec ^
        ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)++counter * 0xBF58476D1CE4E5B9u;
    x ^= x >> 31;
    snprintf(t, dl + 32, "%s/.nninit-%08x", dir, (unsigned)(x & 0xffffffffu));
    return t;
}

/* ------------------------------------------------------------ opening */

/* Whether st is our own standard output (/dev/stdout and its kin): it is
 * written through descriptor 1 whatever it is, a regular file included, so
 * that `-o /dev/stdout >> log` appends instead of replacing the log (and
 * reopening, which fails for a socket, is never needed). */
static int is_our_stdout(const struct stat *st)
{
    struct stat out;
    return fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st->st_dev &&
           out.st_ino == st->st_ino;
}

static int open_stream(atomic_file *f, const char *path, const struct stat *st)
{
    if (path == NULL || is_our_stdout(st)) {
        f->fd = STDOUT_FILENO; /* "-", or a name of it */
        return 0;
    }
    if (S_ISDIR(st->st_mode)) {
        cli_error("cannot write '%s': %s", path, strerror(EISDIR));
        return -1;
    }
    f->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (f->fd < 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    f->own_fd = 1;
    return 0;
}

/* The named fallback: mkstemp's file, with the mode a new file gets. */
static int open_named(atomic_file *f, const char *dir)
{
    sigset_t old;
    mode_t mask;
    int err;
    size_t dl = strlen(dir);

    f->tmp = malloc(dl + sizeof "/.nninit-XXXXXX");
    if (f->tmp == NULL) {
        cli_error("out of memory");
        return -1;
    }
    memcpy(f->tmp, dir, dl);
    memcpy(f->tmp + dl, "/.nninit-XXXXXX", sizeof "/.nninit-XXXXXX");
    begin_create(&old);
    f->fd = mkstemp(f->tmp);
    err = errno;
    end_create(f->fd >= 0 ? f->tmp : NULL, &old);
    if (f->fd < 0) {
        cli_error("cannot create a temporary file for '%s': %s", f->path,
                  strerror(err));
        free(f->tmp);
        f->tmp = NULL; /* mkstemp created nothing */
        return -1;
    }
    f->own_fd = 1;
    mask = umask(0);
    umask(mask);
    if (fchmod(f->fd, (mode_t)0666 & ~mask) != 0) {
        cli_error("cannot write '%s': %s", f->tmp, strerror(errno));
        return -1;
    }
    f->kind = ATOMIC_NAMED;
    return 0;
}

int atomic_open(atomic_file *f, const char *path)
{
    int is_stdout = strcmp(path, "-") == 0;
    struct stat st;
    char *dir;

    memset(f, 0, sizeof *f);
    f->fd = -1;
    f->path = dup_string(is_stdout ? "standard output" : path);
    if (f->path == NULL) {
        cli_error("out of memory");
        return -1;
    }
    if (is_stdout || (stat(path, &st) == 0 &&
                      (!S_ISREG(st.st_mode) || is_our_stdout(&st)))) {
        f->kind = ATOMIC_STREAM;
        if (open_stream(f, is_stdout ? NULL : path, &st) != 0) {
            atomic_abort(f);
            return -1;
        }
        return 0;
    }

    f->dest = resolve_links(path);
    if (f->dest == NULL) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        atomic_abort(f);
        return -1;
    }
    /* An unnamed file gets its name only at the end: a name no directory
     * can hold is refused now, before the work. */
    if (strlen(strrchr(f->dest, '/') != NULL ? strrchr(f->dest, '/') + 1
                                             : f->dest) > NAME_MAX) {
        cli_error("cannot write '%s': %s", path, strerror(ENAMETOOLONG));
        atomic_abort(f);
        return -1;
    }
    dir = dir_of(f->dest);
    if (dir == NULL) {
        cli_error("out of memory");
        atomic_abort(f);
        return -1;
    }
    install_signal_cleanup();
#ifdef O_TMPFILE
    f->kind = ATOMIC_UNNAMED;
    f->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (f->fd >= 0) {
        f->own_fd = 1;
        free(dir);
        return 0;
    }
    /* The file system (or the kernel) has no unnamed files. */
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        free(dir);
        atomic_abort(f);
        return -1;
    }
#endif
    if (open_named(f, dir) != 0) {
        free(dir);
        atomic_abort(f);
        return -1;
    }
    free(dir);
    return 0;
}

int atomic_reserve(atomic_file *f, uint64_t size)
{
    if (f->kind == ATOMIC_STREAM || size == 0)
        return 0;
    if (size > (uint64_t)INT64_MAX) {
        cli_error("cannot write '%s': %s (%llu bytes needed; no file can "
                  "pass 2^63 - 1)",
                  f->path, strerror(EFBIG), (unsigned long long)size);
        return -1;
    }
#if defined(__linux__) && defined(_GNU_SOURCE)
    while (fallocate(f->fd, 0, 0, (off_t)size) != 0) {
        if (errno == EINTR)
            continue;
        if (errno == ENOSPC || errno == EDQUOT || errno == EFBIG) {
            cli_error("cannot write '%s': %s (%llu bytes needed)", f->path,
                      strerror(errno), (unsigned long long)size);
            return -1;
        }
        break; /* not supported here: the writes will tell */
    }
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
            cli_error("cannot write '%s': %s", f->path, strerror(errno));
            return -1;
        }
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

/* Makes the new name itself durable; a failure here loses nothing we can
 * still report, so it is ignored. */
static void sync_parent_dir(const char *path)
{
    char *dir = dir_of(path);
    int fd;
    if (dir == NULL)
        return;
    fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

#ifdef O_TMPFILE
/* Gives the unnamed file fd the name `name` (which must not exist):
 * through /proc/self/fd, which needs no privilege, else AT_EMPTY_PATH,
 * which needs CAP_DAC_READ_SEARCH. */
static int link_fd(int fd, const char *name)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != ENOENT || access("/proc/self/fd", F_OK) == 0)
        return -1;
    return linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH);
}

/* Names the complete unnamed file: linked straight in when the name is
 * free; over an existing file, linked to a fresh temporary name and renamed
 * over it (linkat never replaces), so the swap is still one atomic rename.
 * Only between that link and the rename does a name exist that a SIGKILL
 * could strand; the other signals remove it. */
static int link_unnamed(atomic_file *f)
{
    char *dir;
    int tries;
    if (link_fd(f->fd, f->dest) == 0)
        return 0;
    if (errno != EEXIST) {
        cli_error("cannot create '%s': %s", f->path, strerror(errno));
        return -1;
    }
    dir = dir_of(f->dest);
    for (tries = 0; dir != NULL && tries < 100; tries++) {
        char *t = temp_name(dir);
        sigset_t old;
        int r, err;
        if (t == NULL)
            break;
        begin_create(&old);
        r = link_fd(f->fd, t);
        err = errno;
        end_create(r == 0 ? t : NULL, &old);
        if (r != 0 && err == EEXIST) {
            free(t);
            continue;
        }
        if (r != 0) {
            cli_error("cannot create a temporary name for '%s': %s", f->path,
                      strerror(err));
            free(t);
            free(dir);
            return -1;
        }
        f->tmp = t;
        free(dir);
        if (rename(f->tmp, f->dest) != 0) {
            cli_error("cannot replace '%s': %s", f->path, strerror(errno));
            return -1;
        }
        set_signal_tmp(NULL);
        free(f->tmp);
        f->tmp = NULL;
        return 0;
    }
    free(dir);
    cli_error("cannot create a temporary name for '%s'", f->path);
    return -1;
}
#endif

int atomic_commit(atomic_file *f)
{
    if (f->kind == ATOMIC_STREAM) {
        int r = 0;
        if (f->own_fd && close(f->fd) != 0) {
            cli_error("cannot write '%s': %s", f->path, strerror(errno));
            r = -1;
        }
        f->own_fd = 0;
        release(f);
        return r;
    }
    /* EINVAL: the file system cannot sync this file; nothing to wait for. */
    if (fsync(f->fd) != 0 && errno != EINVAL) {
        cli_error("cannot write '%s': %s", f->path, strerror(errno));
        atomic_abort(f);
        return -1;
    }
#ifdef O_TMPFILE
    if (f->kind == ATOMIC_UNNAMED && link_unnamed(f) != 0) {
        atomic_abort(f);
        return -1;
    }
#endif
    /* An unnamed file is in place already, synced: closing it cannot lose
     * data any more. */
    if (close(f->fd) != 0 && f->kind == ATOMIC_NAMED) {
        f->fd = -1;
        cli_error("cannot write '%s': %s", f->path, strerror(errno));
        atomic_abort(f);
        return -1;
    }
    f->fd = -1;
    if (f->kind == ATOMIC_NAMED && rename(f->tmp, f->dest) != 0) {
        cli_error("cannot rename the temporary file to '%s': %s", f->path,
                  strerror(errno));
        atomic_abort(f);
        return -1;
    }
    sync_parent_dir(f->dest);
    set_signal_tmp(NULL);
    free(f->tmp); /* the temporary is the target now: do not remove it */
    f->tmp = NULL;
    release(f);
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
