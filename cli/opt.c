/* The option-table engine: parsing, validation and help (see opt.h). */
#include "opt.h"

#include <stdio.h>
#include <string.h>

#include "args.h"

/* ------------------------------------------------------------- enums */

/* Adapters from the library's typed name functions to int values. */
#define CLI_ENUM_FNS(type, fn)                                                 \
    static const char *fn##_name(int v)                                        \
    {                                                                          \
        return nninit_##fn##_name((type)v);                                    \
    }                                                                          \
    static int fn##_lookup(const char *s, int *v)                              \
    {                                                                          \
        type t;                                                                \
        if (nninit_##fn##_from_name(s, &t) != NNINIT_OK)                       \
            return -1;                                                         \
        *v = (int)t;                                                           \
        return 0;                                                              \
    }

CLI_ENUM_FNS(nninit_dtype, dtype)
CLI_ENUM_FNS(nninit_scheme, scheme)
CLI_ENUM_FNS(nninit_method, method)
CLI_ENUM_FNS(nninit_fan_mode, fan_mode)
CLI_ENUM_FNS(nninit_nonlinearity, nonlinearity)
CLI_ENUM_FNS(nninit_vs_distribution, vs_distribution)

/* nninit_isa_name says "unknown" outside the enum; auto is -1. */
static const char *isa_name(int v)
{
    if (v < NNINIT_ISA_AUTO || v >= NNINIT_ISA_COUNT_)
        return NULL;
    return nninit_isa_name((nninit_isa)v);
}

static int isa_lookup(const char *s, int *v)
{
    nninit_isa isa;
    if (nninit_isa_from_name(s, &isa) != NNINIT_OK)
        return -1;
    *v = (int)isa;
    return 0;
}

const cli_enum cli_dtypes = {dtype_name, dtype_lookup, 0, 0};
const cli_enum cli_schemes = {scheme_name, scheme_lookup, 0, 1};
const cli_enum cli_methods = {method_name, method_lookup, 0, 1};
const cli_enum cli_modes = {fan_mode_name, fan_mode_lookup, 0, 1};
const cli_enum cli_nonlinearities = {nonlinearity_name, nonlinearity_lookup, 0,
                                     0};
const cli_enum cli_distributions = {vs_distribution_name,
                                    vs_distribution_lookup, 0, 1};
const cli_enum cli_isas = {isa_name, isa_lookup, NNINIT_ISA_AUTO, 0};

const char *cli_enum_show(const cli_enum *e, int v, int dash,
                          char buf[CLI_NAME_MAX])
{
    const char *n = e->name(v);
    size_t i;
    snprintf(buf, CLI_NAME_MAX, "%s", n != NULL ? n : "?");
    if (dash && e->dash)
        for (i = 0; buf[i] != '\0'; i++)
            if (buf[i] == '_')
                buf[i] = '-';
    return buf;
}

static int in_mask(uint64_t mask, int v)
{
    return v < 0 || (v < 64 && (mask >> v) & 1u);
}

void cli_enum_list(const cli_enum *e, uint64_t mask, int dash, char *buf,
                   size_t cap)
{
    char nm[CLI_NAME_MAX];
    size_t len = 0;
    int v;
    buf[0] = '\0';
    for (v = e->first; e->name(v) != NULL; v++) {
        if (!in_mask(mask, v))
            continue;
        len +=
            (size_t)snprintf(buf + len, cap - len, "%s%s", len > 0 ? ", " : "",
                             cli_enum_show(e, v, dash, nm));
        if (len >= cap) {
            buf[cap - 1] = '\0';
            return;
        }
    }
}

/* ------------------------------------------------------------ values */

static void put_int(void *to, int v)
{
    memcpy(to, &v, sizeof v);
}

static int get_int(const void *from)
{
    int v;
    memcpy(&v, from, sizeof v);
    return v;
}

/* Parses val as row o wants and stores it at to. NULL or why not (in
 * why[], which must outlive the message). */
static const char *parse_value(const cli_opt *o, const char *val, void *to,
                               int dash, char *why, size_t cap)
{
    const char *err = NULL;
    switch (o->kind) {
    case CLI_FLAG:
        put_int(to, 1);
        return NULL;
    case CLI_U64:
        return cli_parse_u64(val, (uint64_t *)to);
    case CLI_DOUBLE:
        return cli_parse_double(val, (double *)to);
    case CLI_PATH:
        if (val[0] == '\0')
            return "empty file name";
        *(const char **)to = val;
        return NULL;
    case CLI_CUSTOM:
        return o->parse(val, to);
    case CLI_ENUM: {
        int v;
        char list[448];
        uint64_t mask = (o->flags & CLI_SCHEME) ? o->schemes : UINT64_MAX;
        if (o->choices->lookup(val, &v) == 0 && in_mask(mask, v)) {
            put_int(to, v);
            return NULL;
        }
        cli_enum_list(o->choices, mask, dash, list, sizeof list);
        snprintf(why, cap, "expected one of %s", list);
        return why;
    }
    }
    return err;
}

/* ----------------------------------------------------------- parsing */

/* Every row of a command, in table order. */
static size_t flatten(const cli_cmd *cmd, const cli_opt **rows)
{
    size_t n = 0;
    const cli_group *g;
    const cli_opt *o;
    for (g = cmd->groups; g->opts != NULL; g++)
        for (o = g->opts; o->name != NULL; o++)
            if (n < CLI_MAX_OPTS)
                rows[n++] = o;
    return n;
}

static uint64_t scheme_bit(int s)
{
    return s >= 0 && s < 64 ? UINT64_C(1) << s : 0;
}

/* The schemes the command offers (its CLI_SCHEME row), 0 if none. */
static uint64_t offered(const cli_opt *const *rows, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (rows[i]->flags & CLI_SCHEME)
            return rows[i]->schemes;
    return 0;
}

/* A row that belongs in this command: scheme parameters only where one of
 * the command's schemes takes them. */
static int row_active(const cli_opt *o, uint64_t schemes)
{
    return !(o->flags & CLI_PARAM) || (o->schemes & schemes) != 0;
}

int cli_given(const cli_seen *seen, const char *name)
{
    const cli_opt *rows[CLI_MAX_OPTS];
    size_t n = flatten(seen->cmd, rows), i;
    for (i = 0; i < n; i++)
        if (strcmp(rows[i]->name, name) == 0)
            return seen->given[i];
    return 0;
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *cfg,
              cli_seen *seen)
{
    const cli_opt *rows[CLI_MAX_OPTS];
    const char *val[CLI_MAX_OPTS];
    unsigned char given[CLI_MAX_OPTS];
    size_t n = flatten(cmd, rows), i;
    uint64_t schemes = offered(rows, n);
    const cli_opt *sel = NULL;
    nninit_desc *desc = NULL;
    char err[512], why[512], nm[CLI_NAME_MAX];
    const char *positional = NULL;
    int a, failed = 0, only_positional = 0, help = 0, scheme = -1;

    memset(given, 0, sizeof given);
    memset((void *)val, 0, sizeof val);
    err[0] = '\0';
#define FAIL(...)                                                              \
    do {                                                                       \
        if (!failed)                                                           \
            snprintf(err, sizeof err, __VA_ARGS__);                            \
        failed = 1;                                                            \
    } while (0)

    /* Pass 1: the words. Every argument is read, so that --help anywhere
     * wins over an earlier mistake. */
    for (a = 2; a < argc; a++) {
        const char *arg = argv[a];
        const char *inline_val = NULL;
        size_t len = 0;

        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            if (cmd->positional == NULL)
                FAIL("unexpected argument '%s' (see 'nninit %s --help')", arg,
                     cmd->name);
            else if (positional != NULL)
                FAIL("unexpected argument '%s': one %s at most (see 'nninit "
                     "%s --help')",
                     arg, cmd->positional, cmd->name);
            else
                positional = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            len = eq != NULL ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
            inline_val = eq != NULL ? eq + 1 : NULL;
            for (i = 0; i < n; i++)
                if (strlen(rows[i]->name) == len &&
                    strncmp(rows[i]->name, arg + 2, len) == 0 &&
                    row_active(rows[i], schemes))
                    break;
            len += 2;
        } else {
            len = strlen(arg);
            for (i = 0; i < n; i++)
                if (arg[2] == '\0' && rows[i]->short_name == arg[1])
                    break;
        }
        if (i == n) {
            FAIL("unknown option '%.*s' for 'nninit %s' (see 'nninit %s "
                 "--help')",
                 (int)len, arg, cmd->name, cmd->name);
            continue;
        }
        if (rows[i]->metavar != NULL) {
            if (inline_val == NULL) {
                if (a + 1 >= argc) {
                    FAIL("option --%s needs a value", rows[i]->name);
                    continue;
                }
                inline_val = argv[++a];
            }
        } else if (inline_val != NULL) {
            FAIL("option --%s takes no value", rows[i]->name);
            continue;
        }
        if (rows[i]->flags & CLI_HELP)
            help = 1;
        else if (given[i] && !(rows[i]->flags & CLI_REPEAT))
            FAIL("option --%s given twice", rows[i]->name);
        given[i] = 1;
        val[i] = inline_val;
    }
#undef FAIL
    if (help) {
        cli_help(cmd);
        return 1;
    }
    if (failed) {
        cli_error("%s", err);
        return -1;
    }

    /* Pass 2: the scheme first (its defaults are the parameters' starting
     * point), then every row in table order. */
    for (i = 0; i < n; i++)
        if (rows[i]->flags & CLI_SCHEME) {
            sel = rows[i];
            desc = (nninit_desc *)((char *)cfg + sel->offset);
            if (!given[i]) {
                cli_error("missing required option --%s (see 'nninit %s "
                          "--help')",
                          sel->name, cmd->name);
                return -1;
            }
            if (parse_value(sel, val[i], &scheme, 1, why, sizeof why) != NULL) {
                cli_error("bad value '%s' for --%s: %s", val[i], sel->name,
                          why);
                return -1;
            }
            nninit_desc_default((nninit_scheme)scheme, desc);
        }
    for (i = 0; i < n; i++) {
        const cli_opt *o = rows[i];
        const char *bad;
        void *to;
        if (o->flags & (CLI_SCHEME | CLI_HELP))
            continue;
        if (o->flags & CLI_PARAM) {
            if (given[i] && !(o->schemes & scheme_bit(scheme))) {
                cli_error("option --%s does not apply to --%s %s", o->name,
                          sel->name,
                          cli_enum_show(&cli_schemes, scheme, 1, nm));
                return -1;
            }
            if (!given[i] && (o->required & scheme_bit(scheme))) {
                cli_error("missing required option --%s for --%s %s", o->name,
                          sel->name,
                          cli_enum_show(&cli_schemes, scheme, 1, nm));
                return -1;
            }
            to = (char *)desc + o->offset;
        } else {
            if (!given[i] && (o->flags & CLI_REQUIRED)) {
                cli_error("missing required option --%s (see 'nninit %s "
                          "--help')",
                          o->name, cmd->name);
                return -1;
            }
            to = (char *)cfg + o->offset;
        }
        if (!given[i])
            continue;
        bad = parse_value(o, val[i], to, 1, why, sizeof why);
        if (bad == NULL && o->check != NULL)
            bad = o->check(desc);
        if (bad != NULL) {
            if (o->metavar != NULL)
                cli_error("bad value '%s' for --%s: %s", val[i], o->name, bad);
            else
                cli_error("option --%s: %s", o->name, bad);
            return -1;
        }
    }
    if (positional != NULL)
        *(const char **)((char *)cfg + cmd->positional_offset) = positional;
    if (seen != NULL) {
        seen->cmd = cmd;
        memcpy(seen->given, given, sizeof given);
    }
    return 0;
}

/* -------------------------------------------------------------- help */

#define HELP_COL CLI_HELP_COL
#define HELP_WIDTH 79

void cli_wrap(const char *text, int at, int col)
{
    const char *p = text;
    while (*p != '\0') {
        size_t w = strcspn(p, " ");
        if (at > col && at + 1 + (int)w > HELP_WIDTH) {
            printf("\n%*s", col, "");
            at = col;
        } else if (at > col) {
            putchar(' ');
            at++;
        }
        for (; at < col; at++)
            putchar(' ');
        printf("%.*s", (int)w, p);
        at += (int)w;
        p += w;
        while (*p == ' ')
            p++;
    }
    putchar('\n');
}

/* The value of parameter o in desc, as text. */
static const char *param_text(const cli_opt *o, const nninit_desc *d, int dash,
                              char buf[CLI_NAME_MAX])
{
    const void *at = (const char *)d + o->offset;
    if (o->kind == CLI_DOUBLE) {
        double x;
        memcpy(&x, at, sizeof x);
        return cli_fmt_double(buf, x);
    }
    return cli_enum_show(o->choices, get_int(at), dash, buf);
}

/* "(for a, b) [default: 0]" or "[default: 0 for a, b; -2 for c]". */
static void param_notes(const cli_opt *o, uint64_t schemes, char *buf,
                        size_t cap)
{
    char vals[8][CLI_NAME_MAX], who[8][256], nm[CLI_NAME_MAX];
    int nv = 0, k, s, all = 1;
    size_t len = 0;
    for (s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
        nninit_desc d;
        char v[CLI_NAME_MAX];
        if (!(schemes & scheme_bit(s)))
            continue;
        if (!(o->schemes & scheme_bit(s))) {
            all = 0;
            continue;
        }
        nninit_desc_default((nninit_scheme)s, &d);
        if (o->required & scheme_bit(s))
            snprintf(v, sizeof v, "required");
        else
            param_text(o, &d, 1, v);
        for (k = 0; k < nv && strcmp(vals[k], v) != 0; k++)
            ;
        if (k == nv) {
            if (nv == 8)
                continue;
            snprintf(vals[nv], sizeof vals[nv], "%s", v);
            who[nv++][0] = '\0';
        }
        cli_enum_show(&cli_schemes, s, 1, nm);
        snprintf(who[k] + strlen(who[k]), sizeof who[k] - strlen(who[k]),
                 "%s%s", who[k][0] != '\0' ? ", " : "", nm);
    }
    buf[0] = '\0';
    if (!all) {
        char list[512] = "";
        for (k = 0; k < nv; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     k > 0 ? ", " : "", who[k]);
        len += (size_t)snprintf(buf + len, cap - len, "(%s) ", list);
    }
    for (k = 0; k < nv && len < cap; k++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s%s%s%s",
                                k == 0 ? "[default: " : "; ", vals[k],
                                nv > 1 ? " for " : "", nv > 1 ? who[k] : "",
                                k == nv - 1 ? "]" : "");
}

static void help_row(const cli_opt *o, uint64_t schemes)
{
    char left[64], text[2048], notes[1024], list[512];
    int at;
    if (o->short_name != 0)
        snprintf(left, sizeof left, "  -%c, --%s%s%s", o->short_name, o->name,
                 o->metavar ? " " : "", o->metavar ? o->metavar : "");
    else
        snprintf(left, sizeof left, "  --%s%s%s", o->name,
                 o->metavar ? " " : "", o->metavar ? o->metavar : "");
    fputs(left, stdout);
    at = (int)strlen(left);
    if (at > HELP_COL - 2) {
        printf("\n");
        at = 0;
    }
    snprintf(text, sizeof text, "%s", o->help);
    if (o->kind == CLI_ENUM && !(o->flags & CLI_SCHEME)) {
        /* The names go after the sentence, before a written default. */
        char *def = strstr(text, " [default:");
        char rest[256] = "";
        if (def != NULL) {
            snprintf(rest, sizeof rest, "%s", def);
            *def = '\0';
        }
        cli_enum_list(o->choices, UINT64_MAX, 1, list, sizeof list);
        snprintf(text + strlen(text), sizeof text - strlen(text), ": %s%s",
                 list, rest);
    }
    if (o->flags & CLI_PARAM) {
        param_notes(o, schemes, notes, sizeof notes);
        snprintf(text + strlen(text), sizeof text - strlen(text), " %s", notes);
    }
    if (o->flags & CLI_REQUIRED)
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 " (required)");
    cli_wrap(text, at, HELP_COL);
    if (o->flags & CLI_SCHEME) {
        /* The offered schemes, one line each. */
        int s;
        char nm[CLI_NAME_MAX];
        for (s = 0; s < NNINIT_SCHEME_COUNT_; s++) {
            const char *h = cli_scheme_help((nninit_scheme)s);
            if (!(o->schemes & scheme_bit(s)))
                continue;
            printf("    %-19s", cli_enum_show(&cli_schemes, s, 1, nm));
            at = 4 + (int)strlen(nm) > 23 ? 4 + (int)strlen(nm) : 23;
            cli_wrap(h != NULL ? h : "", at, HELP_COL);
        }
    }
}

void cli_help(const cli_cmd *cmd)
{
    const cli_opt *rows[CLI_MAX_OPTS];
    size_t n = flatten(cmd, rows);
    uint64_t schemes = offered(rows, n);
    const cli_group *g;
    const cli_opt *o;

    fputs(cmd->usage, stdout);
    for (g = cmd->groups; g->opts != NULL; g++) {
        if (g->heading != NULL)
            printf("\n%s\n", g->heading);
        for (o = g->opts; o->name != NULL; o++)
            if (row_active(o, schemes))
                help_row(o, schemes);
    }
    if (cmd->tail != NULL)
        fputs(cmd->tail, stdout);
}

void cli_describe(const nninit_desc *d, int dash, char *buf, size_t cap)
{
    char nm[CLI_NAME_MAX], v[CLI_NAME_MAX];
    const cli_opt *o;
    size_t len;
    int first = 1;
    len = (size_t)snprintf(
        buf, cap, "%s(", cli_enum_show(&cli_schemes, (int)d->scheme, dash, nm));
    for (o = cli_params; o->name != NULL && len < cap; o++) {
        if (!(o->schemes & scheme_bit((int)d->scheme)))
            continue;
        len +=
            (size_t)snprintf(buf + len, cap - len, "%s%s=%s", first ? "" : ", ",
                             o->name, param_text(o, d, dash, v));
        first = 0;
    }
    if (len < cap)
        snprintf(buf + len, cap - len, ")");
}
