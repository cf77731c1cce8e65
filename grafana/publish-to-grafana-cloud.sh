#!/usr/bin/env bash
# Delivers this folder's alert/recording rules and dashboards to Grafana Cloud (the alloy variant of k8s/, where
# there is no in-cluster Prometheus or Grafana to mount them), with the tools Grafana documents for it:
#   rules       mimirtool rules load  (Grafana Cloud Metrics' ruler; "Use mimirtool to upload alert and recording
#               rules"). A Mimir rule file names its namespace; ours are Prometheus rule files (Prometheus rejects
#               the key), so each is loaded as namespace llm-platform-<file> from a copy with `namespace:` added.
#   dashboards  Grafana's HTTP API, POST /api/dashboards/db (overwrite, into one folder), with our provisioned
#               datasource uids (prometheus, loki, tempo) mapped to the stack's (grafanacloud-prom, -logs, -traces
#               by default).
#
# Environment:
#   MIMIR_ADDRESS, MIMIR_API_USER, MIMIR_API_KEY   read by mimirtool: the stack's Prometheus URL (without
#                                                  /api/prom), its instance id, an access policy token (rules:write)
#   GRAFANA_URL    the stack's Grafana, e.g. https://<stack>.grafana.net
#   GRAFANA_TOKEN  a service account token with the Editor role
#   GRAFANA_FOLDER_UID   optional (default llm-platform; created if missing)
#   PROMETHEUS_UID, LOKI_UID, TEMPO_UID   optional, the stack's datasource uids
# Usage: grafana/publish-to-grafana-cloud.sh      Needs mimirtool, curl and jq.
# Alerts then route by Grafana Cloud Alerting's notification policies: one per `team` label and `severity`, as
# k8s/base/observability/config/alertmanager.yml does in-cluster (see k8s/README.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${MIMIR_ADDRESS:?set MIMIR_ADDRESS to the Grafana Cloud Prometheus URL, e.g. https://prometheus-prod-01-eu-west-0.grafana.net}"
: "${MIMIR_API_USER:?set MIMIR_API_USER to the Grafana Cloud Prometheus instance id}"
: "${MIMIR_API_KEY:?set MIMIR_API_KEY to a Grafana Cloud access policy token with rules:write}"
: "${GRAFANA_URL:?set GRAFANA_URL, e.g. https://<stack>.grafana.net}"
: "${GRAFANA_TOKEN:?set GRAFANA_TOKEN to a Grafana service account token (Editor)}"
FOLDER_UID=${GRAFANA_FOLDER_UID:-llm-platform}
PROMETHEUS_UID=${PROMETHEUS_UID:-grafanacloud-prom}
LOKI_UID=${LOKI_UID:-grafanacloud-logs}
TEMPO_UID=${TEMPO_UID:-grafanacloud-traces}
for tool in mimirtool curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
export MIMIR_ADDRESS MIMIR_API_USER MIMIR_API_KEY

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Rules: alerts/*.yaml (not alerts/tests), each as its own namespace.
rule_files=()
for file in "$here"/alerts/*.yaml; do
  name=$(basename "$file" .yaml)
  { echo "namespace: llm-platform-$name"; grep -v '^---$' "$file"; } >"$work/$name.yaml"
  rule_files+=("$work/$name.yaml")
done
mimirtool rules load "${rule_files[@]}"
echo "Loaded ${#rule_files[@]} rule file(s) into $MIMIR_ADDRESS."

api() {
  local method=$1 path=$2
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $GRAFANA_TOKEN" -H 'Content-Type: application/json' \
    "${GRAFANA_URL%/}$path" "$@"
}

if ! api GET "/api/folders/$FOLDER_UID" >/dev/null 2>&1; then
  api POST /api/folders -d "$(jq -n --arg uid "$FOLDER_UID" '{uid: $uid, title: "LLM Platform"}')" >/dev/null
fi

published=0
for file in "$here"/dashboards/*.json; do
  body=$(jq --arg prom "$PROMETHEUS_UID" --arg loki "$LOKI_UID" --arg tempo "$TEMPO_UID" --arg folder "$FOLDER_UID" '
    def cloud: {"prometheus": $prom, "loki": $loki, "tempo": $tempo};
    {dashboard: (del(.id) | walk(if type == "object" and (.uid | type) == "string" and (.type | type) == "string"
                                   and cloud[.uid] != null then .uid = cloud[.uid] else . end)
                          | walk(if type == "object" and (.datasourceUid | type) == "string" and cloud[.datasourceUid] != null
                                   then .datasourceUid = cloud[.datasourceUid] else . end)),
     overwrite: true, folderUid: $folder, message: "grafana/publish-to-grafana-cloud.sh"}' "$file")
  api POST /api/dashboards/db -d "$body" | jq -r '"  \(.url // .uid)"'
  published=$((published + 1))
done
echo "Published $published dashboard(s) into folder $FOLDER_UID of $GRAFANA_URL."
