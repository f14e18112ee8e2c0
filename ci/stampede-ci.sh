#!/usr/bin/env bash
# The one load-test step of Stampede's CI recipes (docs/ci.md). The GitHub
# workflow (.github/workflows/load-test.yml), the GitLab job
# (ci/gitlab-ci.yml) and the composite action (action.yml) all call this
# script, and test/ci-recipe.test.ts runs it end to end, so what the recipes
# do is what the tests ran.
#
#   ci/stampede-ci.sh [SCRIPT [FLAG...]]
#
# Runs `stampede run` on SCRIPT with its thresholds, compared with the
# baseline run from the history (.stampede/, or STAMPEDE_HISTORY_DIR), and
# writes the artifacts into one folder. FLAGs go to `stampede run` as they are.
#
# Environment (all optional):
#   STAMPEDE_CI_SCRIPT          the k6 script when no SCRIPT argument is given
#   STAMPEDE_CI_RESULTS         the artifacts' folder (default stampede-results)
#   STAMPEDE_CI_BASELINE        the run to compare with: last-passed (default),
#                               last, a run id; none compares with nothing
#   STAMPEDE_CI_MAX_REGRESSION  how much p(95) and the error rate may regress
#                               (default 10%)
#   STAMPEDE_CI_FLAGS           more `stampede run` flags, split at blanks
#                               (e.g. "--tag env=ci -e BASE_URL=https://…")
#   STAMPEDE_CI_COMMAND         the command that runs Stampede, split at blanks;
#                               by default this checkout's ./stampede, else
#                               node_modules/.bin/stampede, else `stampede`
#   STAMPEDE_HISTORY_DIR        read by Stampede itself: where runs are saved
#
# Artifacts in STAMPEDE_CI_RESULTS: summary.json (--summary-export),
# junit.xml (--junit), report.html (--report), run.log (the run's output),
# summary.md (the run as Markdown, also appended to GitHub's job summary)
# and exit-code. On GitHub Actions the step's outputs are exit-code, run-id
# and results.
#
# Exits with Stampede's exit code: 0 passed, 99 thresholds failed, 111
# regressed against the baseline, others as in the README's table; 2 when
# this script is used wrongly (no script, no Stampede).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

usage() {
  echo "stampede-ci: $1" >&2
  echo "usage: ci/stampede-ci.sh [SCRIPT [FLAG...]]   (or STAMPEDE_CI_SCRIPT=SCRIPT; docs/ci.md)" >&2
  exit 2
}

script=${1:-${STAMPEDE_CI_SCRIPT:-}}
[ $# -gt 0 ] && shift
[ -n "$script" ] || usage "no k6 script given"
results=${STAMPEDE_CI_RESULTS:-stampede-results}
baseline=${STAMPEDE_CI_BASELINE-last-passed}
max_regression=${STAMPEDE_CI_MAX_REGRESSION:-10%}

if [ -n "${STAMPEDE_CI_COMMAND:-}" ]; then
  read -r -a stampede <<<"$STAMPEDE_CI_COMMAND"
elif [ -x "$here/../stampede" ] && [ -f "$here/../src/cli/main.ts" ]; then
  stampede=("$(dirname "$here")/stampede")
elif [ -x node_modules/.bin/stampede ]; then
  stampede=(node_modules/.bin/stampede)
elif command -v stampede >/dev/null 2>&1; then
  stampede=(stampede)
else
  usage "no Stampede found: run this script from a Stampede checkout, install it, or set STAMPEDE_CI_COMMAND"
fi

mkdir -p "$results" || usage "cannot create the results folder $results"
rm -f "$results/summary.json" "$results/junit.xml" "$results/report.html" "$results/run.log" "$results/summary.md" "$results/exit-code"

args=(run --quiet --summary-export "$results/summary.json" --junit "$results/junit.xml" --report "$results/report.html")
if [ -n "$baseline" ] && [ "$baseline" != none ]; then
  args+=(--baseline "$baseline" --max-regression "$max_regression")
fi
read -r -a extra <<<"${STAMPEDE_CI_FLAGS:-}"
args+=(${extra[@]+"${extra[@]}"} "$@" "$script")

echo "stampede-ci: ${stampede[*]} ${args[*]}"
"${stampede[@]}" "${args[@]}" 2>&1 | tee "$results/run.log"
code=${PIPESTATUS[0]}
echo "$code" >"$results/exit-code"

run_id=$(sed -n 's/.*run saved as \([^ ]*\) in .*/\1/p' "$results/run.log" | tail -n 1)
if [ -n "$run_id" ] && "${stampede[@]}" report "$run_id" --markdown >"$results/summary.md" 2>/dev/null; then
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$results/summary.md" >>"$GITHUB_STEP_SUMMARY"; fi
else
  rm -f "$results/summary.md"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "exit-code=$code"; echo "run-id=$run_id"; echo "results=$results"; } >>"$GITHUB_OUTPUT"
fi

case $code in
  0) why="passed: every threshold held" ;;
  99) why="thresholds failed: $results/junit.xml and the THRESHOLDS block above name them" ;;
  111) why="regressed: p(95) or the error rate is more than $max_regression worse than the baseline ($baseline); the ERRO lines above name the metric. The run is saved as failed, so last-passed still names the good baseline" ;;
  104) why="bad options: a flag, a variable, the script's options, or a path the run cannot write" ;;
  105) why="interrupted (Ctrl-C, SIGTERM or the job's timeout)" ;;
  107) why="the script could not be loaded, or threw in its init code or setup()" ;;
  108) why="the script aborted the test (exec.test.abort())" ;;
  112) why="a VU worker was lost (out of memory, a crash); the artifacts hold what was measured" ;;
  *) why="see the exit codes in Stampede's README" ;;
esac
if [ "$code" = 0 ] && [ -n "$baseline" ] && [ "$baseline" != none ]; then
  if grep -q "nothing to compare with" "$results/run.log"; then
    why="$why; no baseline to compare with yet (keep ${STAMPEDE_HISTORY_DIR:-.stampede}/ between pipelines: cache it)"
  else
    why="$why, and nothing regressed by more than $max_regression against $baseline"
  fi
fi
echo "stampede-ci: exit $code: $why. Artifacts: $results/"
if [ "$code" != 0 ] && [ "${GITHUB_ACTIONS:-}" = true ]; then
  echo "::error title=Stampede exit $code::${why//%/%25}"
fi
exit "$code"
