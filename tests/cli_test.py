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
import io
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, need_numpy, run_tool, scratch, tool_env  # noqa: E402

np = need_numpy("cli_test")
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: cli_test.py NNINIT")
TMP = scratch("nninit_cli_test_")
check = Checks("cli_test")
# Run with NNINIT_ISA unset so that --isa / the default path are ours.
ENV = tool_env("NNINIT_ISA")


USED = set()  # every option the test passes, for the coverage check


def run(args, env=None):
    USED.update(a.split("=")[0] for a in args if a.startswith("-"))
    return run_tool([EXE] + args, env=env or ENV, timeout=60, errors="strict")


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

# New schemes: exact values where deterministic, counts and scales where
# random, the Keras/JAX fan layouts, and torch's degenerate cases.
KERAS = [
    # args, expected std, bound (torch layout, shape 64x256)
    (["--scheme", "glorot-uniform"], math.sqrt(2 / (fin + fout)), math.sqrt(6 / (fin + fout))),
    (["--scheme", "glorot-normal"], math.sqrt(2 / (fin + fout)), 2 * math.sqrt(2 / (fin + fout)) / 0.87962566103423978),
    (["--scheme", "he-uniform"], math.sqrt(2 / fin), math.sqrt(6 / fin)),
    (["--scheme", "he-normal"], math.sqrt(2 / fin), 2 * math.sqrt(2 / fin) / 0.87962566103423978),
    (["--scheme", "lecun-uniform"], math.sqrt(1 / fin), math.sqrt(3 / fin)),
    (["--scheme", "xavier-normal", "--method", "icdf"], math.sqrt(2 / (fin + fout)), None),
    (["--scheme", "kaiming-normal", "--method", "box-muller"], math.sqrt(2 / 1.0001) / math.sqrt(fin), None),
    (["--scheme", "variance-scaling", "--distribution", "normal", "--method", "icdf"], math.sqrt(1 / fin), None),
    (["--scheme", "normal", "--std", "0.5", "--mean", "0"], 0.5, None),
    (["--scheme", "uniform", "--low", "-1", "--high", "1"], 1 / math.sqrt(3), 1.0),
]
for sargs, std, bound in KERAS:
    a = make(["init"] + sargs + ["--shape", SH, "--seed", "9"], "k.npy")
    if a is None:
        continue
    x = a.astype(np.float64)
    check(abs(x.std() / std - 1) < 0.04, "%s: std %g, expected %g" % (sargs, x.std(), std))
    if bound is not None:
        check(np.abs(x).max() <= bound * (1 + 1e-6), "%s: |x| %g > bound %g" % (sargs, np.abs(x).max(), bound))
# glorot-uniform is xavier-uniform and he-uniform kaiming-uniform (relu) in
# distribution; the bits differ in nothing but the name.
g = make(["init", "--scheme", "glorot-uniform", "--shape", SH], "g.npy")
xu = make(["init", "--scheme", "xavier-uniform", "--shape", SH], "xu.npy")
check(g is not None and xu is not None and g.tobytes() == xu.tobytes(), "glorot-uniform != xavier-uniform")
# Fan layouts: a Keras conv kernel (kh, kw, in, out) = (3, 3, 16, 32) has
# fan_in 144; the same in torch's layout (32, 16, 3, 3); and JAX axes.
LAYOUTS = [
    (["--fan-layout", "keras"], "3x3x16x32"),
    ([], "32x16x3x3"),
    (["--fan-layout", "jax"], "3x3x16x32"),
    (["--fan-layout", "jax", "--in-axis", "1", "--out-axis", "0"], "32x16x3x3"),
    (["--fan-layout", "jax", "--in-axis", "-3,-2", "--out-axis", "-1", "--batch-axis", "0"], "5x3x3x16x32"),
]
for largs, shape in LAYOUTS:
    # fan_in = 144 in every row (the batch axis of the last one does not count)
    a = make(["init", "--scheme", "he-uniform", "--shape", shape] + largs, "lay.npy")
    if a is not None:
        x = a.astype(np.float64)
        lim = math.sqrt(6 / 144)
        check(np.abs(x).max() <= lim and abs(x.std() / (lim / math.sqrt(3)) - 1) < 0.05,
              "%s %s: max %g std %g, limit %g" % (largs, shape, np.abs(x).max(), x.std(), lim))
z = make(["init", "--scheme", "zeros", "--shape", "3x4", "--dtype", "f16"], "z.npy")
check(z is not None and not z.any() and z.dtype.str == "<f2", "zeros")
o = make(["init", "--scheme", "ones", "--shape", "7"], "o.npy")
check(o is not None and (o == 1).all(), "ones")
c = make(["init", "--scheme", "constant", "--value", "-0.125", "--shape", "2x3", "--dtype", "f64"], "c.npy")
check(c is not None and (c == -0.125).all(), "constant")
e = make(["init", "--scheme", "eye", "--shape", "3x5"], "e.npy")
check(e is not None and (e == np.eye(3, 5, dtype=np.float32)).all(), "eye 3x5")
e = make(["init", "--scheme", "eye", "--shape", "5x2", "--dtype", "bf16"], "e.npy")
check(e is not None and (as_float(e, "bf16") == np.eye(5, 2)).all(), "eye 5x2 bf16")
for shape, groups in (("4x3x5", 1), ("6x2x3x3", 2), ("4x4x3x2x3", 4)):
    d = make(["init", "--scheme", "dirac", "--shape", shape, "--groups", str(groups)], "d.npy")
    if d is None:
        continue
    dims = shape_of(shape)
    want = np.zeros(dims, np.float32)
    per = dims[0] // groups
    for g_ in range(groups):
        for k in range(min(per, dims[1])):
            want[(g_ * per + k, k) + tuple(n // 2 for n in dims[2:])] = 1
    check((d == want).all(), "dirac %s groups %d" % (shape, groups))
sp = make(["init", "--scheme", "sparse", "--sparsity", "0.3", "--std", "2", "--shape", "50x40", "--seed", "4"], "sp.npy")
if sp is not None:
    zeros_per_col = (sp == 0).sum(axis=0)
    check((zeros_per_col == math.ceil(0.3 * 50)).all(), "sparse zero count per column: %r" % zeros_per_col)
    nz = sp[sp != 0].astype(np.float64)
    check(abs(nz.std() / 2 - 1) < 0.08, "sparse std %g" % nz.std())
    check(len({tuple(np.nonzero(sp[:, j] == 0)[0]) for j in range(40)}) > 30, "sparse columns share their zero rows")
# torch's degenerate cases: empty tensors, gain 0, std 0.
for scheme in ("kaiming-normal", "xavier-uniform", "eye", "glorot-normal", "he-uniform"):
    a = make(["init", "--scheme", scheme, "--shape", "3x0"], "empty.npy")
    check(a is not None and a.shape == (3, 0), "%s on 3x0" % scheme)
a = make(["init", "--scheme", "xavier-uniform", "--gain", "0", "--shape", "4x4"], "g0.npy")
check(a is not None and not a.any(), "gain 0 gives zeros")
a = make(["init", "--scheme", "trunc-normal", "--std", "0", "--mean", "0.5", "--shape", "4x4"], "s0.npy")
check(a is not None and (a == 0.5).all(), "trunc-normal std 0 gives the mean")
a = make(["fill", "--dist", "trunc-normal", "--std", "0", "--shape", "4"], "s0.npy")
check(a is not None and (a == 0).all(), "fill trunc-normal std 0 gives the mean")
a = make(["init", "--scheme", "trunc-normal", "--shape", "12"], "t1.npy")
check(a is not None and a.shape == (12,), "trunc-normal on a 1-D shape")

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
    ["fill", "--dist", "normal", "--shape", "3", "--isa", "sse9"],
    ["fill", "--dist", "normal", "--shape", "3", "--verbose=1"],
    ["fill", "--dist", "normal", "--shape", "3", "--scheme", "lecun-normal"],
    ["fill", "--dist", "normal", "--shape", "2", "--offset", "0xffffffffffffffff"],
    ["init"],
    ["init", "--shape", "3x4"],                                  # no --scheme
    ["init", "--scheme", "he", "--shape", "3x4"],
    ["init", "--scheme", "xavier-normal", "--shape", "12"],      # 1-D
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--mode", "fan-avg"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--mode", "fan-sum"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--nonlinearity", "gelu"],
    ["init", "--scheme", "kaiming-normal", "--shape", "3x4", "--gain", "2"],
    ["init", "--scheme", "xavier-uniform", "--shape", "3x4", "--a", "1"],
    ["init", "--scheme", "xavier-uniform", "--shape", "3x4", "--gain", "inf"],
    ["init", "--scheme", "lecun-normal", "--shape", "3x4", "--scale", "2"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--scale", "-1"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--distribution", "gamma"],
    ["init", "--scheme", "variance-scaling", "--shape", "3x4", "--nonlinearity", "relu"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--std", "-2"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--dist", "normal"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--method", "icdf"],
    ["init", "--scheme", "trunc-normal", "--shape", "3x4", "--std", "0", "--mean", "5"],  # mean outside [a, b]
    ["init", "--scheme", "constant", "--shape", "3x4"],           # --value is required
    ["init", "--scheme", "constant", "--shape", "3x4", "--value", "nan"],
    ["init", "--scheme", "zeros", "--shape", "3x4", "--value", "1"],
    ["init", "--scheme", "eye", "--shape", "3x4x5"],
    ["init", "--scheme", "eye", "--shape", "3x4", "--groups", "2"],
    ["init", "--scheme", "dirac", "--shape", "3x4"],
    ["init", "--scheme", "dirac", "--shape", "4x3x3", "--groups", "3"],
    ["init", "--scheme", "dirac", "--shape", "4x3x3", "--groups", "0"],
    ["init", "--scheme", "dirac", "--shape", "4x3x3", "--groups", "-1"],
    ["init", "--scheme", "sparse", "--shape", "3x4"],             # --sparsity is required
    ["init", "--scheme", "sparse", "--shape", "3x4", "--sparsity", "1.5"],
    ["init", "--scheme", "sparse", "--shape", "3x4x5", "--sparsity", "0.5"],
    ["init", "--scheme", "sparse", "--shape", "3x4", "--sparsity", "0.5", "--std", "-1"],
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--gain", "2"],
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--fan-layout", "tf"],
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--in-axis", "0"],  # torch layout
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--fan-layout", "jax", "--in-axis", "2"],
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--fan-layout", "jax", "--in-axis", "1"],  # = out
    ["init", "--scheme", "he-normal", "--shape", "3x4", "--fan-layout", "jax", "--in-axis", "0,x"],
    ["init", "--scheme", "glorot-normal", "--shape", "12"],
    ["init", "--scheme", "lecun-uniform", "--shape", "3x4", "--method", "icdf"],
    ["init", "--scheme", "xavier-normal", "--shape", "3x4", "--method", "polar"],
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
# Larger than the tool's 2^20-element write chunk: computed once, written
# whole (every element depends on the whole matrix).
a = make(["init", "--scheme", "orthogonal", "--shape", "1100x1000"], "orth_big.npy")
if a is not None:
    m = a.astype(np.float64)
    check(np.abs(m.T @ m - np.eye(1000)).max() < 1e-4, "orthogonal 1100x1000: not orthonormal")
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
left = [f for f in os.listdir(TMP) if ".tmp" in f or f.startswith(".nninit-")]
check(left == [], "temporary files left: %r" % left)

# bench and model: the options model_test.py does not reach from here.
rc, so, se = run(["bench", "--dtype", "f64", "--isa", "scalar", "--sizes", "4K", "--time", "0", "--threads", "1"])
check(rc == 0 and "scalar" in so, "bench with every option: %d %r" % (rc, se))
spec = path("tiny.json")
with open(spec, "w") as fh:
    fh.write('{"tensors": [{"name": "w", "shape": [4, 3], "init": {"scheme": "he_normal", "fan_layout": "jax", '
             '"in_axis": [0], "out_axis": -1}}, {"name": "d", "shape": [2, 2, 3], "init": {"scheme": "dirac"}}]}')
rc, so, se = run(["model", spec, "--print-spec", "--seed", "3", "--dtype", "bf16", "--threads", "1", "--isa", "scalar"])
check(rc == 0 and '"in_axis": [0]' in so and '"fan_layout": "jax"' in so and '"out_axis": [-1]' in so,
      "model --print-spec of a jax layout: %d %r %r" % (rc, so, se))
for cmd in (["fill", "--dist", "uniform"], ["init", "--scheme", "ones"]):
    rc, so, se = run(cmd + ["--shape", "2", "--output", path("long.npy")])
    check(rc == 0 and os.path.isfile(path("long.npy")), "%s --output: %d %r" % (cmd, rc, se))
    os.unlink(path("long.npy"))
for flag in ("-q", "--quiet", "--verbose"):
    rc, so, se = run(["model", spec, "--output" if flag == "--quiet" else "-o", path("tiny.safetensors"), flag])
    check(rc == 0, "model %s: %d %r" % (flag, rc, se))

# Every option of every command's table (as its --help lists them) is
# exercised above or by the other CLI test scripts next to this one
# (model_test.py, hf_test.py): the help is made from the same rows as the
# parser.
import glob
import re
HERE = os.path.dirname(os.path.abspath(__file__))
for other in glob.glob(os.path.join(HERE, "*_test.py")):
    if os.path.basename(other) == "cli_test.py":
        continue  # its own options count only when run() passed them
    with open(other, encoding="utf-8") as fh:
        USED.update(re.findall(r"[\"'](--[a-z0-9-]+)[\"'=]", fh.read()))
for cmd in ("info", "fill", "init", "bench", "model"):
    rc, so, _ = run([cmd, "--help"])
    opts = set(re.findall(r"^  (?:-\w, )?(--[a-z0-9-]+)", so, re.M))
    check(len(opts) >= 1, "%s --help lists no options" % cmd)
    missing = sorted(o for o in opts if o not in USED)
    check(not missing, "%s: options no test passes: %s" % (cmd, missing))

check.finish()
