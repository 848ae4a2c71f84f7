/*
 * One option table per command (git's parse-options, zstd's CLI): each row
 * names an option once, with its value parser, where the value goes, the
 * schemes it applies to and its help line. Parsing, validation, --help and
 * the one-line description of a run (--verbose, errors) are all made from
 * the rows, so an option cannot be parsed one way and documented another.
 *
 * The enums (dtype, scheme, method, mode, nonlinearity, distribution, isa)
 * are spelled by the library's name tables (nninit_*_name,
 * nninit_*_from_name), shared with the model-spec reader.
 */
#ifndef NNINIT_CLI_OPT_H
#define NNINIT_CLI_OPT_H

#include <stddef.h>
#include <stdint.h>

#include "nninit.h"

/* ------------------------------------------------------------- enums */

/* An enum as the tool and specs spell it: the library's names, with '_'
 * shown as '-' on the command line when dash is set (scheme, method, mode
 * and distribution; nonlinearities keep torch's spelling there too). */
typedef struct cli_enum {
    const char *(*name)(int value); /* canonical name; NULL outside the enum */
    int (*lookup)(const char *name, int *value); /* 0 when found */
    int first;                                   /* lowest value */
    int dash;
} cli_enum;

extern const cli_enum cli_dtypes, cli_schemes, cli_methods, cli_modes,
    cli_nonlinearities, cli_distributions, cli_isas, cli_layouts;

#define CLI_NAME_MAX 64

/* The name of v as the command line (dash != 0) or a spec spells it. */
const char *cli_enum_show(const cli_enum *e, int v, int dash,
                          char buf[CLI_NAME_MAX]);

/* "a, b, c": the canonical names, of the values whose bit is set in mask
 * (bit v for value v; negative values are always listed). */
void cli_enum_list(const cli_enum *e, uint64_t mask, int dash, char *buf,
                   size_t cap);

/* ------------------------------------------------------------ options */

typedef enum cli_kind {
    CLI_FLAG,   /* no value: sets an int to 1 */
    CLI_U64,    /* uint64_t: decimal or 0x hex (cli_parse_u64) */
    CLI_DOUBLE, /* double (cli_parse_double) */
    CLI_ENUM,   /* an enum (int-sized) named by `choices` */
    CLI_PATH,   /* const char *: a non-empty file name */
    CLI_AXES,   /* nninit_axes: "A[,B...]", integers, negative from the end */
    CLI_CUSTOM  /* `parse` */
} cli_kind;

enum {
    CLI_REQUIRED = 1u, /* the command needs it */
    CLI_REPEAT = 2u,   /* may be given more than once (a flag) */
    CLI_SCHEME = 4u,   /* chooses the scheme: an nninit_desc at `offset`
                          receives the scheme's defaults, then the
                          CLI_PARAM options */
    CLI_PARAM = 8u,    /* a scheme parameter: `offset` is into nninit_desc */
    CLI_HELP = 16u     /* prints the help and exits 0, wherever it stands */
};

/* Bit of a scheme in the `schemes` and `required` masks. */
#define CLI_S(x) (UINT64_C(1) << NNINIT_SCHEME_##x)

typedef struct cli_opt {
    const char *name;    /* long name without "--"; NULL ends a table */
    char short_name;     /* 0: none */
    const char *metavar; /* NULL: takes no value */
    cli_kind kind;
    size_t offset; /* where the value goes in the command's config (or in
                      its nninit_desc for CLI_PARAM) */
    const cli_enum *choices;                         /* CLI_ENUM */
    const char *(*parse)(const char *val, void *to); /* CLI_CUSTOM: NULL or
                                                        why not */
    unsigned flags;
    uint64_t schemes;  /* CLI_SCHEME: those offered; CLI_PARAM: those that
                          take it */
    uint64_t required; /* CLI_PARAM: the schemes that cannot do without */
    /* CLI_PARAM: a rule that spans parameters; NULL or why not. */
    const char *(*check)(const nninit_desc *d);
    const char *help; /* one sentence; defaults of CLI_PARAM options, the
                         names of CLI_ENUM ones and the applicable schemes
                         are added from the library */
} cli_opt;

/* A section of a command's options; NULL opts ends a command's list. */
typedef struct cli_group {
    const char *heading; /* NULL: continues the section above */
    const cli_opt *opts;
} cli_group;

typedef struct cli_cmd {
    const char *name;
    const char *usage; /* "Usage: ..." and the description */
    const cli_group *groups;
    const char *positional;   /* NULL: takes none; else at most one */
    size_t positional_offset; /* const char * in the config */
    const char *tail;         /* printed after the options (examples) */
} cli_cmd;

/* "A,B" into axes; NULL or why not. */
const char *cli_parse_axes(const char *val, nninit_axes *axes);

/* The scheme parameters (value, low, high, mean, std, a, b, gain, scale,
 * mode, nonlinearity, distribution, method, fan layout and axes, groups,
 * sparsity): the rows `fill`, `init` and
 * the model spec reader share. A new scheme parameter is one row here (a
 * field of nninit_desc); a new scheme is its bit in the rows of the
 * parameters it takes and its line in cli_scheme_help. */
extern const cli_opt cli_params[];

/* One line per scheme for help texts; NULL for a scheme without one. */
const char *cli_scheme_help(nninit_scheme s);

/* Whether every element of the scheme's tensor depends on all of it (the
 * orthogonal schemes): the library then computes the whole tensor on each
 * nninit_init_range call, so a writer computes it once with nninit_init
 * and writes it out in chunks. */
int cli_scheme_whole(nninit_scheme s);

/* The row of cli_params named name ('_' for '-' accepted), NULL if none. */
const cli_opt *cli_param_find(const char *name);

/* What a parse saw, for options whose absence means something. */
#define CLI_MAX_OPTS 64
typedef struct cli_seen {
    const cli_cmd *cmd;
    unsigned char given[CLI_MAX_OPTS];
} cli_seen;

/* Parses argv[2..argc) into cfg, which holds the defaults of the options
 * that are not CLI_PARAM. Returns 1 when --help was given (the help is
 * printed), 0 when parsed, -1 on an error (one line printed). seen may be
 * NULL. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *cfg,
              cli_seen *seen);

/* Whether option --name was given. */
int cli_given(const cli_seen *seen, const char *name);

/* Prints text on stdout word-wrapped to 79 columns, continuation lines
 * starting at column col; the cursor is at column at. Ends the line. */
#define CLI_HELP_COL 24
void cli_wrap(const char *text, int at, int col);

/* Prints the help of cmd on stdout. */
void cli_help(const cli_cmd *cmd);

/* "scheme(param=value, ...)" of the parameters the scheme takes, as the
 * command line spells them (dash) or a spec does. */
void cli_describe(const nninit_desc *d, int dash, char *buf, size_t cap);

#endif /* NNINIT_CLI_OPT_H */
