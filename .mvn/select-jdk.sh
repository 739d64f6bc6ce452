# Sourced by ./mvnw. The service builds with Java 25 or newer: when JAVA_HOME
# (or the java on PATH) is older, use a JDK 25+ from the usual install places,
# or stop with a message saying what to install.
__major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//'
}
__current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
__current="${__current:-$(command -v java 2>/dev/null)}"
if [ -z "$__current" ] || [ "$(__major "$__current" || echo 0)" -lt 25 ] 2>/dev/null; then
  __found=""
  for __jdk in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$__jdk/bin/javac" ] && [ "$(__major "$__jdk/bin/java" || echo 0)" -ge 25 ] 2>/dev/null; then
      __found="$__jdk"
      break
    fi
  done
  if [ -n "$__found" ]; then
    export JAVA_HOME="$__found"
  else
    echo "This service builds with Java 25 or newer, and none was found." >&2
    echo "Install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
fi
unset __current __found __jdk
