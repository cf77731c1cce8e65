#!/usr/bin/env bash
# check-smoke.sh RESULTS_DIR TARGET...: what bench/run --smoke promises, checked on its results folder: every
# target answered (no error, some requests), the report and the chart exist, every JVM target's event loop threads
# used CPU in the measured run and it left a JFR recording with samples in its measured window, and our gateway's
# telemetry reached the OTLP sink with nothing dropped.
set -euo pipefail
OUT=$1
shift
problems=0
problem() { echo "smoke: $*" >&2; problems=$((problems + 1)); }

for target in "$@"; do
  awk -F '\t' -v t="$target" 'NR > 1 && $3 == t && $4 == "ok" && $5 > 0 { found = 1 } END { exit !found }' \
    "$OUT/rounds.tsv" || problem "$target: no round without errors"
  # The JVMs' recordings, unless the run had --no-jfr (no measured windows at all).
  if [ "$target" != nginx ] && [ -s "$OUT/jfr/windows.tsv" ]; then
    compgen -G "$OUT/jfr/$target-r*.jfr" >/dev/null || problem "$target: no JFR recording"
    awk -F '\t' '$1 == "total" && $2 > 0 { found = 1 } END { exit !found }' "$OUT/hot-methods/$target.tsv" 2>/dev/null \
      || problem "$target: no execution samples in the measured window"
  fi
  # The CPU by thread: a JVM target's event loop served the requests.
  if [ "$target" != nginx ]; then
    awk -F '\t' -v t="$target" 'NR > 1 && $2 == t && $4 == "event loop" && $5 > 0 { found = 1 } END { exit !found }' \
      "$OUT/threads.tsv" || problem "$target: no CPU of its event loop threads in threads.tsv"
  fi
  case $target in
    ours-*)
      awk -F '\t' -v t="$target" 'NR > 1 && $3 == t && $17 > 0 { found = 1 } END { exit found }' "$OUT/rounds.tsv" \
        || problem "$target: telemetry dropped on export (telemetry_export_dropped_total > 0)"
      ;;
  esac
done
if [[ " $* " == *" ours-100 "* ]]; then
  grep -q ' /v1/traces 200 ' "$OUT/nginx-backend/otlp.log" 2>/dev/null || problem "the OTLP sink received no traces"
fi
[ -s "$OUT/results.md" ] || problem "no results.md"
[ -s "$OUT/chart.png" ] || problem "no chart.png"
[ "$problems" -eq 0 ] && echo "smoke: every check passed ($OUT)" >&2
exit $((problems > 0))
