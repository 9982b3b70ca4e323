#!/usr/bin/env bash
# Cross-build motcua and its unit tests for arm64 on a Debian bookworm host, then run the unit
# tests under qemu-aarch64-static (ctest calls the emulator named in the toolchain file).
#
#   sudo board/cross-build-arm64.sh [--board rpi4] [--build-dir DIR] [--jobs N] [--no-apt] [--no-tests]
#                                   [--apt-only] [--build-only]
#
# --apt-only does the apt phase alone; --build-only builds motcua and the unit tests without running
# them (.ci/run builds in the background while the host tests run, then runs them).
#
# Safe to run again: every step checks or repeats harmlessly. Needs root for the apt phase only
# (--no-apt skips it once the packages are in).
#
# Note: multiarch packages must have the same version for amd64 and arm64, so installing the :arm64
# -dev packages may upgrade a few host (amd64) libraries to the mirror's current version. The script
# lists such upgrades before doing them. Re-run the host build afterwards if you care.
set -euo pipefail

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
board=rpi4
build_dir=
jobs=$(nproc 2>/dev/null || echo 2)
do_apt=1
do_tests=1
do_build=1
do_run=1

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --board) board=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --jobs|-j) jobs=$2; shift 2 ;;
    --no-apt) do_apt=0; shift ;;
    --no-tests) do_tests=0; shift ;;
    --apt-only) do_build=0; shift ;;
    --build-only) do_run=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done
build_dir=${build_dir:-$src_dir/build-arm64-$board}

case "$board" in
  rpi-zero2w|rpi4|rpi5|orangepi-zero3) ;;
  *) echo "board '$board' is not an arm64 board (rpi-zero2w, rpi4, rpi5, orangepi-zero3)" >&2; exit 2 ;;
esac
[ -f "$src_dir/board/$board/motcua.conf" ] || { echo "missing board/$board/motcua.conf" >&2; exit 2; }

# Host tools and the :arm64 libraries. doctest and nlohmann-json are header-only "all" packages:
# the host's copy serves both architectures. libcurl is only for the test programs.
host_pkgs=(g++-aarch64-linux-gnu qemu-user-static cmake make binutils)
arm64_pkgs=(libcivetweb-dev libsqlite3-dev libmbedtls-dev libkainjow-mustache-dev libunistring-dev
            libqrencode-dev zlib1g-dev libcurl4-openssl-dev)
all_pkgs=("${host_pkgs[@]}" doctest-dev nlohmann-json3-dev)
for p in "${arm64_pkgs[@]}"; do all_pkgs+=("$p:arm64"); done

apt_opts=(-y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

declare -a phase_names=() phase_secs=()
phase() {  # phase NAME COMMAND...: run, time and record one phase
  local name=$1; shift
  local t0 t1
  echo "==> $name"
  t0=$(date +%s.%N)
  "$@"
  t1=$(date +%s.%N)
  phase_names+=("$name")
  phase_secs+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')")
  echo "    $name: ${phase_secs[-1]} s"
}

add_arch() {
  if dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "    arm64 already a foreign architecture"
  else
    dpkg --add-architecture arm64
  fi
}

apt_update() { apt-get -q -o DPkg::Lock::Timeout=600 update; }

apt_install() {
  # Show which already-installed (host) packages the install would upgrade.
  local upgrades
  upgrades=$(apt-get -s "${apt_opts[@]}" install "${all_pkgs[@]}" \
             | awk '/^Inst / && $3 ~ /^\[/ {print "      " $2 " " $3 " -> " $4}' | tr -d '[]()')
  if [ -n "$upgrades" ]; then
    echo "    NOTE: these installed packages will be upgraded (multiarch versions must match):"
    echo "$upgrades"
  else
    echo "    no installed package needs an upgrade"
  fi
  apt-get "${apt_opts[@]}" install "${all_pkgs[@]}"
}

# -O2 as Debian builds its own packages (CMake's Release would be -O3, slower to compile).
configure() {
  cmake -S "$src_dir" -B "$build_dir" \
    -DCMAKE_TOOLCHAIN_FILE="$src_dir/board/aarch64-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DMOTCUA_BOARD="$board" \
    -DMOTCUA_TESTS=ON
}

build() {
  local targets=(motcua)
  [ "$do_tests" = 1 ] && targets+=(unit_tests)
  cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"
  local bin
  bin=$(find "$build_dir" -type f -name motcua -perm -u+x | head -n1)
  echo "    $bin: $(readelf -h "$bin" | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')"
  readelf -h "$bin" | grep -q AArch64 || { echo "motcua is not an AArch64 binary" >&2; return 1; }
}

run_tests() {
  command -v qemu-aarch64-static >/dev/null || { echo "qemu-aarch64-static missing" >&2; return 1; }
  # Only the unit tests: the integration and browser tests start the server binary, which is an
  # arm64 program here, and the fuzz run builds its own host binaries.
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" -R '^unit/'
  local n
  n=$(ctest --test-dir "$build_dir" -N -R '^unit/' | awk '/^Total Tests:/ {print $3}')
  echo "    $n unit tests passed under qemu-aarch64-static"
}

if [ "$do_apt" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "the apt phase needs root (run with sudo, or pass --no-apt)" >&2
    exit 1
  fi
  phase "add arm64 architecture" add_arch
  phase "apt-get update" apt_update
  phase "install cross toolchain, qemu and :arm64 -dev packages" apt_install
fi
if [ "$do_build" = 1 ]; then
  phase "configure ($board)" configure
  phase "build" build
  if [ "$do_tests" = 1 ] && [ "$do_run" = 1 ]; then
    phase "unit tests under qemu-aarch64-static" run_tests
  fi
fi

echo
echo "Timings (board $board, build dir $build_dir, -j$jobs):"
total=0
for i in "${!phase_names[@]}"; do
  printf '  %-60s %7s s\n' "${phase_names[$i]}" "${phase_secs[$i]}"
  total=$(awk -v a="$total" -v b="${phase_secs[$i]}" 'BEGIN{printf "%.1f", a+b}')
done
printf '  %-60s %7s s\n' "total" "$total"
