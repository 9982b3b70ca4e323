#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each one for a
# bounded time on a scratch copy of its seed corpus, so the checked-in seeds
# never grow. FUZZ_PARALLEL targets run at once. Exits non-zero if any target
# crashes; the crashing input is kept under $BUILD/artifacts/ (add it to the
# target's corpus and write a regression test: see tests/fuzz/README.md).
#
#   tests/fuzz/run-fuzz.sh                    # 15 s per target, 2 at a time
#   FUZZ_SECONDS=300 tests/fuzz/run-fuzz.sh decode_path
#   FUZZ_BUILD_DIR=/tmp/bf tests/fuzz/run-fuzz.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-15}
parallel=${FUZZ_PARALLEL:-2}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
all=(form_parser decode_path http_head text_fold config catalog_import)
if (($# > 0)); then targets=("$@"); else targets=("${all[@]}"); fi

# Standalone configure of tests/fuzz: no civetweb, SQLite or doctest needed.
# -O1 (libFuzzer's own advice is -O1 or -O2): the build is most of this run's time.
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -DNDEBUG" >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]/%/_fuzz}" | grep -v "^\[" || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts"

# Tokens libFuzzer cannot easily guess byte by byte (libFuzzer dictionaries
# know only the \\, \" and \xNN escapes).
cat >"$work/form_parser.dict" <<'DICT'
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
"--"
"--XyZ"
"\x0d\x0a--XyZ"
"--XyZ--"
"Content-Disposition: "
"form-data"
"; name="
"; filename="
"; filename*=UTF-8''"
"Content-Type: "
"multipart/form-data; boundary="
"%"
"%00"
"+84"
"PA-"
"\xff\xd8\xff"
"\x89PNG\x0d\x0a\x1a\x0a"
"%PDF-"
DICT
cat >"$work/decode_path.dict" <<'DICT'
"%2e"
"%2E"
"%2f"
"%5c"
"%00"
"%c0%ae"
"/.."
"/."
"//"
"?"
"&"
"="
"+"
"%25"
DICT
cat >"$work/http_head.dict" <<'DICT'
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
" HTTP/1.1\x0d\x0a"
" HTTP/1.0\x0d\x0a"
"GET /"
"HEAD /"
"POST /"
"HTTP/1.1 200 OK\x0d\x0a"
"Content-Length: "
"Transfer-Encoding: chunked"
"Connection: "
"keep-alive"
"close"
"Expect: 100-continue"
"Host: "
"X-Motcua-Front: "
"x_motcua_client:"
"Upgrade: "
"Keep-Alive: "
DICT
cat >"$work/config.dict" <<'DICT'
"listen = "
"https_listen = "
"threads = "
"keep_alive_ms = "
"request_timeout_ms = "
"public_front = "
"max_connections = "
"max_connections_per_ip = "
"db = "
"data_dir = "
"public_levels = "
"page_cache_kib = "
"log_level = "
"contact_email = "
"commune = "
"127.0.0.1:0"
"\xef\xbb\xbf"
"\x0a"
"\x22"
DICT
cat >"$work/catalog_import.dict" <<'DICT'
"{\x22ma_thu_tuc\x22: \x22"
"\x22ten_thu_tuc\x22: \x22"
"\x22cap_thuc_hien\x22: \x22"
"\x22linh_vuc\x22: \x22"
"\x22trinh_tu_thuc_hien\x22: \x22"
"\x22cach_thuc_thuc_hien\x22: \x22"
"\x22thanh_phan_ho_so\x22: \x22"
"\x22can_cu_phap_ly\x22: \x22"
"{\x22code\x22: \x22"
"\x22name\x22: \x22"
"\x22status\x22: \x22"
"\x22effective_from\x22: \x22"
"1.001193"
"M\xc3\xa3 TTHC,T\xc3\xaan TTHC,Tr\xe1\xba\xa1ng th\xc3\xa1i"
"B\xc6\xb0\xe1\xbb\x9bc 1"
"H\xc3\xacnh th\xe1\xbb\xa9c n\xe1\xbb\x99p"
"T\xc3\xaan gi\xe1\xba\xa5y t\xe1\xbb\x9d"
"M\xc3\xa3 v\xc4\x83n b\xe1\xba\xa3n"
"01/07/2025"
"\x0d\x0a"
"\x22,\x22"
DICT

run_one() {
  local t=$1
  mkdir -p "$work/$t"
  cp -r "$here/corpus/$t/." "$work/$t/"
  local dict=()
  [[ -f "$work/$t.dict" ]] && dict=(-dict="$work/$t.dict")
  if "$build/${t}_fuzz" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$work/$t" >"$work/$t.log" 2>&1; then
    echo "== $t: $(grep -h 'stat::number_of_executed_units' "$work/$t.log" | awk '{print $2}') execs" \
         "in ${seconds}s, corpus $(ls "$work/$t" | wc -l) inputs," \
         "$(grep -ho 'cov: [0-9]*' "$work/$t.log" | tail -1)"
  else
    echo "!! $t failed (crash, leak, timeout or trap): see $build/artifacts/" >&2
    tail -40 "$work/$t.log" >&2
    return 1
  fi
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  names+=("$t")
  if ((${#pids[@]} >= parallel)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
