#!/usr/bin/env bash
# The training run of the JVM's AOT cache (JDK 25: JEP 483, 514, 515), as the JVM image is built.
#
#   aot-training.sh CACHE COMMAND [ARGUMENTS...]
#
# Runs COMMAND, the service's start as the image runs it (its java reads JAVA_OPTS_APPEND), with
# -XX:AOTCacheOutput=CACHE and no database: an image build has none. Flyway is off and the database and the
# token issuer are out of reach, so the start loads and links what every start does (configuration, CDI, Vert.x,
# HTTP, GraphQL schema, OIDC) and the warm-up's requests run (the console's files, GraphQL refused without a
# valid token). Once the warm-up is done, SIGTERM: the JVM writes the cache as it exits. Fails when no cache
# was written; a cache the running JVM cannot use is reported by the JVM, which then starts without it.
set -euo pipefail

cache=$1
shift
port=${AOT_TRAINING_PORT:-8080}
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:AOTCacheOutput=${cache} -Dquarkus.http.port=${port} \
 -Dquarkus.flyway.migrate-at-start=false -Ddb.host=127.0.0.1 -Ddb.port=1 -Dquarkus.shutdown.delay=0s \
 -Doidc.issuer-url=http://127.0.0.1:1/realms/aot-training"

# GET of a path on the service, without curl (not every base image has it): the answer's status line and body
get() {
  exec 3<>"/dev/tcp/127.0.0.1/${port}" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3
  cat <&3
  exec 3<&-
}

"$@" &
service=$!
trap 'kill -KILL "${service}" 2>/dev/null || true' EXIT

# the readiness answer names the warm-up's check; it is UP once the warm-up is done (failed at the database here)
for _ in $(seq 1 600); do
  if ! kill -0 "${service}" 2>/dev/null; then
    echo "aot-training: the service stopped before its warm-up was done" >&2
    exit 1
  fi
  if get /q/health/ready 2>/dev/null | tr -d ' \n' | grep -q '"name":"figureswarm-up","status":"UP"'; then
    break
  fi
  sleep 0.2
done

kill -TERM "${service}"
wait "${service}" || true
trap - EXIT
if [ ! -s "${cache}" ]; then
  echo "aot-training: no AOT cache was written to ${cache}" >&2
  exit 1
fi
echo "aot-training: AOT cache ${cache}, $(( $(stat -c %s "${cache}") / 1048576 )) MiB"
