#!/usr/bin/env bash
# Feedback intake benchmark (issue 3): durable submissions per second.
# Each submission is one SQLite transaction (feedback row, first event, audit
# entry, outbox entry, form token) on the server's write connection with
# journal_mode=WAL and synchronous=FULL: a 201 or a receipt is sent only
# after the commit returned. Prints, per run, the 2xx/3xx answers per second
# and the records that reached the database per second (they must agree).
#  - json:  POST /api/v1/feedback, 1 and 16 connections
#  - form:  GET /phan-anh + multipart POST with a 100 KB JPEG (file and
#           directory fsync'ed before the commit), 16 connections
# Loopback only; this disk's write cache makes fsync far cheaper than on an
# SD card, so expect much lower figures on a board.
#
#   bench/feedback.sh [SECONDS_PER_RUN]      (default 10)
#   BUILD_DIR=build bench/feedback.sh 5      (reuse an existing build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}
build=${BUILD_DIR:-$root/build-bench}

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
if [[ ! -x "$build/server/motcua" ]]; then
  bash "$root/.ci/install-deps"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMOTCUA_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" --target motcua >/dev/null
fi

work=$(mktemp -d)
pid=
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=18090
cat >"$work/motcua.conf" <<CONF
listen = 127.0.0.1:$port
threads = 16
db = $work/data/motcua.db
data_dir = $work/data
log_level = warn
feedback_rate_limit = 0
CONF
"$build/server/motcua" serve --config "$work/motcua.conf" --demo >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

cat >"$work/json.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Lò Văn Pấng","address":"Bản Nà Ngà, xã Mường Bú","phone":"0912 345 678",' ..
  '"title":"Chậm trả kết quả đăng ký khai sinh","kind":"delay_harassment",' ..
  '"content":"Tôi nộp hồ sơ đăng ký khai sinh cho con ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được kết quả và không được thông báo lý do.",' ..
  '"procedure_code":"1.001193","consent":true}'
LUA

# Form with a file: each connection alternates GET (for a fresh one-time
# token) and POST, so every POST makes a new record.
head -c 102400 /dev/urandom >"$work/photo.bin"
printf '\xff\xd8\xff\xe0' | dd of="$work/photo.bin" conv=notrunc status=none
cat >"$work/form.lua" <<LUA
local f = io.open("$work/photo.bin", "rb"); local photo = f:read("*all"); f:close()
local b = "----wrkBoundary7MA4YWxk"
local tokens = {}
local function part(name, value)
  return "--" .. b .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
request = function()
  local t = table.remove(tokens)
  if not t then return wrk.format("GET", "/phan-anh") end
  local body = part("form_token", t) .. part("kind", "delay_harassment") ..
    part("title", "Chậm trả kết quả đăng ký khai sinh") ..
    part("content", "Tôi nộp hồ sơ ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được.") ..
    part("name", "Lò Văn Pấng") .. part("address", "Bản Nà Ngà") .. part("phone", "0912345678") ..
    part("consent", "1") ..
    "--" .. b .. "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"anh.jpg\"\r\n" ..
    "Content-Type: image/jpeg\r\n\r\n" .. photo .. "\r\n--" .. b .. "--\r\n"
  return wrk.format("POST", "/phan-anh",
    {["Content-Type"] = "multipart/form-data; boundary=" .. b}, body)
end
response = function(status, headers, body)
  if status == 200 then
    local t = body:match('name="form_token" value="([0-9a-f.]+)"')
    if t then table.insert(tokens, t) end
  end
end
LUA

records() { sqlite3 "$work/data/motcua.db" "SELECT COUNT(*) FROM feedback"; }
run() {  # name conns script
  local before after out rps non2xx
  before=$(records)
  out=$(wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"${secs}s" --latency -s "$3" "http://127.0.0.1:$port/api/v1/feedback" 2>&1)
  after=$(records)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx/ {print $5}')
  printf "%-6s %5s %12s %14s %10s %10s\n" "$1" "$2" "$rps" \
    "$(awk -v n=$((after - before)) -v s="$secs" 'BEGIN {printf "%.0f", n / s}')" \
    "$(echo "$out" | awk '/ 50%/ {print $2}')" "$(echo "$out" | awk '/ 99%/ {print $2}')"
  [[ -z "$non2xx" ]] || echo "       ($non2xx answers were not 2xx/3xx)"
}

echo "journal_mode=$(sqlite3 "$work/data/motcua.db" 'PRAGMA journal_mode'), synchronous=FULL (the server's write connection)"
printf "\n%-6s %5s %12s %14s %10s %10s\n" kind conns "answers/s" "durable rec/s" p50 p99
run json 1 "$work/json.lua"
run json 16 "$work/json.lua"
run form 16 "$work/form.lua"
echo
echo "records: $(records); integrity_check: $(sqlite3 "$work/data/motcua.db" 'PRAGMA integrity_check')"
echo "attachments on disk: $(find "$work/data/attachments" -type f | wc -l)"
echo "server peak RSS (VmHWM): $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
