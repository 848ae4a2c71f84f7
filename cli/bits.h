/* `nninit bits`: the raw or distribution-mapped stream on standard output
 * for external batteries such as dieharder (see bits.c). */
#ifndef NNINIT_CLI_BITS_H
#define NNINIT_CLI_BITS_H

/* The help text of `nninit bits`. */
extern const char cli_bits_help[];

/* Runs `nninit bits` with argv[2..argc); returns the exit status. */
int cli_bits(int argc, char **argv);

#endif /* NNINIT_CLI_BITS_H */
