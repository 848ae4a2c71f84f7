/* The processes of a job, through MPI when the tool is built with it
 * (see ranks.h). */
#include "ranks.h"

#include "args.h"

#ifdef NNINIT_HAVE_MPI
#include <mpi.h>

static int g_started, g_agreed;

int ranks_init(unsigned *rank, unsigned *size)
{
    int provided, r, n;
    /* Only the main thread calls MPI; the library's workers and the writer
     * thread never do. */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        cli_error("MPI_Init_thread failed");
        return -1;
    }
    g_started = 1;
    if (MPI_Comm_rank(MPI_COMM_WORLD, &r) != MPI_SUCCESS ||
        MPI_Comm_size(MPI_COMM_WORLD, &n) != MPI_SUCCESS || r < 0 || n < 1) {
        cli_error("MPI_Comm_rank/MPI_Comm_size failed");
        return -1;
    }
    *rank = (unsigned)r;
    *size = (unsigned)n;
    return 0;
}

int ranks_agree(int status)
{
    int all = status;
    if (!g_started)
        return status;
    g_agreed = 1;
    if (MPI_Allreduce(&status, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD) !=
        MPI_SUCCESS) {
        cli_error("MPI_Allreduce failed");
        return status > CLI_EXIT_IO ? status : CLI_EXIT_IO;
    }
    return all;
}

int ranks_finish(int status)
{
    if (g_started) {
        if (!g_agreed)
            status = ranks_agree(status);
        MPI_Finalize();
    }
    g_started = 0;
    return status;
}

#else /* no MPI */

int ranks_init(unsigned *rank, unsigned *size)
{
    (void)rank;
    (void)size;
    cli_error("--mpi: this nninit was built without MPI (meson setup "
              "-Dmpi=enabled); use --shard-of K/N instead");
    return -1;
}

int ranks_agree(int status)
{
    return status;
}

int ranks_finish(int status)
{
    return status;
}

#endif
