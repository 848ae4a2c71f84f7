#!/usr/bin/python3
"""End-to-end test of the nninit command-line tool.

Usage: cli_test.py PATH/TO/nninit

Runs the built tool and checks: every dtype / distribution / method and
every init scheme writes a .npy that numpy loads with the right shape and
dtype and whose bytes are exactly what numpy.save writes for that array;
reruns are identical; --offset splits compose (also across the tool's
internal 1M-element chunks); values respect their bounds and the scales
(std, fans, gains) reach the library; bad arguments exit 2 with one line
on stderr and leave no file (and no temporary) behind; write failures exit
non-zero and leave nothing. numpy is required: without it the test fails.
"""
import atexit
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError as e:  # fail loudly: CI installs python3-numpy
    sys.exit("cli_test: FAIL: numpy is required (apt install python3-numpy): %s" % e)

EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: cli_test.py NNINIT")
TMP = tempfile.mkdtemp(prefix="nninit_cli_test_")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
FAILS = []
CHECKS = 0
# Run with NNINIT_ISA unset so that --isa / the default path are ours.
ENV = {k: v for k, v in os.environ.items() if k != "NNINIT_ISA"}


def check(cond, what):
    global CHECKS
    CHECKS += 1
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(args, env=None):
    p = subprocess.run([EXE] + args, capture_output=True, text=True, env=env or ENV, timeout=60)
    return p.returncode, p.stdout, p.stderr


def path(name):
    return os.path.join(TMP, name)


def dir_listing():
    return sorted(os.listdir(TMP))


def make(args, name):
    """Runs fill/init writing path(name); returns the loaded array or None."""
    out = path(name)
    if os.path.exists(out):
        os.unlink(out)
    rc, so, se = run(args + ["-o", out])
    check(rc == 0, "%s: exit %d, stderr %r" % (" ".join(args), rc, se))
    check(so == "" and se == "", "%s: not quiet: %r %r" % (" ".join(args), so, se))
    if rc != 0:
        return None
    raw = open(out, "rb").read()
    arr = np.load(out, allow_pickle=False)
    buf = io.BytesIO()
    np.save(buf, arr)
    check(buf.getvalue() == raw, "%s: file differs from numpy.save of the same array" % " ".join(args))
    return arr


DESCR = {"f32": "<f4", "f64": "<f8", "bf16": "<u2", "f16": "<f2"}


def as_float(arr, dtype):
    """bf16 bit patterns -> float32 values; others unchanged."""
    if dtype == "bf16":
        return (arr.astype(np.uint32) << 16).view(np.float32)
    return arr


def shape_of(s):
    return tuple(int(d) for d in s.split("x"))


# ------------------------------------------------------------ basics
rc, so, se = run(["--version"])
check(rc == 0 and so.startswith("nninit ") and se == "", "--version: %d %r %r" % (rc, so, se))
for args in (["--help"], ["-h"], ["help"], ["fill", "--help"], ["init", "--help"], ["info", "--help"],
             ["help", "fill"], ["fill", "--dist", "bogus", "--help"]):
    rc, so, se = run(args)
    check(rc == 0 and so.startswith("Usage: nninit") and se == "", "%s: %d %r" % (args, rc, se))
rc, so, _ = run(["fill", "--help"])
for word in ("--dist", "--method", "--low", "--high", "--mean", "--std", "--a", "--b", "--shape", "--dtype",
             "--seed", "--stream", "--offset", "--isa", "--output", "--verbose", "[default: ziggurat]"):
    check(word in so, "fill --help lacks %s" % word)
rc, so, _ = run(["init", "--help"])
for word in ("--scheme", "--gain", "--mode", "--nonlinearity", "--scale", "--distribution", "variance-scaling",
             "lecun-normal", "[default: leaky_relu]", "[default: truncated-normal]"):
    check(word in so, "init --help lacks %s" % word)

rc, so, se = run(["info"])
check(rc == 0 and se == "", "info: %d %r" % (rc, se))
supported = {}
for line in so.splitlines():
    f = line.split()
    if len(f) >= 2 and f[0] in ("scalar", "avx2", "avx512", "neon") and f[1] in ("yes", "no"):
        supported[f[0]] = f[1] == "yes"
check(set(supported) == {"scalar", "avx2", "avx512", "neon"}, "info lists every ISA: %r" % so)
check(supported.get("scalar"), "info: scalar supported")
check("CPU features:" in so and "Active ISA:" in so, "info fields: %r" % so)

# ------------------------------------------------------------ fill
FILLS = [
    ["--dist", "uniform"],
    ["--dist", "uniform", "--low", "-3", "--high", "-2.5"],
    ["--dist", "normal"],
    ["--dist", "normal", "--method", "ziggurat", "--mean", "1", "--std", "0.5"],
    ["--dist", "normal", "--method", "box-muller"],
    ["--dist", "normal", "--method", "icdf", "--std", "2"],
    ["--dist", "trunc-normal"],
    ["--dist", "trunc-normal", "--mean", "0.5", "--std", "3", "--a", "-1", "--b", "0.25"],
    ["--dist", "trunc-normal", "--a", "-inf", "--b", "0"],
]
for dtype in ("f32", "f64", "bf16", "f16"):
    for k, dist in enumerate(FILLS):
        for shape in ("7", "3x5", "2x0x4", "2x3x4x5"):
            base = ["fill"] + dist + ["--shape", shape, "--dtype", dtype, "--seed", "42", "--stream", "3"]
            name = "f_%s_%d_%s.npy" % (dtype, k, shape)
            a = make(base, name)
            if a is None:
                continue
            check(a.dtype.str == DESCR[dtype] and a.shape == shape_of(shape),
                  "%s: dtype %s shape %s" % (base, a.dtype.str, a.shape))
            again = make(base, name + ".2.npy")
            check(again is not None and again.tobytes() == a.tobytes(), "%s: rerun differs" % base)
        # offset splits compose: 100 == 60 + 40 at --offset 60
        base = ["fill"] + dist + ["--dtype", dtype, "--seed", "0x2a"]
        whole = make(base + ["--shape", "100"], "whole.npy")
        head = make(base + ["--shape", "60"], "head.npy")
        tail = make(base + ["--shape", "40", "--offset", "60"], "tail.npy")
        if whole is not None and head is not None and tail is not None:
            check(np.concatenate([head, tail]).tobytes() == whole.tobytes(), "%s: offset split differs" % base)
        # values and bounds
        big = make(["fill"] + dist + ["--dtype", dtype, "--shape", "4000"], "big.npy")
        if big is None:
            continue
        x = as_float(big, dtype).astype(np.float64)
        opts = dict(zip(dist[0::2], dist[1::2]))
        if opts["--dist"] == "uniform":
            lo, hi = float(opts.get("--low", 0)), float(opts.get("--high", 1))
            check(x.min() >= lo and x.max() < hi, "%s %s: uniform outside [lo, hi)" % (dist, dtype))
            check(abs(x.mean() - (lo + hi) / 2) < 0.05 * (hi - lo), "%s %s: uniform mean %g" % (dist, dtype, x.mean()))
        elif opts["--dist"] == "normal":
            m, s = float(opts.get("--mean", 0)), float(opts.get("--std", 1))
            check(abs(x.mean() - m) < 0.1 * s and abs(x.std() / s - 1) < 0.1,
                  "%s %s: normal mean %g std %g" % (dist, dtype, x.mean(), x.std()))
        else:
            a_, b_ = float(opts.get("--a", -2)), float(opts.get("--b", 2))
            check(x.min() >= a_ and x.max() <= b_, "%s %s: trunc-normal outside [a, b]" % (dist, dtype))
            check(np.unique(x).size > 100, "%s %s: trunc-normal degenerate" % (dist, dtype))

# Headers for many shapes (empty arrays: cheap), covering every padding
# length numpy may choose, long dimensions and 32 dimensions.
HEADER_SHAPES = ["0", "1x0", "1152921504606846975x0", "0x1152921504606846975",
                 "x".join(["10"] * 18 + ["0"]), "x".join(["3"] * 31 + ["0"])]
HEADER_SHAPES += ["0x" + "x".join(["1"] * k) for k in range(1, 32)]
HEADER_SHAPES += ["%dx0" % (10 ** k) for k in range(1, 18)] + ["0x%d" % (10 ** k) for k in range(1, 18)]
for shape in HEADER_SHAPES:
    for dtype in ("f32", "bf16"):
        a = make(["fill", "--dist", "uniform", "--shape", shape, "--dtype", dtype], "hdr.npy")
        check(a is not None and a.shape == shape_of(shape), "header for --shape %s" % shape)

# Chunking inside the tool (1M elements per step) is invisible: a fill of
# 2^20 + 37 equals a split at an unrelated boundary.
n = (1 << 20) + 37
whole = make(["fill", "--dist", "normal", "--shape", str(n), "--seed", "7"], "cw.npy")
head = make(["fill", "--dist", "normal", "--shape", "1000", "--seed", "7"], "ch.npy")
tail = make(["fill", "--dist", "normal", "--shape", str(n - 1000), "--seed", "7", "--offset", "1000"], "ct.npy")
if whole is not None and head is not None and tail is not None:
    check(np.concatenate([head, tail]).tobytes() == whole.tobytes(), "chunked fill differs from split fill")
for nm in ("cw.npy", "ch.npy", "ct.npy"):
    os.unlink(path(nm))

# Seeds, streams, the --opt=value form and the last index of the sequence.
a1 = make(["fill", "--dist", "uniform", "--shape", "16", "--seed", "1"], "s1.npy")
a2 = make(["fill", "--dist", "uniform", "--shape", "16", "--seed=0x1"], "s2.npy")
a3 = make(["fill", "--dist", "uniform", "--shape", "16", "--seed", "2"], "s3.npy")
a4 = make(["fill", "--dist", "uniform", "--shape", "16", "--seed", "1", "--stream", "1"], "s4.npy")
check(a1 is not None and a2 is not None and a1.tobytes() == a2.tobytes(), "--seed 1 != --seed=0x1")
check(a1 is not None and a3 is not None and a1.tobytes() != a3.tobytes(), "seeds 1 and 2 agree")
check(a1 is not None and a4 is not None and a1.tobytes() != a4.tobytes(), "streams 0 and 1 agree")
make(["fill", "--dist", "normal", "--shape", "1", "--seed", "18446744073709551615",
      "--offset", "0xffffffffffffffff"], "last.npy")

# Every supported ISA gives the same bytes (the library's contract; cheap here).
ref = make(["fill", "--dist", "normal", "--shape", "1000", "--isa", "scalar"], "isa_ref.npy")
for isa, ok in sorted(supported.items()):
    if ok and ref is not None:
        for dist in (["--dist", "normal", "--method", "box-muller"], ["--dist", "trunc-normal"]):
            r0 = make(["fill"] + dist + ["--shape", "999", "--dtype", "bf16", "--isa", "scalar"], "isa0.npy")
            r1 = make(["fill"] + dist + ["--shape", "999", "--dtype", "bf16", "--isa", isa], "isa1.npy")
            check(r0 is not None and r1 is not None and r0.tobytes() == r1.tobytes(), "--isa %s differs" % isa)
        r = make(["fill", "--dist", "normal", "--shape", "1000", "--isa", isa], "isa.npy")
        check(r is not None and r.tobytes() == ref.tobytes(), "--isa %s differs from scalar" % isa)

# --verbose: one line on stderr, nothing on stdout.
rc, so, se = run(["fill", "--dist", "uniform", "--shape", "4", "-v", "-o", path("v.npy")])
check(rc == 0 and so == "" and se.count("\n") == 1 and se.startswith("nninit: wrote "), "--verbose: %r" % se)

# NNINIT_ISA is honoured when --isa is absent, and --isa overrides it.
env = dict(ENV, NNINIT_ISA="scalar")
best = [i for i in ("avx512", "avx2", "neon") if supported.get(i)]
rc, so, se = run(["fill", "--dist", "uniform", "--shape", "4", "-v", "-o", path("v.npy")], env=env)
check(rc == 0 and ", isa scalar " in se, "NNINIT_ISA=scalar: %r" % se)
if best:
    rc, so, se = run(["fill", "--dist", "uniform", "--shape", "4", "-v", "--isa", best[0], "-o", path("v.npy")], env=env)
    check(rc == 0 and ", isa %s " % best[0] in se, "--isa %s over NNINIT_ISA=scalar: %r" % (best[0], se))
env = dict(ENV, NNINIT_ISA="bogus")
rc, so, se = run(["fill", "--dist", "uniform", "--shape", "4", "-o", path("v.npy")], env=env)
check(rc == 0 and so == "" and se == "", "NNINIT_ISA=bogus must not stop a fill: %d %r" % (rc, se))
rc, so, se = run(["info"], env=env)
check(rc == 0 and "bogus" in so, "info shows a bad NNINIT_ISA: %r" % so)

# A successful fill replaces an existing file.
with open(path("old.npy"), "wb") as fh:
    fh.write(b"old contents")
make(["fill", "--dist", "uniform", "--shape", "3"], "old.npy")

# ------------------------------------------------------------ init
I_SHAPE = (64, 256)  # fan_in 256, fan_out 64: the modes differ
SH = "64x256"
fin, fout = 256.0, 64.0
SCHEMES = [
    # args, expected std (None: not checked), bound (None: unbounded)
    (["--scheme", "xavier-uniform"], math.sqrt(2 / (fin + fout)), math.sqrt(6 / (fin + fout))),
    (["--scheme", "xavier-uniform", "--gain", "2.5"], 2.5 * math.sqrt(2 / (fin + fout)), 2.5 * math.sqrt(6 / (fin + fout))),
    (["--scheme", "xavier-normal", "--gain", "0.5"], 0.5 * math.sqrt(2 / (fin + fout)), None),
    (["--scheme", "kaiming-uniform"], math.sqrt(2) / math.sqrt(fin), math.sqrt(2) * math.sqrt(3 / fin)),
    (["--scheme", "kaiming-uniform", "--a", "0.2", "--mode", "fan-out"],
     math.sqrt(2 / 1.04) / math.sqrt(fout), math.sqrt(2 / 1.04) * math.sqrt(3 / fout)),
    (["--scheme", "kaiming-normal", "--nonlinearity", "relu"], math.sqrt(2 / fin), None),
    (["--scheme", "kaiming-normal", "--nonlinearity", "tanh", "--mode", "fan_out"], (5 / 3) / math.sqrt(fout), None),
    (["--scheme", "kaiming-normal", "--nonlinearity", "conv-transpose2d"], 1 / math.sqrt(fin), None),
    (["--scheme", "lecun-normal"], math.sqrt(1 / fin), 2 * math.sqrt(1 / fin) / 0.87962566103423978),
    (["--scheme", "trunc-normal"], 0.87962566103423978, 2.0),
    (["--scheme", "trunc-normal", "--mean", "0", "--std", "0.02", "--a", "-0.04", "--b", "0.04"], 0.02 * 0.87962566103423978, 0.04),
    (["--scheme", "variance-scaling"], math.sqrt(1 / fin), 2 * math.sqrt(1 / fin) / 0.87962566103423978),
    (["--scheme", "variance-scaling", "--scale", "2", "--mode", "fan-avg", "--distribution", "uniform"],
     math.sqrt(2 / ((fin + fout) / 2)), math.sqrt(3 * 2 / ((fin + fout) / 2))),
    (["--scheme", "variance-scaling", "--mode", "fan-out", "--distribution", "untruncated_normal"], math.sqrt(1 / fout), None),
    (["--scheme", "variance-scaling", "--distribution", "normal"], math.sqrt(1 / fin), None),
]
for dtype in ("f32", "f64", "bf16"):
    for k, (sargs, std, bound) in enumerate(SCHEMES):
        base = ["init"] + sargs + ["--shape", SH, "--dtype", dtype, "--seed", "5"]
        a = make(base, "i_%s_%d.npy" % (dtype, k))
        if a is None:
            continue
        check(a.dtype.str == DESCR[dtype] and a.shape == I_SHAPE, "%s: dtype %s shape %s" % (base, a.dtype.str, a.shape))
        again = make(base, "i_again.npy")
        check(again is not None and again.tobytes() == a.tobytes(), "%s: rerun differs" % base)
        x = as_float(a, dtype).astype(np.float64)
        # 16384 samples: the std is within 2% with overwhelming probability.
        check(abs(x.std() / std - 1) < 0.04, "%s: std %g, expected %g" % (base, x.std(), std))
        if bound is not None:
            # bf16 rounds to nearest, which may reach the bound itself.
            slack = 1.0 + (2.0 ** -8 if dtype == "bf16" else 1e-6)
            check(np.abs(x).max() <= bound * slack, "%s: |x| %g > bound %g" % (base, np.abs(x).max(), bound))
    # conv layout and more dimensions
    a = make(["init", "--scheme", "kaiming-normal", "--shape", "4x3x3x3", "--dtype", dtype], "conv.npy")
    check(a is not None and a.shape == (4, 3, 3, 3), "conv shape")
# init and fill agree on the sequence: --offset works for init too.
a = make(["init", "--scheme", "trunc-normal", "--shape", "10x10", "--offset", "5"], "io.npy")
b = make(["fill", "--dist", "trunc-normal", "--shape", "10x10", "--offset", "5"], "fo.npy")
check(a is not None and b is not None and a.tobytes() == b.tobytes(), "init trunc-normal != fill trunc-normal")

# ------------------------------------------------------------ errors
BAD = [
    [],
    ["bogus"],
    ["--bogus"],
    ["--version", "x"],
    ["info", "extra"],
    ["info", "--shape", "3"],
    ["fill"],
    ["fill", "--shape", "3"],                                   # no --dist
    ["fill", "--dist", "normal"],                               # no --shape
    ["fill", "--dist", "normal", "--shape", "3", "--no-out"],   # unknown option
    ["fill", "--dist", "normal", "--shape", "3", "extra"],
    ["fill", "--dist", "gamma", "--shape", "3"],
    ["fill", "--dist", "normal", "--method", "polar", "--shape", "3"],
    ["fill", "--dist", "normal", "--shape", "3", "--dtype", "f8"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "-1"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", ""],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "12abc"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", " 1"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "0x"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "0x0x1"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "18446744073709551616"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "1.5"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "1\n2"],     # still one line
    ["fill", "--dist", "normal", "--shape", "3", "--stream", "+1"],
    ["fill", "--dist", "normal", "--shape", "3", "--offset", "0x1g"],
    ["fill", "--dist", "normal", "--shape", "3", "--seed", "1", "--seed", "2"],
    ["fill", "--dist", "normal", "--shape", ""],
    ["fill", "--dist", "normal", "--shape", "3x"],
    ["fill", "--dist", "normal", "--shape", "x3"],
    ["fill", "--dist", "normal", "--shape", "3xx4"],
    ["fill", "--dist", "normal", "--shape", "-3"],
    ["fill", "--dist", "normal", "--shape", "3x-4"],
    ["fill", "--dist", "normal", "--shape", "3,4"],
    ["fill", "--dist", "normal", "--shape", "3x4 "],
    ["fill", "--dist", "normal", "--shape", "9223372036854775808"],
    ["fill", "--dist", "normal", "--shape", "4294967296x4294967296"],
    ["fill", "--dist", "normal", "--shape", "9223372036854775807x0"],  # numpy could not load it
    ["fill", "--dist", "normal", "--shape", "2305843009213693952x0"],
    ["fill", "--dist", "normal", "--shape", "x".join(["1"] * 33)],
    ["fill", "--dist", "normal", "--shape", "3", "--std", "-1"],      # library: std
    ["fill", "--dist", "normal", "--shape", "3", "--std", "nan"],
    ["fill", "--dist", "normal", "--shape", "3", "--std", "1e999"],
    ["fill", "--dist", "normal", "--shape", "3", "--std", "1x"],
    ["fill", "--dist", "normal", "--shape", "3", "--std", ""],
    ["fill", "--dist", "normal", "--shape", "3", "--mean"],           # missing value
    ["fill", "--dist", "uniform", "--shape", "3", "--low", "1", "--high", "0"],
    ["fill", "--dist", "uniform", "--shape", "3", "--low", "1", "--high", "1"],
    ["fill", "--dist", "uniform", "--shape", "3", "--std", "1"],      # does not apply
    ["fill", "--dist", "normal", "--shape", "3", "--low", "1"],
    ["fill", "--dist", "trunc-normal", "--shape", "3", "--method", "icdf"],
    ["fill", "--dist", "trunc-normal", "--shape", "3", "--a", "2", "--b", "-2"],
    ["fill", "--dist", "trunc-normal", "--shape", "3", "--std", "0"],
    ["fill", "--dist", "normal", "--shape", "3", "--isa", "sse9"],
    ["fill", "--dist", "normal", "--shape", "3", "--verbose=1"],
    ["fill", "--dist", "normal", "--shape", "3", "--scheme", "lecun-normal"],
    ["fill", "--dist", "normal", "--shape", "2", "--offset", "0xffffffffffffffff"],
    ["init"],
    ["init", "--shape", "3x4"],                                  # no --scheme
    ["init", "--scheme", "he", "--shape", "3x4"],
    ["init", "--scheme", "xavier-normal", "--shape", "12"],      # 1-D
    ["init", "--scheme", "trunc-normal", "--shape", "12"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--mode", "fan-avg"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--mode", "fan-sum"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--nonlinearity", "gelu"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--gain", "2"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x0"],     # fan_in 0: library
    ["init", "--scheme", "xavier-uniform", "--shape", "3x4", "--a", "1"],
    ["init", "--scheme", "xavier-uniform", "--shape", "3x4", "--gain", "inf"],
    ["init", "--scheme", "lecun-normal", "--shape", "3x4", "--scale", "2"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--scale", "-1"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--distribution", "gamma"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--nonlinearity", "relu"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--std", "-2"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--dist", "normal"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--method", "icdf"],
]
for isa, ok in sorted(supported.items()):
    if not ok:
        BAD.append(["fill", "--dist", "normal", "--shape", "3", "--isa", isa])
# An existing file survives a failed run untouched.
KEEP = path("keep.npy")
with open(KEEP, "wb") as fh:
    fh.write(b"keep me")
before = dir_listing()
for args in BAD:
    out = path("bad.npy")
    full = list(args) + (["-o", out] if args and args[0] in ("fill", "init") else [])
    rc, so, se = run(full)
    check(rc == 2, "%s: exit %d (want 2), stderr %r" % (args, rc, se))
    check(so == "" and se.count("\n") == 1 and se.startswith("nninit: error: "), "%s: stderr %r stdout %r" % (args, se, so))
    check(not os.path.exists(out), "%s: output file written" % args)
    if args and args[0] in ("fill", "init"):
        rc, so, se = run(list(args) + ["-o", KEEP])
        check(rc == 2 and open(KEEP, "rb").read() == b"keep me", "%s: existing file touched" % args)
check(dir_listing() == before, "bad arguments left files: %r" % (set(dir_listing()) ^ set(before)))

# Missing -o.
rc, so, se = run(["fill", "--dist", "normal", "--shape", "3"])
check(rc == 2 and se.startswith("nninit: error: ") and se.count("\n") == 1, "missing -o: %d %r" % (rc, se))

# Unwritable outputs: a missing directory, a directory as the target, and
# (unless we are root, who may write anywhere) a read-only directory.
targets = [os.path.join(TMP, "no_such_dir", "x.npy"), path("adir")]
os.mkdir(path("adir"))
if os.geteuid() != 0:
    os.mkdir(path("ro"))
    os.chmod(path("ro"), 0o555)
    targets.append(os.path.join(path("ro"), "x.npy"))
before = dir_listing()
for t in targets:
    for cmd in (["fill", "--dist", "normal", "--shape", "3x3"], ["init", "--scheme", "xavier-normal", "--shape", "3x3"]):
        rc, so, se = run(cmd + ["-o", t])
        check(rc != 0 and se.startswith("nninit: error: ") and se.count("\n") == 1, "%s -> %s: %d %r" % (cmd, t, rc, se))
        check(not os.path.isfile(t), "%s: file written" % t)
check(dir_listing() == before, "unwritable output left files: %r" % (set(dir_listing()) ^ set(before)))
check(os.listdir(path("adir")) == [], "directory target modified")
if os.path.isdir(path("ro")):
    check(os.listdir(path("ro")) == [], "read-only directory modified")
    os.chmod(path("ro"), 0o755)

# Orthogonal initialization (issue 13): orthonormal rows (or columns) times
# the gain, scalar and vector paths alike, and its errors.
for shp, gain in (("6x10", "2"), ("12x4x2", "1"), ("5x5", "0.5")):
    ref = None
    for isa in ["scalar"] + [i for i in ("avx2", "avx512", "neon") if supported.get(i)]:
        a = make(["init", "--scheme", "orthogonal", "--gain", gain, "--shape", shp, "--isa", isa],
                 "orth_%s_%s.npy" % (shp, isa))
        if a is None:
            continue
        if ref is None:
            ref = a
            m = a.reshape(a.shape[0], -1).astype(np.float64) / float(gain)
            g = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
            check(np.abs(g - np.eye(g.shape[0])).max() < 1e-5, "orthogonal %s: not orthonormal" % shp)
        check(a.tobytes() == ref.tobytes(), "orthogonal %s: %s differs from scalar" % (shp, isa))
a = make(["init", "--scheme", "delta-orthogonal", "--shape", "8x4x3x3"], "dorth.npy")
if a is not None:
    c = a[:, :, 1, 1].astype(np.float64)
    check(np.abs(c.T @ c - np.eye(4)).max() < 1e-5, "delta-orthogonal: centre not orthonormal")
    check(np.count_nonzero(a) == np.count_nonzero(c), "delta-orthogonal: non-zeros off the centre")
for bad in (["init", "--scheme", "orthogonal", "--shape", "4x4", "--gain", "inf"],
            ["init", "--scheme", "delta-orthogonal", "--shape", "4x8x3"],
            ["init", "--scheme", "orthogonal", "--shape", "4x4", "--scale", "2"]):
    rc, so, se = run(bad + ["-o", path("orth_bad.npy")])
    check(rc == 2 and se.startswith("nninit: error: ") and se.count("\n") == 1, "%s: %d %r" % (bad, rc, se))
    check(not os.path.exists(path("orth_bad.npy")), "%s: file written" % bad)

# No temporaries anywhere after all of the above.
left = [f for f in os.listdir(TMP) if ".tmp" in f]
check(left == [], "temporary files left: %r" % left)

print("cli_test: %d checks, %d failures" % (CHECKS, len(FAILS)))
sys.exit(1 if FAILS else 0)
