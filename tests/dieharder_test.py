#!/usr/bin/python3
"""The random stream through an external battery: Debian's dieharder.

Usage: dieharder_test.py PATH/TO/nninit

Runs a fixed selection of dieharder's tests on five streams written by
`nninit bits` (the raw Philox words; float32 uniforms; float32 normals by
Ziggurat, Box-Muller and inverse CDF, each mapped back to uniform through
its own CDF, 16 bits per value), each test on its own (seed, stream), and
applies the pass rule below. The full `dieharder -a` results are recorded
in docs/dieharder.md.

Pass rule. Each result line of dieharder is a p-value that is uniform on
[0, 1] for a good generator. dieharder calls a line WEAK when p < 0.005 or
p > 0.995 (probability 0.01 under a good generator) and FAILED when
p < 1e-6 or p > 1 - 1e-6 (probability 2e-6). With K lines, independent
(every test reads its own stream), the number of WEAK lines is
Binomial(K, 0.01). We allow no FAILED line (a false alarm has probability
about K * 2e-6 = 1e-4 for K = 50) and at most W WEAK ones, W the least
count with P(Binomial(K, 0.01) > W) < 1e-3 (computed below: W = 4 for
K = 50). The seeds are fixed, so the verdict is the same on every run; the
rule says how unlikely a failure is for a correct generator. A defect that
dieharder sees in these tests gives p-values near 0 (FAILED) on most lines,
far past the rule. A control run on a constant stream must FAIL, so that a
broken harness cannot pass.
"""
import math
import shutil
import subprocess
import sys

if len(sys.argv) != 2:
    sys.exit("usage: dieharder_test.py NNINIT")
EXE = sys.argv[1]
DIEHARDER = shutil.which("dieharder")
if DIEHARDER is None:
    sys.exit("dieharder_test: FAIL: dieharder is required (apt install dieharder)")

# Quick tests rated "Good" by dieharder (-d numbers); about 1.5 min per
# stream on a busy 2-core machine. The slow ones (rank 32x32, STS runs,
# RGB bit distribution, the full -a) are in docs/dieharder.md.
TESTS = [0, 8, 15, 100, 204, 205, 206, 208]
STREAMS = {
    "raw": [],
    "uniform": ["--as", "uniform"],
    "normal ziggurat": ["--as", "normal", "--method", "ziggurat"],
    "normal box-muller": ["--as", "normal", "--method", "box-muller"],
    "normal icdf": ["--as", "normal", "--method", "icdf"],
}
SEED = 20260415
WEAK_P, FAIL_P = 0.005, 1e-6


def run_test(source_cmd, d):
    """Runs dieharder -d d on the words source_cmd writes; returns the
    p-values and the source's exit status."""
    src = subprocess.Popen(source_cmd, stdout=subprocess.PIPE)
    out = subprocess.run([DIEHARDER, "-g", "200", "-d", str(d)], stdin=src.stdout,
                         capture_output=True, text=True, timeout=1800).stdout
    src.stdout.close()  # dieharder is done: the writer sees EPIPE
    rc = src.wait(timeout=300)
    ps = []
    for line in out.splitlines():
        cols = [c.strip() for c in line.split("|")]
        if len(cols) == 6 and cols[5] in ("PASSED", "WEAK", "FAILED"):
            ps.append((cols[0], float(cols[4])))
    return ps, rc


def classify(p):
    if p < FAIL_P or p > 1 - FAIL_P:
        return "FAILED"
    if p < WEAK_P or p > 1 - WEAK_P:
        return "WEAK"
    return "PASSED"


def weak_allowed(k, alpha=1e-3):
    """Least w with P(Binomial(k, 0.01) > w) < alpha."""
    q = 2 * WEAK_P
    tail = 1.0
    for w in range(k + 1):
        tail -= math.comb(k, w) * q ** w * (1 - q) ** (k - w)
        if tail < alpha:
            return w
    return k


fails = []
# The control: a constant stream must fail STS monobit outright.
ZEROS = "import os\ntry:\n    while True: os.write(1, bytes(1 << 20))\nexcept OSError: pass"
control, _ = run_test([sys.executable, "-c", ZEROS], 100)
if not control or classify(control[0][1]) != "FAILED":
    fails.append("control: a constant stream did not FAIL sts_monobit: %r" % control)

lines = []
for k, (name, extra) in enumerate(STREAMS.items()):
    for d in TESTS:
        cmd = [EXE, "bits", "--seed", str(SEED), "--stream", str(1000 * k + d)] + extra
        ps, rc = run_test(cmd, d)
        if not ps:
            fails.append("%s, -d %d: no result from dieharder" % (name, d))
        if rc != 0:
            fails.append("%s, -d %d: nninit bits exited %d when the reader closed" % (name, d, rc))
        for test, p in ps:
            verdict = classify(p)
            lines.append((name, test, p, verdict))
            print("%-18s %-22s p = %.6f  %s" % (name, test, p, verdict))

n_weak = sum(v == "WEAK" for _, _, _, v in lines)
n_failed = sum(v == "FAILED" for _, _, _, v in lines)
w = weak_allowed(len(lines))
print("dieharder_test: %d lines, %d WEAK (at most %d allowed), %d FAILED (none allowed)"
      % (len(lines), n_weak, w, n_failed))
if n_failed > 0:
    fails.append("%d FAILED lines" % n_failed)
if n_weak > w:
    fails.append("%d WEAK lines, more than %d" % (n_weak, w))
for f in fails:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if fails else 0)
