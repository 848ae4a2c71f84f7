/*
 * A small JSON writer into a growing buffer: enough for the safetensors
 * header and for printing a model spec. Strings are escaped per RFC 8259
 * (quote, backslash and the control characters U+0000..U+001F); other bytes
 * are copied, so callers pass valid UTF-8 (jw_utf8_valid checks it).
 */
#ifndef NNINIT_CLI_JSONW_H
#define NNINIT_CLI_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"

typedef struct jsonw {
    char *buf; /* NUL-terminated while len < cap */
    size_t len;
    size_t cap;
    int failed; /* out of memory: every later call is a no-op */
} jsonw;

/* Appends text as is. */
void jw_raw(jsonw *w, const char *text);
/* Appends printf output. */
void jw_printf(jsonw *w, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Appends s as a quoted, escaped JSON string. */
void jw_string(jsonw *w, const char *s);
/* Appends a double that reads back exactly (shortest %.17g form); non-finite
 * values, which JSON lacks, become the strings "inf", "-inf", "nan". */
void jw_double(jsonw *w, double x);
void jw_free(jsonw *w);

/* 1 if s is well-formed UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF), else 0. */
int jw_utf8_valid(const char *s);

#endif /* NNINIT_CLI_JSONW_H */
