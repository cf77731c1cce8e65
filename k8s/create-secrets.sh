#!/usr/bin/env bash
# Makes the Secrets the platform's pods need, with fresh random keys, in the current kubectl context:
#   platform/gateway-secrets      api-key-hashes (<team-or-admin> <sha256> lines), internal-credential
#   team-<team>/team-secrets      internal-credential-sha256 (the teams accept only the gateway)
#   models/simulator-secrets      admin-api-key-sha256 (dev and alloy overlays: the simulator's fault API)
#   observability/grafana-gateway-admin  admin-api-key: the plain admin key, the one plain key the cluster holds;
#                                 Grafana's nginx sidecar adds it on /gateway-proxy/admin/ for the operations
#                                 panel (only after Grafana's session check), so that the browser never holds it
#   platform/quota-redis-secrets  password (eks overlay: the Redis that holds the gateway replicas' quotas)
# Prints the plain keys once, for you to hand out; the cluster keeps only their hashes (and the gateway's
# credential, and the admin key for Grafana's sidecar). Run it after the namespaces exist (kubectl apply -k ... creates them; pods wait for the Secrets).
# Rotating a team key: add its new hash line to gateway-secrets' api-key-hashes, wait for the gateway to
# re-read it (5 s), hand out the new key, then remove the old line.
# Usage: k8s/create-secrets.sh [--dry-run]   (--dry-run prints the Secret manifests instead of applying them)
set -euo pipefail

TEAMS=(quant finetune eval)
apply=(kubectl apply -f -)
[ "${1:-}" = "--dry-run" ] && apply=(cat)

random_key() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
secret() { # namespace name key=value...
  local namespace=$1 name=$2 literals=()
  shift 2
  for pair in "$@"; do literals+=("--from-literal=$pair"); done
  kubectl create secret generic "$name" --namespace "$namespace" --dry-run=client -o yaml "${literals[@]}"
}

declare -A keys
hashes=""
for team in "${TEAMS[@]}"; do
  keys[$team]=$(random_key)
  hashes+="$team $(sha256 "${keys[$team]}")"$'\n'
done
admin_key=$(random_key)
hashes+="admin $(sha256 "$admin_key")"$'\n'
credential=$(random_key)

{
  secret platform gateway-secrets "api-key-hashes=$hashes" "internal-credential=$credential"
  for team in "${TEAMS[@]}"; do
    echo "---"
    secret "team-$team" team-secrets "internal-credential-sha256=$(sha256 "$credential")"
  done
  echo "---"
  secret models simulator-secrets "admin-api-key-sha256=$(sha256 "$admin_key")"
  echo "---"
  secret observability grafana-gateway-admin "admin-api-key=$admin_key"
  echo "---"
  secret platform quota-redis-secrets "password=$(random_key)"
} | "${apply[@]}" >&2

echo "# The keys (shown once; the cluster holds their hashes, and Grafana's sidecar the admin key):"
for team in "${TEAMS[@]}"; do
  echo "$(echo "$team" | tr '[:lower:]' '[:upper:]')_API_KEY=${keys[$team]}"
done
echo "ADMIN_API_KEY=$admin_key"
