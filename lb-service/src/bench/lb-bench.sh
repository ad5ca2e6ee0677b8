#!/usr/bin/env bash
# lb-bench.sh — lb-service's proxy against a direct connection and against HAProxy, on this machine, in one run.
#
# What it measures: wrk (HTTP/1.1 load generator) against
#   direct   one local HTTP endpoint process (BenchHttpBackend.java: Netty, epoll, two ports),
#   lb       lb-service's TCP proxy (the real io.kumos.lb.proxy.TcpProxy, run from a plan file by
#            io.kumos.lb.standalone.StandaloneProxy, no grid or API) round-robin over both ports,
#   haproxy  HAProxy in TCP mode ("mode tcp", "balance roundrobin") over the same two ports,
# each with 1 and 64 concurrent connections, first over kept-alive connections (requests/s, latency), then with
# "Connection: close" so that every request opens a new connection (the connection rate). It prints requests/s
# and p50/p99 latency per target, and the ratios lb/direct and lb/haproxy. The proxy and HAProxy get the same
# number of threads (LB_THREADS); the endpoint process is shared, so every target has the same endpoint capacity.
#
# Needs: a packaged lb-service, java 17+, wrk and haproxy (Debian: apt-get install -y wrk haproxy).
# Run from the repository root:
#   ./mvnw -B -o package -pl lb-service -DskipTests
#   lb-service/src/bench/lb-bench.sh
# Knobs (environment): DURATION (10s), WARMUP (3s), LB_THREADS (2), BACKEND_THREADS (2), BASE_PORT (18080: uses
# BASE_PORT+1, +2 for the endpoints, +10 for lb, +20 for haproxy), KEEP=1 keeps the work directory.
# Everything listens on 127.0.0.1 only, and everything it started is stopped on exit.
set -euo pipefail

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
LB_THREADS=${LB_THREADS:-2}
BACKEND_THREADS=${BACKEND_THREADS:-2}
BASE_PORT=${BASE_PORT:-18080}
BACKEND1=$((BASE_PORT + 1))
BACKEND2=$((BASE_PORT + 2))
LB_PORT=$((BASE_PORT + 10))
HAPROXY_PORT=$((BASE_PORT + 20))

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
APP="$ROOT/lb-service/target/quarkus-app"
CLASSPATH_JARS="$APP/lib/boot/*:$APP/lib/main/*:$APP/app/*"

die() { echo "lb-bench: $*" >&2; exit 1; }

[ -d "$APP/lib/main" ] || die "no packaged lb-service; run: ./mvnw -B -o package -pl lb-service -DskipTests"
for tool in java wrk haproxy; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk haproxy)"
done
for port in "$BACKEND1" "$BACKEND2" "$LB_PORT" "$HAPROXY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port is in use; choose another BASE_PORT"
    fi
done

WORK=$(mktemp -d -t lb-bench.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Waits until the process wrote "ready" in its log, or fails with the log.
wait_ready() {
    local name=$1 log=$2 pid=$3
    for _ in $(seq 1 150); do
        grep -q '^ready' "$log" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "$name exited"; }
        sleep 0.2
    done
    cat "$log" >&2
    die "$name did not start within 30 s"
}

wait_port() {
    local name=$1 port=$2
    for _ in $(seq 1 150); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.2
    done
    die "$name does not listen on $port"
}

echo "lb-bench: starting the endpoints (127.0.0.1:$BACKEND1, :$BACKEND2), lb-service's proxy (:$LB_PORT)" \
    "and haproxy (:$HAPROXY_PORT) in $WORK"

java -cp "$CLASSPATH_JARS" "$HERE/BenchHttpBackend.java" "$BACKEND_THREADS" "$BACKEND1" "$BACKEND2" \
    >"$WORK/backend.log" 2>&1 &
PIDS+=($!)
wait_ready endpoints "$WORK/backend.log" "${PIDS[-1]}"

cat >"$WORK/lb.plan" <<EOF
# lb-service's proxy for the benchmark (format: io.kumos.lb.standalone.PlanFile)
listen 127.0.0.1:$LB_PORT bench/web:http
route bench/web:http 127.0.0.1:$BACKEND1 127.0.0.1:$BACKEND2
io-threads $LB_THREADS
epoll true
EOF
java -cp "$CLASSPATH_JARS" io.kumos.lb.standalone.StandaloneProxy "$WORK/lb.plan" >"$WORK/lb.log" 2>&1 &
PIDS+=($!)
wait_ready lb-service "$WORK/lb.log" "${PIDS[-1]}"

cat >"$WORK/haproxy.cfg" <<EOF
global
    nbthread $LB_THREADS
    maxconn 8000
defaults
    mode tcp
    timeout connect 2s
    timeout client 10m
    timeout server 10m
frontend bench
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend endpoints
backend endpoints
    balance roundrobin
    server one 127.0.0.1:$BACKEND1
    server two 127.0.0.1:$BACKEND2
EOF
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
wait_port haproxy "$HAPROXY_PORT"

declare -A PORT=([direct]=$BACKEND1 [lb]=$LB_PORT [haproxy]=$HAPROXY_PORT)
declare -A RPS P50 P99 ERRORS

# Microseconds from wrk's "43.21us", "1.20ms" or "1.01s".
to_us() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n
    }'
}

# run <target> <connections> <keep|close> [duration]: one wrk run, its figures stored under target/conns/mode.
run() {
    local target=$1 conns=$2 mode=$3 duration=${4:-$DURATION} threads=1 header=()
    [ "$conns" -gt 1 ] && threads=2
    [ "$mode" = close ] && header=(-H 'Connection: close')
    local out="$WORK/wrk-$target-$conns-$mode.txt"
    wrk -t"$threads" -c"$conns" -d"$duration" --latency "${header[@]}" "http://127.0.0.1:${PORT[$target]}/" >"$out"
    local key="$target/$conns/$mode"
    RPS[$key]=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    P50[$key]=$(to_us "$(awk '$1 == "50%" {print $2}' "$out")")
    P99[$key]=$(to_us "$(awk '$1 == "99%" {print $2}' "$out")")
    ERRORS[$key]=$(awk '/Socket errors|Non-2xx/ {sub(/^ +/, ""); printf "%s; ", $0}' "$out")
}

echo "lb-bench: warming up each target for $WARMUP (JIT), then $DURATION per run"
for target in direct lb haproxy; do
    run "$target" 64 keep "$WARMUP"
    run "$target" 64 close "$WARMUP"
done
for mode in keep close; do
    for conns in 1 64; do
        for target in direct lb haproxy; do
            run "$target" "$conns" "$mode"
        done
    done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "lb-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); lb-service proxy:" \
    "$(grep -o 'ready (.*)' "$WORK/lb.log"), $LB_THREADS threads; haproxy $(haproxy -v | awk 'NR==1 {print $3}')," \
    "nbthread $LB_THREADS; endpoints: $(grep -o 'ready (.*)' "$WORK/backend.log")"
echo
printf '%-24s %-8s %12s %10s %10s\n' "scenario" "target" "requests/s" "p50 (us)" "p99 (us)"
for mode in keep close; do
    for conns in 1 64; do
        label="keep-alive, $conns conn"
        [ "$mode" = close ] && label="new conn/request, $conns conn"
        for target in direct lb haproxy; do
            key="$target/$conns/$mode"
            printf '%-24s %-8s %12.0f %10.0f %10.0f\n' "$label" "$target" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}"
        done
        lb="lb/$conns/$mode" direct="direct/$conns/$mode" ha="haproxy/$conns/$mode"
        printf '%-24s %-8s %12s %10s %10s\n' "" "lb/direct" "$(ratio "${RPS[$lb]}" "${RPS[$direct]}")" \
            "$(ratio "${P50[$lb]}" "${P50[$direct]}")" "$(ratio "${P99[$lb]}" "${P99[$direct]}")"
        printf '%-24s %-8s %12s %10s %10s\n' "" "lb/hapx" "$(ratio "${RPS[$lb]}" "${RPS[$ha]}")" \
            "$(ratio "${P50[$lb]}" "${P50[$ha]}")" "$(ratio "${P99[$lb]}" "${P99[$ha]}")"
    done
done
errors=""
for key in "${!ERRORS[@]}"; do
    [ -n "${ERRORS[$key]}" ] && errors+="  $key: ${ERRORS[$key]}"$'\n'
done
if [ -n "$errors" ]; then
    echo
    echo "wrk reported errors (a closed connection counts as a read error in the new-connection runs):"
    printf '%s' "$errors" | sort
fi
