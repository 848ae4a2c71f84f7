#!/bin/sh
# Build and run the full benchmark suite: every kernel x output type x method
# x ISA this CPU runs, 4 KiB to 64 MiB of output, with raw Philox words and
# the memory write ceiling (Google Benchmark). Usage:
#   ./scripts/bench.sh [nninit_bench options, e.g. --benchmark_filter=avx2]
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
if [ ! -x build/bench/nninit_bench ]; then
    echo "scripts/bench.sh: build/bench/nninit_bench was not built (it needs" \
        "g++ and libbenchmark-dev; see 'meson setup --reconfigure build')" >&2
    exit 1
fi
exec ./build/bench/nninit_bench --benchmark_min_time=0.1 "$@"
