/*
 * The processes of a job. Built with MPI (meson -Dmpi=enabled, OpenMPI's
 * mpi.h), `nninit model --mpi` takes its rank and size from MPI_COMM_WORLD
 * and agrees on the outcome with MPI_Allreduce; built without it, --mpi
 * is a usage error and the rest of the tool is unchanged.
 */
#ifndef NNINIT_CLI_RANKS_H
#define NNINIT_CLI_RANKS_H

/* Initializes MPI and gives this process's rank and the job's size.
 * Prints one error line and returns -1 if the tool has no MPI. */
int ranks_init(unsigned *rank, unsigned *size);

/* Every rank passes its exit status; returns the largest (so one rank's
 * failure is every rank's). Also a barrier: it returns once all ranks
 * have called it. Without ranks_init, returns status. Every rank calls it
 * the same number of times (or, failing before the first, ranks_finish
 * stands in for it). */
int ranks_agree(int status);

/* Agrees on status if ranks_agree was never called (a rank that failed
 * before its first call still takes part in the collective the others wait
 * in; they all stop after it), then finalizes MPI if ranks_init
 * initialized it. Returns the agreed status. */
int ranks_finish(int status);

#endif /* NNINIT_CLI_RANKS_H */
