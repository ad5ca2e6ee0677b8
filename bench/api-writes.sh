#!/usr/bin/env bash
# Durable creates through the API, Kumos and etcd side by side, driven by wrk (a C client, so that what is
# measured is the server and not the load generator, on a machine of two cores).
#
# Starts a Kumos of its own (./kumos up, on ports of its own, without a Docker engine: no pod is involved) and an
# etcd (Debian's etcd-server, fsync on, data on the same disk), then for each round: wrk creates ConfigMaps in Kumos
# for DURATION seconds over CONNECTIONS connections, and puts the object Kumos stored (same size) into etcd through
# its JSON gateway, the storage kube-apiserver writes to, with the same connections. Prints rate, p50/p99 and CPU per
# write of every process of each, and the ratios Kumos/etcd. The first round warms both up (the api-gateway's C2
# compiler takes about a minute) and is not counted.
#
#   bench/api-writes.sh                 # 3 counted rounds of 20 s at 32 connections
#   ROUNDS=5 DURATION=30 CONNECTIONS=8 bench/api-writes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d /tmp/kumos-api-writes.XXXXXX)
export KUMOS_HOME=$WORK/kumos KUMOS_API_PORT=27540 KUMOS_PLACEMENT_PORT=27541 KUMOS_HEALTH_PORT=27542 \
  KUMOS_LB_PORT=27543 KUMOS_NETWORK_PORT=27544 KUMOS_AGENT_PORT_BASE=27550 KUMOS_GRID_PORT=31322 \
  KUMOS_GRID_JGROUPS_PORT=31422 KUMOS_DB_PORT=36532 KUMOS_AGENT_DOCKER_HOST=unix://$WORK/no-engine.sock
ETCD_PORT=23790
API=http://127.0.0.1:$KUMOS_API_PORT
ETCD=http://127.0.0.1:$ETCD_PORT

for tool in wrk etcd curl; do
  command -v "$tool" >/dev/null || { echo "api-writes: $tool is missing (apt-get install wrk etcd-server curl)" >&2; exit 2; }
done

etcd_pid=
cleanup() {
  [[ -n $etcd_pid ]] && kill "$etcd_pid" 2>/dev/null && wait "$etcd_pid" 2>/dev/null || true
  ./kumos down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "Starting Kumos in $KUMOS_HOME ..."
./kumos up >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; exit 1; }
etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
  --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
  --initial-cluster bench=http://127.0.0.1:23800 --log-level warn >"$WORK/etcd.log" 2>&1 &
etcd_pid=$!
until curl -sf "$ETCD/health" | grep -q true; do
  kill -0 "$etcd_pid" 2>/dev/null || { cat "$WORK/etcd.log"; exit 1; }
  sleep 0.2
done

curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$API/api/v1/namespaces" \
  -d '{"metadata":{"name":"bench"}}'
# What etcd is given is what Kumos stores for one of these creates: uid, timestamps, managed fields and all.
stored=$(curl -sf -X POST -H 'Content-Type: application/json' "$API/api/v1/namespaces/bench/configmaps" \
  -d '{"metadata":{"name":"sample"},"data":{"k":"v"}}')
value=$(printf '%s' "$stored" | base64 -w0)

cat >"$WORK/kumos.lua" <<'LUA'
local n, id = 0, 0
function setup(thread) thread:set("wid", id); id = id + 1 end
function init(args) prefix = "r" .. args[1] .. "-w" .. wid .. "-" end
function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/namespaces/bench/configmaps", {["Content-Type"] = "application/json"},
    '{"metadata":{"name":"' .. prefix .. n .. '"},"data":{"k":"v"}}')
end
LUA
cat >"$WORK/etcd.lua" <<LUA
local n, id = 0, 0
local value = "$value"
function setup(thread) thread:set("wid", id); id = id + 1 end
function init(args) prefix = "/registry/configmaps/bench/r" .. args[1] .. "-w" .. wid .. "-" end
local b = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function base64(data)
  return ((data:gsub('.', function(x)
    local r, byte = '', x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d?%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end
function request()
  n = n + 1
  return wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"},
    '{"key":"' .. base64(prefix .. n) .. '","value":"' .. value .. '"}')
end
LUA
cat >"$WORK/report.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %d %s\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout,
    string.format("status:%d,connect:%d,read:%d,write:%d,timeout:%d", e.status, e.connect, e.read, e.write, e.timeout)))
end
LUA
cat "$WORK/report.lua" >>"$WORK/kumos.lua"
cat "$WORK/report.lua" >>"$WORK/etcd.lua"

# CPU ticks (1/100 s) of a process and its children (PostgreSQL's backends).
ticks() {
  local total=0 pid
  for pid in "$@"; do
    for p in $pid $(pgrep -P "$pid" || true); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$total"
}
pid_of() { ./kumos status | awk -v name="$1" '$1 == name {print $2}'; }
gateway=$(pid_of api-gateway); grid=$(pid_of grid); postmaster=$(head -1 "$KUMOS_HOME/data/postgres/postmaster.pid")

# One wrk run: prints "rate p50 p99 errors cpu-ms-per-write..." for the processes given.
run() {
  local url=$1 script=$2 round=$3; shift 3
  local before=() pid
  for pid in "$@"; do before+=("$(ticks "$pid")"); done
  local result
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$script" "$url" -- "$round" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')
  read -r requests micros p50 p99 errors kinds <<<"$result"
  (( errors == 0 )) || echo "  $url: $errors requests failed ($kinds)" >&2
  local line
  line=$(awk -v r="$requests" -v us="$micros" -v a="$p50" -v b="$p99" -v e="$errors" \
    'BEGIN {printf "%.0f %.2f %.2f %d", r / (us / 1e6), a, b, e}')
  local i=0
  for pid in "$@"; do
    line+=" $(awk -v t="$(( $(ticks "$pid") - before[i] ))" -v r="$requests" 'BEGIN {printf "%.3f", t * 10 / r}')"
    i=$((i + 1))
  done
  echo "$line"
}

printf 'Durable creates, %d connections, %d s a round, values of %d bytes\n' "$CONNECTIONS" "$DURATION" "${#stored}"
for round in $(seq 0 "$ROUNDS"); do
  read -r k_rate k_p50 k_p99 k_err k_gw k_grid k_pg <<<"$(run "$API" "$WORK/kumos.lua" "$round" "$gateway" "$grid" "$postmaster")"
  read -r e_rate e_p50 e_p99 e_err e_cpu <<<"$(run "$ETCD" "$WORK/etcd.lua" "$round" "$etcd_pid")"
  label="round $round"; [[ $round == 0 ]] && label="warm-up"
  printf '%-8s kumos %6d writes/s p50 %6.2f ms p99 %6.2f ms errors %d  CPU/write ms: api-gateway %s grid %s postgres %s\n' \
    "$label" "$k_rate" "$k_p50" "$k_p99" "$k_err" "$k_gw" "$k_grid" "$k_pg"
  printf '%-8s etcd  %6d writes/s p50 %6.2f ms p99 %6.2f ms errors %d  CPU/write ms: etcd %s\n' \
    "$label" "$e_rate" "$e_p50" "$e_p99" "$e_err" "$e_cpu"
  [[ $round == 0 ]] && continue
  awk -v a="$k_rate" -v b="$e_rate" -v c="$k_p99" -v d="$e_p99" \
    'BEGIN {printf "RATIO kumos/etcd writes/s %.2f  p99 %.2f\n", a / b, c / d}'
  if (( k_err + e_err > 0 )); then echo "api-writes: $k_err Kumos and $e_err etcd requests failed" >&2; exit 1; fi
done
