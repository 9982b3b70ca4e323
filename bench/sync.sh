#!/usr/bin/env bash
# Sync benchmark (issue 5): time and bytes on the wire to push 10,000
# feedback records from a commune device to the province hub over loopback
# HTTP (zlib batches, HMAC-signed requests), against the raw JSON size of the
# same entries. Target: under 10 s and under 40 % of the raw JSON.
#
# Feedback text is made of runs of words from the demo catalogue; add
# "shuffled" for text of single random words (the worst case for zlib).
#
#   bench/sync.sh [RECORDS] [BATCH_ENTRIES] [shuffled]   (default 10000, 500)
#   BUILD_DIR=build bench/sync.sh                  (reuse an existing build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
if [[ ! -x "$build/bench/sync_bench" ]]; then
  bash "$root/.ci/install-deps"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMOTCUA_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" --target sync_bench >/dev/null
fi
"$build/bench/sync_bench" "${1:-10000}" "${2:-500}" "${3:-}"
