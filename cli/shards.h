/*
 * Hugging Face's sharded checkpoint layout (what from_pretrained opens):
 *
 *   DIR/model-00001-of-0000N.safetensors ... model-0000N-of-0000N.safetensors
 *   DIR/model.safetensors.index.json   {"metadata": {"total_size": BYTES},
 *                                       "weight_map": {NAME: FILE, ...}}
 *   DIR/config.json                    (when the model came from one)
 *
 * Tensors go to shards in order: a shard takes tensors until the next one
 * would make it exceed the size limit; a tensor larger than the limit gets
 * a shard of its own; no tensor is split. Shard j (from 0) belongs to
 * process j mod N, so processes need no exchange.
 */
#ifndef NNINIT_CLI_SHARDS_H
#define NNINIT_CLI_SHARDS_H

#include <stddef.h>
#include <stdint.h>

#include "spec.h"

#define SHARD_INDEX_NAME "model.safetensors.index.json"

/* "5GB", "500MB", "10KB", "2GiB", "1048576" (bytes): decimal units as
 * transformers reads them (GB = 10^9), binary ones with "i". Returns NULL
 * or why the text is not a size > 0. */
const char *shard_parse_size(const char *text, uint64_t *bytes);

/* "K/N" with 0 <= K < N <= 65536. Returns NULL or why not. */
const char *shard_parse_of(const char *text, unsigned *k, unsigned *n);

/* Splits tensors of bytes[0 .. n) into shards of at most max bytes (see
 * above). first[j] is shard j's first tensor, first[count] = n; first has
 * room for n + 1 entries. Returns count (at least 1). */
size_t shard_assign(const uint64_t *bytes, size_t n, uint64_t max,
                    size_t *first);

/* DIR/model-%05zu-of-%05zu.safetensors for shard j of count, malloc'd;
 * file_part points at the file name within it. NULL if out of memory. */
char *shard_path(const char *dir, size_t j, size_t count,
                 const char **file_part);

/* DIR/NAME, malloc'd (NULL if out of memory). */
char *shard_join(const char *dir, const char *name);

/* Creates dir if it does not exist. -1 with one error line if it cannot
 * be created or is not a directory. */
int shard_make_dir(const char *dir);

/* Removes the shard files of an earlier save into dir with another shard
 * count (model-?????-of-MMMMM.safetensors, MMMMM != count), as
 * save_pretrained cleans the folder: they belong to no checkpoint this run
 * can produce. -1 with one error line if one cannot be removed. */
int shard_remove_stale(const char *dir, size_t count);

/* 1 if path holds exactly a safetensors file with this header followed by
 * data_bytes of data, 0 otherwise (absent, another size or header). */
int shard_is_valid(const char *path, const unsigned char *header, size_t hlen,
                   uint64_t data_bytes);

/* Writes bytes to DIR/NAME atomically (temporary, fsync, rename). */
int shard_write_small(const char *dir, const char *name, const void *data,
                      size_t len);

/* The index JSON (keys sorted, indent 2, as transformers writes it) for
 * tensor names[i] stored in shard shard_of[i] of count. malloc'd, NULL if
 * out of memory. */
char *shard_index_json(const char *const *names, const size_t *shard_of,
                       size_t n, size_t count, uint64_t total_size);

/* FNV-1a 64 of the spec as spec_print writes it: a shard's metadata
 * carries it, so that --resume keeps only shards of the same spec. */
int shard_spec_hash(const model_spec *s, uint64_t *hash);

#endif /* NNINIT_CLI_SHARDS_H */
