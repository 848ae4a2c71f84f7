#!/bin/sh
# Line and branch coverage of src/, cli/ and fuzz/ with clang's source-based
# coverage (-fprofile-instr-generate -fcoverage-mapping, llvm-profdata-14,
# llvm-cov-14): builds an instrumented tree, replays every fuzz target's
# committed corpus (fuzz/corpus/TARGET, each input once, no mutation) and,
# with --tests, runs the test suite too (all but the long, stats and fuzz
# suites), then prints llvm-cov's per-file table and the total.
#   ./scripts/coverage.sh [--tests] [BUILD_DIR]     (default build-cov)
# Writes BUILD_DIR/coverage.txt (the table), BUILD_DIR/coverage.profdata,
# and BUILD_DIR/coverage-html/ (llvm-cov show: the lines not reached).
# The build has UBSan only: its runtime carries the fallbacks for the
# fuzzer's coverage hooks that every program of a -Dfuzz=enabled build
# calls (ASan would slow the replay; scripts/fuzz.sh runs both).
# docs/fuzzing.md records the numbers.
set -eu
cd "$(dirname "$0")/.."
NNINIT_DEPS_EXTRA="clang libclang-rt-14-dev llvm-14 ${NNINIT_DEPS_EXTRA:-}" \
    ./scripts/deps.sh
tests=0
if [ "${1:-}" = "--tests" ]; then
    tests=1
    shift
fi
dir="${1:-build-cov}"
tests_opt=disabled
[ $tests -eq 1 ] && tests_opt=enabled
prof="-fprofile-instr-generate -fcoverage-mapping"
# Kernels this CPU cannot run are left out rather than counted unreached.
avx512=auto
grep -q avx512f /proc/cpuinfo 2>/dev/null || avx512=disabled
if [ ! -f "$dir/build.ninja" ]; then
    # b_lundef=false: the shared library keeps the fuzzer's coverage hooks
    # (-fsanitize=fuzzer-no-link) undefined until a program links it.
    # buildtype=debug (-O0): the intrinsics-heavy kernels compile several
    # times faster, and the replayed inputs are small.
    CC=clang CXX=clang++ meson setup "$dir" --werror -Dfuzz=enabled \
        -Db_lundef=false -Dbuildtype=debug -Db_sanitize=undefined \
        -Dc_args="$prof" -Dc_link_args="$prof" \
        -Davx512="$avx512" -Dtests="$tests_opt" -Dbenchmarks=disabled \
        -Dmpi=disabled \
        -Dpython=disabled
else
    meson configure "$dir" -Dtests="$tests_opt"
fi
# Programs the build runs (table generators) are instrumented too: their
# profiles go to the build folder, not the source tree.
LLVM_PROFILE_FILE="$PWD/$dir/build-%p.profraw" ninja -C "$dir"

raw="$PWD/$dir/profraw"
rm -rf "$raw"
mkdir -p "$raw"
objects=""
for f in fuzz/corpus/*/; do
    t="$(basename "$f")"
    exe="$dir/fuzz/fuzz_$t"
    echo "replaying fuzz/corpus/$t ($(ls "$f" | wc -l) inputs) through fuzz_$t"
    LLVM_PROFILE_FILE="$raw/fuzz-$t-%p.profraw" "$exe" -runs=0 \
        -close_fd_mask=3 "$f" >"$dir/coverage-$t.log" 2>&1 || {
        echo "fuzz_$t failed on its corpus (log: $dir/coverage-$t.log)" >&2
        exit 1
    }
    objects="$objects -object $exe"
done
if [ $tests -eq 1 ]; then
    echo "running the test suite (not long, stats, fuzz)"
    # %p: one file per process (the tests start the tool many times).
    LLVM_PROFILE_FILE="$raw/test-%p.profraw" meson test -C "$dir" \
        --num-processes 1 --no-suite long --no-suite stats --no-suite fuzz \
        --print-errorlogs >"$dir/coverage-tests.log" 2>&1 || {
        echo "the test suite failed (log: $dir/coverage-tests.log)" >&2
        exit 1
    }
    for exe in "$dir"/cli/nninit "$dir"/src/libnninit.so "$dir"/tests/*; do
        [ -f "$exe" ] && [ -x "$exe" ] && objects="$objects -object $exe"
    done
fi
llvm-profdata-14 merge -sparse "$raw"/*.profraw -o "$dir/coverage.profdata"
# The first -object is the binary; the others follow as -object too.
# shellcheck disable=SC2086
set -- $objects
shift
# shellcheck disable=SC2086
llvm-cov-14 report "$@" -instr-profile="$dir/coverage.profdata" \
    src cli fuzz | tee "$dir/coverage.txt"
# shellcheck disable=SC2086
llvm-cov-14 show "$@" -instr-profile="$dir/coverage.profdata" \
    -format=html -output-dir="$dir/coverage-html" src cli fuzz
echo "per-line listing: $dir/coverage-html/index.html"
