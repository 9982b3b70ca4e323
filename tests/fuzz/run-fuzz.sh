#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each one for a
# bounded time on a scratch copy of its seed corpus, so the checked-in seeds
# never grow. Exits non-zero if any target crashes; the crashing input is kept
# under $BUILD/artifacts/.
#
#   tests/fuzz/run-fuzz.sh            # 30 s per target
#   FUZZ_SECONDS=300 tests/fuzz/run-fuzz.sh
#   FUZZ_BUILD_DIR=/tmp/bf tests/fuzz/run-fuzz.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-30}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=(form_parser)

# Standalone configure of tests/fuzz: no civetweb, SQLite or doctest needed.
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]/%/_fuzz}"

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

status=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  cp -r "$here/corpus/$t/." "$work/$t/"
  dict=()
  [[ -f "$work/$t.dict" ]] && dict=(-dict="$work/$t.dict")
  echo "== fuzzing $t for ${seconds}s"
  if ! "$build/${t}_fuzz" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$work/$t"; then
    echo "!! $t failed (crash, leak, timeout or trap): see $build/artifacts/" >&2
    status=1
  fi
done
exit $status
