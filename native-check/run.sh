#!/usr/bin/env bash
# Native check: takes the service's native-image inputs through the real
# GraalVM image builder (the 25.x builder jars from Maven Central, run on
# JDK 25), through analysis and compilation to the relocatable object file,
# and fails when the builder reports an error. See native-check/README.md for
# what this proves and what it does not.
#
#   native-check/run.sh [--skip-build] [--sources DIR] [--extra-cp JAR]...
#                       [--extra-arg OPTION]... [--optimize LEVEL] [--xmx SIZE]
#                       [--work DIR]
#
#   --skip-build      use the existing target/native-sources (no Maven build)
#   --sources DIR     native-image inputs (default: target/native-sources)
#   --extra-cp JAR    add a jar or class directory to the image class path
#   --extra-arg OPT   add a native-image option, in the driver's syntax
#                     (for example --initialize-at-build-time=com.example.Foo)
#   --optimize LEVEL  compiler optimisation level, as native-image -O<LEVEL>
#                     (default: $NATIVE_CHECK_OPTIMIZE or b, the quick build
#                     mode: same analysis, cheaper compilation); 'inputs'
#                     keeps the level of the inputs (the production default, 2)
#   --xmx SIZE        builder heap (default: $NATIVE_CHECK_XMX or 7g)
#   --work DIR        scratch and output directory (default: native-check/target)
#
# Exit status: 0 when the builder wrote the object file, 1 when the builder
# (or the translation of the inputs) reported an error, 2 on bad usage or a
# missing tool.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
# The builder version: one place, native-check/builder/pom.xml.
GRAALVM_VERSION="$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' "$HERE/builder/pom.xml")"

skip_build=false
sources="$ROOT/target/native-sources"
work="$HERE/target"
xmx="${NATIVE_CHECK_XMX:-7g}"
optimize="${NATIVE_CHECK_OPTIMIZE:-b}"
extra_cp=()
extra_arg=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) skip_build=true; shift ;;
    --sources) sources="$2"; shift 2 ;;
    --extra-cp)
      [ -e "$2" ] || { echo "native-check: --extra-cp $2: no such file or directory" >&2; exit 2; }
      extra_cp+=(--extra-cp "$(realpath "$2")"); shift 2 ;;
    --extra-arg) extra_arg+=(--extra-arg "$2"); shift 2 ;;
    --optimize) optimize="$2"; shift 2 ;;
    --xmx) xmx="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "native-check: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$optimize" != inputs ]; then
  extra_arg+=(--extra-arg "-O$optimize")
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
sources="$(realpath -m "$sources")"

say() { echo "native-check: $*" >&2; }
started=$(date +%s)

# --- the JDK (25 for the 25.x builder), picked as ./mvnw picks it ---------------
# shellcheck source=../.mvn/select-jdk.sh
. "$ROOT/.mvn/select-jdk.sh"
JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JAVA="$JDK/bin/java"
major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
if [ "$major" != "${GRAALVM_VERSION%%.*}" ]; then
  say "the GraalVM $GRAALVM_VERSION builder runs on JDK ${GRAALVM_VERSION%%.*} only; $JDK is Java $major. Set JAVA_HOME to a JDK ${GRAALVM_VERSION%%.*}."
  exit 2
fi

# --- tools: gcc (the builder compiles C snippets), GNU time (peak memory) ------
if ! command -v gcc >/dev/null; then
  say "gcc is missing: the builder compiles C snippets to learn struct layouts (apt-get install gcc libc6-dev)"
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing GNU time (Debian package 'time') to measure peak memory"
    apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
  else
    say "/usr/bin/time is missing (Debian package 'time'): install it to run the check"
    exit 2
  fi
fi

# --- 1. the service's native-image inputs --------------------------------------
if [ "$skip_build" = false ]; then
  say "building the native-image inputs (quarkus.native.sources-only)"
  t0=$(date +%s)
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true)
  say "inputs built in $(( $(date +%s) - t0 )) s"
fi
if [ ! -f "$sources/native-image.args" ]; then
  say "no $sources/native-image.args: run without --skip-build first"
  exit 2
fi

# --- 2. the builder jars, from Maven Central through Maven ---------------------
jars="$HERE/builder/target/jars"
if [ ! -f "$jars/svm-$GRAALVM_VERSION.jar" ]; then
  say "fetching the GraalVM $GRAALVM_VERSION builder jars"
  rm -rf "$jars"
  (cd "$ROOT" && ./mvnw -B -q -f native-check/builder/pom.xml dependency:copy-dependencies)
fi

# --- 3. what a GraalVM distribution would provide next to the jars -------------
# java.home for the builder: the JDK's own files, by symbolic link, plus the
# progress reporter's JNI helper at lib/svm/builder/lib/ where it is looked up.
home="$work/java-home"
rm -rf "$home"
mkdir -p "$home/lib/svm/builder/lib"
for f in "$JDK"/*; do
  [ "$(basename "$f")" = lib ] || ln -s "$f" "$home/$(basename "$f")"
done
for f in "$JDK"/lib/*; do ln -s "$f" "$home/lib/$(basename "$f")"; done
gcc -shared -fPIC -O2 -Wall -Werror -I"$JDK/include" -I"$JDK/include/linux" \
  -o "$home/lib/svm/builder/lib/libreporterchelper.so" "$HERE/reporterchelper/reporterchelper.c"

# --- 4. the driver's work: JVM arguments and builder arguments -----------------
"$JAVA" "$HERE/src/BuilderJvmArgs.java" "$jars" "$work/builder-jvm.args" "$work/translator-jvm.args"
out="$work/image"
rm -rf "$out" "$work/tmp"
mkdir -p "$out" "$work/tmp"
if ! "$JAVA" @"$work/translator-jvm.args" "$HERE/src/DriverArgs.java" \
    --sources "$sources" --out "$out" --temp "$work/tmp" --clibraries "$HERE/clibraries" \
    --java-args-out "$work/image-jvm.args" --image-args-out "$work/image.args" \
    ${extra_cp[@]+"${extra_cp[@]}"} ${extra_arg[@]+"${extra_arg[@]}"}; then
  say "FAILED: the native-image inputs could not be translated for the builder (see above)"
  exit 1
fi

# --- 5. the image builder ------------------------------------------------------
log="$work/builder.log"
tmp="$work/tmp"
say "running the GraalVM $GRAALVM_VERSION image builder on $("$JAVA" -version 2>&1 | head -1) (heap $xmx); log: $log"
# The system properties are those the driver sets for the builder JVM. The
# vendor version matters: Quarkus' generated Feature parses it to learn the
# GraalVM version, and without it fails in beforeAnalysis (NullPointerException
# in io.quarkus.runtime.graal.GraalVM$VersionParseHelper.parse).
set +e
# In the output directory, so that relative output paths of the inputs (such
# as -H:BuildOutputJSONFile) land there, as they land next to the executable
# in a real build.
cd "$out"
env -u JAVA_TOOL_OPTIONS -u _JAVA_OPTIONS -u JDK_JAVA_OPTIONS \
  USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM=true \
  DRIVER_TEMP_DIR_ENV_VARIABLE="$tmp" \
  /usr/bin/time -v -o "$work/time.txt" \
  "$JAVA" @"$work/builder-jvm.args" \
    -Djava.home="$home" \
    -Xss10m -Xmx"$xmx" -XX:+UseParallelGC -XX:GCTimeRatio=9 -XX:+ExitOnOutOfMemoryError -Xshare:off \
    -Djava.awt.headless=true \
    -Dorg.graalvm.version="$GRAALVM_VERSION" \
    -Dorg.graalvm.vendor="GraalVM Community" \
    -Dorg.graalvm.vendorurl=https://www.graalvm.org/ \
    -Dorg.graalvm.vendorversion="GraalVM CE $GRAALVM_VERSION" \
    -Dcom.oracle.graalvm.isaot=true \
    -Dorg.graalvm.nativeimage.imagecode=buildtime \
    -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
    -Djdk.internal.lambda.disableEagerInitialization=true \
    -Djdk.internal.lambda.eagerlyInitialize=false \
    -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false \
    -Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1 \
    -Djava.lang.invoke.MethodHandle.PROFILE_GWT=false \
    @"$work/image-jvm.args" \
    --module org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
    --image-args-file="$work/image.args" \
    > >(tee "$log") 2>&1
status=$?
set -e
wait
cd "$ROOT"

wall="$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")"
rss_kb="$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$work/time.txt")"
rss_gb="$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.2f", k / 1024 / 1024 }')"
objects="$(find "$out" "$tmp" -name '*.o' 2>/dev/null | head -5)"

echo
say "builder: exit status $status, wall time $wall, peak RSS $rss_gb GiB ($rss_kb kB)"
say "whole check: $(( $(date +%s) - started )) s"
if [ "$status" -ne 0 ] || grep -qE '^(Error: |Fatal error|The build process encountered)' "$log"; then
  say "FAILED: the image builder reported an error:"
  # The builder's own error report: its first error, up to where the builder
  # repeats it with the cause chain and stack frames (all in the log).
  report="$(awk '/^(Error: |Fatal error|The build process encountered)/ { p = 1 }
       p && /^(Detailed message:|Caused by: )/ { exit }
       p && !/^\t(at |\.\.\. [0-9]+ more)/' "$log" | head -60 || true)"
  # No error report (killed, out of memory): the end of its output.
  [ -n "$report" ] || report="$(tail -30 "$log")"
  echo "$report" >&2
  say "(full builder output: $log)"
  exit 1
fi
if [ -z "$objects" ]; then
  say "FAILED: the builder exited 0 but wrote no relocatable object file"
  exit 1
fi
say "PASSED: analysis and compilation finished, relocatable object file written:"
ls -l $objects >&2
