/* nninit model: initialize a whole model into one .safetensors file. */
#ifndef NNINIT_CLI_MODEL_H
#define NNINIT_CLI_MODEL_H

/* Runs `nninit model ...` (argv[1] is "model"); returns the exit status. */
int cmd_model(int argc, char **argv);

/* Prints the help of `nninit model` on stdout. */
void model_help(void);

#endif /* NNINIT_CLI_MODEL_H */
