#!/usr/bin/env bash
# Measures the model simulator's throughput on this machine with wrk (not a test).
#
# Starts the simulator jar on a free loopback port with zero model latency, then for each case runs a
# warm-up and a measured wrk run of bounded length, and prints requests/s next to a baseline measured in
# the same run (GET /health: the cheapest request the server answers), as ratios.
#
# Usage: model-simulator/bench/bench.sh [seconds per measured run, default 10]
# Env:   JAR (default model-simulator/target/model-simulator-0.1.0-SNAPSHOT-exec.jar, built if missing),
#        CONNECTIONS (default 32), THREADS (wrk threads, default 1), WARMUP (seconds per case and
#        round, default 5; two rounds over the three cases).
# Takes about 6 * WARMUP + 3 * seconds (60 s by default) plus start-up.
set -euo pipefail

DURATION="${1:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
WARMUP="${WARMUP:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${JAR:-$ROOT/model-simulator/target/model-simulator-0.1.0-SNAPSHOT-exec.jar}"
WORK="$(mktemp -d)"
SIM_PID=""

cleanup() {
  if [[ -n "$SIM_PID" ]] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found; installing Debian's package" >&2
  (apt-get install -y -q wrk >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null)
fi
if [[ ! -f "$JAR" ]]; then
  echo "building $JAR" >&2
  (cd "$ROOT" && ./mvnw -B -q -f model-simulator/pom.xml package -DskipTests)
fi

# Port 0: the OS picks a free port; the simulator logs which one. Loopback only.
java -Xms256m -Xmx512m -jar "$JAR" \
  --server.port=0 --server.address=127.0.0.1 \
  --simulator.defaults.time-to-first-token=0ms --simulator.defaults.inter-token-latency=0ms \
  --simulator.defaults.max-num-seqs=100000 --simulator.defaults.max-waiting=100000 \
  --logging.level.root=WARN --logging.level.org.springframework.boot.reactor.netty=INFO \
  >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!

PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's/.*Netty started on port \([0-9]*\).*/\1/p' "$WORK/simulator.log" | head -1)"
  [[ -n "$PORT" ]] && break
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/simulator.log" >&2; echo "simulator exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "simulator did not start in 30 s" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

post_script() { # $1 file, $2 JSON body
  local body="${2//\\/\\\\}"
  body="${body//\"/\\\"}"
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/json"
LUA
}
post_script "$WORK/sagemaker.lua" '{"inputs": "What is the capital of France?", "parameters": {"max_new_tokens": 32}}'
post_script "$WORK/chat.lua" '{"model": "llm-baseline", "messages": [{"role": "user", "content": "What is the capital of France?"}], "max_tokens": 32}'

wrk_args() { # $1 optional lua script
  WRK_ARGS=(-t "$THREADS" -c "$CONNECTIONS" --timeout 5s)
  [[ -n "${1:-}" ]] && WRK_ARGS+=(-s "$1")
  return 0
}

# The JIT needs tens of seconds of this traffic before C2 has compiled the hot paths: warm every case,
# twice in turn, so that no case is measured on half-compiled code.
warm_up() {
  for _ in 1 2; do
    wrk_args; wrk "${WRK_ARGS[@]}" -d "${WARMUP}s" "$BASE/health" >/dev/null
    wrk_args "$WORK/sagemaker.lua"; wrk "${WRK_ARGS[@]}" -d "${WARMUP}s" "$BASE/endpoints/quant-endpoint/invocations" >/dev/null
    wrk_args "$WORK/chat.lua"; wrk "${WRK_ARGS[@]}" -d "${WARMUP}s" "$BASE/v1/chat/completions" >/dev/null
  done
}

# Prints requests/s; fails when any answer was not 2xx (a benchmark of errors measures nothing).
measure() { # $1 name, $2 url, $3 optional lua script
  wrk_args "${3:-}"
  wrk "${WRK_ARGS[@]}" -d "${DURATION}s" "$2" >"$WORK/$1.out"
  if grep -q "Non-2xx or 3xx responses" "$WORK/$1.out"; then
    cat "$WORK/$1.out" >&2
    echo "$1: non-2xx answers" >&2
    exit 1
  fi
  awk '/Requests\/sec:/ {print $2}' "$WORK/$1.out"
}

warm_up
HEALTH="$(measure health "$BASE/health")"
SAGEMAKER="$(measure sagemaker "$BASE/endpoints/quant-endpoint/invocations" "$WORK/sagemaker.lua")"
CHAT="$(measure chat "$BASE/v1/chat/completions" "$WORK/chat.lua")"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "model simulator throughput: $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per case after $((WARMUP * 6))s warm-up, zero model latency"
printf '%-42s %12s %10s\n' "case" "requests/s" "vs health"
printf '%-42s %12.0f %10s\n' "GET /health (baseline)" "$HEALTH" "1.00"
printf '%-42s %12.0f %10s\n' "SageMaker InvokeEndpoint (TGI body)" "$SAGEMAKER" "$(ratio "$SAGEMAKER" "$HEALTH")"
printf '%-42s %12.0f %10s\n' "vLLM POST /v1/chat/completions" "$CHAT" "$(ratio "$CHAT" "$HEALTH")"
