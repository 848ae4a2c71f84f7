/* nninit model: initialize a whole model into one .safetensors file. */
#ifndef NNINIT_CLI_MODEL_H
#define NNINIT_CLI_MODEL_H

/* Runs `nninit model ...` (argv[1] is "model"); returns the exit status. */
int cmd_model(int argc, char **argv);

#include "opt.h"

/* The options of `nninit model`. */
extern const cli_cmd cli_model_cmd;

#endif /* NNINIT_CLI_MODEL_H */
