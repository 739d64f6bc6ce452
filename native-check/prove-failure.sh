#!/usr/bin/env bash
# Proves that the native check fails on a native-image mistake, with the
# builder's own message. Adds a tiny class to the service's image class path
# (never to the service's sources): nativecheck.demo.BuildTimeRandom holds a
# java.util.Random in a static final field, is forced to build-time
# initialisation with --initialize-at-build-time, and is reached through the
# Feature nativecheck.demo.BuildTimeRandomFeature (registered with --features),
# which registers that field as accessed, as application code using it would.
#
#   native-check/prove-failure.sh [--skip-build] [other run.sh options]
#
# Exits 0 only if run.sh failed (exit status 1) and the builder reported the
# expected error; exits 1 otherwise (the check would have let the mistake
# through, or failed for another reason).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
# The builder version: one place, native-check/builder/pom.xml.
GRAALVM_VERSION="$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' "$HERE/builder/pom.xml")"
EXPECTED="Detected an instance of Random/SplittableRandom class in the image heap"

say() { echo "prove-failure: $*" >&2; }

# shellcheck source=../.mvn/select-jdk.sh
. "$ROOT/.mvn/select-jdk.sh"
JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# The Feature compiles against the builder's public API jar.
jars="$HERE/builder/target/jars"
if [ ! -f "$jars/nativeimage-$GRAALVM_VERSION.jar" ]; then
  (cd "$ROOT" && ./mvnw -B -q -f native-check/builder/pom.xml dependency:copy-dependencies)
fi

work="$HERE/target/prove-failure"
rm -rf "$work"
mkdir -p "$work/classes"
"$JDK/bin/javac" -d "$work/classes" -cp "$jars/nativeimage-$GRAALVM_VERSION.jar" \
  "$HERE"/failure-demo/src/nativecheck/demo/*.java
"$JDK/bin/jar" cf "$work/demo.jar" -C "$work/classes" .
say "demo jar: $work/demo.jar"

set +e
"$HERE/run.sh" --work "$work/check" "$@" \
  --extra-cp "$work/demo.jar" \
  --extra-arg --features=nativecheck.demo.BuildTimeRandomFeature \
  --extra-arg --initialize-at-build-time=nativecheck.demo.BuildTimeRandom \
  2>&1 | tee "$work/run.log"
status=${PIPESTATUS[0]}
set -e

echo
if [ "$status" -eq 1 ] && grep -qF "$EXPECTED" "$work/run.log" && grep -q 'nativecheck.demo.BuildTimeRandom' "$work/run.log"; then
  say "OK: the check failed (exit status 1) with the builder's message:"
  grep -F "$EXPECTED" "$work/run.log" | head -1 >&2
  exit 0
fi
say "NOT OK: expected run.sh to fail with exit status 1 and the builder's message"
say "  '$EXPECTED' naming nativecheck.demo.BuildTimeRandom; got exit status $status (log: $work/run.log)"
exit 1
