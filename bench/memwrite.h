/*
 * The memory ceiling: how fast one thread can write a buffer at all.
 *
 * Every fill writes its output once, so for a buffer larger than the
 * last-level cache no fill can beat these numbers; the benchmarks and
 * `nninit bench` print each kernel next to them. Plain stores pay the
 * read-for-ownership of every line written (the line is read, then
 * overwritten); non-temporal stores skip it and bypass the caches, which is
 * what a fill of a buffer far larger than the caches would ideally do.
 *
 * Shared by the Google Benchmark shim (bench/) and the tool (cli/bench.c);
 * plain C, no library internals.
 */
#ifndef NNINIT_BENCH_MEMWRITE_H
#define NNINIT_BENCH_MEMWRITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bench_memwrite_kind {
    BENCH_MEMWRITE_PLAIN = 0,  /* vector stores through the caches */
    BENCH_MEMWRITE_NT = 1,     /* non-temporal (streaming) stores */
    BENCH_MEMWRITE_MEMSET = 2, /* the C library's memset, for reference */
    BENCH_MEMWRITE_COUNT_ = 3
} bench_memwrite_kind;

/* A short name: "plain", "nt", "memset". */
const char *bench_memwrite_name(bench_memwrite_kind kind);

/* How the stores are made on this CPU, e.g. "256-bit AVX stores" or
 * "not available on this architecture". */
const char *bench_memwrite_detail(bench_memwrite_kind kind);

/* 1 if this build and CPU can make that kind of store. */
int bench_memwrite_available(bench_memwrite_kind kind);

/* Writes bytes bytes at buf. buf must be 64-byte aligned and bytes a
 * multiple of 64. A kind that is not available does nothing. */
void bench_memwrite(bench_memwrite_kind kind, void *buf, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* NNINIT_BENCH_MEMWRITE_H */
