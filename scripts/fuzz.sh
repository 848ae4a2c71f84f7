#!/bin/sh
# Build the libFuzzer targets (fuzz/: the public API, the model spec reader,
# the command line, the Hugging Face config reader) with clang, ASan and
# UBSan, the library and the tool instrumented, then fuzz each for a fixed
# time starting from its committed corpus. New inputs go to a scratch
# folder, not into fuzz/corpus. Usage:
#   ./scripts/fuzz.sh [SECONDS_PER_TARGET [BUILD_DIR [TARGET...]]]
# (default 15 s, build-fuzz, every target: api spec cli hf). A crash stops
# the script with status 1; its input is saved as BUILD_DIR/crash-TARGET-*.
set -eu
cd "$(dirname "$0")/.."
NNINIT_DEPS_EXTRA="clang libclang-rt-14-dev ${NNINIT_DEPS_EXTRA:-}" \
    ./scripts/deps.sh
secs="${1:-15}"
dir="${2:-build-fuzz}"
[ $# -gt 2 ] && shift 2 || set --
targets="${*:-api spec cli hf}"
if [ ! -f "$dir/build.ninja" ]; then
    CC=clang meson setup "$dir" --werror -Dfuzz=enabled \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args=-fno-sanitize-recover=all -Dbuildtype=debugoptimized \
        -Dtests=disabled -Dbenchmarks=disabled -Dpython=disabled -Dmpi=disabled
fi
ninja -C "$dir"
status=0
for t in $targets; do
    scratch="$(mktemp -d)"
    log="$dir/fuzz-$t.log"
    echo "fuzz_$t: ${secs} s from fuzz/corpus/$t ($(ls fuzz/corpus/"$t" | wc -l) inputs)"
    if "$dir/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=30 \
        -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
        -artifact_prefix="$PWD/$dir/crash-$t-" "$scratch" "$PWD/fuzz/corpus/$t" \
        >"$log" 2>&1; then
        grep -E "^#[0-9]+.*(DONE|pulse)" "$log" | tail -1
        grep -E "^stat::number_of_executed_units" "$log" || true
    else
        status=1
        echo "fuzz_$t FAILED (full log: $log):" >&2
        grep -E -A40 "ERROR|SUMMARY|property violated|deadly signal|Test unit written" "$log" | head -80 >&2
    fi
    rm -rf "$scratch"
done
exit $status
