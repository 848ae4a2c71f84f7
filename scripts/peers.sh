#!/bin/sh
# Compare nninit with numpy, PyTorch, GSL, Boost.Random and <random> in one
# run on this machine, print the table and rewrite docs/performance.md.
# Installs the peers' Debian packages when missing. Usage:
#   ./scripts/peers.sh [bench/peers/compare.py options, e.g. --no-write]
set -eu
cd "$(dirname "$0")/.."
NNINIT_DEPS_EXTRA="${NNINIT_DEPS_EXTRA:-} libgsl-dev libboost-random-dev python3-torch" \
    ./scripts/deps.sh
# Reconfigure an existing build so that peers installed since are found.
if [ -f build/build.ninja ]; then
    meson setup --reconfigure build >/dev/null
else
    meson setup build >/dev/null
fi
ninja -C build >/dev/null
NNINIT_BENCH_COMMAND="./scripts/peers.sh${*:+ $*}" \
    exec /usr/bin/python3 bench/peers/compare.py --build build "$@"
