#!/usr/bin/env bash
# Catalogue benchmark (issue: public catalogue). Prints, in one run:
#  - requests/s and p99 for the home page, a field list and a procedure page
#    served by motcua, against civetweb serving the same bytes as static files
#    and against nginx serving them: ROUNDS rounds, the three servers in a
#    different order each round, medians printed, and motcua/nginx taken
#    within each round (on a shared VM nginx alone varies by a third between
#    runs a minute apart);
#  - search latency p50/p95 over the real 2,642-procedure file;
#  - the server's peak memory (VmHWM).
# Loopback only. Needs root to install wrk, nginx and civetweb if missing.
#
#   bench/catalog.sh [SECONDS_PER_RUN [ROUNDS]]      (default 10 and 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
rounds=${2:-3}
data=${MOTCUA_DATA:-$root/../shared/data/tthc-dichvucong-2026.jsonl}
build=${BUILD_DIR:-$root/build-bench}

need=()
for p in wrk nginx-light civetweb; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash "$root/.ci/install-deps"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMOTCUA_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target motcua search_bench >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

db=$work/bench.db
if [[ -f "$data" ]]; then
  "$build/server/motcua" import --db "$db" "$data" >/dev/null
  levels=all
else
  echo "(real data absent: benchmarking the demo catalogue)"
  levels=xa
fi
cat >"$work/motcua.conf" <<CONF
listen = 127.0.0.1:18080
threads = 8
db = $db
data_dir = $work/data
public_levels = $levels
log_level = warn
# wrk's 32 connections all come from 127.0.0.1 (a phone opens ~6).
max_connections_per_ip = 64
CONF
"$build/server/motcua" serve --config "$work/motcua.conf" --demo >/dev/null 2>&1 &
mpid=$!; pids+=($mpid)
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.05; done

field=$(curl -s http://127.0.0.1:18080/ | grep -o '/linh-vuc/[a-z0-9-]*' | sed -n 1p)
code=$(curl -s "http://127.0.0.1:18080$field" | grep -o '/thu-tuc/[0-9.]*' | sed -n 1p)
pages=("/" "$field" "$code")
names=(home field procedure)

# The same bytes as static files for civetweb and nginx.
mkdir -p "$work/www"
for i in 0 1 2; do curl -s "http://127.0.0.1:18080${pages[$i]}" >"$work/www/${names[$i]}.html"; done

cat >"$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_requests 100000;
  types { text/html html; }
  server { listen 127.0.0.1:18082; root $work/www; }
}
NGX
nginx -c "$work/nginx.conf" -p "$work"
pids+=($(cat "$work/nginx.pid" 2>/dev/null || echo 0))
civetweb -listening_ports 127.0.0.1:18081 -document_root "$work/www" -num_threads 8 \
  -enable_keep_alive yes -tcp_nodelay 1 -access_log_file "" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5

run() {  # url -> "req/s p99"
  wrk -t2 -c32 -d"${secs}s" --latency "$1" 2>/dev/null |
    awk '/Requests\/sec/ {rps=$2} / 99%/ {p99=$2} END {printf "%.0f %s\n", rps, p99}'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf "\n%d rounds of %d s per server and page; medians, and motcua/nginx within each round\n" \
  "$rounds" "$secs"
printf "%-10s %-10s %10s %10s %12s %18s\n" page server req/s p99 "vs nginx" "rounds (min-max)"
servers=(nginx civetweb motcua)
for i in 0 1 2; do
  n=${names[$i]}
  declare -A url=([nginx]="http://127.0.0.1:18082/$n.html" [civetweb]="http://127.0.0.1:18081/$n.html"
    [motcua]="http://127.0.0.1:18080${pages[$i]}")
  declare -A rps=() p99=() ratio=()
  for ((r = 0; r < rounds; r++)); do
    declare -A got=()
    for k in 0 1 2; do  # nginx first, then civetweb first, then motcua first, ...
      s=${servers[$(((k + r) % 3))]}
      read -r req lat < <(run "${url[$s]}")
      got[$s]=$req
      rps[$s]+="$req "
      p99[$s]+="$(echo "$lat" | awk '/us$/ {printf "%.3f", $1 / 1000; next} /ms$/ {printf "%.3f", $1 + 0; next} {printf "%.3f", $1 * 1000}') "
    done
    for s in "${servers[@]}"; do ratio[$s]+="$(echo "${got[$s]} ${got[nginx]}" | awk '{printf "%.3f", $1 / $2}') "; done
  done
  for s in motcua civetweb nginx; do
    printf "%-10s %-10s %10.0f %8.2fms %11.2fx %18s\n" "$n" "$s" \
      "$(tr ' ' '\n' <<<"${rps[$s]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${p99[$s]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${ratio[$s]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${ratio[$s]}" | grep . | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f-%.2f", lo, hi}')"
  done
  printf "%-10s %s bytes\n" "" "$(wc -c <"$work/www/$n.html")"
done

echo
wrk -t2 -c8 -d"${secs}s" --latency "http://127.0.0.1:18080/api/v1/procedures?q=dang+ky+khai+sinh" 2>/dev/null |
  awk '/Requests\/sec/ {print "search API (HTTP, 8 conns): " $2 " req/s"} / 50%/ {print "  p50 " $2} / 99%/ {print "  p99 " $2}'
"$build/bench/search_bench" "$db" 50
echo "server peak RSS (VmHWM): $(grep VmHWM /proc/$mpid/status | awk '{print $2, $3}')"
