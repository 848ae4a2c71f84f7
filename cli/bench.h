/* `nninit bench`: a quick throughput table (see bench.c). */
#ifndef NNINIT_CLI_BENCH_H
#define NNINIT_CLI_BENCH_H

#include "opt.h"

/* The options of `nninit bench`. */
extern const cli_cmd cli_bench_cmd;

/* Runs `nninit bench` with argv[2..argc); returns the exit status. */
int cli_bench(int argc, char **argv);

#endif /* NNINIT_CLI_BENCH_H */
