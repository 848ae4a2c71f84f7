#!/usr/bin/python3
"""Bulk initialization: nninit vs PyTorch on GPT-2 small, thread scaling,
and the end-to-end `nninit model` time. Prints a markdown table for
docs/performance.md ("Bulk initialization").

Usage: bench/gpt2_compare.py [BUILD_DIR] [--threads N] [--reps R] [--out-dir DIR]

BUILD_DIR (default: build) holds cli/nninit, cli/gpt2_init and
cli/thread_scaling. The model files are written to DIR (default: the
current directory) and removed afterwards. Ratios compare runs made one
after the other in this process: run it on an otherwise idle machine.
"""
import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default="build")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--out-dir", default=".")
a = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
cli = os.path.join(a.build, "cli")
env = {k: v for k, v in os.environ.items() if k not in ("NNINIT_ISA", "NNINIT_NUM_THREADS")}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("gpt2_compare: %s failed: %s" % (" ".join(cmd), p.stderr.strip()))
    return p.stdout + p.stderr


def best(text):
    """(best wall seconds, best CPU seconds) of a gpt2_init/gpt2_torch line."""
    m = re.search(r"best ([0-9.]+) s, .* best CPU ([0-9.]+) s", text)
    return float(m.group(1)), float(m.group(2))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


rows = []
scaling = run([os.path.join(cli, "thread_scaling"), "--threads", str(a.threads), "--reps", str(2 * a.reps)])
m = re.search(r"isa (\w+): 1 thread ([0-9.]+) s .* (\d+) threads ([0-9.]+) s .* speed-up ([0-9.]+)x", scaling)
isa, t1, tn, speedup = m.group(1), float(m.group(2)), float(m.group(4)), float(m.group(5))
rows.append(("16,777,216 f32 normals, 1 thread (nninit, %s)" % isa, t1, None, ""))
rows.append(("16,777,216 f32 normals, %d threads (nninit, %s)" % (a.threads, isa), tn, None,
             "**%.2fx** the 1-thread speed" % speedup))

for threads in sorted({1, a.threads}):
    for dtype in ("f32", "bf16"):
        nn = best(run([os.path.join(cli, "gpt2_init"), "--threads", str(threads), "--reps", str(a.reps),
                       "--dtype", dtype]))
        th = best(run(["/usr/bin/python3", os.path.join(here, "peers", "gpt2_torch.py"), "--threads",
                       str(threads), "--reps", str(a.reps), "--dtype", dtype]))
        rows.append(("GPT-2 small %s in memory, %d thread%s: nninit (%s)" % (dtype, threads, "s" if threads > 1 else "",
                                                                            isa), nn[0], nn[1],
                     "**%.1fx** PyTorch (CPU time: %.1fx)" % (th[0] / nn[0], th[1] / nn[1])))
        rows.append(("GPT-2 small %s in memory, %d thread%s: PyTorch normal_/zeros_/ones_" %
                     (dtype, threads, "s" if threads > 1 else ""), th[0], th[1], ""))

with tempfile.TemporaryDirectory(dir=a.out_dir, prefix="gpt2_compare_") as tmp:
    for dtype in ("f32", "bf16"):
        times, cpus = [], []
        for r in range(3):
            out = os.path.join(tmp, "gpt2.safetensors")
            t0, c0 = time.perf_counter(), children_cpu()
            text = run([os.path.join(cli, "nninit"), "model", "--dtype", dtype, "--threads", str(a.threads),
                        "-o", out, "--verbose"])
            times.append(time.perf_counter() - t0)
            cpus.append(children_cpu() - c0)
            split = re.search(r"generate ([0-9.]+) s, wait for writes ([0-9.]+) s, sync\+rename ([0-9.]+) s", text)
            size = os.path.getsize(out)
            os.unlink(out)
        rows.append(("`nninit model --dtype %s` end to end (%d MB file, fsync included), %d threads" %
                     (dtype, size // 10 ** 6, a.threads), min(times), min(cpus),
                     "last run: generate %s s, then waiting for writes %s s, sync+rename %s s" % split.groups()))

cpu = "?"
try:
    with open("/proc/cpuinfo") as fh:
        cpu = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("model name"))
except (OSError, StopIteration):
    pass
print("Measured %s on %s (%d CPUs), %s; load average %s; `%s`.\n" % (
    time.strftime("%Y-%m-%d"), cpu, os.cpu_count(), platform.platform(),
    " ".join("%.1f" % x for x in os.getloadavg()), " ".join(["bench/gpt2_compare.py"] + sys.argv[1:])))
print("| what | best wall (s) | best CPU (s) | |")
print("|---|---:|---:|---|")
for what, secs, cpu, note in rows:
    print("| %s | %.3f | %s | %s |" % (what, secs, "" if cpu is None else "%.3f" % cpu, note))
