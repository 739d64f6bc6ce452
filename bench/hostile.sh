#!/usr/bin/env bash
# What one hostile client costs the packaged service (docs/benchmarks.md, "Hostile input"): fragment chains,
# eight large bodies at once under a 256 MB heap, overflowing SPEND events of one company next to another's.
# Builds the jar, starts an embedded PostgreSQL; about two minutes. Results: target/benchmarks/hostile.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B verify -Dbench.hostile=true \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=HostileLoadIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
echo "results: target/benchmarks/hostile.md"
