#!/usr/bin/env bash
# Builds the motcua .deb with CPack and checks it.
#
#   tests/package/check-deb.sh [--board host] [--build-dir DIR] [--deb FILE] [--chroot] [--keep]
#
#   --board NAME    board profile (board/NAME/motcua.conf is the packaged config); default host.
#                   An arm64 board is cross-built with board/aarch64-linux-gnu.cmake (needs
#                   board/cross-build-arm64.sh to have installed the toolchain once).
#   --build-dir DIR build there (reused if configured); default: a fresh temporary directory.
#   --deb FILE      check this .deb instead of building one (its board is still --board).
#   --chroot        also install, upgrade, remove and purge the package in a Debian bookworm chroot
#                   made with debootstrap from the host's configured Debian mirror (root only; host
#                   architecture only; the base system is cached in $MOTCUA_CHROOT_CACHE, default
#                   ${TMPDIR:-/tmp}/motcua-chroot-cache, so only the first run pays ~2-3 minutes).
#   --keep          keep the temporary directories.
#
# Stages: build -> control fields -> contents -> extracted files -> scripts -> provision (stub
# motcua, temporary directories) -> optional chroot. Ends with "N passed, N failed".
set -uo pipefail

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
board=host
build_dir=
deb=
do_chroot=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --board) board=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --deb) deb=$(realpath "$2"); shift 2 ;;
    --chroot) do_chroot=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -f "$src_dir/board/$board/motcua.conf" ] || { echo "no board/$board/motcua.conf" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-check-deb.XXXXXX")
chmod 755 "$work"
chroot_dir=
cleanup() {
  if [ -n "$chroot_dir" ]; then
    for m in dev proc; do umount "$chroot_dir/$m" 2>/dev/null || true; done
  fi
  if grep -q " $work/" /proc/mounts; then
    echo "something is still mounted under $work: not deleting it" >&2
  elif [ "$keep" = 1 ]; then echo "kept $work"
  else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "  ok   $*"; }
bad()  { failed=$((failed + 1)); echo "  FAIL $*"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
stage_t0=0
stage() { stage_t0=$(date +%s); echo "== $*"; }
stage_end() { echo "   ($(( $(date +%s) - stage_t0 )) s)"; }

# ---- build ---------------------------------------------------------------------------------------
# An existing build dir keeps its build type (so CI packages what it already built).
build_type=RelWithDebInfo
if [ -n "$build_dir" ] && [ -f "$build_dir/CMakeCache.txt" ]; then
  cached=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  build_type=${cached:-$build_type}
fi
cmake_args=(-DMOTCUA_BOARD="$board" -DMOTCUA_TESTS=OFF -DCMAKE_BUILD_TYPE="$build_type")
case "$board" in
  host) expect_arch=$(dpkg --print-architecture) ;;
  *) expect_arch=arm64
     cmake_args+=(-DCMAKE_TOOLCHAIN_FILE="$src_dir/board/aarch64-linux-gnu.cmake") ;;
esac
if [ -z "$deb" ]; then
  stage "build and package (board $board, arch $expect_arch)"
  build_dir=${build_dir:-$work/build}
  if cmake -S "$src_dir" -B "$build_dir" "${cmake_args[@]}" >"$work/configure.log" 2>&1 \
     && cmake --build "$build_dir" -j "$(nproc)" --target motcua >"$work/build.log" 2>&1 \
     && (cd "$build_dir" && cpack -G DEB >"$work/cpack.log" 2>&1); then
    deb=$(find "$build_dir" -maxdepth 1 -name "motcua_*_$expect_arch.deb" -newer "$work/configure.log" | head -n1)
  fi
  if [ -n "$deb" ] && [ -f "$deb" ]; then ok "built $(basename "$deb")"; else
    bad "build (logs: configure.log build.log cpack.log)"; keep=1
    echo "0 tests run after the build failed"; echo "$passed passed, $failed failed"; exit 1
  fi
  stage_end
fi

# ---- control fields ------------------------------------------------------------------------------
stage "control fields"
field() { dpkg-deb -f "$deb" "$1"; }
check "Package is motcua" test "$(field Package)" = motcua
check "Architecture is $expect_arch" test "$(field Architecture)" = "$expect_arch"
check "Version is set" test -n "$(field Version)"
check "Maintainer is set" test -n "$(field Maintainer)"
check "Description mentions the board" grep -q "Board profile: $board" <(field Description)
depends=$(field Depends)
echo "   Depends: $depends"
check "Depends on adduser" grep -qw adduser <<<"$depends"
mkdir -p "$work/control" && dpkg-deb -e "$deb" "$work/control"
check "conffiles lists /etc/motcua/motcua.conf" grep -qx /etc/motcua/motcua.conf "$work/control/conffiles"
check "every file under /etc is a conffile" bash -c "diff <(dpkg-deb -c '$deb' | awk '{print \$NF}' \
  | sed 's|^\./|/|' | grep '^/etc/.*[^/]\$' | sort) <(sort '$work/control/conffiles')"
for s in postinst prerm postrm; do
  check "$s is present and executable" test -x "$work/control/$s"
  check "$s parses (sh -n)" sh -n "$work/control/$s"
  check "$s is the one in firmware/debian" cmp "$work/control/$s" "$src_dir/firmware/debian/$s"
done
stage_end

# ---- contents ------------------------------------------------------------------------------------
stage "contents"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' > "$work/contents"
expected=(/usr/bin/motcua /usr/sbin/motcua-provision /etc/motcua/motcua.conf
  /lib/systemd/system/motcua.service /lib/systemd/system/motcua-kiosk.service
  /lib/systemd/system/motcua-backup.service /lib/systemd/system/motcua-backup.timer
  /usr/share/doc/motcua/firmware-README.md)
if [ "$board" != host ]; then
  expected+=(/usr/lib/systemd/journald.conf.d/motcua.conf /usr/lib/systemd/system.conf.d/motcua.conf
    /etc/chromium/policies/managed/motcua-kiosk.json)
else
  check "no system-wide journald/watchdog/chromium policy in a host package" \
    bash -c "! grep -qE 'conf.d/motcua.conf|/etc/chromium' '$work/contents'"
fi
for f in "${expected[@]}"; do check "contains $f" grep -qx "$f" "$work/contents"; done
for d in templates static; do
  if [ -d "$src_dir/$d" ] && [ -n "$(ls -A "$src_dir/$d")" ]; then
    check "contains /usr/share/motcua/$d/" grep -q "^/usr/share/motcua/$d/." "$work/contents"
  else
    echo "   (no $d/ in the tree yet: not checked)"
  fi
done
check "nothing outside /usr, /etc, /lib" \
  bash -c "! grep -vE '^/(usr|etc|lib)(/|$)|^/$' '$work/contents'"
check "no test binaries packaged" bash -c "! grep -q unit_tests '$work/contents'"
stage_end

# ---- extracted files -----------------------------------------------------------------------------
stage "extracted files"
root=$work/root
dpkg-deb -x "$deb" "$root"
check "config is board/$board/motcua.conf" cmp "$root/etc/motcua/motcua.conf" "$src_dir/board/$board/motcua.conf"
check "config is not world-readable (it will hold the device secret)" \
  test "$(stat -c %a "$root/etc/motcua/motcua.conf")" = 640
for u in motcua.service motcua-kiosk.service motcua-backup.service motcua-backup.timer; do
  check "$u is firmware/systemd/$u" cmp "$root/lib/systemd/system/$u" "$src_dir/firmware/systemd/$u"
done
bin_machine=$(readelf -h "$root/usr/bin/motcua" | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')
case "$expect_arch" in
  arm64) check "binary is AArch64 ($bin_machine)" test "$bin_machine" = AArch64 ;;
  amd64) check "binary is x86-64 ($bin_machine)" grep -q X86-64 <<<"$bin_machine" ;;
esac
check "binary is stripped" bash -c "! readelf -S '$root/usr/bin/motcua' | grep -q '\\.debug_info'"
# Every shared library the binary needs must come from a package named in Depends.
missing=
for so in $(readelf -d "$root/usr/bin/motcua" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
  pkg=$(dpkg -S "*/$so" 2>/dev/null | grep -m1 ":$expect_arch:" | cut -d: -f1)
  [ -z "$pkg" ] && pkg=$(dpkg -S "*/$so" 2>/dev/null | head -n1 | cut -d: -f1)
  # A literal match: package names may hold regex characters (libstdc++6).
  case ", $depends," in
    *", $pkg "* | *", $pkg,"*) [ -n "$pkg" ] || missing+=" $so(?)" ;;
    *) missing+=" $so(${pkg:-?})" ;;
  esac
done
check "Depends covers every NEEDED library${missing:+ (missing:$missing)}" test -z "$missing"
check "motcua-provision parses (bash -n)" bash -n "$root/usr/sbin/motcua-provision"
if command -v shellcheck >/dev/null; then
  check "shellcheck maintainer scripts" shellcheck -s sh "$work/control/postinst" "$work/control/prerm" "$work/control/postrm"
  check "shellcheck motcua-provision" shellcheck "$root/usr/sbin/motcua-provision"
fi
if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
  # Verify the packaged units against the host's systemd units, with stub executables.
  vroot=$work/verify
  mkdir -p "$vroot/usr/bin" "$vroot/lib/systemd" "$vroot/etc"
  cp -a /lib/systemd/system "$vroot/lib/systemd/"
  cp "$root"/lib/systemd/system/motcua* "$vroot/lib/systemd/system/"
  for b in motcua cage chromium; do printf '#!/bin/sh\n' > "$vroot/usr/bin/$b"; chmod +x "$vroot/usr/bin/$b"; done
  if (cd "$vroot/lib/systemd/system" && systemd-analyze verify --root="$vroot" motcua.service \
        motcua-kiosk.service motcua-backup.service motcua-backup.timer) >"$work/verify.log" 2>&1 \
     && [ ! -s "$work/verify.log" ]; then
    ok "systemd-analyze verify: no findings"
  else
    bad "systemd-analyze verify:"; sed 's/^/     /' "$work/verify.log"
  fi
fi
stage_end

# ---- provision, against a stub motcua in temporary directories -----------------------------------
stage "motcua-provision with a stub motcua"
p=$work/prov
mkdir -p "$p/etc" "$p/data"
chmod 755 "$p"
cp "$root/etc/motcua/motcua.conf" "$p/etc/"
cat > "$p/motcua" <<'EOF'
#!/bin/bash
log=$(dirname "$0")/calls.log
echo "$*" >> "$log"
case "$1" in
  --show-cert) echo "SHA-256 fingerprint: 00:11:22" ;;
  officer) read -r pw; echo "password length ${#pw}" >> "$log" ;;
  --version) echo "motcua stub" ;;
esac
EOF
chmod 755 "$p/motcua"; touch -d '2020-01-01' "$p/motcua"
: > "$p/calls.log"; chmod 666 "$p/calls.log"
key=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEc2V0dXAtdGVzdC1rZXktbm90LXVzZWQtZm9yLWFueXRoaW5nLXJlYWwtMTIzNDU2Nzg5MA==
printf 'secret-password\n' > "$p/pw"
cat > "$p/etc/device.conf" <<EOF
# test device
device_id = SL-TEST-01
device_name = UBND xã Thử Nghiệm
hub_url = https://hub.invalid/api
hub_public_key = $key
officer_username = admin
officer_name = Lò Văn Thử
officer_password_file = $p/pw
EOF
prov=("$root/usr/sbin/motcua-provision" --sysconfdir "$p/etc" --data-dir "$p/data" --motcua "$p/motcua"
      --user nobody --no-systemd --non-interactive)
check "first run succeeds" "${prov[@]}"
check "device block written once" test "$(grep -c '^device_id = SL-TEST-01$' "$p/etc/motcua.conf")" = 1
check "hub key and secret written" grep -q "^hub_public_key = $key\$" "$p/etc/motcua.conf"
secret1=$(sed -n 's/^device_secret = //p' "$p/etc/motcua.conf")
check "a device secret was made" test "${#secret1}" -ge 32
check "config 0640 after provisioning" test "$(stat -c %a "$p/etc/motcua.conf")" = 640
check "data dir 0750 owned by the service user" test "$(stat -c '%a %U' "$p/data")" = "750 nobody"
check "--show-cert ran" grep -q -- '^--show-cert --config' "$p/calls.log"
check "officer add got the password on stdin" grep -q 'password length 15' "$p/calls.log"
check "officer password file deleted" test ! -e "$p/pw"
check "marker written" test -f "$p/etc/provisioned"
check "second run refuses" bash -c "! $(printf '%q ' "${prov[@]}")"
check "--force re-run succeeds" "${prov[@]}" --force --skip-officer
check "--force keeps one device block" test "$(grep -c '^device_id = ' "$p/etc/motcua.conf")" = 1
check "--force keeps the device secret" grep -q "^device_secret = $secret1\$" "$p/etc/motcua.conf"
check "--new-secret replaces it" bash -c "$(printf '%q ' "${prov[@]}") --force --skip-officer --new-secret \
  && ! grep -q '^device_secret = $secret1\$' '$p/etc/motcua.conf'"
touch -d '+10 years' "$p/motcua"
check "refuses a clock before the build date" bash -c "! $(printf '%q ' "${prov[@]}") --force --skip-officer"
touch -d '2020-01-01' "$p/motcua"
sed -i 's/^device_id = .*/device_id = bad id/' "$p/etc/device.conf"
check "rejects a bad device_id" bash -c "! $(printf '%q ' "${prov[@]}") --force --skip-officer"
stage_end

# ---- chroot: real install, upgrade, remove, purge ------------------------------------------------
if [ "$do_chroot" = 1 ]; then
  stage "install / upgrade / remove / purge in a bookworm chroot"
  host_arch=$(dpkg --print-architecture)
  if [ "$(id -u)" != 0 ]; then
    bad "chroot needs root"
  elif [ "$expect_arch" != "$host_arch" ]; then
    echo "   ($expect_arch package on a $host_arch host: chroot stage skipped)"
  elif ! command -v debootstrap >/dev/null; then
    bad "debootstrap missing (apt-get install debootstrap)"
  else
    cache=${MOTCUA_CHROOT_CACHE:-${TMPDIR:-/tmp}/motcua-chroot-cache}
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
    t=$(date +%s)
    if [ ! -f "$cache/.complete" ]; then
      rm -rf "$cache"
      if debootstrap --variant=minbase bookworm "$cache" "$mirror" >"$work/debootstrap.log" 2>&1; then
        touch "$cache/.complete"
      fi
    fi
    echo "   base system ready in $(( $(date +%s) - t )) s"
    if [ ! -f "$cache/.complete" ]; then
      bad "debootstrap (see debootstrap.log)"; keep=1
    else
      chroot_dir=$work/chroot
      t=$(date +%s)
      cp -a "$cache" "$chroot_dir"
      cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf" 2>/dev/null || true
      mount -t proc proc "$chroot_dir/proc"
      mount --bind /dev "$chroot_dir/dev"
      cp "$deb" "$chroot_dir/tmp/motcua.deb"
      in_chroot() { chroot "$chroot_dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
      apt_q=(apt-get -y -q -o Dpkg::Use-Pty=0)
      in_chroot "${apt_q[@]}" update >"$work/chroot-apt.log" 2>&1
      if in_chroot "${apt_q[@]}" install /tmp/motcua.deb >>"$work/chroot-apt.log" 2>&1; then
        ok "apt-get install ./motcua.deb (dependencies from the mirror)"
      else
        bad "apt-get install (see chroot-apt.log)"; keep=1
      fi
      echo "   installed in $(( $(date +%s) - t )) s"
      c=$chroot_dir
      check "user motcua exists" in_chroot getent passwd motcua
      check "/var/lib/motcua is 0750 motcua:motcua" test "$(in_chroot stat -c '%a %U %G' /var/lib/motcua)" = "750 motcua motcua"
      check "/var/lib/motcua/backups exists" test -d "$c/var/lib/motcua/backups"
      check "motcua.conf is 0640 root:motcua" test "$(in_chroot stat -c '%a %U %G' /etc/motcua/motcua.conf)" = "640 root motcua"
      check "motcua.service enabled" test -L "$c/etc/systemd/system/multi-user.target.wants/motcua.service"
      check "motcua-backup.timer enabled" test -L "$c/etc/systemd/system/timers.target.wants/motcua-backup.timer"
      check "kiosk not enabled by the package" test ! -e "$c/etc/systemd/system/graphical.target.wants/motcua-kiosk.service"
      check "every library of /usr/bin/motcua resolves (ldd)" bash -c "in_ldd=\$(chroot '$c' ldd /usr/bin/motcua) && ! grep -q 'not found' <<<\"\$in_ldd\""
      # Pretend the board was provisioned and used.
      printf 'device_id = SL-CHROOT\n' >> "$c/etc/motcua/motcua.conf"
      echo "device_id = SL-CHROOT" > "$c/etc/motcua/provisioned"
      echo data > "$c/var/lib/motcua/motcua.db"
      in_chroot chown motcua:motcua /var/lib/motcua/motcua.db
      check "upgrade (reinstall) keeps the edited conffile" bash -c \
        "chroot '$c' env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg -i --force-confold /tmp/motcua.deb \
         && grep -q SL-CHROOT '$c/etc/motcua/motcua.conf'"
      check "apt-get remove" in_chroot "${apt_q[@]}" remove motcua
      check "remove keeps the data" test -f "$c/var/lib/motcua/motcua.db"
      check "remove keeps /etc/motcua and the user" bash -c "test -f '$c/etc/motcua/motcua.conf' && chroot '$c' getent passwd motcua"
      check "remove masks motcua.service" test "$(readlink "$c/etc/systemd/system/motcua.service")" = /dev/null
      check "apt-get purge" in_chroot "${apt_q[@]}" purge motcua
      check "purge deletes /etc/motcua" test ! -e "$c/etc/motcua"
      check "purge deletes the user" bash -c "! chroot '$c' getent passwd motcua"
      check "purge keeps the data, owned by root" test "$(stat -c '%U' "$c/var/lib/motcua/motcua.db")" = root
      check "purge leaves no unit links" bash -c "! ls '$c'/etc/systemd/system/*/motcua* '$c'/etc/systemd/system/motcua* 2>/dev/null | grep -q ."
      check "reinstall gives the kept data to the new user" bash -c \
        "chroot '$c' env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg -i /tmp/motcua.deb \
         && test \"\$(chroot '$c' stat -c %U /var/lib/motcua/motcua.db)\" = motcua"
      check "purge with MOTCUA_PURGE_DATA=yes deletes the data" bash -c \
        "chroot '$c' env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin MOTCUA_PURGE_DATA=yes dpkg --purge motcua \
         && test ! -e '$c/var/lib/motcua'"
    fi
  fi
  stage_end
fi

echo
echo "check-deb: $passed passed, $failed failed"
[ "$failed" = 0 ]
