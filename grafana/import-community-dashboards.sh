#!/usr/bin/env bash
# Imports the community dashboards listed in community-dashboards.txt into a running Grafana through its HTTP API:
#   GET  /api/gnet/dashboards/<id>   (Grafana fetches the dashboard's latest revision from grafana.com)
#   POST /api/dashboards/import      (with every datasource input mapped to our provisioned datasources)
#
# Environment:
#   GRAFANA_URL    e.g. http://localhost:3000 (kubectl -n observability port-forward svc/grafana 3000)
#   GRAFANA_TOKEN  a service account token with the Editor role (Administration > Service accounts)
#   GRAFANA_FOLDER_UID  optional folder uid (default: llm-platform, the provisioned dashboards' folder;
#                       created if missing)
# Usage: grafana/import-community-dashboards.sh [list file]
# Needs curl and jq. The Grafana server needs outbound access to grafana.com.
set -euo pipefail

: "${GRAFANA_URL:?set GRAFANA_URL, e.g. http://localhost:3000}"
: "${GRAFANA_TOKEN:?set GRAFANA_TOKEN to a Grafana service account token (Editor)}"
FOLDER_UID=${GRAFANA_FOLDER_UID:-llm-platform}
LIST=${1:-"$(dirname "$0")/community-dashboards.txt"}
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

api() {
  local method=$1 path=$2
  shift 2
  curl -fsS -X "$method" -H "Authorization: Bearer $GRAFANA_TOKEN" -H 'Content-Type: application/json' \
    "${GRAFANA_URL%/}$path" "$@"
}

# The folder of the provisioned dashboards, so that everything is in one place.
if ! api GET "/api/folders/$FOLDER_UID" >/dev/null 2>&1; then
  api POST /api/folders -d "$(jq -n --arg uid "$FOLDER_UID" '{uid: $uid, title: "LLM Platform"}')" >/dev/null
fi

imported=0
while read -r id title; do
  case "$id" in ''|'#'*) continue ;; esac
  echo "Importing $id ($title)..."
  dashboard=$(api GET "/api/gnet/dashboards/$id" | jq '.json')
  # Map every datasource input (${DS_PROMETHEUS}, ${DS_LOKI}, ...) to our uids by plugin type.
  inputs=$(jq '[(.__inputs // [])[] | select(.type == "datasource")
                | {name: .name, type: "datasource", pluginId: .pluginId,
                   value: ({"prometheus": "prometheus", "loki": "loki", "tempo": "tempo",
                            "jaeger": "tempo"}[.pluginId] // .pluginId)}]' <<<"$dashboard")
  body=$(jq -n --argjson dashboard "$dashboard" --argjson inputs "$inputs" --arg folder "$FOLDER_UID" \
    '{dashboard: ($dashboard | del(.id)), overwrite: true, inputs: $inputs, folderUid: $folder}')
  api POST /api/dashboards/import -d "$body" | jq -r '"  -> \(.importedUrl // .title)"'
  imported=$((imported + 1))
done <"$LIST"
echo "Imported $imported dashboard(s) into folder $FOLDER_UID."
