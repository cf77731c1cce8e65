#!/usr/bin/env bash
# report.sh RESULTS_DIR: results.md and chart.png of a bench/run folder, from its rounds.tsv, env.txt and
# hot-methods/*.tsv. Can be run again on an old folder.
#   median: of the rounds' values (the mean of the middle two for an even count); (a-b): lowest and highest round
#   ratio to bare SCG: per round, the target's req/s over bare SCG's req/s in the same round; median and range of those
#   CPU per request: (utime + stime of the target's processes during the measured run) / requests of that run
#   warm-up: how long the target was loaded before the measured run (bench/run --jit-quiet lengthens it); JIT compiler:
#   the CPU of the JVM's compiler threads during the measured run, in % of one CPU (— for rounds.tsv without it)
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
OUT=$1
ROUNDS_TSV=$OUT/rounds.tsv
[ -s "$ROUNDS_TSV" ] || { echo "no $ROUNDS_TSV" >&2; exit 1; }

# Names in the order of bench/run's targets: id, row label, chart label.
TARGET_NAMES='nginx|nginx reverse proxy (1 worker)|nginx
scg|bare Spring Cloud Gateway|bare SCG
ours-100|**our gateway, all telemetry, 100 %**|ours 100 %
ours-10|our gateway, all telemetry, 10 %|ours 10 %
ours-off|our gateway, OTLP export off|ours, export off
ours-auto|ours 100 %, context propagation "auto" (step 1 undone)|ours, auto
ours-cds|ours 100 %, started with a CDS archive|ours, CDS
ours-aot|ours 100 %, started with a JDK AOT cache|ours, AOT cache
ours-aot-load|ours 100 %, started with a JDK AOT cache trained under load|ours, AOT cache (load)
ours-spring-aot|ours 100 %, on its Spring AOT code|ours, Spring AOT
ours-spring-aot-load|ours 100 %, on its Spring AOT code with a JDK AOT cache trained under load|ours, Spring AOT + cache (load)
ours-base|ours 100 %, the baseline build (BENCH_BASE_JAR)|ours, baseline
ours-try|ours 100 % with BENCH_TRY_ARGS, BENCH_TRY_JVM_OPTS (env.txt)|ours, try
ours-try2|ours 100 % with BENCH_TRY2_ARGS, BENCH_TRY2_JVM_OPTS (env.txt)|ours, try 2
ours-try3|ours 100 % with BENCH_TRY3_ARGS, BENCH_TRY3_JVM_OPTS (env.txt)|ours, try 3'

awk -F '\t' -v names="$TARGET_NAMES" -v chart="$OUT/chart.dat" '
  function median(a, n,   i, j, x, s) {
    for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function thousands(x,   s, r) {
    s = sprintf("%.0f", x); r = ""
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    return s r
  }
  function num(kind, x) {
    if (kind == "rps") return thousands(x)
    if (kind == "ratio") return sprintf("%.2f", x)
    if (kind == "mib") return sprintf("%.0f", x / 1024)
    if (kind == "s") return sprintf("%.1f", x / 1000)
    if (kind == "int") return sprintf("%.0f", x)
    if (x < 0.1) return sprintf("%.3f", x)
    if (x < 10) return sprintf("%.2f", x)
    return sprintf("%.1f", x)
  }
  # stats(target, metric): fills med, lo, hi, cnt over the rounds where the target answered without error.
  function stats(t, m,   r, n, a) {
    n = 0
    for (r = 1; r <= rounds; r++) if (((t, r) in ok) && ok[t, r]) a[++n] = v[t, r, m]
    cnt = n
    if (n == 0) return
    lo = a[1]; hi = a[1]
    for (r = 1; r <= n; r++) { if (a[r] < lo) lo = a[r]; if (a[r] > hi) hi = a[r] }
    med = median(a, n)
  }
  function ratio_stats(t, m,   r, n, a) {
    n = 0
    for (r = 1; r <= rounds; r++)
      if (((t, r) in ok) && ok[t, r] && (("scg", r) in ok) && ok["scg", r] && v["scg", r, m] > 0)
        a[++n] = v[t, r, m] / v["scg", r, m]
    cnt = n
    if (n == 0) return
    lo = a[1]; hi = a[1]
    for (r = 1; r <= n; r++) { if (a[r] < lo) lo = a[r]; if (a[r] > hi) hi = a[r] }
    med = median(a, n)
  }
  # goal(target, metric, kind, limit, op, text, unit): one line of the goals table; a "ratio" is against bare SCG.
  function goal(t, m, kind, limit, op, text, unit,   met) {
    if (!(t in present)) return
    if (kind == "ratio") ratio_stats(t, m); else stats(t, m)
    if (cnt == 0) { printf "| %s | — | not measured |\n", text; return }
    met = (op == ">=") ? (med >= limit) : (med <= limit)
    printf "| %s | %s%s | %s |\n", text, num(kind, med), unit, met ? "yes" : "**no**"
  }
  function cell(kind, unit) {
    if (cnt == 0) return "—"
    if (cnt == 1 || num(kind, lo) == num(kind, hi)) return num(kind, med) unit
    return num(kind, med) unit " (" num(kind, lo) "-" num(kind, hi) ")"
  }
  BEGIN {
    nt = split(names, lines, "\n")
    for (i = 1; i <= nt; i++) { split(lines[i], f, "|"); id[i] = f[1]; label[f[1]] = f[2]; short[f[1]] = f[3] }
  }
  NR == 1 { for (i = 1; i <= NF; i++) { col[$i] = i; header[i] = $i }; next }
  {
    t = $col["target"]; r = $col["round"] + 0
    if (r > rounds) rounds = r
    present[t] = 1
    ok[t, r] = ($col["status"] == "ok")
    errors[t] += $col["errors"]; requests[t] += $col["requests"]; dropped[t] += $col["dropped"]
    if ($col["status"] == "failed") failed[t]++
    if ($col["status"] == "profile") profiled[t] = r
    for (i = 1; i <= NF; i++) v[t, r, header[i]] = $i
    if ("jit_cpu_ms" in col && $col["duration_s"] > 0) v[t, r, "jit_pct"] = $col["jit_cpu_ms"] / ($col["duration_s"] * 10)
    row[++nrows] = $0
  }
  END {
    print "| target | req/s median (per-round range) | CPU per request | p50 | p99 | ratio to bare SCG (per round) | p99 ratio to bare SCG |"
    print "| --- | --- | --- | --- | --- | --- | --- |"
    printf "" > chart
    for (i = 1; i <= nt; i++) {
      t = id[i]
      if (!(t in present)) continue
      stats(t, "rps"); c_rps = cell("rps", ""); r_med = med; r_lo = lo; r_hi = hi; r_cnt = cnt
      stats(t, "cpu_per_req_ms"); c_cpu = cell("ms", " ms"); cpu_med = med; cpu_lo = lo; cpu_hi = hi; cpu_cnt = cnt
      stats(t, "p50_ms"); c_p50 = cell("ms", " ms")
      stats(t, "p99_ms"); c_p99 = cell("ms", " ms")
      if (t == "scg") { c_ratio = "1 (the reference)"; c_p99r = "1"; q_med = 1; q_lo = 1; q_hi = 1; q_cnt = r_cnt }
      else {
        ratio_stats(t, "rps"); c_ratio = cell("ratio", "×"); q_med = med; q_lo = lo; q_hi = hi; q_cnt = cnt
        ratio_stats(t, "p99_ms"); c_p99r = cell("ratio", "×")
      }
      printf "| %s | %s | %s | %s | %s | %s | %s |\n", label[t], c_rps, c_cpu, c_p50, c_p99, c_ratio, c_p99r
      if (r_cnt > 0)
        printf "%d \"%s\" %s %s %s %s %s %s %s %s %s\n", ++bar, short[t], r_med, r_lo, r_hi,
          (t != "nginx" && q_cnt > 0) ? q_med : "NaN", (t != "nginx" && q_cnt > 0) ? q_lo : "NaN",
          (t != "nginx" && q_cnt > 0) ? q_hi : "NaN", cpu_med, cpu_lo, cpu_hi > chart
    }
    print ""
    print "| target | start to first 200 | RSS after start | RSS peak | RSS after load | errors / requests | telemetry dropped | warm-up | JIT compiler in the measured run |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= nt; i++) {
      t = id[i]
      if (!(t in present)) continue
      stats(t, "start_ms"); c_start = cell("s", " s")
      stats(t, "rss_idle_kb"); c_idle = cell("mib", " MiB")
      stats(t, "rss_peak_kb"); c_peak = cell("mib", " MiB")
      stats(t, "rss_after_kb"); c_after = cell("mib", " MiB")
      c_err = thousands(errors[t]) " / " thousands(requests[t]) ((t in failed) ? ", " failed[t] " round(s) failed" : "")
      c_drop = (t ~ /^ours/) ? thousands(dropped[t]) : "—"
      if ("warmup_s" in col) { stats(t, "warmup_s"); c_warm = cell("int", " s") } else c_warm = "—"
      if ("jit_cpu_ms" in col && t != "nginx") { stats(t, "jit_pct"); c_jit = cell("ms", " % of a CPU") } else c_jit = "—"
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label[t], c_start, c_idle, c_peak, c_after, c_err, c_drop,
        c_warm, c_jit
    }
    print ""
    print "Goals of issue 14, by this run'"'"'s medians:"
    print ""
    print "| goal | measured | met |"
    print "| --- | --- | --- |"
    goal("ours-100", "rps", "ratio", 0.8, ">=", "all telemetry at 100 %: ≥ 0.8× bare SCG req/s", "×")
    goal("ours-100", "p99_ms", "ratio", 1.5, "<=", "all telemetry at 100 %: p99 ≤ 1.5× bare SCG p99", "×")
    goal("ours-10", "rps", "ratio", 0.95, ">=", "10 % sampling: ≥ 0.95× bare SCG req/s", "×")
    goal("ours-100", "start_ms", "s", 4000, "<=", "JVM start to the first 200 ≤ 4 s", " s")
    goal("ours-100", "rss_peak_kb", "mib", 200 * 1024, "<=", "RSS under load (peak) ≤ 200 MiB", " MiB")
    if (length(profiled) > 0) {
      print ""
      print "The profiling round, after the measured rounds: each JVM once more with a JFR recording (profile settings), not"
      print "in the medians above. CPU per request against its rounds'"'"' median is what the recording cost that target."
      print ""
      print "| target | req/s | ratio to bare SCG in the profiling round | CPU per request | over its rounds'"'"' median CPU per request |"
      print "| --- | --- | --- | --- | --- |"
      for (i = 1; i <= nt; i++) {
        t = id[i]
        if (!(t in profiled)) continue
        r = profiled[t]
        stats(t, "cpu_per_req_ms")
        q = (("scg" in profiled) && v["scg", profiled["scg"], "rps"] > 0) \
          ? sprintf("%.2f×", v[t, r, "rps"] / v["scg", profiled["scg"], "rps"]) : "—"
        over = (cnt > 0 && med > 0) ? sprintf("%.2f×", v[t, r, "cpu_per_req_ms"] / med) : "—"
        printf "| %s | %s | %s | %s ms | %s |\n", label[t], thousands(v[t, r, "rps"]), q, num("ms", v[t, r, "cpu_per_req_ms"]), over
      }
    }
    print ""
    print "Per round, in the order run:"
    print ""
    print "| round | # | target | req/s | ratio to bare SCG | CPU per request | p50 | p99 | start to first 200 | RSS peak | warm-up | JIT compiler |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (k = 1; k <= nrows; k++) {
      split(row[k], f, "\t")
      t = f[col["target"]]; r = f[col["round"]] + 0
      if (f[col["status"]] == "failed") { printf "| %d | %d | %s | failed | | | | | | | | |\n", r, f[col["position"]], short[t]; continue }
      warm = ("warmup_s" in col) ? f[col["warmup_s"]] " s" : "—"
      jit = ("jit_cpu_ms" in col) && t != "nginx" && f[col["duration_s"]] > 0 \
        ? num("ms", f[col["jit_cpu_ms"]] / (f[col["duration_s"]] * 10)) " %" : "—"
      q = (("scg", r) in ok) && v["scg", r, "rps"] > 0 ? sprintf("%.2f×", f[col["rps"]] / v["scg", r, "rps"]) : "—"
      printf "| %d | %d | %s%s | %s | %s | %s ms | %s ms | %s ms | %s s | %s MiB | %s | %s |\n", r, f[col["position"]], short[t],
        (f[col["status"]] == "ok") ? "" : (f[col["status"]] == "profile") ? " (profiled)" : " (errors)", thousands(f[col["rps"]]), q, num("ms", f[col["cpu_per_req_ms"]]),
        num("ms", f[col["p50_ms"]]), num("ms", f[col["p99_ms"]]), num("s", f[col["start_ms"]]), num("mib", f[col["rss_peak_kb"]]),
        warm, jit
    }
  }' "$ROUNDS_TSV" >"$OUT/tables.md"

# Hot methods: the areas and the top frames of each JVM target, over its measured windows.
hot_section() {
  local file target
  # Every target of TARGET_NAMES, in its order; nginx has no profile and is skipped with the others that did not run.
  for target in $(cut -d '|' -f 1 <<<"$TARGET_NAMES"); do
    file=$OUT/hot-methods/$target.tsv
    [ -s "$file" ] || continue
    awk -F '\t' -v target="$target" -v file="hot-methods/$target.tsv" '
      $1 == "total" { printf "### %s: %d samples in the measured windows (`%s`)\n\n", target, $2, file; next }
      $1 == "area" && na < 10 { area[++na] = sprintf("%s %s %%", $4, $2) }
      $1 == "self" && ns < 12 { self[++ns] = sprintf("| %s %% | `%s` |", $2, $4) }
      END {
        printf "Inclusive, by package (a sample counts for every package on its stack): "
        for (i = 1; i <= na; i++) printf "%s%s", (i > 1 ? ", " : ""), area[i]
        print "\n\n| self | top frame |\n| --- | --- |"
        for (i = 1; i <= ns; i++) print self[i]
        print ""
      }' "$file"
  done
}

# CPU per request by thread group (bench/run's threads.tsv), the targets in TARGET_NAMES' order.
thread_section() {
  local threads=$OUT/threads.tsv
  [ -s "$threads" ] && [ "$(wc -l <"$threads")" -gt 1 ] || return 0
  echo "## Where the CPU went, by thread (ms per request; median of the measured rounds)"
  echo
  echo "Each thread's user + system CPU time over the measured run (/proc/<pid>/task/<tid>/stat), grouped by the"
  echo "name its runtime gives it, over the run's requests. GC and VM holds the serial collector's pauses, which run in"
  echo "the VM thread; threads ended in the window is the processes' CPU time that no live thread accounts for."
  echo
  # shellcheck disable=SC2046 # one target id per word
  thread_cpu_table "$threads" $(cut -d '|' -f 1 <<<"$TARGET_NAMES")
  echo
}

{
  echo "# bench/run $(basename "$OUT")"
  echo
  sed 's/^/    /' "$OUT/env.txt"
  echo
  # A 2-core machine with other work on it measures that work, not the targets.
  awk '/^load average at start:/ && $5 + 0 > 1 {
      printf "**The machine was busy: load average %s at the start. These numbers are noise; do not publish them.**\n\n", $5
    }' "$OUT/env.txt"
  echo "Ratios are per round, against bare Spring Cloud Gateway in the same round; a cell is the median over the"
  echo "rounds with the lowest and highest round in parentheses. CPU per request is the target's own user + system CPU"
  echo "time during the measured run over its requests (nginx: master and worker). RSS peak is VmHWM since the"
  echo "process started; RSS after load is VmRSS right after the measured run. Warm-up is how long the target was under"
  echo "load before the measured run; JIT compiler is the CPU its compiler threads used during the measured run, in % of"
  echo "one CPU. Only rounds without errors count; the profiling round, if any, is reported on its own."
  echo
  cat "$OUT/tables.md"
  echo
  echo "![req/s, ratio to bare SCG and CPU per request](chart.png)"
  echo
  thread_section
  if compgen -G "$OUT/hot-methods/*.tsv" >/dev/null; then
    echo "## Where the CPU went (JFR execution samples, profile settings)"
    echo
    hot_section
  fi
} >"$OUT/results.md"

# The chart: req/s with its per-round range, the ratio to bare SCG with the issue's goals, CPU per request.
if [ -s "$OUT/chart.dat" ] && command -v gnuplot >/dev/null 2>&1; then
  gnuplot <<GNUPLOT
set terminal pngcairo size 1500,520 font "sans,10"
set output "$OUT/chart.png"
set datafile missing "NaN"
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -25 left nomirror
set grid ytics
set key off
set offsets 0, 0, graph 0.12, 0
set multiplot layout 1,3 title "bench/run $(basename "$OUT") (bars: median; whiskers: lowest and highest round)"
set title "requests per second (log scale)"
set logscale y
set yrange [1:*]
plot "$OUT/chart.dat" using 1:3:xtic(2) with boxes lc rgb "#4477aa", \
     "" using 1:3:4:5 with yerrorbars lc rgb "black" pt 0, \
     "" using 1:3:(sprintf("%.0f", \$3)) with labels offset 0,1.2
set title "ratio to bare SCG in the same round (goals 0.8 at 100 %, 0.95 at 10 %)"
unset logscale y
set yrange [0:1.3]
plot "$OUT/chart.dat" using 1:6:xtic(2) with boxes lc rgb "#228833", \
     "" using 1:6:7:8 with yerrorbars lc rgb "black" pt 0, \
     "" using 1:6:(sprintf("%.2f", \$6)) with labels offset 0,1.2, \
     0.8 with lines dt 2 lc rgb "#cc3311", 0.95 with lines dt 3 lc rgb "#ee7733"
set title "CPU per request, ms (log scale)"
set logscale y
set yrange [*:*]
plot "$OUT/chart.dat" using 1:9:xtic(2) with boxes lc rgb "#aa3377", \
     "" using 1:9:10:11 with yerrorbars lc rgb "black" pt 0, \
     "" using 1:9:(sprintf("%.3g", \$9)) with labels offset 0,1.2
unset multiplot
GNUPLOT
fi
