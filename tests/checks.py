"""What the tool's Python tests share: counted checks with one line per
failure on stderr and a summary and exit status at the end, either as a
Checks object (cli_test, model_test, hf_test, fault_test, bits_test) or
through the module-level check() and finish() (abi_test, man_test);
need_numpy(), scratch(), tool_env() and run_tool(), the setting up and
running of the tool; and held_open(), the wait for a writer's open
output."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile


class Checks:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.fails = []
        self.notes = []

    def __call__(self, cond, what):
        """Counts a check; prints what when cond is false. Returns cond."""
        self.count += 1
        if not cond:
            self.fails.append(what)
            print("FAIL:", what, file=sys.stderr)
        return cond

    def note(self, what):
        self.notes.append(what)
        print("%s: note: %s" % (self.name, what), file=sys.stderr)

    def finish(self):
        print("%s: %d checks, %d failures, %d notes" % (self.name, self.count, len(self.fails), len(self.notes)))
        sys.exit(1 if self.fails else 0)


def need_numpy(name):
    """numpy, or exit with a failure: CI installs python3-numpy, so a test
    that needs it fails loudly rather than skip."""
    try:
        import numpy
    except ImportError as e:
        sys.exit("%s: FAIL: numpy is required (apt install python3-numpy): %s" % (name, e))
    return numpy


def scratch(prefix):
    """A new temporary folder, removed with its contents at exit."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def tool_env(*drop):
    """This process's environment without the variables named (e.g.
    NNINIT_ISA), so that the tool's options and defaults are what a test
    sees."""
    return {k: v for k, v in os.environ.items() if k not in drop}


def run_tool(cmd, env, timeout=240, errors="replace", **kw):
    """Runs cmd (the tool and its arguments, after any launcher) and
    returns (exit status, stdout, stderr), both read as UTF-8; errors is
    what to do with bytes that are not ("strict": raise)."""
    p = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors=errors, env=env, timeout=timeout, **kw)
    return p.returncode, p.stdout, p.stderr


def held_open(pid, folder):
    """The name of a file of folder that process pid holds open (a writer's
    output: '#inode (deleted)' when unnamed, '.nninit-XXXXXX' when named),
    or None. folder must be a real path (no symlinks)."""
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return None
    for fd in fds:
        try:
            name = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if os.path.dirname(name) == folder:
            return os.path.basename(name)
    return None


FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)


def finish(summary):
    """Prints 'summary: ok' or 'summary: FAIL (n)' and exits 0 or 1."""
    print("%s: %s" % (summary, "FAIL (%d)" % len(FAILS) if FAILS else "ok"))
    sys.exit(1 if FAILS else 0)
