#!/usr/bin/env bash
# PreToolUse hook: reads the tool call as JSON on stdin and refuses Bash commands that would change
# production resources. Exit 2 blocks the call and shows the message to the agent.
set -euo pipefail

input=$(cat)
command=$(printf '%s' "$input" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("tool_input",{}).get("command",""))')

targets_production() {
  printf '%s' "$command" | grep -Eqi -- '(--subscription[= ]+contoso-prod|-prod-rg|kube-context[= ]+prod|environment=production)'
}

is_write() {
  printf '%s' "$command" | grep -Eqi -- '\b(az .* (create|delete|update|set|restart|stop)|kubectl (apply|delete|scale|patch|edit|rollout)|terraform (apply|destroy))\b'
}

if targets_production && is_write; then
  echo "Blocked by compliance-checks: this command changes production. Use the release pipeline or request break-glass access." >&2
  exit 2
fi
exit 0
