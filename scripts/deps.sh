#!/bin/sh
# Install the Debian packages nninit's build, tests and tools need, when they
# are missing. Needs root (or sudo) only if something must be installed.
set -eu
pkgs="gcc g++ meson ninja-build pkg-config libcriterion-dev libsimde-dev
librandom123-dev libbenchmark-dev libcjson-dev python3 python3-numpy"
# nninit-mpi and its `mpirun -np 3` test (issue 12): Debian's OpenMPI.
pkgs="$pkgs libopenmpi-dev openmpi-bin"
# dieharder: the long suite's external battery on `nninit bits` (issue 15).
pkgs="$pkgs dieharder"
# The Python package (python/) and its tests; torch for nninit.torch.
pkgs="$pkgs python3-dev python3-pytest python3-torch"
[ "${NNINIT_DEPS_EXTRA:-}" ] && pkgs="$pkgs $NNINIT_DEPS_EXTRA"
# cmake: Meson writes the installed nninitConfigVersion.cmake from CMake's
# own templates (docs/packaging.md).
pkgs="$pkgs cmake"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "nninit: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
