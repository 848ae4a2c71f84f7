#!/bin/sh
# The full dieharder battery (dieharder -a) on nninit's streams, one after
# another: the raw Philox words, then the float32 normals of each method
# mapped back to uniform (`nninit bits --as normal`, 16 bits per value).
# Each run takes about an hour of one core on an idle machine; they run at
# nice 19. Results go to DIR (default build/dieharder), one .txt per
# stream, and a markdown summary of them is printed at the end (the tables
# of docs/dieharder.md). Usage:
#   ./scripts/dieharder.sh [DIR] [STREAM...]   STREAM: raw ziggurat box-muller icdf
#   ./scripts/dieharder.sh --summary DIR       only print the summary of DIR
set -eu
cd "$(dirname "$0")/.."
summary() {
    /usr/bin/python3 - "$1" <<'PY'
import glob, os, sys
d = sys.argv[1]
for name in ("raw", "ziggurat", "box-muller", "icdf"):
    f = os.path.join(d, name + ".txt")
    if not os.path.exists(f):
        continue
    rows = []
    for line in open(f):
        c = [x.strip() for x in line.split("|")]
        if len(c) == 6 and c[5] in ("PASSED", "WEAK", "FAILED"):
            rows.append(c)
    cmd = open(os.path.join(d, name + ".cmd")).read().strip() if os.path.exists(os.path.join(d, name + ".cmd")) else ""
    done = os.path.exists(os.path.join(d, name + ".end"))
    counts = {k: sum(r[5] == k for r in rows) for k in ("PASSED", "WEAK", "FAILED")}
    print("### %s\n" % name)
    print("`%s` — %s: %d lines, %d PASSED, %d WEAK, %d FAILED\n" % (
        cmd, "complete" if done else "cut short (the rest did not run)", len(rows),
        counts["PASSED"], counts["WEAK"], counts["FAILED"]))
    print("| test | ntup | tsamples | psamples | p-value | assessment |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| %s |" % " | ".join(r))
    print()
PY
}
if [ "${1:-}" = "--summary" ]; then
    summary "${2:?usage: $0 --summary DIR}"
    exit 0
fi
NNINIT_DEPS_EXTRA="dieharder" ./scripts/deps.sh
dir="${1:-build/dieharder}"
[ $# -gt 0 ] && shift
[ -f build/build.ninja ] || meson setup build --werror
ninja -C build cli/nninit
mkdir -p "$dir"
streams="${*:-raw ziggurat box-muller icdf}"
for s in $streams; do
    case $s in
    raw) args="--seed 42" ;;
    ziggurat | box-muller | icdf) args="--seed 42 --as normal --method $s" ;;
    *) echo "unknown stream '$s'" >&2; exit 2 ;;
    esac
    echo "nninit bits $args | dieharder -g 200 -a" >"$dir/$s.cmd"
    echo "=== $(cat "$dir/$s.cmd")"
    rm -f "$dir/$s.end"
    # shellcheck disable=SC2086
    nice -n 19 ./build/cli/nninit bits $args | nice -n 19 dieharder -g 200 -a >"$dir/$s.txt"
    date -u +%FT%TZ >"$dir/$s.end"
done
summary "$dir"
