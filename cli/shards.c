/* Hugging Face's sharded checkpoint layout (see shards.h). */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "shards.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "atomic_file.h"
#include "jsonw.h"

const char *shard_parse_size(const char *text, uint64_t *bytes)
{
    static const struct {
        const char *suffix;
        uint64_t unit;
    } units[] = {
        {"KB", 1000ULL},          {"MB", 1000000ULL},  {"GB", 1000000000ULL},
        {"TB", 1000000000000ULL}, {"KiB", 1ULL << 10}, {"MiB", 1ULL << 20},
        {"GiB", 1ULL << 30},      {"TiB", 1ULL << 40}, {"B", 1ULL},
    };
    char digits[32];
    size_t len = 0, i;
    uint64_t v, unit = 1;
    const char *why;

    while (text[len] >= '0' && text[len] <= '9')
        len++;
    if (len == 0 || len >= sizeof digits)
        return "expected a whole number of bytes with an optional unit "
               "(KB, MB, GB, TB, KiB, MiB, GiB, TiB)";
    if (text[len] != '\0') {
        for (i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strcmp(text + len, units[i].suffix) == 0)
                break;
        if (i == sizeof units / sizeof units[0])
            return "unknown unit (expected KB, MB, GB, TB, KiB, MiB, GiB, "
                   "TiB)";
        unit = units[i].unit;
    }
    memcpy(digits, text, len);
    digits[len] = '\0';
    why = cli_parse_u64(digits, &v);
    if (why != NULL)
        return why;
    if (v == 0)
        return "the size must be > 0";
    if (v > UINT64_MAX / unit)
        return "larger than 2^64 - 1 bytes";
    *bytes = v * unit;
    return NULL;
}

const char *shard_parse_of(const char *text, unsigned *k, unsigned *n)
{
    char *end;
    unsigned long a, b;

    if (text[0] < '0' || text[0] > '9')
        return "expected K/N, e.g. 0/4 (K from 0 to N - 1)";
    errno = 0;
    a = strtoul(text, &end, 10);
    if (*end != '/' || end[1] < '0' || end[1] > '9')
        return "expected K/N, e.g. 0/4 (K from 0 to N - 1)";
    b = strtoul(end + 1, &end, 10);
    if (*end != '\0' || errno != 0)
        return "expected K/N, e.g. 0/4 (K from 0 to N - 1)";
    if (b == 0 || b > 65536)
        return "N must be in [1, 65536]";
    if (a >= b)
        return "K must be in [0, N - 1]";
    *k = (unsigned)a;
    *n = (unsigned)b;
    return NULL;
}

size_t shard_assign(const uint64_t *bytes, size_t n, uint64_t max,
                    size_t *first)
{
    size_t count = 0, i;
    uint64_t size = 0;

    first[0] = 0;
    for (i = 0; i < n; i++) {
        /* Start a new shard when this tensor does not fit in a non-empty
         * one (as transformers' split_torch_state_dict_into_shards). */
        if (i > first[count] && bytes[i] > max - size) {
            first[++count] = i;
            size = 0;
        }
        size = bytes[i] > max - size ? max : size + bytes[i];
    }
    first[++count] = n;
    return count;
}

char *shard_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p == NULL)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

char *shard_path(const char *dir, size_t j, size_t count,
                 const char **file_part)
{
    char name[64];
    char *p;
    snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", j + 1,
             count);
    p = shard_join(dir, name);
    if (p != NULL && file_part != NULL)
        *file_part = p + strlen(dir) + 1;
    return p;
}

int shard_make_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create the directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        cli_error("'%s' is not a directory", dir);
        return -1;
    }
    return 0;
}

/* Whether name is "model-JJJJJ-of-MMMMM.safetensors" (five digits each);
 * *of is MMMMM. */
static int shard_name_count(const char *name, size_t *of)
{
    static const char pattern[] = "model-#####-of-#####.safetensors";
    size_t i, v = 0;
    if (strlen(name) != sizeof pattern - 1)
        return 0;
    for (i = 0; pattern[i] != '\0'; i++) {
        if (pattern[i] == '#' ? name[i] < '0' || name[i] > '9'
                              : name[i] != pattern[i])
            return 0;
        if (pattern[i] == '#' && i > 14)
            v = v * 10 + (size_t)(name[i] - '0');
    }
    *of = v;
    return 1;
}

int shard_remove_stale(const char *dir, size_t count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int r = 0;

    if (d == NULL) {
        cli_error("cannot read the directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    while (r == 0 && (e = readdir(d)) != NULL) {
        size_t of;
        char *path;
        if (!shard_name_count(e->d_name, &of) || of == count)
            continue;
        path = shard_join(dir, e->d_name);
        if (path == NULL || (unlink(path) != 0 && errno != ENOENT)) {
            cli_error("cannot remove the stale shard '%s': %s",
                      path != NULL ? path : e->d_name,
                      path != NULL ? strerror(errno) : "out of memory");
            r = -1;
        }
        free(path);
    }
    closedir(d);
    return r;
}

int shard_is_valid(const char *path, const unsigned char *header, size_t hlen,
                   uint64_t data_bytes)
{
    struct stat st;
    unsigned char buf[4096];
    size_t done = 0;
    int ok = 1;
    FILE *f;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size != (uint64_t)hlen + data_bytes)
        return 0;
    f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    while (ok && done < hlen) {
        size_t want = hlen - done < sizeof buf ? hlen - done : sizeof buf;
        ok = fread(buf, 1, want, f) == want &&
             memcmp(buf, header + done, want) == 0;
        done += want;
    }
    fclose(f);
    return ok;
}

int shard_write_small(const char *dir, const char *name, const void *data,
                      size_t len)
{
    atomic_file f;
    char *path = shard_join(dir, name);
    int r;

    if (path == NULL) {
        cli_error("out of memory");
        return -1;
    }
    r = atomic_open(&f, path);
    free(path);
    if (r != 0)
        return -1;
    if (atomic_write(&f, data, len) != 0) {
        atomic_abort(&f);
        return -1;
    }
    return atomic_commit(&f);
}

static const char *const *g_sort_names;

static int by_name(const void *a, const void *b)
{
    /* strcmp orders UTF-8 by code point, as Python's sort_keys does. */
    return strcmp(g_sort_names[*(const size_t *)a],
                  g_sort_names[*(const size_t *)b]);
}

char *shard_index_json(const char *const *names, const size_t *shard_of,
                       size_t n, size_t count, uint64_t total_size)
{
    jsonw w = {0};
    size_t *order = malloc((n > 0 ? n : 1) * sizeof *order), i;

    if (order == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        order[i] = i;
    g_sort_names = names;
    qsort(order, n, sizeof *order, by_name);
    jw_printf(&w,
              "{\n  \"metadata\": {\n    \"total_size\": %llu\n  },\n"
              "  \"weight_map\": {",
              (unsigned long long)total_size);
    for (i = 0; i < n; i++) {
        jw_raw(&w, i > 0 ? ",\n    " : "\n    ");
        jw_string(&w, names[order[i]]);
        jw_printf(&w, ": \"model-%05zu-of-%05zu.safetensors\"",
                  shard_of[order[i]] + 1, count);
    }
    jw_raw(&w, n > 0 ? "\n  }\n}\n" : "}\n}\n");
    free(order);
    if (w.failed) {
        jw_free(&w);
        return NULL;
    }
    return w.buf;
}

int shard_spec_hash(const model_spec *s, uint64_t *hash)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int r;

    if (f == NULL)
        return -1;
    r = spec_print(f, s);
    if (fclose(f) != 0)
        r = -1;
    if (r == 0)
        *hash = spec_name_stream(text);
    free(text);
    return r;
}
