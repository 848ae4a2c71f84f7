#!/usr/bin/python3
"""nninit against its peers, side by side, in one run on this machine.

Measures the same work done by nninit's best (automatic) path and by each
peer, one thread each, and prints one markdown table of ns/sample with the
ratio of each peer to nninit (above 1: nninit is faster). Unless --no-write,
it also rewrites docs/performance.md: the date, the CPU, every version, the
exact command, that table and (unless --no-suite) a table of every nninit
kernel and path against the single-thread memory write ceiling, taken from
the Google Benchmark binary. Rerunning it regenerates the whole file.

Workloads, at N = 65,536 and N = 16,777,216 samples:
  normal_f32   standard normal, float32
  normal_f64   standard normal, float64
  uniform_f32  U[0, 1), float32
  kaiming_f32  kaiming_normal_(nonlinearity='relu') of a square float32
               matrix (256x256, 4096x4096)
  trunc_f32    N(0, 1) truncated to [-2, 2], float32

Peers: numpy's Generator on PCG64 and on Philox; PyTorch (normal_,
uniform_, nn.init.kaiming_normal_, nn.init.trunc_normal_) with
torch.set_num_threads(1); and, through build/bench/peers/nninit_peers
(built by Meson when the packages are present), GSL's Ziggurat,
Boost.Random's Ziggurat and std::normal_distribution. nninit itself is
measured by the same program, on every path this CPU runs.

Timing, the same for every peer: one untimed call, then batches of calls of
at least 2 ms each, for at least --min-time seconds and three batches, in
this thread's CPU time; the figure is the fastest batch, per call, per
sample. Thread CPU time keeps other processes on a busy machine from
inflating one peer more than another; still, compare ratios within one run.

Usage (scripts/peers.sh builds first and then runs this):
  /usr/bin/python3 bench/peers/compare.py [--build build] [--min-time 0.3]
      [--n 65536 --n 16777216] [--no-suite] [--no-write | --out FILE]
"""
import argparse
import datetime
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time

from docfile import write_keeping

# One thread everywhere, set before numpy or torch load their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402  (python3-numpy is a build dependency)

try:
    import torch  # noqa: E402
except ImportError as _e:  # the torch columns say why they are empty
    torch = None
    TORCH_ERROR = str(_e)
else:
    TORCH_ERROR = None
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORKLOADS = ["normal_f32", "normal_f64", "uniform_f32", "kaiming_f32", "trunc_f32"]
WORKLOAD_LABEL = {
    "normal_f32": "normal f32",
    "normal_f64": "normal f64",
    "uniform_f32": "uniform f32",
    "kaiming_f32": "kaiming_normal_ f32",
    "trunc_f32": "trunc normal [-2, 2] f32",
}
DEFAULT_NS = [65536, 16777216]
BATCH_SECONDS = 2e-3

# Column order of the table and what each column runs (C/C++ peers add the
# description nninit_peers --list gives).
PY_PEERS = {
    "numpy-pcg64": "numpy %s Generator(PCG64): standard_normal / random(dtype=float32, out=...); "
    "kaiming: standard_normal then *= std; trunc: resample the values outside [-2, 2]",
    "numpy-philox": "numpy %s Generator(Philox): as numpy-pcg64",
    "torch": "PyTorch %s CPU, torch.set_num_threads(1): Tensor.normal_ / uniform_, "
    "nn.init.kaiming_normal_(nonlinearity='relu'), nn.init.trunc_normal_(a=-2, b=2)",
}
COLUMN_ORDER = ["numpy-pcg64", "numpy-philox", "torch", "gsl", "boost", "std"]
COLUMN_TITLE = {
    "numpy-pcg64": "numpy PCG64",
    "numpy-philox": "numpy Philox",
    "torch": "torch",
    "gsl": "GSL",
    "boost": "Boost.Random",
    "std": "std::normal_distribution",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ timing


def measure(fn, n, min_time):
    """ns per sample of fn(): the fastest batch, per call (see the header)."""
    fn()  # untimed
    reps = 1
    while True:
        t0 = time.thread_time()
        for _ in range(reps):
            fn()
        if time.thread_time() - t0 >= BATCH_SECONDS or reps >= 1 << 20:
            break
        reps *= 2
    best = float("inf")
    start = time.thread_time()
    batches = 0
    while batches < 3 or time.thread_time() - start < min_time:
        t0 = time.thread_time()
        for _ in range(reps):
            fn()
        best = min(best, (time.thread_time() - t0) / reps)
        batches += 1
    return best * 1e9 / n


# ------------------------------------------------------------ Python peers


def side_of(n):
    side = int(round(n ** 0.5))
    if side * side != n:
        raise SystemExit("compare.py: kaiming_f32 needs a square N, got %d" % n)
    return side


def numpy_fill(gen, workload, n):
    """A callable doing the workload with a numpy Generator, into one buffer."""
    if workload == "normal_f64":
        buf = np.empty(n, dtype=np.float64)
        return lambda: gen.standard_normal(out=buf)
    buf = np.empty(n, dtype=np.float32)
    if workload == "normal_f32":
        return lambda: gen.standard_normal(dtype=np.float32, out=buf)
    if workload == "uniform_f32":
        return lambda: gen.random(dtype=np.float32, out=buf)
    if workload == "kaiming_f32":
        std = np.float32((2.0 / side_of(n)) ** 0.5)

        def kaiming():
            gen.standard_normal(dtype=np.float32, out=buf)
            np.multiply(buf, std, out=buf)

        return kaiming

    def trunc():
        # What a numpy user writes: draw, then redraw what fell outside.
        gen.standard_normal(dtype=np.float32, out=buf)
        idx = np.flatnonzero(np.abs(buf) > 2.0)
        while idx.size:
            buf[idx] = gen.standard_normal(idx.size, dtype=np.float32)
            idx = idx[np.abs(buf[idx]) > 2.0]

    return trunc


def torch_fill(workload, n):
    if workload == "normal_f64":
        t = torch.empty(n, dtype=torch.float64)
        return lambda: t.normal_()
    if workload == "normal_f32":
        t = torch.empty(n, dtype=torch.float32)
        return lambda: t.normal_()
    if workload == "uniform_f32":
        t = torch.empty(n, dtype=torch.float32)
        return lambda: t.uniform_()
    if workload == "kaiming_f32":
        side = side_of(n)
        w = torch.empty(side, side, dtype=torch.float32)
        return lambda: torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
    t = torch.empty(n, dtype=torch.float32)
    return lambda: torch.nn.init.trunc_normal_(t, mean=0.0, std=1.0, a=-2.0, b=2.0)


def python_peers():
    """name -> callable(workload, n) returning the fill, for what is installed."""
    peers = {
        "numpy-pcg64": lambda w, n: numpy_fill(np.random.Generator(np.random.PCG64(42)), w, n),
        "numpy-philox": lambda w, n: numpy_fill(np.random.Generator(np.random.Philox(42)), w, n),
    }
    if torch is not None:
        torch.manual_seed(42)
        peers["torch"] = torch_fill
    return peers


# ---------------------------------------------------------- C/C++ programs


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def c_peers(exe, workload, n, min_time):
    """{peer: ns/sample} from nninit_peers for one workload."""
    out = run([exe, "--workload", workload, "--n", str(n), "--min-time", str(min_time)])
    res = {}
    for line in out.splitlines():
        peer, _w, _n, ns, _calls = line.split("\t")
        res[peer] = float(ns)
    return res


def suite(exe, min_time):
    """Google Benchmark JSON of every kernel at 256 KiB and 64 MiB."""
    out = run([exe, "--benchmark_filter=/(262144|67108864)$",
               "--benchmark_min_time=%g" % min_time, "--benchmark_format=json"])
    return json.loads(out)


# ------------------------------------------------------------------ tables


def fmt_ns(ns):
    return "%.2f" % ns if ns < 10 else "%.1f" % ns if ns < 100 else "%.0f" % ns


def peer_table(results, ns_list, columns, nninit_cols):
    """results[(workload, n)][peer] = ns/sample."""
    head = ["workload", "N"]
    head += ["nninit %s (ns)" % c.split("-", 1)[1] if "-" in c else "**nninit** (ns)"
             for c in nninit_cols]
    head += ["%s (ns, ×)" % COLUMN_TITLE[c] for c in columns]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
    for w in WORKLOADS:
        for n in ns_list:
            r = results.get((w, n))
            if r is None:
                continue
            base = r["nninit"]
            label = WORKLOAD_LABEL[w]
            size = "{:,}".format(n)
            if w == "kaiming_f32":
                size += " (%d×%d)" % (side_of(n), side_of(n))
            row = [label, size]
            for c in nninit_cols:
                v = r.get(c)
                row.append("**%s**" % fmt_ns(v) if c == "nninit" else
                           ("%s (%.2f×)" % (fmt_ns(v), v / base) if v else "–"))
            for c in columns:
                v = r.get(c)
                row.append("%s (%.2f×)" % (fmt_ns(v), v / base) if v else "–")
            lines.append("| " + " | ".join(row) + " |")
    # One summary row: the geometric mean of each column's ratios.
    row = ["geometric mean of the ratios", ""]
    for c in nninit_cols + columns:
        ratios = [r[c] / r["nninit"] for r in results.values() if r.get(c)]
        if c == "nninit" or not ratios:
            row.append("")
        else:
            g = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
            row.append("**%.2f×**" % g)
    lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def suite_table(js):
    """Kernels x paths at 256 KiB and 64 MiB, against the memory ceiling."""
    rows = {}
    order = []
    for b in js.get("benchmarks", []):
        if b.get("error_occurred"):
            continue
        name, size = b["name"].rsplit("/", 1)
        if name not in rows:
            rows[name] = {}
            order.append(name)
        items = b.get("items_per_second", 0.0)
        rows[name][int(size)] = (1e9 / items if items else float("nan"),
                                 b.get("bytes_per_second", 0.0) / 1e9)
    sizes = (262144, 67108864)
    ceil = {s: max((rows[m][s][1] for m in rows if m.startswith("memwrite/") and s in rows[m]),
                   default=0.0) for s in sizes}
    head = ("| benchmark | 256 KiB ns/sample | GB/s | % of ceiling | 64 MiB ns/sample | GB/s "
            "| % of ceiling |\n|---|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for name in order:
        cells = [name]
        for s in sizes:
            if s not in rows[name]:
                cells += ["–"] * 3
                continue
            ns, gbs = rows[name][s]
            cells += ["%.3g" % ns, "%.3g" % gbs,
                      "%.1f" % (100 * gbs / ceil[s]) if ceil[s] else "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines), ceil


# ---------------------------------------------------------------- machine


def cpu_model():
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                fields.setdefault(k.strip(), v.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    if "cpu family" in fields and "model" in fields:
        name += " (family %s, model %s)" % (fields["cpu family"], fields["model"])
    return name


def cpu_caches():
    try:
        out = run(["lscpu"])
    except (OSError, subprocess.CalledProcessError):
        return ""
    keep = []
    for line in out.splitlines():
        k, _, v = line.partition(":")
        if k.strip() in ("L1d cache", "L2 cache", "L3 cache"):
            keep.append("%s %s" % (k.strip().split()[0], v.strip()))
    return ", ".join(keep)


def git_rev():
    try:
        rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
        dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build_option(build, name):
    try:
        with open(os.path.join(build, "meson-info", "intro-buildoptions.json")) as f:
            for o in json.load(f):
                if o["name"] == name:
                    return str(o["value"])
    except (OSError, ValueError, KeyError):
        pass
    return "unknown"


def load():
    try:
        return "%.2f" % os.getloadavg()[0]
    except OSError:
        return "?"


# ------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="the Meson build directory [default: build]")
    ap.add_argument("--min-time", type=float, default=0.3,
                    help="seconds of CPU time per measurement at least [default: 0.3]")
    ap.add_argument("--n", type=int, action="append",
                    help="sample counts (repeatable; squares, for kaiming) "
                    "[default: 65536 and 16777216]")
    ap.add_argument("--no-suite", action="store_true",
                    help="skip the Google Benchmark table of kernels against the memory ceiling")
    ap.add_argument("--suite-min-time", type=float, default=0.1,
                    help="--benchmark_min_time for that table [default: 0.1]")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "performance.md"),
                    help="the file to (re)write [default: docs/performance.md]")
    ap.add_argument("--no-write", action="store_true", help="print only; write no file")
    args = ap.parse_args()
    ns_list = args.n or DEFAULT_NS

    build = os.path.abspath(args.build)
    peers_exe = os.path.join(build, "bench", "peers", "nninit_peers")
    bench_exe = os.path.join(build, "bench", "nninit_bench")
    if not os.access(peers_exe, os.X_OK):
        raise SystemExit("compare.py: %s is missing: build first (./scripts/peers.sh does it; "
                         "it needs a C++ compiler)" % peers_exe)

    command = os.environ.get("NNINIT_BENCH_COMMAND") or " ".join(
        shlex.quote(a) for a in ["/usr/bin/python3", os.path.relpath(__file__, ROOT)] + sys.argv[1:])
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = load()

    c_list = dict(line.split("\t", 1) for line in run([peers_exe, "--list"]).splitlines())
    versions = dict(line.split("\t", 1) for line in run([peers_exe, "--versions"]).splitlines())
    py = python_peers()
    nninit_cols = ["nninit"] + [p for p in c_list if p.startswith("nninit-")]
    # The scalar path is the reference the vector paths are checked against;
    # its column shows what they gain. Other forced paths are left out of the
    # peer table (the suite table has every path).
    nninit_cols = [c for c in nninit_cols if c in ("nninit", "nninit-scalar")]
    columns = [c for c in COLUMN_ORDER if c in py or c in c_list]

    results = {}
    for w in WORKLOADS:
        for n in ns_list:
            if w == "kaiming_f32":
                side_of(n)
            log("compare.py: %s, N = %d" % (w, n))
            r = c_peers(peers_exe, w, n, args.min_time)
            for name, make in py.items():
                r[name] = measure(make(w, n), n, args.min_time)
            results[(w, n)] = r

    table = peer_table(results, ns_list, columns, nninit_cols)
    print(table)

    suite_md, ceil = "", {}
    if not args.no_suite:
        if os.access(bench_exe, os.X_OK):
            log("compare.py: Google Benchmark suite at 256 KiB and 64 MiB")
            js = suite(bench_exe, args.suite_min_time)
            suite_md, ceil = suite_table(js)
            print()
            print(suite_md)
        else:
            suite_md = ("_(not measured: %s is missing; install libbenchmark-dev and rebuild)_"
                        % os.path.relpath(bench_exe, ROOT))

    load_end = load()
    if args.no_write:
        return 0

    missing = []
    if torch is None:
        missing.append("torch: not importable by /usr/bin/python3 (%s; apt install "
                       "python3-torch)" % TORCH_ERROR)
    if "gsl" not in c_list:
        missing.append("GSL: not found when nninit_peers was built (apt install libgsl-dev, "
                       "then rebuild)")
    if "boost" not in c_list:
        missing.append("Boost.Random: not found when nninit_peers was built (apt install "
                       "libboost-random-dev, then rebuild)")

    def peer_line(c):
        if c in PY_PEERS:
            ver = torch.__version__ if c == "torch" else np.__version__
            return "- **%s**: %s" % (COLUMN_TITLE[c], PY_PEERS[c] % ver)
        return "- **%s**: %s" % (COLUMN_TITLE[c], c_list[c])

    best_isa = versions.get("nninit-isa", "?")
    doc = []
    doc.append("# Performance\n")
    doc.append("_This file is generated by `bench/peers/compare.py`: rerun the command below "
               "to regenerate it; edits by hand are lost._\n")
    doc.append("## How to reproduce\n")
    doc.append("```sh\n%s\n```\n" % command)
    doc.append("`./scripts/peers.sh` installs the peers' Debian packages (libgsl-dev, "
               "libboost-random-dev, python3-torch), builds `build/` (release) and runs "
               "`bench/peers/compare.py`; extra arguments go to the script "
               "(`--help` lists them). The full Google Benchmark suite, every kernel, "
               "type, method and path from 4 KiB to 64 MiB, is `./scripts/bench.sh`; "
               "a one-minute table on any machine is `nninit bench`.\n")
    doc.append("## Machine and versions\n")
    info = [
        ("date", started.strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", "%s, %d logical CPUs; %s" % (cpu_model(), os.cpu_count() or 0, cpu_caches())),
        ("CPU features (as nninit sees them)", versions.get("cpu-features", "?")),
        ("OS", "%s %s" % (platform.system(), platform.release())),
        ("nninit", "%s (git %s), automatic path **%s**; build type %s"
         % (versions.get("nninit", "?"), git_rev(), best_isa, build_option(build, "buildtype"))),
        ("compiler", "gcc %s" % versions.get("compiler", "?")),
        ("numpy", np.__version__),
        ("torch", torch.__version__ if torch is not None else "not installed"),
        ("GSL", versions.get("gsl", "not found")),
        ("Boost", versions.get("boost", "not found")),
        ("libstdc++", versions.get("libstdc++", "?")),
        ("Python", platform.python_version()),
        ("load average", "%s at start, %s at end (other jobs may share the machine: "
         "read ratios within this run, not absolute numbers)" % (load_start, load_end)),
    ]
    doc.append("| | |\n|---|---|")
    doc.extend("| %s | %s |" % kv for kv in info)
    doc.append("")
    doc.append("## nninit against its peers\n")
    doc.append("ns/sample (lower is better), one thread; in parentheses the ratio of the "
               "column to nninit's automatic path (**%s**): above 1 means nninit is faster. "
               "nninit uses its default method, the Ziggurat, for every normal.\n" % best_isa)
    doc.append(table + "\n")
    doc.append("What each column runs:\n")
    doc.append("- **nninit**: %s" % c_list["nninit"])
    for c in nninit_cols[1:]:
        doc.append("- **%s**: %s" % (c, c_list[c]))
    doc.extend(peer_line(c) for c in columns)
    doc.append("")
    if missing:
        doc.append("Not measured in this run:\n")
        doc.extend("- " + m for m in missing)
        doc.append("")
    doc.append("The workloads are the same for every column: a standard normal in float32 "
               "and float64, U[0, 1) in float32, `kaiming_normal_` with `nonlinearity='relu'` "
               "(fan-in, N(0, 2/fan_in)) on a square float32 matrix, and N(0, 1) truncated to "
               "[-2, 2] in float32. A peer with no truncated normal of its own redraws the "
               "values that fall outside, as its users would.\n")
    doc.append("## Every kernel against the memory ceiling\n")
    if suite_md and ceil:
        doc.append("From `build/bench/nninit_bench --benchmark_filter='/(262144|67108864)$' "
                   "--benchmark_min_time=%g` (the same run): every kernel, output type, method "
                   "and path this CPU runs, at 256 KiB of output (cache-resident) and 64 MiB "
                   "(memory-bound). `memwrite/*` rows are the single-thread write ceiling: "
                   "`plain` vector stores (which pay a read-for-ownership per line), `nt` "
                   "non-temporal stores, and the C library's `memset`. “%% of ceiling” is the "
                   "row's GB/s over the fastest memwrite row at that size (%.3g GB/s at "
                   "256 KiB, %.3g GB/s at 64 MiB). For `memwrite` rows ns/sample is per "
                   "4-byte word; `bits/u32` is raw Philox4x32-10 output, the floor under "
                   "every other kernel. GB/s counts the bytes of output, so a bf16 "
                   "row moves half the bytes of its f32 row per sample.\n"
                   % (args.suite_min_time, ceil.get(262144, 0), ceil.get(67108864, 0)))
    doc.append((suite_md or "_(skipped with --no-suite)_") + "\n")
    doc.append("## How the numbers are taken\n")
    doc.append("- Every figure is the fastest of at least three batches of calls (each batch "
               "at least 2 ms) after one untimed call, in the calling thread's CPU time, "
               "divided by the number of samples. Output buffers are allocated once and "
               "written before timing. Google Benchmark's figures use its own CPU-time loop.\n"
               "- One thread everywhere: `nninit_set_num_threads(1)` (nninit would otherwise "
               "split fills of 131,072 elements or more over its worker pool), "
               "`torch.set_num_threads(1)`, and OMP/OpenBLAS/MKL thread counts set to 1.\n"
               "- Seeds are fixed (42); every value is still a full sample: nothing is "
               "cached between calls.\n"
               "- On a machine shared with other jobs, absolute numbers move from run to "
               "run; the ratios within one run are what this file is for.\n")
    # Sections other benchmarks add below this marker (e.g. orthogonal
    # initialization, bench/orth_compare.py) survive a regeneration.
    write_keeping(args.out, "\n".join(doc),
                  "<!-- Sections below are kept by bench/peers/compare.py -->")
    log("compare.py: wrote %s" % os.path.relpath(args.out, os.getcwd()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
