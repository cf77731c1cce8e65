#!/usr/bin/env bash
# hot-methods.sh TOP RECORDING:FROM:TO...: what a gateway spent its CPU on under load, from the JFR recordings
# of bench/run, counting only jdk.ExecutionSample events between FROM and TO (HH:MM:SS.mmm, UTC: the measured
# window of each recording). Prints tab-separated lines:
#   total <samples>
#   area <percent> <samples> <area>     samples with a frame of that area anywhere in the stack (inclusive: a
#                                       sample counts for every area it passes through, so they overlap)
#   self <percent> <samples> <method>   the sample's top frame (where the CPU actually was)
#   incl <percent> <samples> <method>   samples with the method anywhere in the stack
# JFR records at most 64 frames per stack (its default), so frames deeper than that are not seen; reactive
# stacks are deep, so the inclusive figures of outer frames (the event loop) are lower bounds.
set -euo pipefail
top=$1
shift
JFR=${JFR:-${JAVA_HOME:+$JAVA_HOME/bin/}jfr}

for spec in "$@"; do
  # file:HH:MM:SS.mmm:HH:MM:SS.mmm; the times hold colons, so split by position from the end.
  file=${spec%%:*}
  rest=${spec#*:}
  from=${rest:0:12}
  to=${rest:13:12}
  [ -s "$file" ] || continue
  TZ=UTC "$JFR" print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v from="$from" -v to="$to" '
    function inwindow(t) {
      if (from <= to) return t >= from && t <= to
      return t >= from || t <= to   # the window crosses midnight
    }
    function flush(   i, m, a) {
      if (!event) return
      event = 0
      if (n == 0 || !inwindow(t)) { n = 0; return }
      total++
      self[frame[1]]++
      for (m in seen) delete seen[m]
      for (i = 1; i <= n; i++) if (!(frame[i] in seen)) { seen[frame[i]] = 1; incl[frame[i]]++ }
      for (a = 1; a <= nareas; a++) {
        for (i = 1; i <= n; i++) if (index(frame[i], prefix[a]) == 1) { area[a]++; break }
      }
      n = 0
    }
    BEGIN {
      # Areas by package prefix, in the words of the issue.
      nareas = split("io.micrometer.observation.|io.micrometer.tracing.|io.opentelemetry.|io.micrometer.context.|" \
        "io.micrometer.core.|io.prometheus.|org.springframework.cloud.gateway.|reactor.netty.|io.netty.|reactor.core.|" \
        "org.springframework.web.|org.springframework.http.|io.llmplatform.|ch.qos.logback.|tools.jackson.|" \
        "com.fasterxml.jackson.|io.github.resilience4j.|jdk.jfr.", prefix, "|")
    }
    /^jdk\.ExecutionSample/ { flush(); event = 1; n = 0; t = ""; stack = 0; next }
    event && /^  startTime = / { t = $3; next }
    event && /^  stackTrace = \[/ { stack = 1; next }
    stack && /^  \]/ { stack = 0; next }
    stack {
      line = $0
      sub(/^ +/, "", line)
      if (line == "...") next
      sub(/\(.*/, "", line)
      frame[++n] = line
      next
    }
    /^}/ { flush() }
    END {
      flush()
      print "total\t" total + 0
      for (a = 1; a <= nareas; a++) print "area\t" area[a] + 0 "\t" prefix[a]
      for (m in self) print "self\t" self[m] "\t" m
      for (m in incl) print "incl\t" incl[m] "\t" m
    }'
done | awk -F '\t' -v top="$top" '
  $1 == "total" { total += $2; next }
  { count[$1 "\t" $3] += $2 }
  END {
    print "total\t" total
    for (k in count) {
      split(k, parts, "\t")
      printf "%s\t%.1f\t%d\t%s\n", parts[1], (total ? 100 * count[k] / total : 0), count[k], parts[2]
    }
  }' | {
  # total first, then each kind by count, the top N of each.
  read -r header
  echo "$header"
  sorted=$(sort -t $'\t' -k1,1 -k3,3nr)
  for kind in area self incl; do
    printf '%s\n' "$sorted" | awk -F '\t' -v kind="$kind" -v top="$top" '$1 == kind && $3 > 0 && n++ < top'
  done
}
