#!/usr/bin/env bash
# Builds the native executable of the usage analytics service (Quarkus `native`
# Maven profile, i.e. `./mvnw package -Dnative`), with whichever toolchain this
# machine has:
#   1. a local GraalVM or Mandrel (native-image in GRAALVM_HOME, JAVA_HOME or PATH),
#   2. otherwise a container build in the Mandrel builder image (Docker or Podman
#      with a running engine),
#   3. otherwise it stops and says what to install.
# See docs/operations.md for the whole build, image and deploy story.
set -euo pipefail

cd "$(dirname "$0")"

usage() {
  cat <<'EOF'
Usage: ./native-build.sh [--sources-only | --check] [--image] [--skip-tests] [-- MAVEN_ARGS...]

  (no option)     Build target/*-runner (native executable), then run the
                  integration tests against it (./mvnw verify -Dnative).
  --sources-only  Only produce the native-image inputs in target/native-sources/
                  (native-image.args, the runner jar, lib/). Needs no GraalVM,
                  Mandrel or container engine; compile them where one exists.
  --check         Where no toolchain exists: run the real GraalVM image builder
                  (jars from Maven Central) on the native-image inputs through
                  analysis and compilation to the object file, and fail on any
                  builder error (native-check/run.sh; no executable is produced,
                  see native-check/README.md).
  --image         Also build the container image from src/main/docker/Dockerfile.native
                  (needs Docker or Podman with a running engine). Name and tag come
                  from IMAGE_NAME (default usage-analytics) and IMAGE_TAG (default
                  the project version).
  --skip-tests    Skip unit and integration tests.
  -- ARGS         Pass the remaining arguments to Maven.

Exit codes: 0 built, 2 wrong usage, 3 no native toolchain or container engine
found (the message says what to install), anything else: the build failed.
EOF
}

sources_only=false
build_image=false
skip_tests=false
maven_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sources-only) sources_only=true ;;
    --check) shift; exec native-check/run.sh "$@" ;;
    --image) build_image=true ;;
    --skip-tests) skip_tests=true ;;
    -h|--help) usage; exit 0 ;;
    --) shift; maven_args+=("$@"); break ;;
    *) echo "native-build.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if $sources_only && $build_image; then
  echo "native-build.sh: --image needs the native executable; --sources-only does not build it." >&2
  exit 2
fi

# Only the first <version> of the pom is the project's own.
project_version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"

# The GraalVM/Mandrel home whose bin/native-image Quarkus should use, if any.
find_graalvm_home() {
  local home
  for home in "${GRAALVM_HOME:-}" "${JAVA_HOME:-}"; do
    if [ -n "$home" ] && [ -x "$home/bin/native-image" ]; then
      echo "$home"
      return 0
    fi
  done
  if command -v native-image >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v native-image)")")"
    return 0
  fi
  return 1
}

# Sets container_runtime to a container engine that actually answers: the
# docker CLI alone (without a daemon) cannot build anything, so `info` must
# succeed. Runs in this shell (not in $(...)) to keep engine_notes.
container_runtime=""
engine_notes=""
find_container_runtime() {
  local runtime
  for runtime in docker podman; do
    if command -v "$runtime" >/dev/null 2>&1; then
      if "$runtime" info >/dev/null 2>&1; then
        container_runtime="$runtime"
        return 0
      fi
      engine_notes+="  - $runtime is installed, but its engine does not answer ('$runtime info' fails).\n"
    fi
  done
  return 1
}

if $sources_only; then
  echo "==> Producing the native-image inputs (no native toolchain needed)"
  ./mvnw -B package -Dnative -Dquarkus.native.sources-only=true -DskipTests ${maven_args[@]+"${maven_args[@]}"}
  args_file="target/native-sources/native-image.args"
  if [ ! -f "$args_file" ]; then
    echo "native-build.sh: the build ended without $args_file." >&2
    exit 1
  fi
  cat <<EOF

Native-image inputs are in target/native-sources/ ($args_file).
Compile them where GraalVM or Mandrel for JDK 25 is installed:
  cd target/native-sources && native-image \$(cat native-image.args)
EOF
  exit 0
fi

graalvm_home="$(find_graalvm_home || true)"
if [ -z "$graalvm_home" ] || $build_image; then
  find_container_runtime || true
fi

if [ -z "$graalvm_home" ] && [ -z "$container_runtime" ]; then
  {
    echo "native-build.sh: cannot build the native executable on this machine."
    echo "Found no GraalVM or Mandrel: neither GRAALVM_HOME nor JAVA_HOME has bin/native-image,"
    echo "and native-image is not on PATH. Found no container engine either."
    [ -n "$engine_notes" ] && printf "%b" "$engine_notes"
    echo
    echo "Install one of these, then run ./native-build.sh again:"
    echo "  - Mandrel or GraalVM for JDK 25 (it brings native-image), and set GRAALVM_HOME to it."
    echo "    Linux also needs gcc and the glibc and zlib headers (Debian: apt-get install build-essential zlib1g-dev)."
    echo "  - Docker or Podman with a running engine: the build then runs inside the Mandrel builder image."
    echo
    echo "Or run ./native-build.sh --sources-only: it writes target/native-sources/native-image.args"
    echo "without any of these, and the native-image call can then run on another machine;"
    echo "or ./native-build.sh --check: the real GraalVM builder (jars from Maven Central) analyses"
    echo "and compiles the service to an object file and reports any native-image error."
  } >&2
  exit 3
fi

if $build_image && [ -z "$container_runtime" ]; then
  echo "native-build.sh: --image needs Docker or Podman with a running engine, and none answers." >&2
  [ -n "$engine_notes" ] && printf "%b" "$engine_notes" >&2
  exit 3
fi

goal=verify
test_args=()
if $skip_tests; then
  goal=package
  test_args+=(-DskipTests)
fi

if [ -n "$graalvm_home" ]; then
  echo "==> Building with the local native-image of $graalvm_home"
  "$graalvm_home/bin/native-image" --version || true
  export GRAALVM_HOME="$graalvm_home"
  ./mvnw -B "$goal" -Dnative ${test_args[@]+"${test_args[@]}"} ${maven_args[@]+"${maven_args[@]}"}
else
  echo "==> No local native-image; building inside the Mandrel builder image with $container_runtime"
  # The container build makes a Linux executable; only a Linux host can run the
  # integration tests against it.
  if [ "$(uname -s)" != "Linux" ] && ! $skip_tests; then
    test_args+=(-DskipITs)
  fi
  ./mvnw -B "$goal" -Dnative -Dquarkus.native.container-build=true \
    -Dquarkus.native.container-runtime="$container_runtime" ${test_args[@]+"${test_args[@]}"} ${maven_args[@]+"${maven_args[@]}"}
fi

runner="target/usage-analytics-${project_version}-runner"
if [ ! -x "$runner" ]; then
  echo "native-build.sh: the build ended without $runner." >&2
  exit 1
fi
echo "==> Native executable: $runner"

if $build_image; then
  image="${IMAGE_NAME:-usage-analytics}:${IMAGE_TAG:-$project_version}"
  echo "==> Building the container image $image"
  "$container_runtime" build -f src/main/docker/Dockerfile.native -t "$image" .
  echo "==> Image: $image"
fi
