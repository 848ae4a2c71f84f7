#!/bin/sh
# Fetch Intel MKL 2020.4 (Debian bookworm's non-free `intel-mkl` packages)
# for the optional MKL peer of bench/peers, without installing anything.
#
# apt runs with a private configuration under $DEST/apt: a sources list that
# names only `deb http://deb.debian.org/debian bookworm non-free`, and
# private Dir::State, Dir::Cache and Dir::Etc, so /etc/apt and the system's
# package state are untouched. `apt-get download` fetches the .debs into
# $DEST/debs and `dpkg -x` unpacks them into $DEST/root. Meson finds the
# result with -Dmkl_dir=$DEST/root (scripts/peers.sh passes it).
#
# Usage: ./scripts/mkl.sh [DEST]   (default: build/mkl; re-running reuses
#                                   the .debs already there)
# Also builds $DEST/mkl_cpu_true.so, the override shim: MKL 2020 only runs
# its AVX2/AVX-512 kernels on AMD CPUs when mkl_serv_intel_cpu_true() says
# the CPU is Intel; LD_PRELOAD of this one-function library makes it so.
set -eu
cd "$(dirname "$0")/.."
DEST="${1:-build/mkl}"
mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"
APTDIR="$DEST/apt"
mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" \
    "$APTDIR/etc/apt.conf.d" "$APTDIR/etc/preferences.d" \
    "$APTDIR/etc/sources.list.d" "$DEST/debs" "$DEST/root"
echo 'deb http://deb.debian.org/debian bookworm non-free' \
    >"$APTDIR/etc/sources.list"

# Keys stay the system's (read only); everything apt writes is ours.
apt_private() {
    apt-get -q \
        -o Dir::State="$APTDIR/state" \
        -o Dir::State::status="$APTDIR/state/status" \
        -o Dir::Cache="$APTDIR/cache" \
        -o Dir::Etc="$APTDIR/etc" \
        -o Dir::Etc::sourcelist="$APTDIR/etc/sources.list" \
        -o Dir::Etc::sourceparts="$APTDIR/etc/sources.list.d" \
        -o Dir::Etc::parts="$APTDIR/etc/apt.conf.d" \
        -o Dir::Etc::preferencesparts="$APTDIR/etc/preferences.d" \
        -o Dir::Etc::trusted=/etc/apt/trusted.gpg \
        -o Dir::Etc::trustedparts=/etc/apt/trusted.gpg.d \
        -o Debug::NoLocking=1 \
        -o APT::Sandbox::User="$(id -un)" \
        -o APT::Architecture=amd64 "$@"
}
touch "$APTDIR/state/status"

# The sequential LP64 layers, the dispatcher (libmkl_core) and the
# CPU-specific kernels it loads at run time: BLAS-level (def, mc3, avx2,
# avx512) and the VM/VS ones where VSL's generators live (vml-*), plus the
# headers (libmkl-dev).
PKGS="libmkl-core libmkl-intel-lp64 libmkl-sequential libmkl-locale
libmkl-def libmkl-mc3 libmkl-avx2 libmkl-avx512
libmkl-vml-def libmkl-vml-mc3 libmkl-vml-avx2 libmkl-vml-avx512 libmkl-dev"
VERSION=2020.4.304-4

have_all=1
for p in $PKGS; do
    ls "$DEST/debs/${p}_"*.deb >/dev/null 2>&1 || have_all=0
done
if [ "$have_all" = 0 ]; then
    echo "mkl.sh: apt-get update (private: bookworm non-free only)" >&2
    apt_private update >/dev/null
    set --
    for p in $PKGS; do
        set -- "$@" "$p=$VERSION"
    done
    echo "mkl.sh: apt-get download $*" >&2
    (cd "$DEST/debs" && apt_private download "$@" >/dev/null)
fi
stamp="$DEST/root/.unpacked-$VERSION"
if [ ! -f "$stamp" ]; then
    echo "mkl.sh: dpkg -x into $DEST/root" >&2
    for d in "$DEST"/debs/*.deb; do
        dpkg -x "$d" "$DEST/root"
    done
    touch "$stamp"
fi

cc -shared -fPIC -O2 -o "$DEST/mkl_cpu_true.so" -x c - <<'EOF'
int mkl_serv_intel_cpu_true(void) { return 1; }
EOF

inc="$DEST/root/usr/include/mkl"
lib="$DEST/root/usr/lib/x86_64-linux-gnu"
if [ ! -f "$inc/mkl_vsl.h" ] || [ ! -e "$lib/libmkl_core.so" ]; then
    echo "mkl.sh: unpacked, but $inc/mkl_vsl.h or $lib/libmkl_core.so is missing" >&2
    exit 1
fi
echo "mkl.sh: MKL $VERSION in $DEST/root (headers $inc, libraries $lib)" >&2
echo "mkl.sh: shim $DEST/mkl_cpu_true.so" >&2
