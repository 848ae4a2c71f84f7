/* `nninit bits`: the raw or distribution-mapped stream on standard output
 * for external batteries such as dieharder (see bits.c). */
#ifndef NNINIT_CLI_BITS_H
#define NNINIT_CLI_BITS_H

#include "opt.h"

/* The options of `nninit bits`. */
extern const cli_cmd cli_bits_cmd;

/* Runs `nninit bits` with argv[2..argc); returns the exit status. */
int cli_bits(int argc, char **argv);

#endif /* NNINIT_CLI_BITS_H */
