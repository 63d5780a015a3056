#!/usr/bin/env bash
# A policy change end to end on an embedded dev stack (docs/policy-rollout.md, "End to end"):
# diff → counterfactual replay → shadow → canary → promotion, printing each step's real output.
# Usage: scripts/rollout-drill.sh [WORKDIR]   (needs `npm run build`; uses free ports and its own database)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d -t switchyard-rollout-XXXX)}"
mkdir -p "$work"
sy() { node bin/switchyard.js "$@"; }
active=examples/policies/support-inbox.yaml
candidate="$work/candidate.yaml"
# The candidate: billing, technical issues and complaints try the fast model first (a cost change).
sed -e 's/^version: .*/version: support-inbox-candidate-1/' \
  -e '/- name: complex/,/maxCostUsd/{s/primary: strong/primary: fast/;s/fallbacks: \[fast\]/fallbacks: [strong]/}' \
  -e "s#trainingData: \.\./#trainingData: $PWD/examples/#" \
  "$active" >"$candidate"

texts=(
  "Where is my order 1234?" "I was charged twice for my subscription this month" "My app crashes when I upload a photo"
  "How do I reset my password?" "This is the third time my delivery is late, I want to complain"
  "Can I change my shipping address?" "Why is there an extra fee on my invoice?" "The login page shows error 500"
  "Do you ship to Canada?" "I want a refund for the broken blender"
)
traffic() { # $1 = rounds
  for ((round = 0; round < $1; round++)); do
    for text in "${texts[@]}"; do sy route --address "$address" --no-wait "$text" >/dev/null; done
  done
  sleep 8 # let the requests finish (those parked for review stay running, and count as such)
}
stack() { # starts `switchyard dev` with extra flags; sets $address and $pid
  local db="$work/temporal-$1.db"; shift
  node bin/switchyard.js dev --headless --json --db "$db" --port 0 --temporal-http-port 0 --temporal-metrics-port 0 --fake-port 0 \
    --gateway-port 0 --review-port 0 --metrics-port 0 --policy "$active" "$@" >"$work/dev.out" 2>"$work/dev.err" &
  pid=$!
  for _ in $(seq 1 120); do grep -q '"ready"' "$work/dev.out" 2>/dev/null && break; sleep 0.5; done
  address=$(grep '"ready"' "$work/dev.out" | head -1 | jq -r .temporalAddress)
}
stop() { kill -INT "$pid"; wait "$pid" 2>/dev/null || true; }

echo "== 1. policy diff"
sy policy diff "$active" "$candidate" || true

echo "== 2. counterfactual replay over recorded traffic"
stack replay
traffic 2
sy policy replay "$candidate" --address "$address" --since 1h --json |
  jq '{requests, routeChanges, newlyReviewed, noLongerReviewed, dataClassViolations, dataClassWidening, estimatedCostPerSuccessUsd, changes: (.changes[:3])}'
sy policy replay "$candidate" --address "$address" --since 1h --json --fail-on "dataClassViolations>0" >/dev/null &&
  echo "gate dataClassViolations>0: passed (exit 0)"
stop

echo "== 3. shadow: the candidate decides beside the active policy, calls nothing"
stack shadow --shadow-policy "$candidate"
traffic 2
sy report --address "$address" --json --policy "$active" | jq '.shadow | {agreementRate, agreement, byRoute}'
stop

echo "== 4. canary: 30 % of requests by request id, promoted by the controller when the guardrails hold"
stack canary --canary-policy "$candidate" --canary-percent 30
traffic 14
sy canary status --address "$address" --json | jq '{active, candidate, percent, state, served, guardrails}'
sy route --address "$address" --json "I was charged twice again" | jq '{policyVersion, rollout, route, model}'
stop
echo "work files in $work"
