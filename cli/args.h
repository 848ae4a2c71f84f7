/*
 * Strict parsing of the command line's values: integers, reals, shapes and
 * names. Every parser accepts the whole string or nothing; a rejected value
 * is described by a short static message the caller puts into one line
 * "nninit: error: ...".
 */
#ifndef NNINIT_CLI_ARGS_H
#define NNINIT_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit statuses of the tool. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_IO = 1,   /* the file could not be written, or out of memory */
    CLI_EXIT_USAGE = 2 /* bad arguments, or a parameter the library rejects */
};

/* The most dimensions a shape may have (numpy 1.x's NPY_MAXDIMS). */
#define CLI_MAX_DIMS 32

/* Prints "nninit: error: <message>\n" on stderr. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Called by cli_error before it prints (NULL: nothing): a progress bar
 * clears its line so that the error starts on a clean one. */
void cli_set_error_hook(void (*hook)(void));

/* An unsigned 64-bit integer: decimal digits, or "0x"/"0X" and hex digits.
 * No sign, no spaces, no octal, no trailing characters. NULL on success. */
const char *cli_parse_u64(const char *s, uint64_t *out);

/* A real number as strtod reads it in the C locale (decimal, hex float,
 * inf, nan), with no leading spaces and no trailing characters; a finite
 * value that overflows to infinity is rejected. NULL on success. */
const char *cli_parse_double(const char *s, double *out);

/* A shape "D0xD1x...": 1 to CLI_MAX_DIMS decimal dimensions, each in
 * [0, INT64_MAX]. NULL on success. */
const char *cli_parse_shape(const char *s, int64_t *dims, size_t *ndim);

/* Element count of a shape, checked as numpy checks it: elem_size times
 * the product of the nonzero dimensions fits in a ptrdiff_t (npy_intp, and
 * malloc's limit). NULL on success. */
const char *cli_shape_numel(const int64_t *dims, size_t ndim, size_t elem_size,
                            size_t *numel);

/* Writes the shape as "(d0, d1)" / "(d0,)" (Python's tuple repr) into buf;
 * returns the length, or 0 if cap is too small. */
size_t cli_shape_repr(char *buf, size_t cap, const int64_t *dims, size_t ndim);

/* The shortest "%.*g" form of x that reads back as x. */
const char *cli_fmt_double(char buf[32], double x);

#endif /* NNINIT_CLI_ARGS_H */
