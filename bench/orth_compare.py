#!/usr/bin/python3
"""Orthogonal initialization: nninit_orthogonal against
torch.nn.init.orthogonal_ (float32), one run, one process. Prints a
markdown table for docs/performance.md ("Orthogonal initialization").

Usage: bench/orth_compare.py [BUILD_DIR] [--sizes 1024,2048,4096]
                             [--reps R] [--torch-reps R]

For each n: torch with 1 thread, nninit with 1 thread and with 2 threads
(nninit_set_num_threads), each the best of its repetitions; wall time and
the process's CPU time (which a busy machine inflates less: a shared
machine steals wall time, not CPU time). GFLOP/s counts the textbook
4/3 n^3 of Householder QR plus 4/3 n^3 of forming Q (LAPACK's sgeqrf +
sorgqr count, which torch runs too), against the FMA peak given by
--peak (GFLOP/s per core; default: 2 FMA pipes x 8 float lanes x 2 flops
x the clock of /proc/cpuinfo).
"""
import argparse
import ctypes
import os
import re
import sys
import time

import numpy as np
import torch

ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default="build")
ap.add_argument("--sizes", default="1024,2048,4096")
ap.add_argument("--reps", type=int, default=3)
ap.add_argument("--torch-reps", type=int, default=1)
ap.add_argument("--peak", type=float, default=0.0)
a = ap.parse_args()

lib = ctypes.CDLL(os.path.join(a.build, "libnninit.so"))


class Rng(ctypes.Structure):
    _fields_ = [("seed", ctypes.c_uint64), ("stream", ctypes.c_uint64),
                ("offset", ctypes.c_uint64)]


lib.nninit_orthogonal.argtypes = [Rng, ctypes.c_int, ctypes.c_void_p,
                                  ctypes.POINTER(ctypes.c_int64),
                                  ctypes.c_size_t, ctypes.c_double]
lib.nninit_isa_name.restype = ctypes.c_char_p
lib.nninit_isa_active.restype = ctypes.c_int


def timed(fn, reps):
    best_w = best_c = float("inf")
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        best_w = min(best_w, time.perf_counter() - w0)
        best_c = min(best_c, time.process_time() - c0)
    return best_w, best_c


def nninit_run(n, threads):
    out = np.empty((n, n), np.float32)
    shape = (ctypes.c_int64 * 2)(n, n)
    lib.nninit_set_num_threads(threads)

    def go():
        st = lib.nninit_orthogonal(Rng(1, 0, 0), 0, out.ctypes.data, shape, 2,
                                   1.0)
        if st != 0:
            sys.exit("nninit_orthogonal failed: %d" % st)
    return timed(go, a.reps)


def torch_run(n):
    torch.set_num_threads(1)
    t = torch.empty(n, n, dtype=torch.float32)
    torch.manual_seed(0)
    return timed(lambda: torch.nn.init.orthogonal_(t), a.torch_reps)


peak = a.peak
if peak <= 0:
    mhz = 0.0
    with open("/proc/cpuinfo") as f:
        for line in f:
            m = re.match(r"cpu MHz\s*:\s*([\d.]+)", line)
            if m:
                mhz = float(m.group(1))
                break
    peak = 2 * 8 * 2 * mhz / 1e3
isa = lib.nninit_isa_name(lib.nninit_isa_active()).decode()
print("nninit path %s, torch %s, FMA peak %.1f GFLOP/s per core, load %s"
      % (isa, torch.__version__, peak, os.getloadavg()))
print()
print("| n | torch 1 thr wall (cpu) s | nninit 1 thr wall (cpu) s | "
      "speed-up wall (cpu) | nninit GFLOP/s (cpu), % of peak | "
      "nninit 2 thr wall s | 2 thr / 1 thr |")
print("|---|---|---|---|---|---|---|")
for n in [int(s) for s in a.sizes.split(",")]:
    flops = 8.0 / 3.0 * n ** 3
    tw, tc = torch_run(n)
    w1, c1 = nninit_run(n, 1)
    w2, _ = nninit_run(n, 2)
    gf = flops / c1 / 1e9
    print("| %d | %.3f (%.3f) | %.3f (%.3f) | %.1fx (%.1fx) | %.1f, %.0f%% | "
          "%.3f | %.2fx |" % (n, tw, tc, w1, c1, tw / w1, tc / c1, gf,
                              100 * gf / peak, w2, w1 / w2))
    sys.stdout.flush()
