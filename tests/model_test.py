#!/usr/bin/python3
"""End-to-end test of `nninit model`.

Usage: model_test.py PATH/TO/nninit

Reads every .safetensors the tool writes with numpy (the header with the
json module) and checks: the layout as the reference loader demands it
(length prefix, header padding, contiguous data_offsets, byte counts); the
built-in GPT-2 small spec (names, shapes, 124,439,808 parameters, the
statistics of every tensor: N(0, 0.02), residual projections
N(0, 0.02/sqrt(24)), exact zeros and ones); that docs/gpt2-small.json is the
built-in spec and gives the same file; reruns give identical files and
another seed a different one; thread count and CPU path do not change a
byte; a tensor's bytes are those of `nninit fill/init` with stream =
FNV-1a 64 of its name, for every scheme and parameter; adding or reordering
tensors leaves the others' bytes unchanged; bf16 and f16 files are the f32
values rounded to nearest even; odd names survive the JSON header; memory
stays bounded for a large tensor; bad specs exit 2 with one line naming the
tensor/key and leave no file; unwritable outputs, a file-size limit and a
SIGTERM mid-write exit non-zero and leave nothing; the progress output on a
terminal, off one, and with --quiet. numpy is required.
"""
import hashlib
import json
import math
import os
import pty
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, held_open, need_numpy, run_tool, scratch, tool_env  # noqa: E402

np = need_numpy("model_test")
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: model_test.py NNINIT")
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")
TMP = scratch("nninit_model_test_")
check = Checks("model_test")
ENV = tool_env("NNINIT_ISA", "NNINIT_NUM_THREADS")
TIMEOUT = 240  # one full GPT-2 run takes seconds; the CI machine may be busy


def run(args, **kw):
    return run_tool([EXE] + args, env=ENV, timeout=TIMEOUT, **kw)


def path(name):
    return os.path.join(TMP, name)


def write_spec(name, spec):
    p = path(name)
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(spec if isinstance(spec, str) else json.dumps(spec, ensure_ascii=False))
    return p


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


# Known answers, as docs/streams.md ("Models") lists them.
assert fnv1a64("") == 0xCBF29CE484222325
assert fnv1a64("wte.weight") == 0x61D3A46D83BC4189
assert fnv1a64("h.0.attn.c_attn.weight") == 0x7D7DC66305E9207D


def sha(p):
    with open(p, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


ST_DTYPES = {"F32": ("<f4", 4), "F64": ("<f8", 8), "BF16": ("<u2", 2), "F16": ("<f2", 2)}


def read_st(p, what):
    """Parses a .safetensors file as the reference loader validates it.
    Returns (metadata, [(name, dtype, shape, raw bytes)]) or None."""
    with open(p, "rb") as fh:
        raw = fh.read()
    if not check(len(raw) >= 8, "%s: shorter than 8 bytes" % what):
        return None
    (n,) = struct.unpack("<Q", raw[:8])
    ok = check(n % 8 == 0 and 8 + n <= len(raw), "%s: header length %d" % (what, n))
    head = raw[8:8 + n]
    ok &= check(head[:1] == b"{", "%s: header does not start with '{'" % what)
    text = head.decode("utf-8")  # raises on invalid UTF-8: a failure too
    body = text.rstrip(" ")
    ok &= check(body.endswith("}") and len(text) - len(body) < 8, "%s: padding %r" % (what, text[-10:]))
    pairs = json.loads(body, object_pairs_hook=lambda kv: kv)
    keys = [k for k, _ in pairs]
    ok &= check(len(keys) == len(set(keys)), "%s: duplicate keys" % what)
    if not ok:
        return None
    meta, tensors = None, []
    data = raw[8 + n:]
    end = 0
    for k, v in pairs:
        if k == "__metadata__":
            meta = dict(v)
            check(all(isinstance(x, str) for x in meta.values()), "%s: metadata values are strings" % what)
            continue
        v = dict(v)
        check(sorted(v) == ["data_offsets", "dtype", "shape"], "%s: %s keys %r" % (what, k, sorted(v)))
        dt, size = ST_DTYPES[v["dtype"]]
        b, e = v["data_offsets"]
        numel = int(np.prod(v["shape"], dtype=np.uint64)) if v["shape"] else 1
        check(b == end, "%s: %s begins at %d, previous ended at %d" % (what, k, b, end))
        check(e - b == numel * size, "%s: %s has %d bytes for %d elements" % (what, k, e - b, numel))
        end = e
        tensors.append((k, v["dtype"], tuple(v["shape"]), data[b:e]))
    check(end == len(data), "%s: data is %d bytes, offsets end at %d" % (what, len(data), end))
    check(meta is not None and meta.get("format") == "pt" and meta.get("generator", "").startswith("nninit "),
          "%s: metadata %r" % (what, meta))
    return meta, tensors


def arr(t):
    name, dtype, shape, raw = t
    return np.frombuffer(raw, ST_DTYPES[dtype][0]).reshape(shape)


def make(args, name, quiet=True):
    """Runs `nninit model ARGS -o name`; returns the parsed file or None."""
    out = path(name)
    if os.path.exists(out):
        os.unlink(out)
    rc, so, se = run(["model"] + args + ["-o", out] + (["--quiet"] if quiet else []))
    check(rc == 0, "model %s: exit %d, stderr %r" % (" ".join(args), rc, se))
    if quiet:
        check(so == "" and se == "", "model %s --quiet: printed %r %r" % (" ".join(args), so, se))
    if rc != 0:
        return None
    return read_st(out, name)


def bf16_round(f32):
    """float32 -> bfloat16 bit patterns, round to nearest even (finite)."""
    u = f32.astype(np.float32).view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def gpt2_expected():
    e, proj = 768, 0.02 / math.sqrt(24)
    t = [("wte.weight", (50257, e), 0.02), ("wpe.weight", (1024, e), 0.02)]
    for i in range(12):
        p = "h.%d." % i
        t += [(p + "ln_1.weight", (e,), "ones"), (p + "ln_1.bias", (e,), "zeros"),
              (p + "attn.c_attn.weight", (e, 3 * e), 0.02), (p + "attn.c_attn.bias", (3 * e,), "zeros"),
              (p + "attn.c_proj.weight", (e, e), proj), (p + "attn.c_proj.bias", (e,), "zeros"),
              (p + "ln_2.weight", (e,), "ones"), (p + "ln_2.bias", (e,), "zeros"),
              (p + "mlp.c_fc.weight", (e, 4 * e), 0.02), (p + "mlp.c_fc.bias", (4 * e,), "zeros"),
              (p + "mlp.c_proj.weight", (4 * e, e), proj), (p + "mlp.c_proj.bias", (e,), "zeros")]
    return t + [("ln_f.weight", (e,), "ones"), ("ln_f.bias", (e,), "zeros")]


# ------------------------------------------------------------ help
rc, so, se = run(["model", "--help"])
check(rc == 0 and so.startswith("Usage: nninit model") and se == "", "model --help: %d %r" % (rc, se))
for word in ("--output", "--dtype", "--seed", "--threads", "--isa", "--print-spec", "--quiet", "--verbose",
             "model.safetensors", "docs/model-spec.md"):
    check(word in so, "model --help lacks %s" % word)
rc, so2, _ = run(["help", "model"])
check(rc == 0 and so2 == so, "help model differs from model --help")
rc, so, _ = run(["--help"])
check("model" in so and "safetensors" in so, "nninit --help does not list model")

# ------------------------------------------------------ GPT-2 small (f32)
rc, spec_text, se = run(["model", "--print-spec"])
check(rc == 0 and se == "", "--print-spec: %d %r" % (rc, se))
with open(os.path.join(DOCS, "gpt2-small.json"), encoding="utf-8") as fh:
    check(fh.read() == spec_text, "docs/gpt2-small.json differs from `nninit model --print-spec`")

expected = gpt2_expected()
gpt2 = make([], "gpt2.safetensors", quiet=False)
F32 = {}
if gpt2 is not None:
    meta, tensors = gpt2
    check(meta.get("seed") == "0", "gpt2: metadata seed %r" % meta)
    check([(t[0], t[2]) for t in tensors] == [(n, s) for n, s, _ in expected], "gpt2: names and shapes")
    check(all(t[1] == "F32" for t in tensors), "gpt2: all F32")
    params = sum(int(np.prod(t[2])) for t in tensors)
    check(params == 124439808, "gpt2: %d parameters, Hugging Face's GPT2Model has 124,439,808" % params)
    for t, (name, shape, init) in zip(tensors, expected):
        a = arr(t)
        F32[name] = a
        if init == "ones" or init == "zeros":
            check(np.all(a == (1.0 if init == "ones" else 0.0)), "gpt2: %s not all %s" % (name, init))
            continue
        x = a.astype(np.float64)
        n = x.size
        m, s = x.mean(), x.std()
        check(abs(m) < 6 * init / math.sqrt(n), "gpt2: %s mean %g" % (name, m))
        check(abs(s / init - 1) < 6 / math.sqrt(2 * n) + 1e-4, "gpt2: %s std %g, want %g" % (name, s, init))
    # wte.weight is `nninit fill` with the stream docs/streams.md gives.
    rc, _, se = run(["fill", "--dist", "normal", "--method", "box-muller", "--std", "0.02", "--shape", "50257x768",
                     "--stream", "0x61d3a46d83bc4189", "-o", path("wte.npy")])
    if check(rc == 0, "fill wte: %s" % se):
        check(np.array_equal(np.load(path("wte.npy")), F32["wte.weight"]), "wte.weight != fill with its stream")
        os.unlink(path("wte.npy"))
    # Every weight tensor is its own stream: no two share a prefix.
    weights = [n for n, s, i in expected if i not in ("ones", "zeros")]
    check(len({F32[n].flat[0] for n in weights}) == len(weights) == 50, "gpt2: weight tensors share values")

# --------------------------------------- bf16: rounding, reruns, the doc spec
bf = make(["--dtype", "bf16"], "gpt2_bf16.safetensors")
if bf is not None and F32:
    for name, dtype, shape, raw in bf[1]:
        check(dtype == "BF16", "gpt2 bf16: %s is %s" % (name, dtype))
        want = bf16_round(F32[name])
        got = np.frombuffer(raw, "<u2").reshape(shape)
        check(np.array_equal(got, want), "gpt2 bf16: %s is not the f32 values rounded to nearest even" % name)
h1 = sha(path("gpt2_bf16.safetensors"))
make(["--dtype", "bf16", "--seed", "0"], "gpt2_bf16_again.safetensors")
check(sha(path("gpt2_bf16_again.safetensors")) == h1, "gpt2 bf16: a rerun with the same seed differs")
make([os.path.join(DOCS, "gpt2-small.json"), "--dtype", "bf16"], "gpt2_doc.safetensors")
check(sha(path("gpt2_doc.safetensors")) == h1, "docs/gpt2-small.json does not give the built-in file")
for f in ("gpt2_bf16_again.safetensors", "gpt2_doc.safetensors", "gpt2.safetensors"):
    os.unlink(path(f))
F32 = None

# ------------------------------------------------- every scheme vs fill/init
# (spec init, shape, `nninit fill/init` arguments giving the same values)
CASES = [
    ({"scheme": "normal"}, [100, 7], ["fill", "--dist", "normal"]),
    ({"scheme": "normal", "mean": 1, "std": 0.5}, [1000], ["fill", "--dist", "normal", "--mean", "1", "--std", "0.5"]),
    ({"scheme": "normal", "std": 2, "method": "box_muller"}, [999], ["fill", "--dist", "normal", "--std", "2",
                                                                      "--method", "box-muller"]),
    ({"scheme": "normal", "method": "icdf"}, [3, 5, 7], ["fill", "--dist", "normal", "--method", "icdf"]),
    ({"scheme": "uniform"}, [500], ["fill", "--dist", "uniform"]),
    ({"scheme": "uniform", "low": -3, "high": 2.5}, [20, 20], ["fill", "--dist", "uniform", "--low", "-3",
                                                               "--high", "2.5"]),
    ({"scheme": "trunc_normal"}, [300], ["fill", "--dist", "trunc-normal"]),
    ({"scheme": "trunc_normal", "mean": 0.1, "std": 2, "a": -1, "b": "inf"}, [300],
     ["fill", "--dist", "trunc-normal", "--mean", "0.1", "--std", "2", "--a", "-1", "--b", "inf"]),
    ({"scheme": "xavier_uniform"}, [64, 32], ["init", "--scheme", "xavier-uniform"]),
    ({"scheme": "xavier_uniform", "gain": 2}, [64, 32], ["init", "--scheme", "xavier-uniform", "--gain", "2"]),
    ({"scheme": "xavier_normal", "gain": 0.5}, [16, 8, 3, 3], ["init", "--scheme", "xavier-normal", "--gain", "0.5"]),
    ({"scheme": "kaiming_uniform"}, [64, 32], ["init", "--scheme", "kaiming-uniform"]),
    ({"scheme": "kaiming_uniform", "a": 0.1, "mode": "fan_out", "nonlinearity": "leaky_relu"}, [64, 32],
     ["init", "--scheme", "kaiming-uniform", "--a", "0.1", "--mode", "fan-out"]),
    ({"scheme": "kaiming_normal", "nonlinearity": "relu"}, [64, 32],
     ["init", "--scheme", "kaiming-normal", "--nonlinearity", "relu"]),
    ({"scheme": "kaiming_normal", "mode": "fan_out", "nonlinearity": "tanh"}, [8, 4, 5],
     ["init", "--scheme", "kaiming-normal", "--mode", "fan-out", "--nonlinearity", "tanh"]),
    ({"scheme": "lecun_normal"}, [16, 8, 3, 3], ["init", "--scheme", "lecun-normal"]),
    ({"scheme": "variance_scaling"}, [64, 32], ["init", "--scheme", "variance-scaling"]),
    ({"scheme": "variance_scaling", "scale": 2, "mode": "fan_avg", "distribution": "uniform"}, [64, 32],
     ["init", "--scheme", "variance-scaling", "--scale", "2", "--mode", "fan-avg", "--distribution", "uniform"]),
    ({"scheme": "variance_scaling", "distribution": "untruncated_normal", "mode": "fan_out"}, [64, 32],
     ["init", "--scheme", "variance-scaling", "--distribution", "normal", "--mode", "fan-out"]),
    # Orthogonal tensors are computed whole, then written in chunks: 700 x
    # 1500 float32 is more than one 4 MiB chunk.
    ({"scheme": "orthogonal", "gain": 2}, [64, 32], ["init", "--scheme", "orthogonal", "--gain", "2"]),
    ({"scheme": "orthogonal"}, [700, 1500], ["init", "--scheme", "orthogonal"]),
    ({"scheme": "delta_orthogonal"}, [8, 4, 3, 3], ["init", "--scheme", "delta-orthogonal"]),
]
NPY_OF = {"f32": "<f4", "f64": "<f8", "bf16": "<u2", "f16": "<f2"}
for dtype in ("f32", "f64", "bf16", "f16"):
    spec = {"seed": 77, "tensors": [{"name": "case%d" % i, "shape": shape, "init": init}
                                    for i, (init, shape, _) in enumerate(CASES)]}
    spec["tensors"] += [{"name": "const", "shape": [5, 3], "init": {"scheme": "constant", "value": 0.25}},
                        {"name": "zeros", "shape": [4], "init": {"scheme": "zeros"}},
                        {"name": "ones", "shape": [2, 2, 2], "init": {"scheme": "ones"}}]
    got = make([write_spec("cases.json", spec), "--dtype", dtype], "cases.safetensors")
    if got is None:
        continue
    by_name = {t[0]: t for t in got[1]}
    for i, (init, shape, cli) in enumerate(CASES):
        name = "case%d" % i
        npy = path("case.npy")
        rc, _, se = run(cli + ["--shape", "x".join(map(str, shape)), "--seed", "77", "--stream",
                               str(fnv1a64(name)), "--dtype", dtype, "-o", npy])
        if not check(rc == 0, "%s: %s failed: %s" % (dtype, cli, se)):
            continue
        ref = np.load(npy)
        t = by_name[name]
        check(t[2] == ref.shape and t[3] == ref.astype(NPY_OF[dtype]).tobytes(),
              "%s %s %r: bytes differ from `nninit %s` with stream fnv1a64(name)" % (dtype, name, init, " ".join(cli)))
    for name, value in (("const", 0.25), ("zeros", 0.0), ("ones", 1.0)):
        a = arr(by_name[name])
        if dtype == "bf16":
            a = (a.astype(np.uint32) << 16).view(np.float32)
        check(np.all(a == value), "%s: %s is not all %g" % (dtype, name, value))

# ------------------------------------- streams: adding and reordering tensors
base = [{"name": "a", "shape": [300, 200], "init": {"scheme": "normal", "std": 0.02}},
        {"name": "b", "shape": [1000], "init": {"scheme": "uniform", "low": -1, "high": 1}},
        {"name": "c", "shape": [50, 40], "init": {"scheme": "kaiming_normal"}},
        {"name": "d", "shape": [77], "init": {"scheme": "trunc_normal", "std": 0.1, "a": -0.2, "b": 0.2}}]
shuffled = [base[2], {"name": "new", "shape": [123, 45], "init": {"scheme": "normal"}}, base[0], base[3],
            {"name": "zz", "shape": [5], "init": {"scheme": "ones"}}, base[1]]
one = make([write_spec("base.json", {"tensors": base})], "base.safetensors")
two = make([write_spec("shuffled.json", {"tensors": shuffled})], "shuffled.safetensors")
if one and two:
    b1, b2 = {t[0]: t for t in one[1]}, {t[0]: t for t in two[1]}
    for name in "abcd":
        check(b1[name] == b2[name], "tensor %s changed when tensors were added and reordered" % name)
h_base = sha(path("base.safetensors"))
three = make([write_spec("base.json", {"tensors": base}), "--seed", "1"], "seed1.safetensors")
check(sha(path("seed1.safetensors")) != h_base, "another seed gives the same file")
if one and three:
    for t1, t3 in zip(one[1], three[1]):
        check(t1[3] != t3[3], "tensor %s is the same under another seed" % t1[0])
make([write_spec("base_seed.json", {"seed": 1, "tensors": base})], "seed1_spec.safetensors")
check(sha(path("seed1_spec.safetensors")) == sha(path("seed1.safetensors")), "spec seed != --seed")
big_seed = make([write_spec("bigseed.json", {"seed": "0xfedcba9876543210", "tensors": base[:1]})], "bigseed.safetensors")
if big_seed:
    check(big_seed[0].get("seed") == str(0xFEDCBA9876543210), "seed as a hex string: metadata %r" % big_seed[0])

# Threads and CPU paths never change a byte (tensors above the library's
# parallel threshold, and a tensor spanning two 32 MiB chunks).
par = {"tensors": [{"name": "big", "shape": [1024, 1024], "init": {"scheme": "normal"}},
                   {"name": "tn", "shape": [600, 1000], "init": {"scheme": "trunc_normal", "std": 0.5}},
                   {"name": "u", "shape": [600, 500], "dtype": "f64", "init": {"scheme": "xavier_uniform"}}]}
ps = write_spec("par.json", par)
make([ps, "--threads", "1"], "t1.safetensors")
ref_hash = sha(path("t1.safetensors"))
for extra in (["--threads", "2"], ["--threads", "3"], ["--threads", "7"], ["--isa", "scalar"], []):
    make([ps] + extra, "tn.safetensors")
    check(sha(path("tn.safetensors")) == ref_hash, "%s changes the file" % extra)
rc, so, _ = run(["info"])
for line in so.splitlines():
    f = line.split()
    if len(f) >= 2 and f[0] in ("avx2", "avx512", "neon") and f[1] == "yes":
        make([ps, "--isa", f[0]], "tn.safetensors")
        check(sha(path("tn.safetensors")) == ref_hash, "--isa %s changes the file" % f[0])
n2 = (16 << 20) + 1000  # bf16 chunks hold 2 Mi elements: nine chunks
two_chunks = make([write_spec("chunks.json", {"seed": 5, "dtype": "bf16", "tensors": [
    {"name": "long", "shape": [n2], "init": {"scheme": "normal", "std": 3}}]})], "chunks.safetensors")
rc, _, se = run(["fill", "--dist", "normal", "--std", "3", "--shape", str(n2), "--dtype", "bf16", "--seed", "5",
                 "--stream", str(fnv1a64("long")), "-o", path("long.npy")])
if check(rc == 0, "fill long: %s" % se) and two_chunks:
    check(two_chunks[1][0][3] == np.load(path("long.npy")).tobytes(), "a tensor across chunks differs from one fill")
os.unlink(path("long.npy"))

# f16 and mixed dtypes: each tensor is its f32 self rounded to nearest even.
f32 = make([write_spec("par.json", par), "--dtype", "f32"], "p32.safetensors")
f16 = make([write_spec("par.json", par), "--dtype", "f16"], "p16.safetensors")
if f32 and f16:
    for a, b in zip(f32[1], f16[1]):
        if a[1] == "F64":
            check(b[1] == "F64" and a[3] == b[3], "--dtype overrides a tensor's own dtype")
            continue
        check(b[1] == "F16", "f16 file: %s is %s" % (b[0], b[1]))
        check(np.array_equal(arr(b), arr(a).astype(np.float16)), "f16: %s is not f32 rounded" % a[0])

# ---------------------------------------------------- names and edge shapes
odd = ["quote\"back\\slash", "new\nline\ttab\x01ctl", "caf\u00e9 \u2603 \U0001F600", "/", " ", "a.b[0]"]
edge = {"tensors": [{"name": n, "shape": [3, 2], "init": {"scheme": "normal"}} for n in odd] +
        [{"name": "empty", "shape": [0, 5], "init": {"scheme": "normal"}},
         {"name": "scalar", "shape": [], "init": {"scheme": "constant", "value": -2.5}},
         {"name": "huge_empty", "shape": [0, 4611686018427387904 // 2 ** 11], "init": {"scheme": "zeros"}}]}
got = make([write_spec("edge.json", edge)], "edge.safetensors")
if got:
    check([t[0] for t in got[1]] == odd + ["empty", "scalar", "huge_empty"], "names do not survive the header")
    check(got[1][len(odd)][2] == (0, 5) and got[1][len(odd)][3] == b"", "empty tensor")
    check(got[1][len(odd) + 1][2] == () and arr(got[1][len(odd) + 1]) == -2.5, "scalar tensor")
rc, so, se = run(["model", write_spec("edge.json", edge), "--print-spec"])
if check(rc == 0, "--print-spec of odd names: %s" % se):
    check([t["name"] for t in json.loads(so)["tensors"]] == [t["name"] for t in edge["tensors"]],
          "--print-spec does not keep odd names")
empty = make([write_spec("none.json", {"tensors": []})], "none.safetensors")
check(empty is not None and empty[1] == [], "a spec without tensors")

# ----------------------------------------------------------- bounded memory
# 64 Mi float32 elements (256 MiB): the tool's peak RSS stays far below.
rc, so, se = run(["model", write_spec("large.json", {"tensors": [
    {"name": "large", "shape": [8192, 8192], "init": {"scheme": "normal", "std": 0.02}}]}),
    "-o", path("large.safetensors"), "--verbose"])
if check(rc == 0, "large: %d %s" % (rc, se)):
    rss = [float(w.split()[0]) for w in se.split("peak RSS ")[1:]]
    check(len(rss) == 1 and rss[0] < 128, "large: peak RSS %r MB for a 256 MiB tensor" % rss)
    check(os.path.getsize(path("large.safetensors")) > 256 << 20, "large: file size")
    os.unlink(path("large.safetensors"))

# ----------------------------------------------------------- progress output
rc, so, se = run(["model", ps, "-o", path("p.safetensors")])
lines = se.splitlines()
check(rc == 0 and so == "" and len(lines) == 1 and lines[0].startswith("nninit: wrote ") and
      "3 tensors" in se and "parameters" in se and "bytes" in se and "GB/s" in se,
      "not a terminal: one summary line, got %r" % se)
rc, so, se = run(["model", ps, "-o", path("p.safetensors"), "-v"])
check(rc == 0 and len(se.splitlines()) == 2 and "isa " in se and "threads" in se and "peak RSS" in se,
      "--verbose: %r" % se)
rc, so, se = run(["model", ps, "-o", path("p.safetensors"), "-q", "-v"])
check(rc == 2 and se.count("\n") == 1, "--quiet --verbose: %d %r" % (rc, se))


def run_on_terminal(args):
    """Runs the tool with stderr on a pseudo-terminal; returns (rc, text)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([EXE] + args, stdout=subprocess.DEVNULL, stderr=slave, env=ENV)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk and p.poll() is not None:
                break
            out += chunk
        elif p.poll() is not None:
            break
    os.close(master)
    return p.wait(timeout=TIMEOUT), out.decode("utf-8", "replace")


rc, text = run_on_terminal(["model", "--dtype", "bf16", "-o", path("tty.safetensors")])
check(rc == 0 and "\r" in text and "MB/s" in text and "Mparam/s" in text and "%" in text and
      text.rstrip().splitlines()[-1].split("\r")[-1].replace("\x1b[K", "").startswith("nninit: wrote "),
      "terminal: a progress bar then the summary, got %r" % text[-300:])
rc, text = run_on_terminal(["model", ps, "-q", "-o", path("tty.safetensors")])
check(rc == 0 and text == "", "terminal --quiet printed %r" % text)
rc, text = run_on_terminal(["model", write_spec("bad.json", "{"), "-o", path("tty_bad.safetensors")])
check(rc == 2 and text.count("nninit: error:") == 1, "terminal error: %r" % text)

# ----------------------------------------------------------- bad specs
T = lambda **kw: {"tensors": [dict({"name": "w", "shape": [4, 3], "init": {"scheme": "normal"}}, **kw)]}
BAD = [
    ("{", "invalid JSON"),
    ('{"tensors": []} x', "invalid JSON"),
    ("", "invalid JSON"),
    ("[]", "expected a JSON object"),
    ('{"tensors": [], "tensors": []}', "duplicate key 'tensors'"),
    ({"tensors": [], "model": "x"}, "model: unknown key"),
    ({}, "missing key 'tensors'"),
    ({"tensors": {}}, "tensors: expected an array"),
    ({"tensors": [1]}, "tensors[0]: expected an object"),
    ({"tensors": [], "seed": -1}, "seed: expected an integer"),
    ({"tensors": [], "seed": 1.5}, "seed"),
    ({"tensors": [], "seed": 2.0 ** 60}, "seed"),
    ({"tensors": [], "seed": "12x"}, "seed: bad value"),
    ({"tensors": [], "dtype": "f8"}, "dtype: unknown value 'f8'"),
    ({"tensors": [{"shape": [1], "init": {"scheme": "zeros"}}]}, "tensors[0]: missing key 'name'"),
    ({"tensors": [{"name": 3, "shape": [1], "init": {"scheme": "zeros"}}]}, "tensors[0]: name: expected a string"),
    (T(name=""), "empty tensor name"),
    (T(name="__metadata__"), "reserved"),
    ('{"tensors": [{"name": "a\\u0000b", "shape": [1], "init": {"scheme": "zeros"}}]}', "\\u0000"),
    ('{"tensors": [{"name": "\\ud800", "shape": [1], "init": {"scheme": "zeros"}}]}', "JSON"),
    (b'{"tensors": [{"name": "\xff", "shape": [1], "init": {"scheme": "zeros"}}]}', "UTF-8"),
    ({"tensors": [{"name": "w", "init": {"scheme": "zeros"}}]}, "'w': missing key 'shape'"),
    ({"tensors": [{"name": "w", "shape": [1]}]}, "'w': missing key 'init'"),
    (T(extra=1), "'w': extra: unknown key"),
    (T(shape=3), "'w': shape: expected an array"),
    (T(shape=[4, -3]), "'w': shape: expected an integer"),
    (T(shape=[4, 2.5]), "'w': shape"),
    (T(shape=["4"]), "'w': shape"),
    (T(shape=[1] * 33), "'w': shape: more than 32"),
    (T(shape=[2 ** 40, 2 ** 40]), "'w': normal:"),
    (T(dtype="F32"), "F32"),
    (T(dtype=16), "'w': dtype: expected a string"),
    (T(init="normal"), "'w': init: expected an object"),
    (T(init={}), "'w': init: missing key 'scheme'"),
    (T(init={"scheme": "gaussian"}), "'w': init.scheme: unknown value 'gaussian'"),
    (T(init={"scheme": "normal", "stdev": 1}), "'w': init.stdev: unknown key"),
    (T(init={"scheme": "normal", "gain": 1}), "'w': init.gain: unknown key for scheme 'normal'"),
    (T(init={"scheme": "normal", "std": "big"}), "'w': init.std: bad value 'big'"),
    (T(init={"scheme": "normal", "std": None}), "'w': init.std: expected a number"),
    (T(init={"scheme": "normal", "std": -1}), "'w': normal:"),
    (T(init={"scheme": "normal", "method": "polar"}), "'w': init.method: unknown value 'polar'"),
    (T(init={"scheme": "uniform", "low": 1, "high": 1}), "'w': uniform:"),
    (T(init={"scheme": "trunc_normal", "a": 2, "b": 1}), "'w': trunc_normal:"),
    (T(init={"scheme": "constant"}), "'w': init: missing key 'value'"),
    (T(init={"scheme": "constant", "value": "inf"}), "'w': constant:"),
    (T(init={"scheme": "ones", "value": 2}), "'w': init.value: unknown key"),
    (T(shape=[5], init={"scheme": "xavier_uniform"}), "'w': xavier_uniform:"),
    (T(shape=[5], init={"scheme": "kaiming_normal"}), "'w': kaiming_normal:"),
    (T(init={"scheme": "sparse"}), "'w': init: missing key 'sparsity'"),
    (T(init={"scheme": "sparse", "sparsity": 2}), "'w': sparse:"),
    (T(shape=[4, 3, 2], init={"scheme": "dirac", "groups": 3}), "'w': dirac:"),
    (T(init={"scheme": "dirac", "groups": -1}), "'w': init.groups: expected an integer"),
    (T(init={"scheme": "he_normal", "in_axis": 0}), "'w': init.in_axis: the axes apply to fan layout 'jax' only"),
    (T(init={"scheme": "he_normal", "fan_layout": "jax", "in_axis": [0, "x"]}), "'w': init.in_axis: expected integer"),
    (T(init={"scheme": "he_normal", "fan_layout": "jax", "in_axis": 5}), "'w': he_normal:"),
    (T(init={"scheme": "he_normal", "fan_layout": "tf"}), "'w': init.fan_layout: unknown value 'tf'"),
    (T(init={"scheme": "he_normal", "fan_layout": "jax", "fan-layout": "jax"}), "given twice"),
    (T(init={"scheme": "glorot_normal", "method": "icdf"}), "'w': init.method: unknown key for scheme"),
    (T(init={"scheme": "kaiming_normal", "mode": "fan_avg"}), "'w': init.mode: 'fan_avg'"),
    (T(init={"scheme": "kaiming_normal", "nonlinearity": "gelu"}), "'w': init.nonlinearity"),
    (T(init={"scheme": "variance_scaling", "scale": 0}), "'w': variance_scaling:"),
    (T(init={"scheme": "variance_scaling", "distribution": "laplace"}), "'w': init.distribution"),
    ('{"tensors": [{"name": "w", "name": "v", "shape": [1], "init": {"scheme": "zeros"}}]}', "duplicate key 'name'"),
    ('{"tensors": [{"name": "w", "shape": [1], "init": {"scheme": "normal", "std": 1, "std": 2}}]}',
     "duplicate key 'std'"),
    ({"tensors": [], **{"k%d" % i: 0 for i in range(100)}}, "101 keys in one object"),
    ({"tensors": [T()["tensors"][0], {"name": "x", "shape": [1], "init": {"scheme": "zeros"}}, T()["tensors"][0]]},
     "tensors[2] 'w': duplicate tensor name (first at tensors[0])"),
]
KEEP = path("keep.safetensors")
with open(KEEP, "wb") as fh:
    fh.write(b"keep me")
before = sorted(os.listdir(TMP))
for i, (spec, want) in enumerate(BAD):
    sp = path("bad%d.json" % i)
    with open(sp, "wb") as fh:
        fh.write(spec if isinstance(spec, bytes) else
                 (spec if isinstance(spec, str) else json.dumps(spec)).encode("utf-8"))
    out = path("bad.safetensors")
    rc, so, se = run(["model", sp, "-o", out])
    check(rc == 2, "bad spec %d %r: exit %d (want 2), stderr %r" % (i, spec, rc, se))
    check(so == "" and se.count("\n") == 1 and se.startswith("nninit: error: " + sp) and want in se,
          "bad spec %d %r: want one line with %r, got %r" % (i, spec, want, se))
    check(not os.path.exists(out), "bad spec %d: output written" % i)
    rc, _, _ = run(["model", sp, "-o", KEEP])
    check(rc == 2 and open(KEEP, "rb").read() == b"keep me", "bad spec %d: existing file touched" % i)
    os.unlink(sp)
for args, want in ((["nonexistent.json"], "cannot read the spec"), (["a.json", "b.json"], "one SPEC at most"),
                   (["--dtype", "f8"], "--dtype"), (["--seed", "-1"], "--seed"), (["--threads", "x"], "--threads"),
                   (["--isa", "mmx"], "--isa"), (["--bogus"], "--bogus"), (["-o"], "needs a value"),
                   (["-o", ""], "empty file name"), (["-q", "--quiet"], "twice")):
    rc, so, se = run(["model"] + args, cwd=TMP)
    check(rc == 2 and se.count("\n") == 1 and want in se, "model %s: %d %r" % (args, rc, se))
# A header beyond safetensors' 100,000,000-byte limit, which readers refuse.
sp = write_spec("long_names.json", {"tensors": [
    {"name": "%03d" % i + "x" * 999997, "shape": [0], "init": {"scheme": "zeros"}} for i in range(101)]})
rc, so, se = run(["model", sp, "-o", path("bad.safetensors")])
check(rc == 2 and se.count("\n") == 1 and "readers refuse more than 100000000" in se,
      "header over 100 MB: %d %r" % (rc, se[:300]))
os.unlink(sp)
check(sorted(os.listdir(TMP)) == before, "bad specs left files: %r" % (set(os.listdir(TMP)) ^ set(before)))

# ------------------------------------------------------- failures to write
small = write_spec("small.json", {"tensors": [{"name": "w", "shape": [256, 256], "init": {"scheme": "normal"}}]})
os.mkdir(path("adir"))
before = sorted(os.listdir(TMP))
for target in (os.path.join(TMP, "no_such_dir", "x.safetensors"), path("adir")):
    rc, so, se = run(["model", small, "-o", target])
    check(rc == 1 and se.startswith("nninit: error: ") and se.count("\n") == 1, "-o %s: %d %r" % (target, rc, se))
check(sorted(os.listdir(TMP)) == before and os.listdir(path("adir")) == [], "unwritable output left files")


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))


# A file-size limit stands in for a full disk: the space reservation fails.
rc, so, se = run(["model", "--dtype", "bf16", "-o", path("limited.safetensors")], preexec_fn=limit_file_size)
check(rc == 1 and "File too large" in se and se.count("\n") == 1, "file-size limit: %d %r" % (rc, se))
check(sorted(os.listdir(TMP)) == before, "file-size limit left files: %r" % (set(os.listdir(TMP)) ^ set(before)))

# SIGTERM mid-write: the process dies of it and its temporary goes too.
p = subprocess.Popen([EXE, "model", "-o", path("killed.safetensors")], env=ENV,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
# Wait until it holds its output open (unnamed: nothing shows in the folder).
deadline = time.time() + 60
while time.time() < deadline and held_open(p.pid, os.path.realpath(TMP)) is None and p.poll() is None:
    time.sleep(0.005)
time.sleep(0.2)
p.send_signal(signal.SIGTERM)
rc = p.wait(timeout=TIMEOUT)
p.stderr.close()
if rc == 0:
    print("model_test: note: the run finished before SIGTERM; nothing to check", file=sys.stderr)
    os.unlink(path("killed.safetensors"))
else:
    check(rc == -signal.SIGTERM, "SIGTERM: exit %d" % rc)
check(sorted(os.listdir(TMP)) == before, "SIGTERM left files: %r" % (set(os.listdir(TMP)) ^ set(before)))

# A full disk, where we may mount file systems (root): a 1 MiB tmpfs fails
# the space reservation at once; a small ext2, which cannot reserve space,
# fails in the middle of the writes (on the writer thread).
def mounted(kind, source, where, *extra):
    os.mkdir(where)
    cmd = ["mount", "-t", kind] + list(extra) + [source, where]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def unmount(where):
    subprocess.run(["umount", where], capture_output=True, timeout=60)
    os.rmdir(where)


full_checks = 0
if os.geteuid() == 0:
    mnt = path("full")
    if mounted("tmpfs", "tmpfs", mnt, "-o", "size=1m"):
        try:
            rc, so, se = run(["model", "--dtype", "bf16", "-o", os.path.join(mnt, "x.safetensors")])
            check(rc == 1 and "No space left" in se and se.count("\n") == 1, "full tmpfs: %d %r" % (rc, se))
            check(os.listdir(mnt) == [], "full tmpfs: left %r" % os.listdir(mnt))
            full_checks += 1
        finally:
            unmount(mnt)
    else:
        os.rmdir(mnt)
    img = path("ext2.img")
    with open(img, "wb") as fh:
        fh.truncate(8 << 20)
    if shutil.which("mkfs.ext2") and subprocess.run(
            ["mkfs.ext2", "-q", "-F", img], capture_output=True).returncode == 0:
        if mounted("ext2", img, mnt, "-o", "loop"):
            try:
                rc, so, se = run(["model", "--dtype", "bf16", "-o", os.path.join(mnt, "x.safetensors")])
                check(rc == 1 and "No space left" in se and se.count("\n") == 1, "full ext2: %d %r" % (rc, se))
                check(sorted(os.listdir(mnt)) == ["lost+found"], "full ext2: left %r" % os.listdir(mnt))
                full_checks += 1
            finally:
                unmount(mnt)
        else:
            os.rmdir(mnt)
        os.unlink(img)
if full_checks < 2:
    print("model_test: note: %d of 2 full-disk checks ran (they need root, mount and mkfs.ext2)" % full_checks,
          file=sys.stderr)

# ----------------------------------------- the schemes of issue 14
# Every new scheme and parameter reads, prints back to the same spec, and
# writes what `nninit init` writes for the same tensor.
NEW = {"tensors": [
    {"name": "e", "shape": [3, 5], "init": {"scheme": "eye"}},
    {"name": "d", "shape": [4, 2, 3, 3], "init": {"scheme": "dirac", "groups": 2}},
    {"name": "s", "shape": [20, 30], "init": {"scheme": "sparse", "sparsity": 0.25, "std": 0.5,
                                              "method": "box_muller"}},
    {"name": "g", "shape": [3, 3, 8, 16], "init": {"scheme": "glorot_normal", "fan_layout": "keras"}},
    {"name": "h", "shape": [2, 8, 16], "init": {"scheme": "he_uniform", "fan_layout": "jax", "in_axis": [-2],
                                                "out_axis": [-1], "batch_axis": [0]}},
    {"name": "l", "shape": [8, 16], "init": {"scheme": "lecun_uniform"}},
    {"name": "x", "shape": [8, 16], "init": {"scheme": "xavier_normal", "method": "icdf"}},
    {"name": "k0", "shape": [5, 0], "init": {"scheme": "kaiming_normal"}},
]}
sp = write_spec("new.json", NEW)
rc, printed, se = run(["model", sp, "--print-spec"])
check(rc == 0, "print-spec of the new schemes: %d %r" % (rc, se))
sp2 = write_spec("new2.json", printed)
rc, printed2, se = run(["model", sp2, "--print-spec"])
check(rc == 0 and printed2 == printed, "print-spec does not round-trip: %r vs %r" % (printed, printed2))
check('"groups": 2' in printed and '"sparsity": 0.25' in printed and '"batch_axis": [0]' in printed
      and '"method": "box_muller"' in printed and '"fan_layout": "keras"' in printed, "printed spec: %r" % printed)
got = make([sp], "new.safetensors")
if got is not None:
    tensors = {t[0]: t for t in got[1]}
    check((arr(tensors["e"]) == np.eye(3, 5)).all(), "model: eye")
    check(((arr(tensors["s"]) == 0).sum(axis=0) == 5).all(), "model: sparse zeros per column")
    check(arr(tensors["k0"]).shape == (5, 0), "model: an empty kaiming_normal tensor")
    for name, args in (("s", ["--scheme", "sparse", "--sparsity", "0.25", "--std", "0.5", "--method", "box-muller",
                              "--shape", "20x30"]),
                       ("h", ["--scheme", "he-uniform", "--fan-layout", "jax", "--batch-axis", "0",
                              "--shape", "2x8x16"])):
        out = path("one.npy")
        rc, _, se = run(["init"] + args + ["--seed", "0", "--stream", str(fnv1a64(name)), "-o", out])
        check(rc == 0 and np.load(out).tobytes() == arr(tensors[name]).tobytes(),
              "model tensor %s differs from nninit init: %d %r" % (name, rc, se))
        if os.path.exists(out):
            os.unlink(out)
for f in (sp, sp2, path("new.safetensors")):
    if os.path.exists(f):
        os.unlink(f)

left = [f for f in os.listdir(TMP) if ".tmp" in f or f.startswith(".nninit-")]
check(left == [], "temporary files left: %r" % left)

check.finish()
