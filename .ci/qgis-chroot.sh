#!/usr/bin/env bash
# Run `make test` against a newer QGIS in a Debian chroot: trixie = QGIS 3.40, forky/sid = QGIS 3.44.
#   sudo bash .ci/qgis-chroot.sh trixie [make target, default test]   e.g. `trixie bench BENCH_SIZES="2000 20000"`
# The chroot is kept in $LIANWEI_CHROOT_CACHE (default /var/cache/lianwei-chroots) and reused by later runs; it is
# built again when missing (or when an earlier build stopped before QGIS was installed).
# JUnit reports of `make test` are left in <chroot>/tmp/lianwei-reports-<suite> (.ci/run counts them).
# Exit status: that of `make test` inside; 3 when the chroot itself could not be built (network, mirror).
set -euo pipefail
suite=${1:-trixie}
target=${2:-test}
shift $(( $# > 2 ? 2 : $# ))
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${LIANWEI_CHROOT_CACHE:-/var/cache/lianwei-chroots}
root=$cache/$suite
# Each run mounts its checkout at its own path (two checkouts tested at once in one chroot must not see each other's),
# in a folder named lianwei: pytest 8 imports the checkout's __init__.py by its folder name, and under another name
# puts the checkout itself on sys.path, where its processing/ hides QGIS's.
work=/work/$$/lianwei
mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap and chroot)"; exit 2; }

if [ ! -x "$root/usr/bin/qgis_process.bin" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
    || exit 3
  mkdir -p "$cache"
  # bookworm's debootstrap has no script for forky yet; forky is built like sid (newer debootstrap links them).
  script=/usr/share/debootstrap/scripts/$suite
  [ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
  [ -d "$root/usr" ] || debootstrap --variant=minbase "$suite" "$root" "$mirror" "$script" || { rm -rf "$root"; exit 3; }
fi

mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rmdir "$root$work" "$root${work%/lianwei}" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$root/proc" "$root/dev" "$root$work"
# A machine that may not mount (an unprivileged container) cannot run the matrix: say so with exit 3.
mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" || exit 3; mounts+=("$root/proc"); }
mountpoint -q "$root/dev" || { mount --bind /dev "$root/dev" || exit 3; mounts+=("$root/dev"); }
mount --bind "$repo" "$root$work" || exit 3
mounts+=("$root$work")
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The host's network may need its own certificate authorities and pip settings (a proxy): share them.
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  chroot "$root" bash -c "command -v update-ca-certificates >/dev/null && update-ca-certificates >/dev/null" || true
fi
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
# Mirrors that serve a dated snapshot of a moving suite (sid) carry Release files past their Valid-Until.
echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99lianwei-snapshot"

# make test installs what it needs inside the chroot; its venv and reports stay out of the checkout.
inside() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash -c "$1"; }
inside "set -e
  apt-get install -y -qq make >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq make >/dev/null; }
  cd $work && make deps VENV=/opt/lianwei-venv" || exit 3
extra=$(printf ' %q' "$@")
rm -rf "$root/tmp/lianwei-reports-$suite"  # reports of an earlier run must not count for this one
inside "cd $work && make $target VENV=/opt/lianwei-venv REPORTS=/tmp/lianwei-reports-$suite$extra"
