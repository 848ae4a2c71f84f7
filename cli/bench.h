/* `nninit bench`: a quick throughput table (see bench.c). */
#ifndef NNINIT_CLI_BENCH_H
#define NNINIT_CLI_BENCH_H

/* The help text of `nninit bench`. */
extern const char cli_bench_help[];

/* Runs `nninit bench` with argv[2..argc); returns the exit status. */
int cli_bench(int argc, char **argv);

#endif /* NNINIT_CLI_BENCH_H */
