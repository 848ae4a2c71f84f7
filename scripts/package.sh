#!/bin/sh
# Build the Debian packages, check them with lintian, install them, and use
# the installed nninit from outside the source tree: a C program built three
# ways (pkg-config, CMake find_package, Meson dependency()), `nninit info`,
# `man -w nninit`, and `import nninit` when python3-nninit was built.
#
# Usage: ./scripts/package.sh [--keep] [--out DIR]
#   --keep     leave the packages installed (default: purge the ones this
#              run installed, so the machine is as before)
#   --out DIR  copy the .deb files, .changes and .buildinfo to DIR
# DEB_BUILD_OPTIONS passes through (CI sets nocheck: it ran the tests).
#
# The build happens in a temporary copy of the tree (tracked and untracked,
# not ignored, files), since dpkg-buildpackage writes next to the source;
# nothing is written in the source tree. Needs root or sudo to install.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
start=$(date +%s)
stage() { echo "=== [$(($(date +%s) - start))s] $*"; }
keep=0
out=""
while [ $# -gt 0 ]; do
    case "$1" in
    --keep) keep=1 ;;
    --out)
        [ $# -ge 2 ] || { echo "package.sh: --out needs a directory" >&2; exit 2; }
        out=$(mkdir -p "$2" && cd "$2" && pwd)
        shift ;;
    *) echo "package.sh: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
    esac
    shift
done

# The build dependencies of debian/control, and the tools of the checks.
NNINIT_DEPS_EXTRA="${NNINIT_DEPS_EXTRA:-} debhelper dpkg-dev fakeroot lintian cmake man-db
pkg-config libcjson-dev libsimde-dev" ./scripts/deps.sh
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

work=$(mktemp -d "${TMPDIR:-/tmp}/nninit-package.XXXXXX")
installed=""
cleanup() {
    status=$?
    if [ -n "$installed" ] && [ "$keep" -eq 0 ]; then
        stage "purging the packages this run installed:$installed"
        # shellcheck disable=SC2086
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $installed >/dev/null ||
            echo "package.sh: could not purge$installed" >&2
    fi
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stage "copying the tree to $work/nninit"
mkdir "$work/nninit"
# One tar reads the whole list (-T): xargs would split a long list (the fuzz
# corpora hold thousands of files) over several tars, whose archives the
# reading tar stops after the first of.
git ls-files -z --cached --others --exclude-standard |
    tar -cf - --no-recursion --ignore-failed-read --null -T - |
    tar -xf - -C "$work/nninit"

# A build dependency that debian/control gained and the lists above lack
# (e.g. dh-python with python3-nninit) comes from apt's own reading of it.
if ! (cd "$work/nninit" && dpkg-checkbuilddeps 2>&1); then
    stage "installing the missing build dependencies (apt-get build-dep)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    (cd "$work/nninit" && $SUDO env DEBIAN_FRONTEND=noninteractive \
        apt-get build-dep -y -qq --no-install-recommends ./ >/dev/null)
fi

stage "dpkg-buildpackage -b -us -uc (DEB_BUILD_OPTIONS='${DEB_BUILD_OPTIONS:-}')"
DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} parallel=$(nproc)"
export DEB_BUILD_OPTIONS
(cd "$work/nninit" && dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) || {
    tail -n 60 "$work/build.log" >&2
    echo "package.sh: dpkg-buildpackage failed (the last 60 lines above)" >&2
    exit 1
}
# dpkg-gensymbols' verdict on the ABI (the symbols file; -c4 in debian/rules)
grep -A20 "dpkg-gensymbols" "$work/build.log" | grep -v "^dh_" | head -n 20 || true
ls -l "$work"/*.deb

if [ -n "$out" ]; then
    cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
    stage "packages copied to $out"
fi

stage "lintian (errors fail; warnings are listed in docs/packaging.md)"
lintian --fail-on error --tag-display-limit 0 "$work"/*.changes

# Which of the packages were there before: only the others are purged.
# The debug symbols (-dbgsym) are built but not installed.
debs=""
for deb in "$work"/*.deb; do
    case "$deb" in *-dbgsym_*) ;; *) debs="$debs $deb" ;; esac
done
for deb in $debs; do
    name=$(dpkg-deb -f "$deb" Package)
    if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "ok installed"; then
        echo "note: $name was installed before; it is replaced and stays installed"
    else
        installed="$installed $name"
    fi
done

stage "installing: $(for deb in $debs; do basename "$deb"; done | tr '\n' ' ')"
# apt-get resolves the packages' dependencies (a local path needs ./ or /).
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $debs >/dev/null

stage "a C program outside the tree, against the installed library"
cp -r "$src/tests/consumer" "$work/consumer"
cd "$work/consumer"
unset PKG_CONFIG_PATH CMAKE_PREFIX_PATH LD_LIBRARY_PATH CPATH LIBRARY_PATH
# The library the package installed (/lib may be a link to /usr/lib).
lib=$(readlink -f "$(pkg-config --variable=libdir nninit)/libnninit.so.0")
uses_installed() {
    loaded=$(ldd "$1" | sed -n 's/^[[:space:]]*libnninit\.so\.0 => \([^ ]*\) .*/\1/p')
    if [ -z "$loaded" ] || [ "$(readlink -f "$loaded")" != "$lib" ]; then
        ldd "$1" >&2
        echo "package.sh: $1 does not load $lib" >&2
        exit 1
    fi
}
echo "--- pkg-config: cc app.c \$(pkg-config --cflags --libs nninit)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o app-pkgconfig app.c $(pkg-config --cflags --libs nninit)
uses_installed ./app-pkgconfig
./app-pkgconfig
echo "--- CMake: find_package(nninit 0.2 REQUIRED), nninit::nninit and nninit::nninit_static"
cmake -S . -B cmake-build -DCMAKE_BUILD_TYPE=Release >cmake.log 2>&1 || { cat cmake.log >&2; exit 1; }
cmake --build cmake-build >>cmake.log 2>&1 || { cat cmake.log >&2; exit 1; }
uses_installed cmake-build/app
cmake-build/app
if ldd cmake-build/app_static | grep -q libnninit; then
    echo "package.sh: app_static loads libnninit dynamically" >&2
    exit 1
fi
cmake-build/app_static
echo "--- Meson: dependency('nninit', version: '>= 0.2')"
meson setup meson-build >meson.log 2>&1 || { cat meson.log >&2; exit 1; }
ninja -C meson-build >>meson.log 2>&1 || { cat meson.log >&2; exit 1; }
uses_installed meson-build/app
meson-build/app

stage "the installed tool and its manual page"
command -v nninit
nninit info
man -w nninit || {
    echo "package.sh: man -w nninit found no page (dpkg path-exclude rules in" \
        "/etc/dpkg/dpkg.cfg.d drop /usr/share/man on some minimal images)" >&2
    exit 1
}
if dpkg-query -W -f='${Status}' python3-nninit 2>/dev/null | grep -q "ok installed"; then
    stage "the Python package"
    /usr/bin/python3 -c "import nninit, sys; print('import nninit:', nninit.__file__)"
fi

stage "package.sh: ok"
