#!/bin/sh
# Starts Stampede's bundled demo target (examples/demo-target) in the
# background for the CI recipes' example load test, on the port of BASE_URL
# (default http://127.0.0.1:3333), and returns once it listens. Its process
# id goes to demo-target.pid and its output to demo-target.log (both in the
# working directory). In your project, replace this step with your own
# system under test, or point BASE_URL at a deployed environment.
#   DEMO_TARGET_DELAY_MS=50  adds 50 ms to every response: the next run then
#                            fails the baseline gate with exit 111
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$here")
url=${BASE_URL:-http://127.0.0.1:3333}
port=${url##*:}
port=${port%%/*}
sh "$root/scripts/node.sh" "$root/examples/demo-target/server.ts" --host 127.0.0.1 --port "$port" \
  --delay-ms "${DEMO_TARGET_DELAY_MS:-0}" >demo-target.log 2>&1 &
pid=$!
echo "$pid" >demo-target.pid
tries=0
until grep -q 'listening on' demo-target.log; do
  if ! kill -0 "$pid" 2>/dev/null; then
    cat demo-target.log >&2
    echo "demo-target.sh: the demo target exited before it listened" >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 150 ]; then
    cat demo-target.log >&2
    echo "demo-target.sh: the demo target did not listen within 30 s; stopping it (pid $pid)" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
echo "demo-target.sh: $(cat demo-target.log) (pid $pid)"
