/*
 * A small persistent worker pool for large fills.
 *
 * Why this design (see docs/threads.md): nninit is embedded in trainers that
 * run their own threads, so it must not create threads per call, must never
 * make a caller wait for another caller's fill, and must stay out of the way
 * for small fills. Workers are started lazily, the first time a fill is big
 * enough, and sleep on a condition variable between jobs. One job runs at a
 * time; a fill that finds the pool busy runs on its own thread instead of
 * queueing. Every element depends only on its index, so which thread
 * computes which chunk never shows in the output.
 *
 * Thread count: nninit_set_num_threads(), else NNINIT_NUM_THREADS, else the
 * CPUs this process may run on (sched_getaffinity), capped at 256.
 */
#include "threads.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define NN_MAX_THREADS 256

typedef struct job {
    nn_range_fn fn;
    void *ctx;
    size_t n, grain, chunks;
    atomic_size_t next; /* next chunk to take */
} job;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* workers: a new job or shutdown */
    pthread_cond_t idle; /* caller: the job's chunks are all done */
    pthread_t tid[NN_MAX_THREADS];
    int nworkers;     /* started workers */
    unsigned long gen; /* job generation; workers run each once */
    int stop;
    job *cur;   /* the job on offer, NULL once it is finished */
    int active; /* workers inside the current job */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
          PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0, NULL, 0};

/* Serializes users of the pool: try-locked, never waited on. */
static pthread_mutex_t pool_user = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int g_threads; /* 0: not decided yet */

static int default_threads(void)
{
    const char *env = getenv("NNINIT_NUM_THREADS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v >= 1)
            return v > NN_MAX_THREADS ? NN_MAX_THREADS : (int)v;
    }
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int c = CPU_COUNT(&set);
        if (c >= 1)
            return c > NN_MAX_THREADS ? NN_MAX_THREADS : c;
    }
#endif
    return 1;
}

static int threads_now(void)
{
    int t = atomic_load_explicit(&g_threads, memory_order_relaxed);
    if (t == 0) {
        t = default_threads();
        atomic_store_explicit(&g_threads, t, memory_order_relaxed);
    }
    return t;
}

nninit_status nninit_set_num_threads(int n)
{
    if (n < 0)
        return NNINIT_ERR_PARAM;
    atomic_store_explicit(&g_threads,
                          n == 0 ? default_threads()
                                 : (n > NN_MAX_THREADS ? NN_MAX_THREADS : n),
                          memory_order_relaxed);
    return NNINIT_OK;
}

int nninit_get_num_threads(void) { return threads_now(); }

/* Off by default: measured on the machines we have (docs/threads.md), the
 * staged non-temporal path is slower than ordinary stores at every size. */
static _Atomic size_t g_nt_threshold = SIZE_MAX;

void nninit_set_nt_threshold(size_t bytes)
{
    atomic_store_explicit(&g_nt_threshold, bytes == 0 ? SIZE_MAX : bytes,
                          memory_order_relaxed);
}

size_t nninit_get_nt_threshold(void)
{
    return atomic_load_explicit(&g_nt_threshold, memory_order_relaxed);
}

size_t nn_nt_threshold(void) { return nninit_get_nt_threshold(); }

static void run_chunks(job *j)
{
    size_t c;
    while ((c = atomic_fetch_add_explicit(&j->next, 1,
                                          memory_order_relaxed)) < j->chunks) {
        size_t b = c * j->grain;
        size_t e = b + j->grain < j->n ? b + j->grain : j->n;
        j->fn(j->ctx, b, e);
    }
}

static void *worker(void *arg)
{
    (void)arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&pool.lock);
    seen = pool.gen;
    for (;;) {
        while (!pool.stop && (pool.gen == seen || pool.cur == NULL))
            pthread_cond_wait(&pool.wake, &pool.lock);
        if (pool.stop)
            break;
        /* The job lives on the caller's stack: taking it and leaving it
         * are counted under the lock, and the caller withdraws it only when
         * no worker is inside. */
        seen = pool.gen;
        job *j = pool.cur;
        pool.active++;
        pthread_mutex_unlock(&pool.lock);
        run_chunks(j);
        pthread_mutex_lock(&pool.lock);
        if (--pool.active == 0)
            pthread_cond_signal(&pool.idle);
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

/* Start workers up to `want` (caller holds pool_user). A failure to start
 * one just leaves fewer workers. */
static void grow(int want)
{
    while (pool.nworkers < want) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        int rc = pthread_create(&pool.tid[pool.nworkers], &attr, worker, NULL);
        pthread_attr_destroy(&attr);
        if (rc != 0)
            break;
        pool.nworkers++;
    }
}

/* After fork() only the forking thread exists in the child: forget the
 * workers (their memory is still ours) so the child starts afresh. */
static void atfork_child(void)
{
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.idle, NULL);
    pthread_mutex_init(&pool_user, NULL);
    pool.nworkers = 0;
    pool.cur = NULL;
    pool.active = 0;
    pool.stop = 0;
}

/* At exit or when the library is unloaded (dlclose), no worker may be left
 * sleeping in code that is about to disappear. */
__attribute__((destructor)) static void stop_pool(void)
{
    pthread_mutex_lock(&pool.lock);
    pool.stop = 1;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < pool.nworkers; i++)
        pthread_join(pool.tid[i], NULL);
    pool.nworkers = 0;
    pool.stop = 0;
}

static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;
static void register_handlers(void)
{
    pthread_atfork(NULL, NULL, atfork_child);
}

void nn_parallel_for(size_t n, size_t grain, nn_range_fn fn, void *ctx)
{
    int t = threads_now();
    size_t chunks = grain ? (n + grain - 1) / grain : 1;
    if (t <= 1 || chunks <= 1 || pthread_mutex_trylock(&pool_user) != 0) {
        if (n)
            fn(ctx, 0, n);
        return;
    }
    pthread_once(&g_atfork_once, register_handlers);
    int want = t - 1;
    if ((size_t)want > chunks - 1)
        want = (int)(chunks - 1);
    grow(want);

    job j;
    j.fn = fn;
    j.ctx = ctx;
    j.n = n;
    j.grain = grain;
    j.chunks = chunks;
    atomic_init(&j.next, 0);
    pthread_mutex_lock(&pool.lock);
    pool.cur = &j;
    pool.gen++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    run_chunks(&j); /* the caller works too */

    /* Every chunk is taken; wait for the workers still inside. */
    pthread_mutex_lock(&pool.lock);
    while (pool.active > 0)
        pthread_cond_wait(&pool.idle, &pool.lock);
    pool.cur = NULL;
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool_user);
}
