#!/bin/sh
# Runs Node >= 22.19 (TypeScript type stripping on by default; undici 8 needs it).
# The machine's own node is used when new enough; otherwise the official Node 24 binary from the npm package `node@24` is installed once
# into .tools/ (kept out of git) and used from there.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tools_node="$root/.tools/node_modules/node/bin/node"
good_enough() {
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)' 2>/dev/null
}
if command -v node >/dev/null 2>&1 && good_enough node; then
  exec node "$@"
fi
if ! [ -x "$tools_node" ]; then
  echo "stampede: Node $(node --version 2>/dev/null || echo none) is older than 22.19; installing node@24 into .tools/ ..." >&2
  npm install --prefix "$root/.tools" --no-audit --no-fund --loglevel=error node@24 >&2
fi
exec "$tools_node" "$@"
