/* Strict parsing of command-line values (see args.h). */
#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*error_hook)(void);

void cli_set_error_hook(void (*hook)(void))
{
    error_hook = hook;
}

void cli_error(const char *fmt, ...)
{
    char msg[1024];
    size_t i;
    va_list ap;

    if (error_hook != NULL)
        error_hook();

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* One line, whatever the user's arguments contain. */
    for (i = 0; msg[i] != '\0'; i++)
        if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
            msg[i] = '?';
    fprintf(stderr, "nninit: error: %s\n", msg);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Our own digit loop rather than strtoull: strtoull skips spaces, accepts a
 * sign (and wraps "-1" to 2^64 - 1), reads a second "0x" after ours and
 * treats a leading 0 as octal under base 0. */
const char *cli_parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (*s == '\0')
        return "empty value";
    if (*s == '-')
        return "negative values are not allowed";
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (*s == '\0')
            return "no hex digits after 0x";
    }
    for (; *s != '\0'; s++) {
        int d = hex_digit(*s);
        if (d < 0 || (unsigned)d >= base)
            return base == 16 ? "not a hex integer"
                              : "not a non-negative decimal or 0x hex integer";
        if (v > (UINT64_MAX - (unsigned)d) / base)
            return "larger than 2^64 - 1";
        v = v * base + (unsigned)d;
    }
    *out = v;
    return NULL;
}

const char *cli_parse_double(const char *s, double *out)
{
    char *end;
    double v;

    if (*s == '\0')
        return "empty value";
    /* strtod would skip leading white space; we do not. */
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\v' || *s == '\f' ||
        *s == '\r')
        return "not a number";
    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0')
        return "not a number";
    /* ERANGE with a finite result is underflow, which keeps the nearest
     * value (0 or a subnormal): accepted. An overflow is not. */
    if (errno == ERANGE && isinf(v))
        return "out of the range of a double";
    *out = v;
    return NULL;
}

const char *cli_parse_shape(const char *s, int64_t *dims, size_t *ndim)
{
    size_t n = 0;

    if (*s == '\0')
        return "empty shape";
    for (;;) {
        uint64_t d = 0;
        const char *start = s;
        for (; *s >= '0' && *s <= '9'; s++) {
            unsigned digit = (unsigned)(*s - '0');
            if (d > ((uint64_t)INT64_MAX - digit) / 10)
                return "a dimension is larger than 2^63 - 1";
            d = d * 10 + digit;
        }
        if (s == start)
            return *s == '-' ? "dimensions must not be negative"
                             : "expected D0xD1x... with decimal dimensions";
        if (n == CLI_MAX_DIMS)
            return "more than 32 dimensions";
        dims[n++] = (int64_t)d;
        if (*s == '\0')
            break;
        if (*s != 'x')
            return "expected D0xD1x... with decimal dimensions";
        s++;
    }
    *ndim = n;
    return NULL;
}

const char *cli_shape_numel(const int64_t *dims, size_t ndim, size_t elem_size,
                            size_t *numel)
{
    size_t i;
    int empty = 0;
    uint64_t n = 1;
    uint64_t limit = (uint64_t)PTRDIFF_MAX / elem_size;

    /* numpy's rule (PyArray_NewFromDescr): the item size times the product
     * of the nonzero dimensions must fit in npy_intp, even when another
     * dimension is 0; a file numpy cannot load is of no use. */
    for (i = 0; i < ndim; i++) {
        uint64_t d = (uint64_t)dims[i];
        if (d == 0) {
            empty = 1;
            continue;
        }
        if (n > limit / d)
            return "the array is too large: its byte count overflows";
        n *= d;
    }
    if (n > (uint64_t)SIZE_MAX)
        return "the array is too large for this machine";
    *numel = empty ? 0 : (size_t)n;
    return NULL;
}

size_t cli_shape_repr(char *buf, size_t cap, const int64_t *dims, size_t ndim)
{
    size_t len = 0, i;
    int k;

    if (cap < 2)
        return 0;
    buf[len++] = '(';
    for (i = 0; i < ndim; i++) {
        k = snprintf(buf + len, cap - len, i == 0 ? "%lld" : ", %lld",
                     (long long)dims[i]);
        if (k < 0 || (size_t)k >= cap - len)
            return 0;
        len += (size_t)k;
    }
    k = snprintf(buf + len, cap - len, ndim == 1 ? ",)" : ")");
    if (k < 0 || (size_t)k >= cap - len)
        return 0;
    return len + (size_t)k;
}

const char *cli_fmt_double(char buf[32], double x)
{
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return buf;
    }
    snprintf(buf, 32, "%.17g", x);
    return buf;
}
