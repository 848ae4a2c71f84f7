/*
 * nninit model [SPEC.json] [-o FILE.safetensors] [options]
 *
 * Initializes every tensor of a model spec (docs/model-spec.md; without a
 * spec the built-in GPT-2 small) and writes one .safetensors file. Each
 * tensor is the nninit_init of its shape and initializer with
 * rng = (seed, FNV-1a 64 of its name, offset 0), so a tensor's bytes do not
 * depend on the other tensors, their order, the dtype of the others, the
 * thread count or the CPU path.
 *
 * Memory stays bounded whatever the model's size: each tensor is generated
 * in chunks of CHUNK_BYTES (nninit_init_range gives exactly the values of
 * the whole tensor's fill) into two reused buffers, and a writer thread
 * writes one while the other is generated.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "model.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "gpt2.h"
#include "hf.h"
#include "nninit.h"
#include "opt.h"
#include "ranks.h"
#include "safetensors.h"
#include "shards.h"
#include "spec.h"

/* Bytes generated per library call and write: 1 Mi float32 elements. A
 * chunk is split over the library's threads; two buffers of this size
 * (one being generated, one being written) are the tool's only large
 * allocation. Small enough that both stay in the last-level cache, so the
 * kernel's copy into the page cache reads what was just generated from
 * cache: on the 2-CPU development VM (32 MiB L3) 4 MiB chunks wrote GPT-2
 * small about twice as fast as 16 or 32 MiB ones, and 1-2 MiB no faster. */
#define CHUNK_BYTES ((size_t)4 << 20)

/* Progress bar redraws per second, at most. */
#define BAR_HZ 10.0

/* ------------------------------------------------------------ options */

typedef struct model_opts {
    const char *spec_path; /* NULL: built-in GPT-2 small */
    const char *output;
    nninit_dtype dtype;
    uint64_t seed;
    int threads;
    nninit_isa isa;
    int print_spec;
    int quiet;
    int verbose;
    /* Hugging Face configs and sharded checkpoints (issue 12). */
    const char *hf_config; /* NULL: none */
    uint64_t max_shard;    /* 0: one file */
    unsigned shard_of[2];  /* K, N; N = 0: not given */
    int resume;
    int mpi;
} model_opts;

static const char *parse_threads(const char *val, void *to)
{
    return cli_parse_count(val, 4096, (int *)to);
}

#define OPT(field) offsetof(model_opts, field)

/* `nninit model`'s options: a new one is a field of model_opts and a row. */
static const cli_opt model_opts_table[] = {
    {"output", 'o', "FILE", CLI_PATH, OPT(output), NULL, NULL, 0, 0, 0, NULL,
     "the .safetensors file to write, replaced atomically; '-' (standard "
     "output), a device or a FIFO is written in place, never replaced "
     "[default: model.safetensors]"},
    {"dtype", 0, "DTYPE", CLI_ENUM, OPT(dtype), &cli_dtypes, NULL, 0, 0, 0,
     NULL,
     "for the tensors whose spec gives no dtype (overrides the spec's "
     "\"dtype\") [default: the spec's, else f32]"},
    {"seed", 0, "S", CLI_U64, OPT(seed), NULL, NULL, 0, 0, 0, NULL,
     "64-bit seed, decimal or 0x hex (overrides the spec's \"seed\") "
     "[default: the spec's, else 0]"},
    {"threads", 0, "N", CLI_CUSTOM, OPT(threads), NULL, parse_threads, 0, 0, 0,
     NULL,
     "threads that generate (0: NNINIT_NUM_THREADS, else the CPUs "
     "available); the values never depend on it [default: 0]"},
    {"isa", 0, "ISA", CLI_ENUM, OPT(isa), &cli_isas, NULL, 0, 0, 0, NULL,
     "the kernel path; the values never depend on it [default: auto, or "
     "$NNINIT_ISA]"},
    {"print-spec", 0, NULL, CLI_FLAG, OPT(print_spec), NULL, NULL, 0, 0, 0,
     NULL,
     "print the spec (after --seed and --dtype) as JSON on stdout and exit; "
     "writes no file"},
    {"quiet", 'q', NULL, CLI_FLAG, OPT(quiet), NULL, NULL, 0, 0, 0, NULL,
     "print nothing but errors"},
    {"verbose", 'v', NULL, CLI_FLAG, OPT(verbose), NULL, NULL, 0, 0, 0, NULL,
     "also print the path, threads, time split and peak memory"},
    {"help", 'h', NULL, CLI_FLAG, 0, NULL, NULL, CLI_HELP, 0, 0, NULL,
     "show this help and exit"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const char *parse_shard_size(const char *val, void *to)
{
    return shard_parse_size(val, (uint64_t *)to);
}

static const char *parse_shard_of(const char *val, void *to)
{
    unsigned *kn = to;
    return shard_parse_of(val, &kn[0], &kn[1]);
}

/* Hugging Face configs and the sharded layout (docs/model-spec.md). */
static const cli_opt model_hf_table[] = {
    {"hf-config", 0, "FILE", CLI_PATH, OPT(hf_config), NULL, NULL, 0, 0, 0,
     NULL,
     "derive the spec from a Hugging Face config.json (model_type gpt2, "
     "llama, mistral, qwen2 or bert): save_pretrained's names, "
     "_init_weights' initializers; instead of SPEC"},
    {"max-shard-size", 0, "SIZE", CLI_CUSTOM, OPT(max_shard), NULL,
     parse_shard_size, 0, 0, 0, NULL,
     "write Hugging Face's sharded layout into the directory -o: shards of "
     "at most SIZE (5GB, 500MB, 2GiB; a larger tensor gets its own), the "
     "index last, and a copy of --hf-config"},
    {"resume", 0, NULL, CLI_FLAG, OPT(resume), NULL, NULL, 0, 0, 0, NULL,
     "keep the shards that are complete and valid for this spec and seed; "
     "write the rest"},
    {"shard-of", 0, "K/N", CLI_CUSTOM, OPT(shard_of), NULL, parse_shard_of, 0,
     0, 0, NULL,
     "write only the shards j with j mod N = K (K from 0); the process that "
     "completes the set writes the index"},
    {"mpi", 0, NULL, CLI_FLAG, OPT(mpi), NULL, NULL, 0, 0, 0, NULL,
     "take K and N from MPI's rank and size (nninit-mpi only); a rank that "
     "fails stops all, and no index is written"},
    {NULL, 0, NULL, CLI_FLAG, 0, NULL, NULL, 0, 0, 0, NULL, NULL},
};

static const cli_group model_groups[] = {
    {"Options:", model_opts_table},
    {"Hugging Face models and sharded checkpoints:", model_hf_table},
    {NULL, NULL}};

/* clang-format off */
const cli_cmd cli_model_cmd = {
    "model",
    "Usage: nninit model [SPEC.json] [options]\n"
    "\n"
    "Initialize every tensor of a model and write them to one .safetensors\n"
    "file. SPEC.json lists the tensors: name, shape, optional dtype, and an\n"
    "initializer with its parameters (see docs/model-spec.md). Without it, the\n"
    "built-in GPT-2 small (124,439,808 parameters, Hugging Face GPT2Model\n"
    "names, N(0, 0.02) weights, residual projections N(0, 0.02/sqrt(24)),\n"
    "biases 0, layer-norm weights 1) is initialized.\n"
    "\n"
    "Each tensor uses the stream FNV-1a 64 of its name, so adding, removing or\n"
    "reordering tensors leaves the others' values unchanged. The file is\n"
    "written in bounded memory to an unnamed temporary next to it, linked in\n"
    "only when complete. A spec may have at most 256 MiB.\n",
    model_groups, "SPEC", OPT(spec_path),
    "\n"
    "Output: on a terminal a progress bar, otherwise one summary line, on\n"
    "stderr. Exit status: 0 success; 1 the file could not be written (the\n"
    "temporary is removed), or out of memory; 2 a bad argument or spec\n"
    "(nothing is written).\n"
    "\n"
    "Examples:\n"
    "  nninit model                               # GPT-2 small, f32, seed 0\n"
    "  nninit model --dtype bf16 --seed 7 -o gpt2-bf16.safetensors\n"
    "  nninit model --print-spec > my-model.json  # a spec to edit\n"
    "  nninit model my-model.json -o my-model.safetensors\n"
    "  nninit model --hf-config config.json --max-shard-size 5GB -o ckpt/\n"
    "  mpirun -np 4 nninit-mpi model --hf-config config.json \\\n"
    "      --max-shard-size 5GB --mpi -o ckpt/\n"};
/* clang-format on */

/* ------------------------------------------------------------ progress */

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress {
    int bar; /* drawing a bar on a terminal */
    double t0, last_draw;
    uint64_t total_bytes, done_bytes, done_params;
} progress;

/* Whether a bar is on the screen now (for the error hook). */
static int g_bar_drawn;

static void clear_bar(void)
{
    if (g_bar_drawn) {
        fputs("\r\033[K", stderr);
        g_bar_drawn = 0;
    }
}

static void draw_bar(progress *p, double t)
{
    enum { WIDTH = 24 };
    char bar[WIDTH + 1];
    double frac = p->total_bytes > 0
                      ? (double)p->done_bytes / (double)p->total_bytes
                      : 1.0;
    double secs = t - p->t0 > 1e-9 ? t - p->t0 : 1e-9;
    int fill = (int)(frac * WIDTH), i;

    for (i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[WIDTH] = '\0';
    fprintf(stderr,
            "\r\033[Knninit: [%s] %3d%%  %.0f/%.0f MB  %.0f MB/s  "
            "%.0f Mparam/s",
            bar, (int)(frac * 100.0), (double)p->done_bytes / 1e6,
            (double)p->total_bytes / 1e6, (double)p->done_bytes / 1e6 / secs,
            (double)p->done_params / 1e6 / secs);
    fflush(stderr);
    g_bar_drawn = 1;
    p->last_draw = t;
}

static void progress_step(progress *p, uint64_t bytes, uint64_t params)
{
    double t;
    p->done_bytes += bytes;
    p->done_params += params;
    if (!p->bar)
        return;
    t = now_seconds();
    if (t - p->last_draw >= 1.0 / BAR_HZ)
        draw_bar(p, t);
}

/* ---------------------------------------------------------- the model */

static int builtin_spec(model_spec *s)
{
    spec_init(s);
    if (hf_gpt2_spec(s, &gpt2_small) != 0) { /* only out of memory */
        spec_free(s);
        return SPEC_NO_RESOURCE;
    }
    return 0;
}

/* The spec name of a tensor's initializer, for messages. */
static const char *scheme_of(const spec_tensor *t)
{
    return nninit_scheme_name(t->desc.scheme);
}

static int lib_exit(nninit_status st)
{
    return st == NNINIT_ERR_NOMEM || st == NNINIT_ERR_IO ? CLI_EXIT_IO
                                                         : CLI_EXIT_USAGE;
}

/* Everything about the run that is known before the file is opened. */
typedef struct plan {
    st_tensor *st;
    nninit_dtype *dtypes;
    size_t *numel;
    uint64_t params, bytes;
    size_t max_bytes;
    int mixed_dtypes;
    /* The two chunk buffers, allocated once for every file of the run (a
     * sharded run reallocating them per shard grew the heap). */
    void *buf[2];
} plan;

static void plan_free(plan *p)
{
    free(p->st);
    free(p->dtypes);
    free(p->numel);
    free(p->buf[0]);
    free(p->buf[1]);
}

/* The chunk buffers: CHUNK_BYTES each, or the largest tensor if smaller. */
static int alloc_chunks(plan *p)
{
    size_t bytes = p->max_bytes < CHUNK_BYTES ? p->max_bytes : CHUNK_BYTES;
    bytes = bytes > 64 ? (bytes + 63) & ~(size_t)63 : 64;
    p->buf[0] = aligned_alloc(64, bytes);
    p->buf[1] = aligned_alloc(64, bytes);
    if (p->buf[0] == NULL || p->buf[1] == NULL) {
        cli_error("out of memory (2 x %zu bytes for the chunk buffers)", bytes);
        plan_free(p);
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}

/* Resolves every tensor's dtype and checks it with the library (a
 * zero-length range runs all of nninit_init's checks), so that a bad
 * tensor is reported before any file exists. */
static int make_plan(const model_spec *s, const model_opts *o, int has_dtype,
                     uint64_t seed, plan *p)
{
    nninit_dtype def = has_dtype ? o->dtype : s->dtype;
    unsigned char probe[8];
    size_t i;

    memset(p, 0, sizeof *p);
    p->st = calloc(s->n > 0 ? s->n : 1, sizeof *p->st);
    p->dtypes = calloc(s->n > 0 ? s->n : 1, sizeof *p->dtypes);
    p->numel = calloc(s->n > 0 ? s->n : 1, sizeof *p->numel);
    if (p->st == NULL || p->dtypes == NULL || p->numel == NULL) {
        cli_error("out of memory");
        plan_free(p);
        return CLI_EXIT_IO;
    }
    for (i = 0; i < s->n; i++) {
        const spec_tensor *t = &s->tensors[i];
        nninit_dtype dt =
            t->dtype == SPEC_DTYPE_DEFAULT ? def : (nninit_dtype)t->dtype;
        nninit_rng rng = nninit_rng_make(seed, spec_name_stream(t->name));
        size_t esize = nninit_dtype_size(dt);
        nninit_status st;
        uint64_t bytes;

        st = nninit_init_range(rng, dt, probe, t->shape, t->ndim, &t->desc, 0,
                               0);
        if (st == NNINIT_OK)
            st = nninit_numel(t->shape, t->ndim, &p->numel[i]);
        if (st == NNINIT_OK && p->numel[i] > SIZE_MAX / esize)
            st = NNINIT_ERR_SIZE;
        if (st != NNINIT_OK) {
            cli_error("%s: tensors[%zu] '%.200s': %s: %s",
                      o->spec_path   ? o->spec_path
                      : o->hf_config ? o->hf_config
                                     : "built-in spec",
                      i, t->name, scheme_of(t), nninit_status_str(st));
            plan_free(p);
            return lib_exit(st);
        }
        bytes = (uint64_t)p->numel[i] * esize;
        if (bytes > UINT64_MAX - p->bytes) {
            cli_error("the model needs more than 2^64 bytes");
            plan_free(p);
            return CLI_EXIT_USAGE;
        }
        p->bytes += bytes;
        p->params += p->numel[i];
        if (bytes > p->max_bytes)
            p->max_bytes = (size_t)bytes;
        if (i > 0 && dt != p->dtypes[0])
            p->mixed_dtypes = 1;
        p->dtypes[i] = dt;
        p->st[i].name = t->name;
        p->st[i].dtype = dt;
        p->st[i].shape = t->shape;
        p->st[i].ndim = t->ndim;
    }
    return alloc_chunks(p);
}

typedef struct timing {
    double generate; /* in nninit_init_range */
    double wait;     /* generator waiting for the writer */
    double commit;   /* fsync + rename */
    double total;
} timing;

/* ------------------------------------------------------ write-behind */

/* One thread writes chunk k while the caller generates chunk k + 1 into
 * the other of two buffers, so that the file's time (page-cache copies,
 * write-back throttling) and the generator's overlap instead of adding up.
 * The writer takes one chunk at a time; handing it the next waits until it
 * has finished the previous one, which is then free for generating. */
typedef struct bg_writer {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    st_writer *w;
    void *data; /* the chunk on offer, NULL when none */
    size_t n, esize;
    int busy;   /* a chunk is on offer or being written */
    int failed; /* a write failed; the error is printed */
    int quit;
} bg_writer;

static void *bg_main(void *arg)
{
    bg_writer *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        void *data;
        size_t n, esize;
        int failed;
        while (b->data == NULL && !b->quit)
            pthread_cond_wait(&b->cv, &b->mu);
        if (b->data == NULL)
            break; /* quit, nothing left */
        data = b->data;
        n = b->n;
        esize = b->esize;
        pthread_mutex_unlock(&b->mu);
        failed = st_write(b->w, data, n, esize) != 0;
        pthread_mutex_lock(&b->mu);
        b->data = NULL;
        b->busy = 0;
        b->failed |= failed;
        pthread_cond_broadcast(&b->cv);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

static int bg_start(bg_writer *b, st_writer *w)
{
    memset(b, 0, sizeof *b);
    b->w = w;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    if (pthread_create(&b->thread, NULL, bg_main, b) != 0) {
        pthread_mutex_destroy(&b->mu);
        pthread_cond_destroy(&b->cv);
        return -1;
    }
    return 0;
}

/* Waits for the previous chunk, then offers this one. -1 if a write has
 * failed (the data was not taken). */
static int bg_submit(bg_writer *b, void *data, size_t n, size_t esize)
{
    int failed;
    pthread_mutex_lock(&b->mu);
    while (b->busy && !b->failed)
        pthread_cond_wait(&b->cv, &b->mu);
    failed = b->failed;
    if (!failed) {
        b->data = data;
        b->n = n;
        b->esize = esize;
        b->busy = 1;
        pthread_cond_broadcast(&b->cv);
    }
    pthread_mutex_unlock(&b->mu);
    return failed ? -1 : 0;
}

/* Lets the last chunk finish, stops the thread; -1 if any write failed. */
static int bg_finish(bg_writer *b)
{
    int failed;
    pthread_mutex_lock(&b->mu);
    b->quit = 1;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
    failed = b->failed;
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    return failed ? -1 : 0;
}

/* Zeroes the part of t's padding row that falls in the chunk holding
 * elements [first, first + count) of the tensor's numel. Zero is all-zero
 * bits in every dtype. */
static void zero_padding_row(const spec_tensor *t, size_t numel, void *chunk,
                             size_t esize, size_t first, size_t count)
{
    size_t row_len = numel / (size_t)t->shape[0];
    size_t lo = (size_t)t->padding_idx * row_len, hi = lo + row_len;
    if (lo < first)
        lo = first;
    if (hi > first + count)
        hi = first + count;
    if (lo < hi)
        memset((unsigned char *)chunk + (lo - first) * esize, 0,
               (hi - lo) * esize);
}

/* The file's metadata: format, generator, seed, streams and, in a shard,
 * the spec's hash (spec_hash non-NULL). Returns the count. */
static size_t file_meta(st_meta meta[5], char seed_str[32], uint64_t seed,
                        const char *spec_hash)
{
    snprintf(seed_str, 32, "%llu", (unsigned long long)seed);
    meta[0] = (st_meta){"format", "pt"};
    meta[1] = (st_meta){"generator", "nninit " NNINIT_VERSION_STRING};
    meta[2] = (st_meta){"seed", seed_str};
    meta[3] = (st_meta){"streams", "fnv1a64(name)"};
    meta[4] = (st_meta){"spec", spec_hash};
    return spec_hash != NULL ? 5 : 4;
}

/* Generates and writes tensors [lo, hi) into one file. Returns an exit
 * status; on failure the temporary is gone. */
static int write_model(const model_spec *s, const plan *p, uint64_t seed,
                       size_t lo, size_t hi, const char *spec_hash,
                       const char *output, progress *prog, timing *tm)
{
    char seed_str[32];
    st_meta meta[5];
    size_t n_meta;
    st_writer w;
    bg_writer bg;
    size_t i;
    void *const *buf = p->buf;
    int cur = 0, r = CLI_EXIT_OK;
    double t;

    n_meta = file_meta(meta, seed_str, seed, spec_hash);
    r = st_open(&w, output, p->st + lo, hi - lo, meta, n_meta);
    if (r != 0)
        return r == -2 ? CLI_EXIT_USAGE : CLI_EXIT_IO;
    if (bg_start(&bg, &w) != 0) {
        cli_error("cannot start the writer thread");
        st_abort(&w);
        return CLI_EXIT_IO;
    }
    for (i = lo; i < hi && r == CLI_EXIT_OK; i++) {
        const spec_tensor *ten = &s->tensors[i];
        nninit_rng rng = nninit_rng_make(seed, spec_name_stream(ten->name));
        size_t esize = nninit_dtype_size(p->dtypes[i]);
        size_t step = CHUNK_BYTES / esize, first;
        unsigned char *whole = NULL;

        /* Every element of an orthogonal tensor depends on all of it: it
         * is computed once, whole (its own size in memory), and written
         * out chunk by chunk like the others. */
        if (p->numel[i] > 0 && cli_scheme_whole(ten->desc.scheme)) {
            nninit_status st = NNINIT_ERR_NOMEM;
            t = now_seconds();
            whole = malloc(p->numel[i] * esize);
            if (whole != NULL)
                st = nninit_init(rng, p->dtypes[i], whole, ten->shape,
                                 ten->ndim, &ten->desc);
            tm->generate += now_seconds() - t;
            if (st != NNINIT_OK) {
                cli_error("tensors[%zu] '%.200s': %s: %s", i, ten->name,
                          scheme_of(ten), nninit_status_str(st));
                free(whole);
                r = lib_exit(st);
                break;
            }
        }
        for (first = 0; first < p->numel[i]; first += step) {
            size_t count =
                p->numel[i] - first < step ? p->numel[i] - first : step;
            nninit_status st = NNINIT_OK;

            t = now_seconds();
            if (whole != NULL)
                memcpy(buf[cur], whole + first * esize, count * esize);
            else
                st = nninit_init_range(rng, p->dtypes[i], buf[cur],
                                       ten->shape, ten->ndim, &ten->desc,
                                       first, count);
            if (st == NNINIT_OK && ten->padding_idx >= 0)
                zero_padding_row(ten, p->numel[i], buf[cur], esize, first,
                                 count);
            tm->generate += now_seconds() - t;
            if (st != NNINIT_OK) {
                cli_error("tensors[%zu] '%.200s': %s: %s", i, ten->name,
                          scheme_of(ten), nninit_status_str(st));
                r = lib_exit(st);
                break;
            }
            t = now_seconds();
            if (bg_submit(&bg, buf[cur], count, esize) != 0) {
                r = CLI_EXIT_IO;
                break;
            }
            tm->wait += now_seconds() - t;
            cur ^= 1;
            progress_step(prog, (uint64_t)count * esize, count);
        }
        free(whole);
    }
    t = now_seconds();
    if (bg_finish(&bg) != 0 && r == CLI_EXIT_OK)
        r = CLI_EXIT_IO;
    tm->wait += now_seconds() - t;
    if (r != CLI_EXIT_OK) {
        st_abort(&w);
        return r;
    }
    t = now_seconds();
    if (st_commit(&w) != 0)
        return CLI_EXIT_IO;
    tm->commit = now_seconds() - t;
    return CLI_EXIT_OK;
}

/* ------------------------------------------------- the sharded layout */

typedef struct sharded {
    uint64_t *bytes;  /* per tensor */
    size_t *first;    /* shard j holds tensors [first[j], first[j + 1]) */
    size_t *shard_of; /* per tensor */
    const char **names;
    size_t count;
    char hash[40]; /* the spec's hash, in every shard's metadata */
    /* What this process did. */
    size_t written, kept;
    uint64_t written_bytes;
    int index_written;
} sharded;

static void sharded_free(sharded *sh)
{
    free(sh->bytes);
    free(sh->first);
    free(sh->shard_of);
    free(sh->names);
}

/* 1 if shard j exists, complete, with the header this spec and seed give. */
static int shard_ok(const sharded *sh, const plan *p, uint64_t seed,
                    const char *path, size_t j)
{
    char seed_str[32];
    st_meta meta[5];
    size_t n_meta = file_meta(meta, seed_str, seed, sh->hash), hlen;
    uint64_t data;
    unsigned char *header =
        st_header(p->st + sh->first[j], sh->first[j + 1] - sh->first[j], meta,
                  n_meta, &hlen, &data);
    int ok = header != NULL && shard_is_valid(path, header, hlen, data);
    free(header);
    return ok;
}

/* 1 if every shard of the set is there and valid, 0 if not, -1 if out of
 * memory. */
static int all_shards_ok(const sharded *sh, const plan *p, uint64_t seed,
                         const char *dir)
{
    size_t j;
    for (j = 0; j < sh->count; j++) {
        char *path = shard_path(dir, j, sh->count, NULL);
        int ok = path != NULL && shard_ok(sh, p, seed, path, j);
        free(path);
        if (path == NULL)
            return -1;
        if (!ok)
            return 0;
    }
    return 1;
}

/* Copies the config and writes the index: last, so that a directory with
 * an index is a complete checkpoint. */
static int write_index(const sharded *sh, const model_spec *s, const plan *p,
                       const char *dir, const char *config, size_t config_len)
{
    char *index;
    int r;
    if (config != NULL &&
        shard_write_small(dir, "config.json", config, config_len) != 0)
        return CLI_EXIT_IO;
    index =
        shard_index_json(sh->names, sh->shard_of, s->n, sh->count, p->bytes);
    if (index == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    r = shard_write_small(dir, SHARD_INDEX_NAME, index, strlen(index));
    free(index);
    return r != 0 ? CLI_EXIT_IO : CLI_EXIT_OK;
}

/* Plans the shards of the whole model (the same in every process). */
static int plan_shards(sharded *sh, const model_spec *s, const plan *p,
                       uint64_t max)
{
    size_t n = s->n, i, j;
    uint64_t hash;

    memset(sh, 0, sizeof *sh);
    sh->bytes = malloc((n > 0 ? n : 1) * sizeof *sh->bytes);
    sh->first = malloc((n + 2) * sizeof *sh->first);
    sh->shard_of = malloc((n > 0 ? n : 1) * sizeof *sh->shard_of);
    sh->names = malloc((n > 0 ? n : 1) * sizeof *sh->names);
    if (sh->bytes == NULL || sh->first == NULL || sh->shard_of == NULL ||
        sh->names == NULL || shard_spec_hash(s, &hash) != 0) {
        cli_error("out of memory");
        sharded_free(sh);
        return CLI_EXIT_IO;
    }
    for (i = 0; i < n; i++) {
        sh->bytes[i] = (uint64_t)p->numel[i] * nninit_dtype_size(p->dtypes[i]);
        sh->names[i] = s->tensors[i].name;
    }
    sh->count = shard_assign(sh->bytes, n, max, sh->first);
    for (j = 0; j < sh->count; j++)
        for (i = sh->first[j]; i < sh->first[j + 1]; i++)
            sh->shard_of[i] = j;
    snprintf(sh->hash, sizeof sh->hash, "fnv1a64:%016llx",
             (unsigned long long)hash);
    return CLI_EXIT_OK;
}

/* Writes shard j, or keeps it under --resume if it is valid. */
static int write_shard(sharded *sh, const model_spec *s, const plan *p,
                       uint64_t seed, const model_opts *o, size_t j,
                       progress *prog, timing *tm)
{
    char *path = shard_path(o->output, j, sh->count, NULL);
    uint64_t bytes = 0;
    size_t i;
    int r = CLI_EXIT_OK;

    if (path == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    for (i = sh->first[j]; i < sh->first[j + 1]; i++)
        bytes += sh->bytes[i];
    if (o->resume && shard_ok(sh, p, seed, path, j)) {
        sh->kept++;
        progress_step(prog, bytes, 0);
    } else {
        r = write_model(s, p, seed, sh->first[j], sh->first[j + 1], sh->hash,
                        path, prog, tm);
        sh->written += r == CLI_EXIT_OK;
        sh->written_bytes += r == CLI_EXIT_OK ? bytes : 0;
    }
    free(path);
    return r;
}

/* Writes this process's shards (j mod n_proc = rank), keeping valid ones
 * under --resume; then every process agrees on the outcome (MPI), and
 * the process that finds the whole set complete writes config and index. */
static int write_sharded(sharded *sh, const model_spec *s, const plan *p,
                         uint64_t seed, const model_opts *o, unsigned rank,
                         unsigned n_proc, const char *config, size_t config_len,
                         progress *prog, timing *tm)
{
    char *index_path = NULL;
    size_t j, round;
    int r = CLI_EXIT_OK, complete;

    if (shard_make_dir(o->output) != 0)
        r = CLI_EXIT_IO;
    /* A stale index would describe a checkpoint being rewritten. */
    if (r == CLI_EXIT_OK)
        index_path = shard_join(o->output, SHARD_INDEX_NAME);
    if (r == CLI_EXIT_OK &&
        (index_path == NULL || (unlink(index_path) != 0 && errno != ENOENT))) {
        cli_error("cannot remove the old index '%s': %s",
                  index_path != NULL ? index_path : SHARD_INDEX_NAME,
                  index_path != NULL ? strerror(errno) : "out of memory");
        r = CLI_EXIT_IO;
    }
    free(index_path);
    if (r == CLI_EXIT_OK && shard_remove_stale(o->output, sh->count) != 0)
        r = CLI_EXIT_IO;
    prog->total_bytes = 0;
    for (j = rank; j < sh->count; j += n_proc) {
        size_t i;
        for (i = sh->first[j]; i < sh->first[j + 1]; i++)
            prog->total_bytes += sh->bytes[i];
    }
    /* In rounds of one shard per process; after each, the processes of an
     * MPI job agree on the status (without MPI this is a no-op), so that
     * one rank's failure stops the others at their next shard instead of
     * after all of theirs. The last round's agreement is also the barrier
     * before rank 0 writes the index. */
    for (round = 0; round < (sh->count + n_proc - 1) / n_proc; round++) {
        j = round * n_proc + rank;
        if (r == CLI_EXIT_OK && j < sh->count)
            r = write_shard(sh, s, p, seed, o, j, prog, tm);
        r = ranks_agree(r);
        if (r != CLI_EXIT_OK)
            break;
    }
    if (r != CLI_EXIT_OK || (o->mpi && rank != 0))
        return r;
    complete = all_shards_ok(sh, p, seed, o->output);
    if (complete < 0) {
        cli_error("out of memory");
        return CLI_EXIT_IO;
    }
    if (!complete) {
        if (o->mpi) {
            cli_error("%s: a shard is missing or changed after every rank "
                      "finished; no index written",
                      o->output);
            return CLI_EXIT_IO;
        }
        return CLI_EXIT_OK; /* another process completes the set */
    }
    r = write_index(sh, s, p, o->output, config, config_len);
    sh->index_written = r == CLI_EXIT_OK;
    return r;
}

/* The process's peak resident memory in MB. Linux's VmHWM first: getrusage's
 * ru_maxrss survives execve, so it may report the parent's peak (a test
 * harness holding a model in memory) instead of ours. */
static double peak_rss_mb(void)
{
    struct rusage ru;
    FILE *f = fopen("/proc/self/status", "r");
    if (f != NULL) {
        char line[256];
        double kb = -1.0;
        while (fgets(line, sizeof line, f) != NULL)
            if (sscanf(line, "VmHWM: %lf kB", &kb) == 1)
                break;
        fclose(f);
        if (kb >= 0.0)
            return kb / 1024.0;
    }
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)ru.ru_maxrss / 1024.0; /* kilobytes on Linux and BSDs */
}

/* The one-line summary of a sharded run. */
static void print_sharded(const sharded *sh, const model_opts *o, unsigned rank,
                          unsigned n_proc, uint64_t seed, double secs)
{
    fprintf(stderr,
            "nninit: %s: %zu shard%s in all; process %u of %u wrote %zu "
            "(%llu bytes) and kept %zu; %s; seed %llu, %.3f s, %.2f GB/s\n",
            o->output, sh->count, sh->count == 1 ? "" : "s", rank, n_proc,
            sh->written, (unsigned long long)sh->written_bytes, sh->kept,
            sh->index_written ? "wrote config and index"
            : o->mpi          ? "rank 0 writes the index"
                     : "the index waits for the other processes' shards",
            (unsigned long long)seed, secs,
            secs > 0 ? (double)sh->written_bytes / 1e9 / secs : 0.0);
}

static int run_model(const model_opts *op, const cli_seen *seen, unsigned rank,
                     unsigned n_proc)
{
    model_opts o = *op;
    model_spec spec;
    plan p;
    progress prog;
    sharded sh;
    timing tm = {0, 0, 0, 0};
    uint64_t seed;
    double t0;
    char *config = NULL;
    size_t config_len = 0;
    int r, has_dtype = cli_given(seen, "dtype");

    t0 = now_seconds();
    r = o.hf_config != NULL ? hf_load(&spec, o.hf_config, &config, &config_len)
        : o.spec_path != NULL ? spec_load(&spec, o.spec_path)
                              : builtin_spec(&spec);
    if (r != 0)
        return r == SPEC_NO_RESOURCE ? CLI_EXIT_IO : CLI_EXIT_USAGE;
    if (cli_given(seen, "seed")) {
        spec.has_seed = 1;
        spec.seed = o.seed;
    }
    if (has_dtype) {
        spec.has_dtype = 1;
        spec.dtype = o.dtype;
    }
    if (o.print_spec) {
        r = spec_print(stdout, &spec) != 0 || fflush(stdout) != 0 ? CLI_EXIT_IO
                                                                  : CLI_EXIT_OK;
        spec_free(&spec);
        free(config);
        return r;
    }
    seed = spec.has_seed ? spec.seed : 0;

    if (cli_given(seen, "isa")) {
        nninit_status st = nninit_isa_force(o.isa);
        if (st != NNINIT_OK) {
            cli_error("--isa %s: %s", nninit_isa_name(o.isa),
                      nninit_status_str(st));
            spec_free(&spec);
            free(config);
            return CLI_EXIT_USAGE;
        }
    }
    if (cli_given(seen, "threads"))
        nninit_set_num_threads(o.threads); /* 0..4096: cannot fail */

    r = make_plan(&spec, &o, has_dtype, seed, &p);
    if (r == CLI_EXIT_OK && o.max_shard > 0) {
        r = plan_shards(&sh, &spec, &p, o.max_shard);
        if (r != CLI_EXIT_OK)
            plan_free(&p);
    }
    if (r != CLI_EXIT_OK) {
        spec_free(&spec);
        free(config);
        return r;
    }

    memset(&prog, 0, sizeof prog);
    prog.bar = !o.quiet && isatty(STDERR_FILENO);
    prog.t0 = prog.last_draw = now_seconds();
    prog.total_bytes = p.bytes;
    if (prog.bar) {
        cli_set_error_hook(clear_bar);
        draw_bar(&prog, prog.t0);
    }
    r = o.max_shard > 0 ? write_sharded(&sh, &spec, &p, seed, &o, rank, n_proc,
                                        config, config_len, &prog, &tm)
                        : write_model(&spec, &p, seed, 0, spec.n, NULL,
                                      o.output, &prog, &tm);
    cli_set_error_hook(NULL);
    clear_bar();
    tm.total = now_seconds() - t0;

    if (r == CLI_EXIT_OK && !o.quiet && o.max_shard > 0)
        print_sharded(&sh, &o, rank, n_proc, seed, tm.total);
    if (r == CLI_EXIT_OK && !o.quiet && o.max_shard == 0) {
        fprintf(stderr,
                "nninit: wrote %s: %zu tensor%s, %llu parameters, %llu "
                "bytes (%s), seed %llu, %.3f s, %.2f GB/s\n",
                strcmp(o.output, "-") == 0 ? "standard output" : o.output,
                spec.n, spec.n == 1 ? "" : "s", (unsigned long long)p.params,
                (unsigned long long)p.bytes,
                p.mixed_dtypes ? "mixed dtypes"
                : spec.n > 0   ? nninit_dtype_name(p.dtypes[0])
                               : "no data",
                (unsigned long long)seed, tm.total,
                tm.total > 0 ? (double)p.bytes / 1e9 / tm.total : 0.0);
        if (o.verbose)
            fprintf(stderr,
                    "nninit: isa %s (%s), %d thread%s, 2 chunks of %zu "
                    "bytes; generate %.3f s, wait for writes %.3f s, "
                    "sync+rename %.3f s; peak RSS %.1f MB\n",
                    nninit_isa_name(nninit_isa_active()), nninit_isa_reason(),
                    nninit_get_num_threads(),
                    nninit_get_num_threads() == 1 ? "" : "s",
                    (size_t)CHUNK_BYTES, tm.generate, tm.wait, tm.commit,
                    peak_rss_mb());
    }
    if (r == CLI_EXIT_OK && o.verbose && o.max_shard > 0)
        fprintf(stderr,
                "nninit: isa %s, %d thread%s; generate %.3f s, wait for "
                "writes %.3f s; peak RSS %.1f MB\n",
                nninit_isa_name(nninit_isa_active()), nninit_get_num_threads(),
                nninit_get_num_threads() == 1 ? "" : "s", tm.generate, tm.wait,
                peak_rss_mb());
    if (o.max_shard > 0)
        sharded_free(&sh);
    plan_free(&p);
    spec_free(&spec);
    free(config);
    return r;
}

/* The rules between options that the table cannot state. */
static int check_model_opts(const model_opts *o, const cli_seen *seen)
{
    const char *needs_shards = o->resume                     ? "resume"
                               : o->mpi                      ? "mpi"
                               : cli_given(seen, "shard-of") ? "shard-of"
                                                             : NULL;
    if (o->spec_path != NULL && o->spec_path[0] == '\0') {
        cli_error("bad SPEC '': empty file name");
        return -1;
    }
    if (o->quiet && o->verbose) {
        cli_error("options --quiet and --verbose exclude each other");
        return -1;
    }
    if (o->spec_path != NULL && o->hf_config != NULL) {
        cli_error("give a SPEC or --hf-config, not both");
        return -1;
    }
    if (o->max_shard > 0 && !cli_given(seen, "output")) {
        cli_error("--max-shard-size writes a directory: give it with -o DIR");
        return -1;
    }
    if (o->mpi && cli_given(seen, "shard-of")) {
        cli_error("options --mpi and --shard-of exclude each other (MPI "
                  "gives K/N)");
        return -1;
    }
    if (needs_shards != NULL && o->max_shard == 0) {
        cli_error("option --%s needs --max-shard-size", needs_shards);
        return -1;
    }
    return 0;
}

int cmd_model(int argc, char **argv)
{
    model_opts o;
    cli_seen seen;
    unsigned rank = 0, n_proc = 1;
    int r;

    memset(&o, 0, sizeof o);
    o.output = "model.safetensors";
    o.isa = NNINIT_ISA_AUTO;
    r = cli_parse(&cli_model_cmd, argc, argv, &o, &seen);
    if (r != 0)
        return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (check_model_opts(&o, &seen) != 0)
        return CLI_EXIT_USAGE;
    if (cli_given(&seen, "shard-of")) {
        rank = o.shard_of[0];
        n_proc = o.shard_of[1];
    }
    if (o.mpi && !o.print_spec && ranks_init(&rank, &n_proc) != 0)
        return ranks_finish(CLI_EXIT_USAGE);
    /* Every rank takes part in the same MPI_Allreduce calls, wherever it
     * stopped. */
    return ranks_finish(run_model(&o, &seen, rank, n_proc));
}
