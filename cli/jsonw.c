/* A small JSON writer (see jsonw.h). */
#include "jsonw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(jsonw *w, size_t more)
{
    size_t need, cap;
    char *p;

    if (w->failed)
        return -1;
    if (more > SIZE_MAX - w->len - 1) {
        w->failed = 1;
        return -1;
    }
    need = w->len + more + 1;
    if (need <= w->cap)
        return 0;
    cap = w->cap > 0 ? w->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(w->buf, cap);
    if (p == NULL) {
        w->failed = 1;
        return -1;
    }
    w->buf = p;
    w->cap = cap;
    return 0;
}

static void append(jsonw *w, const char *s, size_t n)
{
    if (reserve(w, n) != 0)
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

void jw_raw(jsonw *w, const char *text)
{
    append(w, text, strlen(text));
}

void jw_printf(jsonw *w, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) {
        w->failed = 1;
        return;
    }
    if ((size_t)k < sizeof small) {
        append(w, small, (size_t)k);
        return;
    }
    if (reserve(w, (size_t)k) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(w->buf + w->len, (size_t)k + 1, fmt, ap);
    va_end(ap);
    w->len += (size_t)k;
}

void jw_string(jsonw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;

    append(w, "\"", 1);
    for (; *p != '\0'; p++) {
        const char *esc = NULL;
        char u[8];
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        append(w, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            snprintf(u, sizeof u, "\\u%04x", (unsigned)*p);
            esc = u;
            break;
        }
        jw_raw(w, esc);
        run = p + 1;
    }
    append(w, (const char *)run, (size_t)(p - run));
    append(w, "\"", 1);
}

void jw_double(jsonw *w, double x)
{
    char buf[32];
    if (isnan(x)) {
        jw_raw(w, "\"nan\"");
        return;
    }
    if (isinf(x)) {
        jw_raw(w, x > 0 ? "\"inf\"" : "\"-inf\"");
        return;
    }
    jw_raw(w, cli_fmt_double(buf, x));
}

void jw_free(jsonw *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
    w->failed = 0;
}

int jw_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned c = *p;
        unsigned n, cp, min, i;
        if (c < 0x80) {
            p++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0; /* also stops at the NUL */
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}
