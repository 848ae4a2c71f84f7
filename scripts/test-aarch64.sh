#!/bin/sh
# Cross-build for aarch64 and run the tests that need no Criterion (the
# conformance program, the table check) under qemu-aarch64: the real NEON
# path against the scalar path and the golden values of the x86 build.
# Usage: ./scripts/test-aarch64.sh [build-dir]
set -eu
cd "$(dirname "$0")/.."
NNINIT_DEPS_EXTRA="${NNINIT_DEPS_EXTRA:-} gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user" \
    ./scripts/deps.sh
dir="${1:-build-aarch64}"
if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" --werror --cross-file cross/aarch64-linux-gnu.ini \
        -Dcli=disabled -Dbenchmarks=disabled
fi
ninja -C "$dir"
status=0
meson test -C "$dir" --print-errorlogs --num-processes 1 || status=$?
# Meson hides the program's summary on success; show it.
grep -h "passed, .* failed" "$dir/meson-logs/testlog.txt" || true
exit $status
