#!/bin/sh
# Set up, build and run the main job: initialize a representative layer
# (a 4096x4096 Kaiming-normal weight, float32) into kaiming.npy.
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
./build/cli/nninit info
./build/cli/nninit init --scheme kaiming-normal --nonlinearity relu \
    --shape 4096x4096 --seed 42 -o kaiming.npy --verbose
