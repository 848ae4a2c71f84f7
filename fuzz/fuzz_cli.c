/*
 * libFuzzer target: the command line of every command of the tool, run
 * in-process through its main() (cli/main.c compiled with
 * -Dmain=nninit_cli_main; the tool never calls exit()).
 *
 * Input: the arguments after "nninit", one per line, then optionally an
 * empty line and the contents of a file "spec.json" (for `nninit model
 * spec.json`). Every '/' in an argument becomes '_', so all paths are
 * names in a private temporary folder, the working directory; standard
 * output goes to a regular file there. Files are limited to 4 MiB
 * (RLIMIT_FSIZE; the tool reports EFBIG as a write error), so a huge
 * shape or the built-in GPT-2 fails fast instead of filling the disk;
 * `bench` gets "--time 0 --sizes 4K --isa scalar" appended (later options
 * win), so its parser is fuzzed while it times one path at one size. A crash
 * happens inside the folder: give libFuzzer an absolute -artifact_prefix
 * (scripts/fuzz.sh does).
 *
 * Checked: no crash or sanitizer report; the exit status is 0, 1 or 2;
 * a failed run (1 or 2) left no file in the folder (a sharded model's
 * folder keeps its finished shards, by design, but no temporary); the
 * process state the tool may change (ISA, threads) is restored after each
 * run.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "nninit.h"

int nninit_cli_main(int argc, char **argv);

#define MAX_ARGS 48
#define MAX_ARG_LEN 512
#define FILE_LIMIT ((rlim_t)4 << 20)

static char g_dir[64];
static int g_home = -1; /* the directory libFuzzer was started in */

/* At exit (a fork-mode job ends, -runs done): the folder goes too. */
static void remove_folder(void)
{
    char path[sizeof g_dir + 16];
    snprintf(path, sizeof path, "%s/stdout.txt", g_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/spec.json", g_dir);
    unlink(path);
    rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(g_dir, sizeof g_dir, "/tmp/nninit-fuzz-cli-XXXXXX");
    if (mkdtemp(g_dir) == NULL)
        fuzz_fail("cannot make the temporary folder");
    atexit(remove_folder);
    g_home = open(".", O_RDONLY | O_DIRECTORY);
    if (g_home < 0)
        fuzz_fail("cannot open the working directory");
    struct rlimit rl = {FILE_LIMIT, FILE_LIMIT};
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        fuzz_fail("setrlimit(RLIMIT_FSIZE) failed");
    return 0;
}

/* A writer's temporary name (cli/atomic_file.c), which no run may leave. */
static int is_temporary(const char *name)
{
    return strncmp(name, ".nninit-", 8) == 0 || strstr(name, ".tmp") != NULL;
}

/* Removes a sharded model's folder (-o DIR --max-shard-size: the only
 * folder the tool makes; with no '/' in a name it holds only files). A
 * failed run keeps the shards it finished, for --resume, so they do not
 * count as left behind; a temporary does. */
static void remove_shard_folder(const char *name)
{
    DIR *d = opendir(name);
    char path[2 * MAX_ARG_LEN];
    if (d == NULL)
        fuzz_fail("cannot read a folder the tool made");
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (is_temporary(e->d_name))
            fuzz_fail("a run left a temporary in a sharded model's folder");
        snprintf(path, sizeof path, "%s/%s", name, e->d_name);
        if (unlink(path) != 0)
            fuzz_fail("cannot clean a folder the tool made");
    }
    closedir(d);
    if (rmdir(name) != 0)
        fuzz_fail("cannot remove a folder the tool made");
}

/* Removes the run's files (not the folder's standard output); returns how
 * many files there were. */
static int clean_folder(void)
{
    int n = 0;
    DIR *d = opendir(".");
    if (d == NULL)
        fuzz_fail("cannot read the temporary folder");
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "stdout.txt") == 0 ||
            strcmp(e->d_name, "spec.json") == 0)
            continue;
        if (e->d_type == DT_DIR) {
            remove_shard_folder(e->d_name);
            continue;
        }
        if (unlink(e->d_name) != 0)
            fuzz_fail("cannot clean the temporary folder");
        n++;
    }
    closedir(d);
    unlink("spec.json");
    return n;
}

static void write_spec(const uint8_t *data, size_t size)
{
    FILE *f = fopen("spec.json", "wb");
    if (f == NULL)
        fuzz_fail("cannot write spec.json");
    if (size > 0 && fwrite(data, 1, size, f) != size)
        fuzz_fail("cannot write spec.json");
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each run happens in the temporary folder; libFuzzer's own relative
     * paths (corpus, artifacts) are used between runs, back home. */
    if (chdir(g_dir) != 0)
        fuzz_fail("cannot enter the temporary folder");
    /* Here rather than in LLVMFuzzerInitialize, which runs before
     * -close_fd_mask points descriptor 1 at /dev/null. */
    static int stdout_moved;
    if (!stdout_moved) {
        if (freopen("stdout.txt", "w", stdout) == NULL)
            fuzz_fail("cannot send standard output to a file");
        stdout_moved = 1;
    }
    static char store[MAX_ARGS + 8][MAX_ARG_LEN];
    char *argv[MAX_ARGS + 8];
    int argc = 0;
    argv[argc++] = "nninit";

    size_t i = 0;
    int have_file = 0;
    while (i < size && argc < MAX_ARGS) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
        if (len == 0 && nl != NULL) { /* empty line: the file follows */
            have_file = 1;
            i++;
            break;
        }
        size_t keep = len < MAX_ARG_LEN - 1 ? len : MAX_ARG_LEN - 1;
        char *a = store[argc];
        for (size_t k = 0; k < keep; k++) {
            char ch = (char)data[i + k];
            a[k] = ch == '/' ? '_' : ch;
        }
        a[keep] = '\0';
        argv[argc++] = a;
        i += len + (nl != NULL);
    }
    if (have_file)
        write_spec(data + i, size - i);
    if (argc >= 2 && strcmp(argv[1], "bench") == 0) {
        static char *tail[] = {"--time", "0",     "--sizes",
                               "4K",     "--isa", "scalar"};
        for (size_t k = 0; k < 6; k++)
            argv[argc++] = tail[k];
    }
    argv[argc] = NULL;

    int status = nninit_cli_main(argc, argv);
    fflush(stdout);
    if (status != 0 && status != 1 && status != 2)
        fuzz_fail("exit status other than 0, 1 or 2");
    int left = clean_folder();
    if (status != 0 && left > 0)
        fuzz_fail("a failed run left a file behind");
    if (ftruncate(fileno(stdout), 0) != 0 || fseek(stdout, 0, SEEK_SET) != 0)
        fuzz_fail("cannot rewind standard output");
    nninit_isa_force(NNINIT_ISA_AUTO);
    nninit_set_num_threads(0);
    nninit_set_nt_threshold(0);
    if (fchdir(g_home) != 0)
        fuzz_fail("cannot return to the working directory");
    return 0;
}
