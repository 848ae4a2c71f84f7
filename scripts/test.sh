#!/bin/sh
# Set up, build (warnings are errors) and run every test suite. Usage:
#   ./scripts/test.sh [build-dir] [extra meson setup options...]
# NNINIT_TEST_ARGS adds options to `meson test` (e.g. --no-suite long).
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
dir="${1:-build}"
[ $# -gt 0 ] && shift
if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" --werror "$@"
fi
ninja -C "$dir"
status=0
# shellcheck disable=SC2086
meson test -C "$dir" --print-errorlogs --num-processes 1 ${NNINIT_TEST_ARGS:-} ||
    status=$?
# Meson hides Criterion's summary on success; show one line per suite.
grep -h "Synthesis:" "$dir/meson-logs/testlog.txt" | sed 's/\x1b\[[0-9;]*m//g' || true
grep -h "passed, .* failed" "$dir/meson-logs/testlog.txt" || true
exit $status
