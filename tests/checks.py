"""The check-and-report helper of tests/abi_test.py and tests/man_test.py:
every failed check is printed and counted, and finish() exits non-zero if
any failed (so one run lists every problem, not just the first)."""
import sys

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)


def finish(summary):
    """Prints 'summary: ok' or 'summary: FAIL (n)' and exits 0 or 1."""
    print("%s: %s" % (summary, "FAIL (%d)" % len(FAILS) if FAILS else "ok"))
    sys.exit(1 if FAILS else 0)
