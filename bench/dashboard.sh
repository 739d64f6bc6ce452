#!/usr/bin/env bash
# Dashboard load against a running service: the benchmark's dashboard request (every figure of one company
# over 90 days) at concurrency 4 for a while, with wrk; prints p50/p90/p95/p99 and requests/s.
#
#   bench/dashboard.sh URL TOKEN BODY [SECONDS]
#
# URL: the service, e.g. http://localhost:8080; TOKEN: a bearer token that may read the company; BODY: a JSON
# GraphQL request, e.g. target/benchmarks/dashboard-query.graphql wrapped as {"query": ..., "variables": ...}.
# Needs wrk (Debian: apt-get install wrk). Run it twice and keep the second: the first warms the JIT.
set -euo pipefail
url="$1"; token="$2"; body="$3"; seconds="${4:-30}"
script="$(mktemp --suffix=.lua)"
trap 'rm -f "$script"' EXIT
cat > "$script" <<LUA
wrk.method = "POST"
local f = io.open("$(realpath "$body")"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
done = function(summary, latency, requests)
  io.write(string.format("p95 %.2f ms, failed %d\n", latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
wrk -t2 -c4 -d"${seconds}s" --latency -s "$script" "$url/graphql"
