#!/usr/bin/env bash
# Runs the benchmark (docs/benchmarks.md) against a freshly packaged jar.
#
#   bench/run.sh [S|M|L] [more Maven arguments, e.g. -Dbench.seed=7 -Dbench.dashboard.seconds=60]
#
# S: the CI smoke size (about a minute); M: the documented run (about 10-15 minutes on
# 2 cores); L: scale runs outside CI. Only the benchmark runs: no unit tests, no other
# integration test. Results: target/benchmarks/results.md (also printed).
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-M}"
[ $# -gt 0 ] && shift
case "$size" in
  S|M|L) ;;
  *) echo "usage: bench/run.sh [S|M|L] [Maven arguments]" >&2; exit 2 ;;
esac

./mvnw -B verify -Dbench.size="$size" \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
echo "results: target/benchmarks/results.md"
