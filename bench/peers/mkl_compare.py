#!/usr/bin/python3
"""nninit against Intel MKL 2020.4's VSL, in one run on this machine.

Runs build/bench/peers/nninit_peers --mkl (built when ./scripts/mkl.sh has
unpacked MKL into build/mkl) in separate processes, one per MKL
configuration:

  amd-default   MKL as it runs on this CPU by itself
  override      LD_PRELOAD of build/mkl/mkl_cpu_true.so
                (mkl_serv_intel_cpu_true() returns 1): MKL's best kernels
  override-avx2 the same with MKL_ENABLE_INSTRUCTIONS=AVX2 (the AVX2 rows)

nninit's paths run in the override-avx2 process, in the same run. With
--write it rewrites docs/performance-mkl.md (table, command, machine);
otherwise it prints the table. Without MKL it says so and exits 0, so a
smoke run on a machine without MKL skips cleanly.

Usage: /usr/bin/python3 bench/peers/mkl_compare.py [--build build]
           [--n 65536 --n 16777216] [--min-time 0.3] [--write]
"""
import argparse
import datetime
import os
import platform
import shlex
import subprocess
import sys

from docfile import write_keeping

os.environ["MKL_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (workload, label, nninit method, MKL family: its normals or its uniforms)
ROWS = [
    ("bits_u32", "raw bits, per 32-bit word", "uniform"),
    ("normal_f32", "normal f32, default method (Ziggurat)", "normal"),
    ("normal_f32_bm", "normal f32, Box-Muller", "normal"),
    ("normal_f32_icdf", "normal f32, inverse CDF", "normal"),
    ("normal_f64", "normal f64, default method (Ziggurat)", "normal"),
    ("normal_f64_bm", "normal f64, Box-Muller", "normal"),
    ("normal_f64_icdf", "normal f64, inverse CDF", "normal"),
    ("trunc_f32", "truncated normal f32 [-2, 2], std 1", None),
    ("trunc_f32_s02", "truncated normal f32 [-2, 2], std 0.02", None),
    ("uniform_f32", "uniform f32", "uniform"),
    ("uniform_f64", "uniform f64", "uniform"),
]
MKL_NORMALS = ["mkl-mt19937-icdf", "mkl-philox-icdf", "mkl-mt19937-bm2", "mkl-philox-bm2"]
MKL_UNIFORMS = ["mkl-mt19937", "mkl-philox"]
CONFIGS = ["override-avx2", "override", "amd-default"]
CONFIG_TITLE = {  # the legend under the table says what each runs
    "override-avx2": "MKL AVX2",
    "override": "MKL best",
    "amd-default": "MKL no override",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, env=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          env=env).stdout


def config_env(build, config):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env.pop("MKL_ENABLE_INSTRUCTIONS", None)
    if config.startswith("override"):
        env["LD_PRELOAD"] = os.path.join(build, "mkl", "mkl_cpu_true.so")
    if config == "override-avx2":
        env["MKL_ENABLE_INSTRUCTIONS"] = "AVX2"
    return env


def measure(exe, env, workload, n, min_time, peers):
    cmd = [exe, "--mkl", "--workload", workload, "--n", str(n), "--min-time", str(min_time)]
    for p in peers:
        cmd += ["--peer", p]
    res = {}
    for line in run(cmd, env).splitlines():
        peer, _w, _n, ns, _calls = line.split("\t")
        res[peer] = float(ns)
    return res


def fmt(ns):
    return "–" if ns is None else "%.2f" % ns if ns < 10 else "%.1f" % ns


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, action="append",
                    help="sample counts [default: 65536 and 16777216]")
    ap.add_argument("--min-time", type=float, default=0.3)
    ap.add_argument("--write", action="store_true",
                    help="rewrite docs/performance-mkl.md")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "performance-mkl.md"))
    args = ap.parse_args()
    ns_list = args.n or [65536, 16777216]
    build = os.path.abspath(args.build)
    exe = os.path.join(build, "bench", "peers", "nninit_peers")
    if not os.access(exe, os.X_OK):
        log("mkl_compare.py: %s is missing (build first); skipped" % exe)
        return 0
    probe = subprocess.run([exe, "--mkl", "--versions"], capture_output=True, text=True)
    if probe.returncode != 0:
        log("mkl_compare.py: skipped: nninit_peers was built without Intel MKL "
            "(run ./scripts/mkl.sh, then `meson setup --reconfigure %s`)" % args.build)
        return 0
    versions = dict(line.split("\t", 1) for line in probe.stdout.splitlines())
    isas = [p for p in run([exe, "--mkl", "--list"]).splitlines()]
    nninit_paths = [line.split("\t", 1)[0] for line in isas
                    if line.startswith("nninit") and "neon" not in line.split("\t", 1)[0]
                    and "scalar" not in line.split("\t", 1)[0]]
    best = versions.get("nninit-isa", "?")
    started = datetime.datetime.now(datetime.timezone.utc)
    load0 = "%.2f" % os.getloadavg()[0]

    res = {}  # (workload, n) -> {column: ns}
    for w, _label, fam in ROWS:
        for n in ns_list:
            log("mkl_compare.py: %s, N = %d" % (w, n))
            r = {}
            mkl = MKL_NORMALS if fam == "normal" else MKL_UNIFORMS if fam else []
            for config in CONFIGS:
                env = config_env(build, config)
                peers = list(mkl) if w in ("normal_f32", "normal_f64", "uniform_f32",
                                            "uniform_f64", "bits_u32") else []
                if config == "override-avx2":
                    peers += nninit_paths
                if not peers:
                    continue
                for peer, ns in measure(exe, env, w, n, args.min_time, peers).items():
                    r[(config, peer)] = ns
            res[(w, n)] = r
    load1 = "%.2f" % os.getloadavg()[0]

    # MKL's figures belong to the type, not to nninit's method: the f32
    # normal rows all compare with MKL's f32 Gaussian, and so on.
    def mkl_of(w, n, config, peer):
        key = {"normal_f32_bm": "normal_f32", "normal_f32_icdf": "normal_f32",
               "normal_f64_bm": "normal_f64", "normal_f64_icdf": "normal_f64"}.get(w, w)
        return res.get((key, n), {}).get((config, peer))

    lines = []
    for n in ns_list:
        lines.append("\n### N = {:,}\n".format(n))
        head = ["workload"] + ["nninit %s" % (p.split("-", 1)[1] if "-" in p else best)
                               for p in nninit_paths]
        for config in CONFIGS:
            head += ["%s MT19937" % CONFIG_TITLE[config],
                     "%s Philox" % CONFIG_TITLE[config]]
        head.append("MKL AVX2 fastest / nninit")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|---|" + "---:|" * (len(head) - 1))
        for w, label, fam in ROWS:
            r = res[(w, n)]
            row = [label] + [fmt(r.get(("override-avx2", p))) for p in nninit_paths]
            fastest = None
            for config in CONFIGS:
                for brng in ("mt19937", "philox"):
                    if fam == "normal":
                        cand = [(mkl_of(w, n, config, "mkl-%s-%s" % (brng, m)), m)
                                for m in ("icdf", "bm2")]
                        cand = [c for c in cand if c[0] is not None]
                        if cand:
                            v, m = min(cand)
                            row.append("%s (%s)" % (fmt(v), m))
                            if config == "override-avx2":
                                fastest = v if fastest is None else min(fastest, v)
                        else:
                            row.append("–")
                    elif fam == "uniform":
                        v = mkl_of(w, n, config, "mkl-" + brng)
                        row.append(fmt(v))
                        if config == "override-avx2" and v is not None:
                            fastest = v if fastest is None else min(fastest, v)
                    else:
                        row.append("–")
            ours = r.get(("override-avx2", "nninit"))
            row.append("%.2f×" % (fastest / ours) if fastest and ours else "–")
            lines.append("| " + " | ".join(row) + " |")
    table = "\n".join(lines)
    print(table)

    bits = run([exe, "--mkl-bits"])
    command = " ".join(shlex.quote(a) for a in
                       ["/usr/bin/python3", os.path.relpath(__file__, ROOT)] + sys.argv[1:])
    if not args.write:
        print(bits)
        return 0
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    doc = [
        "# nninit against Intel MKL (issue 17)\n",
        "_The tables and the machine section are generated by "
        "`bench/peers/mkl_compare.py --write`; the notes after the marker at the end "
        "are kept._\n",
        "## How to reproduce\n",
        "```sh\n./scripts/mkl.sh            # fetch and unpack Intel MKL into build/mkl "
        "(isolated apt, nothing installed)\nmeson setup --reconfigure build && ninja -C build\n"
        "%s\n```\n" % command,
        "## Machine and versions\n",
        "| | |\n|---|---|",
        "| date | %s |" % started.strftime("%Y-%m-%d %H:%M UTC"),
        "| CPU | %s, %d logical CPUs |" % (cpu, os.cpu_count() or 0),
        "| CPU features (as nninit sees them) | %s |" % versions.get("cpu-features", "?"),
        "| OS | %s %s |" % (platform.system(), platform.release()),
        "| nninit | %s, automatic path **%s** |" % (versions.get("nninit", "?"), best),
        "| MKL | %s (Debian 2020.4.304-4) |" % versions.get("mkl", "?"),
        "| compiler | gcc %s |" % versions.get("compiler", "?"),
        "| load average | %s at start, %s at end (read ratios within this run) |" % (load0, load1),
        "",
        "## ns/sample, one thread\n",
        "Lower is better. nninit's columns are its paths on this CPU (AVX-512 only where "
        "the CPU has it). MKL runs one sequential VSL stream, seed 42: normals are "
        "`vsRngGaussian`/`vdRngGaussian`, the faster of `VSL_RNG_METHOD_GAUSSIAN_ICDF` and "
        "`_BOXMULLER2` shown with its name (every method is compared with MKL's Gaussian of "
        "the same type); uniforms `v?RngUniform` `VSL_RNG_METHOD_UNIFORM_STD`. The last "
        "column is MKL's fastest AVX2 figure over nninit's automatic path: above 1, nninit "
        "is faster. MKL has no truncated normal. Columns: **MKL AVX2** = override shim "
        "(`LD_PRELOAD` of `mkl_serv_intel_cpu_true() { return 1; }`) and "
        "`MKL_ENABLE_INSTRUCTIONS=AVX2`; **MKL best** = the shim alone (MKL picks its best "
        "kernels: AVX2 on a CPU without AVX-512); **MKL no override** = MKL as it runs on "
        "an AMD CPU by itself. Philox = `VSL_BRNG_PHILOX4X32X10`.",
        table,
        "",
        "## Random bits per MKL float64 uniform\n",
        "From `build/bench/peers/nninit_peers --mkl-bits` (the raw words of an MKL MT19937 "
        "stream and the `vdRngUniform` values of a second stream with the same seed):\n",
        "```\n%s```\n" % bits,
    ]
    mark = "<!-- Notes below are kept by bench/peers/mkl_compare.py -->"
    write_keeping(args.out, "\n".join(doc), mark, "\n" + mark + "\n")
    log("mkl_compare.py: wrote %s" % os.path.relpath(args.out, os.getcwd()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
