# Sourced by the Makefile, the launcher and .ci/run: finds a JDK 25+ and Maven.
# Sets JAVA_HOME, JAVA and MVN, or prints what is missing and returns 1.

ns4j_java_major() {
  # Prints the feature version of the java binary $1 (17, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

ns4j_find_java() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(ns4j_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/ ; do
    [ -x "${candidate}bin/java" ] && [ -x "${candidate}bin/javac" ] || continue
    major=$(ns4j_java_major "${candidate}bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      JAVA_HOME=${candidate%/}
      export JAVA_HOME
      return 0
    fi
  done
  echo "netstack4j: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
  echo "netstack4j: install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

ns4j_env() {
  ns4j_find_java || return 1
  JAVA="$JAVA_HOME/bin/java"
  if command -v mvn >/dev/null 2>&1; then
    MVN=mvn
  else
    echo "netstack4j: Maven (mvn) is not on the PATH; install it (apt-get install maven)." >&2
    return 1
  fi
  # Maven 3.8 itself trips JDK 25's sun.misc.Unsafe warning; keep its output clean.
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  export JAVA MVN MAVEN_OPTS
}
