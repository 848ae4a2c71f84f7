"""What the tool's newer Python tests share: counted checks with one line
per failure on stderr and a summary and exit status at the end, either as a
Checks object (fault_test, bits_test) or through the module-level check()
and finish() (abi_test, man_test); and held_open(), the wait for a writer's
open output."""
import os
import sys


class Checks:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.fails = []
        self.notes = []

    def __call__(self, cond, what):
        self.count += 1
        if not cond:
            self.fails.append(what)
            print("FAIL:", what, file=sys.stderr)

    def note(self, what):
        self.notes.append(what)
        print("%s: note: %s" % (self.name, what), file=sys.stderr)

    def finish(self):
        print("%s: %d checks, %d failures, %d notes" % (self.name, self.count, len(self.fails), len(self.notes)))
        sys.exit(1 if self.fails else 0)


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
