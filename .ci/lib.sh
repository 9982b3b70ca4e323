# Sourced by .ci/run and .ci/test: a build run in the background at the
# lowest CPU priority while tests that mostly wait run in the foreground
# (docs/ci.md), in its own process group so that an early exit stops all of it.
bg_pids=()
trap 'for p in "${bg_pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done' EXIT

bg_start() {  # log command... ; the job's pid in $bg_pid
  local log=$1
  shift
  set -m
  nice -n 19 "$@" >"$log" 2>&1 &
  bg_pid=$!
  set +m
  bg_pids+=("$bg_pid")
}

bg_wait() {  # pid log name: on failure, the log's tail and exit 1
  if ! wait "$1"; then
    tail -n 60 "$2"
    echo "$3 build failed (whole log: $2)" >&2
    exit 1
  fi
}
