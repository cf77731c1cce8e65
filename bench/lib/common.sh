# shellcheck shell=bash
# What the bench scripts share: packages, the build, free loopback ports, the nginx backend with its
# OTLP sink, starting and stopping the targets, and reading a process's CPU time and memory from /proc.
# Sourced, not run. Every process started here is remembered by its pid and stopped by cleanup.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
LIB_DIR=$BENCH_DIR/lib

GATEWAY_JAR_GLOB="$ROOT/gateway/target/gateway-*-exec.jar"
BARE_JAR_GLOB="$ROOT/bench/bare-gateway/target/bare-gateway-*-exec.jar"

# The predict request every load generator sends, and the backend's fixed answer: the shape of a team
# service's answer, with a usage block so that our gateway's token quota reads and charges it as in production.
PREDICT_BODY='{"prompt":"What is quantization?","max_tokens":64}'
BACKEND_BODY='{"output":"Quantization maps weights to fewer bits.","model":"bench-model","model_version":"1","served_by":"bench-endpoint","usage":{"input_tokens":5,"output_tokens":9},"timings":{"total_ms":0},"correlation_id":"bench"}'
PREDICT_PATH=/api/quant/predict

# Every JVM gets the heap the issue measured with; BENCH_JVM_OPTS adds to it (e.g. -XX:+UseSerialGC, an AOT cache).
JVM_OPTS="-Xmx256m ${BENCH_JVM_OPTS:-}"
# The gateway started on the bean definitions its build generated ahead of time (gateway/pom.xml, process-aot).
SPRING_AOT_OPTS=-Dspring.aot.enabled=true
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CLK_TCK=$(getconf CLK_TCK)

STARTED_PIDS=()
USED_PORTS=()
# taskset prefixes (bench/run --pin): the targets on some CPUs, the load (wrk) and the backend on the others. Empty: no
# pinning, every process on every CPU.
TARGET_PIN=()
LOAD_PIN=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Debian packages by command: wrk, nginx and gnuplot (gnuplot-nox: no X11), installed when missing.
ensure_packages() {
  local -a missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    local -a sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    log "installing ${missing[*]} (Debian packages)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 \
           && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || die "could not install ${missing[*]}"
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  command -v "$JAVA" >/dev/null 2>&1 || die "no java (set JAVA_HOME)"
}

# Builds our gateway and the bare reference from this checkout (the reactor's own sources, no install).
build_jars() {
  log "building gateway and bench/bare-gateway (tests skipped)"
  # shellcheck disable=SC2086 # BENCH_MAVEN_OPTS holds several options
  (cd "$ROOT" && ./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl gateway,bench/bare-gateway -am package -DskipTests) \
    || die "build failed"
}

jar_of() {
  local -a jars
  # shellcheck disable=SC2206
  jars=($1)
  [ -f "${jars[0]}" ] || die "no jar matches $1; run without --no-build"
  echo "${jars[0]}"
}

# free_port VAR: a loopback port nobody uses, from 20000-31999 (below the kernel's ephemeral range, away from
# the suite's fixed ports), not yet handed out in this run.
free_port() {
  local _candidate _
  for _ in $(seq 1 500); do
    _candidate=$((20000 + RANDOM % 12000))
    [[ " ${USED_PORTS[*]} " == *" $_candidate "* ]] && continue
    if command -v ss >/dev/null 2>&1; then
      [ -z "$(ss -Htan "sport = :$_candidate" 2>/dev/null)" ] || continue
    elif (exec 3<>"/dev/tcp/127.0.0.1/$_candidate") 2>/dev/null; then
      continue
    fi
    USED_PORTS+=("$_candidate")
    printf -v "$1" '%s' "$_candidate"
    return 0
  done
  die "no free port found"
}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# The wall clock as JFR prints event times with TZ=UTC (HH:MM:SS.mmm), to cut a recording to the measured window.
utc_clock() { date -u +%H:%M:%S.%3N; }

# stop_pid PID: TERM, then KILL after 30 s (our gateway flushes its telemetry on the way out).
stop_pid() {
  local pid=$1 _
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { log "pid $pid did not stop in 30 s: killed"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# forget_pid PID: a process that has ended is no longer ours to stop (its pid may be reused).
forget_pid() {
  local -a rest=()
  local p
  for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$1" ] || rest+=("$p"); done
  STARTED_PIDS=("${rest[@]}")
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
}

# wait_port PORT PID SECONDS: until something accepts connections on the port, or the process died.
wait_port() {
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}

# nginx_conf PREFIX WORKERS SERVERS: a self-contained nginx.conf under PREFIX (no system paths, loopback only),
# with nginx in the foreground so that the pid bench/ holds is its master.
nginx_conf() {
  local prefix=$1 workers=$2 servers=$3
  mkdir -p "$prefix/tmp"
  cat >"$prefix/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  # wrk and the gateways' pools keep their connections: never close one after N requests.
  keepalive_requests 100000000;
  keepalive_timeout 120s;
$servers
}
CONF
}

# start_nginx PREFIX PORT [PIN...]: runs the nginx of PREFIX/nginx.conf (under the taskset prefix PIN, if any) and
# waits for PORT; sets NGINX_PID and NGINX_START_MS (after the configuration test, just before the start).
start_nginx() {
  local prefix=$1 port=$2
  shift 2
  "$NGINX" -t -q -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" || die "nginx rejects $prefix/nginx.conf"
  NGINX_START_MS=$(now_ms)
  "$@" "$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" >>"$prefix/stdout.log" 2>&1 &
  NGINX_PID=$!
  STARTED_PIDS+=("$NGINX_PID")
  wait_port "$port" "$NGINX_PID" 10 || die "nginx of $prefix did not listen on $port (see $prefix/error.log)"
}

# The backend every target routes to (answers /predict at once with BACKEND_BODY) and, on its own port, the
# OTLP/HTTP sink for our gateway's telemetry: 200 with an empty body on /v1/traces, /v1/metrics and /v1/logs,
# which is a valid, empty Export*ServiceResponse (no partial success). Each export is one line of otlp.log.
# Sets BACKEND_PORT, SINK_PORT, BACKEND_PID; prefix in $1.
start_backend() {
  local prefix=$1
  free_port BACKEND_PORT
  free_port SINK_PORT
  nginx_conf "$prefix" 1 "  log_format otlp '\$msec \$request_method \$uri \$status \$request_length';
  server {
    listen 127.0.0.1:$BACKEND_PORT;
    location = /predict { default_type application/json; return 200 '$BACKEND_BODY'; }
    location / { return 404; }
  }
  server {
    listen 127.0.0.1:$SINK_PORT;
    access_log $prefix/otlp.log otlp;
    client_max_body_size 64m;
    location ~ ^/v1/(traces|metrics|logs)\$ { default_type application/x-protobuf; return 200 ''; }
    location / { return 404; }
  }"
  start_nginx "$prefix" "$BACKEND_PORT" "${LOAD_PIN[@]}"
  BACKEND_PID=$NGINX_PID
}

# use_pin TARGET_CPUS:LOAD_CPUS: the --pin option of the bench scripts: TARGET_PIN and LOAD_PIN become taskset
# prefixes, so that the load no longer takes CPU from the target, and a target on one CPU runs as in a pod with a
# 1-CPU limit (the JVM then picks the serial collector and sizes its pools for one CPU).
use_pin() {
  [[ $1 =~ ^[0-9,-]+:[0-9,-]+$ ]] || die "--pin is TARGET_CPUS:LOAD_CPUS (taskset lists), not $1"
  command -v taskset >/dev/null 2>&1 || die "--pin needs taskset (Debian's util-linux)"
  TARGET_PIN=(taskset -c "${1%%:*}") LOAD_PIN=(taskset -c "${1#*:}")
}

# stat_cpu_ticks FILE: utime + stime (clock ticks) of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file; fails
# when the process or thread is gone.
stat_cpu_ticks() {
  local stat
  stat=$(cat "$1" 2>/dev/null) || return 1
  stat=${stat##*) }   # the fields after the command name, which may hold spaces
  # shellcheck disable=SC2086
  set -- $stat
  echo $((${12} + ${13}))
}

# proc_cpu_ticks PID...: utime + stime of the processes (clock ticks), from /proc/<pid>/stat.
proc_cpu_ticks() {
  local total=0 pid ticks
  for pid in "$@"; do
    ticks=$(stat_cpu_ticks "/proc/$pid/stat") || continue
    total=$((total + ticks))
  done
  echo "$total"
}

# proc_compiler_ticks PID...: utime + stime of the JIT compiler threads of the processes (clock ticks), from
# /proc/<pid>/task/<tid>/stat of the threads HotSpot names "C1 CompilerThread<n>" and "C2 CompilerThread<n>" (the
# kernel keeps 15 characters of a name). 0 for processes without them, such as nginx. A compiler thread that
# the JVM retires between two readings takes its ticks with it, so a difference can only undercount.
proc_compiler_ticks() {
  local total=0 pid task name ticks
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      name=$(cat "$task/comm" 2>/dev/null) || continue
      [[ $name == C[12]\ CompilerThre* ]] || continue
      ticks=$(stat_cpu_ticks "$task/stat") || continue
      total=$((total + ticks))
    done
  done
  echo "$total"
}

# proc_thread_ticks PID...: one line per live thread of the processes, "tid<TAB>name<TAB>ticks" (utime + stime in
# clock ticks, the name as the kernel keeps it: 15 characters), for thread_cpu_by_group.
proc_thread_ticks() {
  local pid task name ticks
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      name=$(cat "$task/comm" 2>/dev/null) || continue
      ticks=$(stat_cpu_ticks "$task/stat") || continue
      printf '%s\t%s\t%s\n' "${task##*/}" "$name" "$ticks"
    done
  done
}

# thread_cpu_by_group BEFORE AFTER PROCESS_TICKS: the CPU milliseconds each group of threads used between two
# proc_thread_ticks listings, one "group<TAB>ms" line per group, the groups by thread name from thread-groups.tsv
# (which bench/lib/perf-breakdown.py reads too; "other" for a name none matches). PROCESS_TICKS is the processes' own
# difference over the same window (proc_cpu_ticks), which also holds the threads that ended in it: what no live
# thread accounts for is "threads ended in the window".
thread_cpu_by_group() {
  awk -F '\t' -v OFS='\t' -v process_ticks="$3" -v clk_tck="$CLK_TCK" '
    function group(name,   i) {
      for (i = 1; i <= groups; i++) if (name ~ pattern[i]) return label[i]
      return "other"
    }
    FILENAME == ARGV[1] { if (!/^#/ && NF == 2) { label[++groups] = $1; pattern[groups] = $2 }; next }
    FILENAME == ARGV[2] { before[$1] = $3; next }
    {
      used = $3 - (($1 in before) ? before[$1] : 0)
      ticks[group($2)] += used; live += used
    }
    END {
      ended = process_ticks - live
      if (ended > 0) ticks["threads ended in the window"] += ended
      for (g in ticks) print g, ticks[g] * 1000 / clk_tck
    }' "$LIB_DIR/thread-groups.tsv" "$1" "$2"
}

# record_thread_cpu THREADS_TSV PREFIX ROUND TARGET STATUS REQUESTS PROCESS_TICKS: appends one measured run's CPU by
# thread group (thread_cpu_by_group of PREFIX-threads-before.tsv and PREFIX-threads-after.tsv) to THREADS_TSV, with
# its header when the file is new: the columns thread_cpu_table reads.
record_thread_cpu() {
  local threads=$1 prefix=$2 round=$3 target=$4 status=$5 requests=$6 process_ticks=$7
  [ -s "$threads" ] || printf 'round\ttarget\tstatus\tgroup\tcpu_ms\trequests\n' >"$threads"
  thread_cpu_by_group "$prefix-threads-before.tsv" "$prefix-threads-after.tsv" "$process_ticks" \
    | awk -F '\t' -v OFS='\t' -v round="$round" -v target="$target" -v status="$status" -v requests="$requests" \
        '{ print round, target, status, $1, $2, requests }' >>"$threads"
}

# thread_cpu_table THREADS_TSV TARGET...: a Markdown table of the CPU per request of every thread group (rows) and
# target (columns, in the order given; those without rows are left out): the median over the target's rounds with
# status ok of the group's cpu_ms over the round's requests, 0 for a round where the group used nothing. THREADS_TSV
# has the columns round, target, status, group, cpu_ms, requests (bench/run's and bench/team's threads.tsv).
thread_cpu_table() {
  local threads=$1
  shift
  awk -F '\t' -v order="$*" '
    function median(a, n,   i, j, x) {
      for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    NR == 1 || $3 != "ok" || $6 == 0 { next }
    {
      if (!($4 in seen_group)) { seen_group[$4] = 1; groups[++ng] = $4 }
      if (!(($2, $1) in run)) { run[$2, $1] = 1; rounds[$2] = rounds[$2] " " $1 }
      per_request[$2, $4, $1] = $5 / $6
    }
    END {
      n = split(order, wanted, " ")
      for (i = 1; i <= n; i++) if (wanted[i] in rounds) targets[++nt] = wanted[i]
      printf "| thread group |"; for (t = 1; t <= nt; t++) printf " %s |", targets[t]; print ""
      printf "| --- |"; for (t = 1; t <= nt; t++) printf " --- |"; print ""
      for (g = 1; g <= ng + 1; g++) {
        printf "| %s |", (g <= ng ? groups[g] : "**all**")
        for (t = 1; t <= nt; t++) {
          m = split(substr(rounds[targets[t]], 2), rs, " ")
          for (r = 1; r <= m; r++) {
            x = 0
            for (h = (g <= ng ? g : 1); h <= (g <= ng ? g : ng); h++)
              if ((targets[t], groups[h], rs[r]) in per_request) x += per_request[targets[t], groups[h], rs[r]]
            a[r] = x
          }
          printf " %.4f |", median(a, m)
        }
        print ""
      }
    }' "$threads"
}

# warm_up LABEL LOAD_FN PREFIX PIDS...: the warm-up before a measured run. Calls "LOAD_FN SECONDS FILE" for WARMUP
# seconds (its output in PREFIX-warmup.txt), then, unless JIT_QUIET is 0, for JIT_STEP seconds more at a time
# (PREFIX-warmup-N.txt) until the JIT compiler threads of PIDS used less than JIT_QUIET % of one CPU in the last
# step, or the next step would pass WARMUP_MAX seconds. On few CPUs the C2 compiler takes minutes to compile a
# request path, and a run measured during that measures the compiler. Sets WARMED, the seconds of warm-up.
warm_up() {
  local label=$1 load_fn=$2 prefix=$3
  shift 3
  local seconds=$WARMUP step=0 jit0 jit1 ms0 jit_percent
  WARMED=0
  while :; do
    jit0=$(proc_compiler_ticks "$@") ms0=$(now_ms)
    "$load_fn" "$seconds" "$prefix-warmup$( [ "$step" = 0 ] || echo "-$step").txt" || true
    jit1=$(proc_compiler_ticks "$@")
    WARMED=$((WARMED + seconds)) step=$((step + 1))
    jit_percent=$(((jit1 - jit0) * 1000 / CLK_TCK * 100 / ($(now_ms) - ms0 + 1)))
    [ "$JIT_QUIET" != 0 ] || return 0
    if [ "$jit_percent" -lt "$JIT_QUIET" ]; then
      log "$label: JIT compiler at ${jit_percent} % of a CPU after ${WARMED}s of warm-up"
      return 0
    fi
    if [ $((WARMED + JIT_STEP)) -gt "$WARMUP_MAX" ]; then
      log "$label: JIT compiler still at ${jit_percent} % of a CPU after ${WARMED}s of warm-up (--warmup-max)"
      return 0
    fi
    seconds=$JIT_STEP
  done
}

# run_wrk URL SECONDS FILE: predict.lua's POSTs to URL for SECONDS, with THREADS wrk threads and CONNECTIONS
# connections, on the load's CPUs (--pin); wrk's output in FILE. Fails when wrk does, or runs 30 s past its time.
run_wrk() {
  local url=$1 seconds=$2 out=$3
  timeout $((seconds + 30)) "${LOAD_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
    -s "$LIB_DIR/predict.lua" "$url" >"$out" 2>&1
}

# write_hot_methods TARGET...: each target's hot methods (bench/lib/hot-methods.sh) over the measured windows of all
# its JFR recordings, listed in OUT/jfr/windows.tsv, into OUT/hot-methods/TARGET.tsv. Targets without a recording
# (nginx, or --no-jfr) are skipped.
write_hot_methods() {
  local target
  local -a specs
  for target in "$@"; do
    mapfile -t specs < <(awk -F '\t' -v t="$target" '$1 == t { print $2 ":" $3 ":" $4 }' "$OUT/jfr/windows.tsv")
    [ ${#specs[@]} -gt 0 ] || continue
    log "hot methods of $target (jfr print)"
    "$LIB_DIR/hot-methods.sh" 40 "${specs[@]}" >"$OUT/hot-methods/$target.tsv" || log "hot methods of $target failed"
  done
}

# proc_status_kb FIELD PID...: the sum of a /proc/<pid>/status field (VmRSS, VmHWM) in kB.
proc_status_kb() {
  local field=$1 total=0 pid value
  shift
  for pid in "$@"; do
    value=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# A process and its children (nginx's master and workers).
pid_tree() {
  local pid=$1
  echo "$pid"
  pgrep -P "$pid" 2>/dev/null || true
}

# first_200_ms URL PID SECONDS START_MS: polls the predict path until it answers 200; prints the milliseconds
# from START_MS. Fails when the process exits or the time is up. Sends what predict.lua sends: the internal
# credential when BENCH_INTERNAL_CREDENTIAL_HEADER is set (a team service), else the API key (a gateway).
first_200_ms() {
  local url=$1 pid=$2 deadline=$((SECONDS + $3)) start=$4 code credential
  if [ -n "${BENCH_INTERNAL_CREDENTIAL_HEADER:-}" ]; then
    credential="X-Internal-Credential: $BENCH_INTERNAL_CREDENTIAL_HEADER"
  else
    credential="Authorization: Bearer $BENCH_API_KEY"
  fi
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "$url" \
      -H 'Content-Type: application/json' -H "$credential" -d "$PREDICT_BODY" 2>/dev/null) || true
    if [ "$code" = 200 ]; then
      echo $(($(now_ms) - start))
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}

# The bench's own API key and internal credential, new for every run; the gateway gets the key's hash only.
new_secret() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
sha256_hex() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }

# gateway_args VARIANT: our gateway's arguments for a variant (100, 10, off, auto, cds, aot, aot-load, spring-aot,
# spring-aot-load, base, try, try2 or try3), routing the quant team to the
# backend, with quotas far above any load here and OTLP to the sink. Needs BACKEND_PORT, SINK_PORT, and sets
# nothing else; the port arguments are added by the caller.
gateway_args() {
  local variant=$1
  local -a args=(
    "--platform.gateway.teams.quant.url=http://127.0.0.1:$BACKEND_PORT"
    "--platform.gateway.teams.quant.quota.requests-per-second=1000000000"
    "--platform.gateway.teams.quant.quota.burst=1000000000"
    "--platform.gateway.teams.quant.quota.tokens-per-minute=1000000000000000"
    "--platform.gateway.api-keys.teams.quant=$(sha256_hex "$BENCH_API_KEY")"
    "--platform.telemetry.otlp.endpoint=http://127.0.0.1:$SINK_PORT"
    "--platform.telemetry.environment=bench"
  )
  case $variant in
    100|cds|aot|aot-load|spring-aot|spring-aot-load|base) args+=("--platform.telemetry.sampling.probability=1.0") ;;
    try|try2|try3)
      local try_args_name=BENCH_${variant^^}_ARGS
      # shellcheck disable=SC2206
      args+=("--platform.telemetry.sampling.probability=1.0" ${!try_args_name:-}) ;;
    auto) args+=("--platform.telemetry.sampling.probability=1.0" "--spring.reactor.context-propagation=auto") ;;
    10) args+=("--platform.telemetry.sampling.probability=0.1") ;;
    off) args+=("--platform.telemetry.otlp.enabled=false") ;;
    *) die "unknown gateway variant $variant" ;;
  esac
  printf '%s\n' "${args[@]}"
}

# start_jvm NAME JAR LOG JFR_FILE ARGS...: starts a JVM (our heap and EXTRA_JVM_OPTS, a JFR recording with the JFR_SETTINGS settings,
# profile unless set, dumped on exit, when JFR_FILE is set); sets JVM_PID and JVM_START_MS. The internal credential travels in the
# environment, not on the command line.
start_jvm() {
  local name=$1 jar=$2 logfile=$3 jfr=$4
  shift 4
  local -a opts
  # shellcheck disable=SC2206
  opts=($JVM_OPTS ${EXTRA_JVM_OPTS:-})
  [ -z "$jfr" ] || opts+=("-XX:StartFlightRecording=filename=$jfr,settings=${JFR_SETTINGS:-profile},dumponexit=true,name=bench")
  JVM_START_MS=$(now_ms)
  SPRING_APPLICATION_JSON="{\"platform\":{\"gateway\":{\"internal-credential\":\"$BENCH_INTERNAL_CREDENTIAL\"}}}" \
    TZ=UTC "${TARGET_PIN[@]}" "$JAVA" "${opts[@]}" -jar "$jar" "$@" >"$logfile" 2>&1 &
  JVM_PID=$!
  STARTED_PIDS+=("$JVM_PID")
  log "$name: started pid $JVM_PID"
}

# extract_jar JAR DIR: Spring Boot's efficient deployment layout (java -Djarmode=tools -jar JAR extract): the
# application jar in DIR with its dependencies in DIR/lib, unpacked, as the container images run the classes (Jib
# lays out the same: classes and every dependency jar on the class path, no nested jars). Prints the jar to run.
extract_jar() {
  local jar=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir" >"$dir.extract.log" 2>&1 \
    || die "could not extract $jar (see $dir.extract.log)"
  jar_of "$dir/*.jar"
}

# train_start_cache KIND JAR DIR: Spring Boot's recipe for a faster start, made before round 1 from the extracted
# JAR (extract_jar): one training run with the options of every target until the context is refreshed
# (-Dspring.context.exit=onRefresh). KIND cds: a class data sharing archive (-XX:ArchiveClassesAtExit, any JDK
# since 13), started with -XX:SharedArchiveFile. KIND aot: the AOT cache of JDK 24 and later (JEP 483 and 514,
# -XX:AOTCacheOutput: classes loaded and linked ahead of time), started with -XX:AOTCache. KIND aot-load: the same
# cache from a training run that serves the bench's requests for BENCH_AOT_TRAINING_SECONDS (60) and is then stopped,
# so that the cache also holds the request path's classes and, from JDK 25 (JEP 515), the method profiles the JIT
# compiler starts from. KIND spring-aot-load: the same, trained and started on the gateway's Spring AOT code
# (SPRING_AOT_OPTS). Every training run starts through start_jvm, pinned as the rounds are. Sets START_CACHE_OPTS
# and START_CACHE_FILE. A cache holds only for this JDK and these jars: it
# is made anew in every run.
train_start_cache() {
  local kind=$1 jar=$2 dir=$3 file train
  local -a args
  case $kind in
    cds) file=$dir/app.jsa train=-XX:ArchiveClassesAtExit=$file START_CACHE_OPTS=-XX:SharedArchiveFile=$file ;;
    aot|aot-load|spring-aot-load)
      "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
        || die "ours-$kind needs a JDK with the AOT cache (24 or later; JAVA_HOME=$JAVA_HOME)"
      file=$dir/app.aot train=-XX:AOTCacheOutput=$file START_CACHE_OPTS=-XX:AOTCache=$file ;;
    *) die "unknown start cache $kind" ;;
  esac
  START_CACHE_FILE=$file
  if [ "$kind" = spring-aot-load ]; then
    # Trained and started on the gateway's Spring AOT code, so that the cache holds the classes that start loads.
    train="$train $SPRING_AOT_OPTS" START_CACHE_OPTS="$START_CACHE_OPTS $SPRING_AOT_OPTS"
  fi
  mkdir -p "$dir"
  # The JVM refuses an AOT cache made without the jdk.jfr module that a recording adds, so the training run
  # records when the measured rounds do (bench/run --jfr-in-rounds); the profiling round's start then goes without
  # the cache.
  local jfr=''
  [ "${JFR_ON:-0}" = 0 ] || [ "${JFR_IN_ROUNDS:-0}" = 0 ] || jfr=$dir/training.jfr
  mapfile -t args < <(gateway_args 100)
  local load=0 port=0 mport=0 pid seconds=${BENCH_AOT_TRAINING_SECONDS:-60}
  case $kind in aot-load|spring-aot-load) load=1 ;; esac
  if [ "$load" = 1 ]; then
    free_port port
    free_port mport
    log "ours-$kind: training run for the start-up cache, under load for ${seconds}s"
    EXTRA_JVM_OPTS=$train
  else
    log "ours-$kind: training run for the start-up cache"
    EXTRA_JVM_OPTS="$train -Dspring.context.exit=onRefresh"
  fi
  start_jvm "ours-$kind training" "$jar" "$dir/training.log" "$jfr" "${args[@]}" \
    --server.port="$port" --management.server.port="$mport"
  EXTRA_JVM_OPTS='' pid=$JVM_PID
  if [ "$load" = 1 ]; then
    first_200_ms "http://127.0.0.1:$port$PREDICT_PATH" "$pid" "$START_TIMEOUT" "$(now_ms)" >/dev/null \
      || die "the training run did not answer (see $dir/training.log)"
    run_wrk "http://127.0.0.1:$port$PREDICT_PATH" "$seconds" "$dir/training-wrk.txt" || true
    kill -TERM "$pid" 2>/dev/null || true
  fi
  # The JVM writes the cache as it exits, which may take longer than stop_pid waits before it kills.
  wait "$pid" || true
  forget_pid "$pid"
  [ -s "$file" ] || die "the training run made no $kind cache (see $dir/training.log)"
}

# read_wrk_result FILE: the BENCH line that predict.lua ends a wrk output with, into the caller's variables
# requests, duration_us, p50_us, p99_us and errors (connect, read, write, timeouts and answers >= 400).
# Fails when the output has no BENCH line.
read_wrk_result() {
  local line kv connect_errors=0 read_errors=0 write_errors=0 status_errors=0 timeouts=0
  line=$(grep '^BENCH ' "$1" | tail -n 1) || return 1
  for kv in ${line#BENCH }; do
    case ${kv%%=*} in
      requests|duration_us|p50_us|p99_us|connect_errors|read_errors|write_errors|status_errors|timeouts)
        printf -v "${kv%%=*}" '%s' "${kv#*=}" ;;
    esac
  done
  errors=$((connect_errors + read_errors + write_errors + status_errors + timeouts))
}
