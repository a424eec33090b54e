# Sourced (POSIX sh) by ./mvnw and ./loomicorn.
#
# Leaves JAVA_HOME naming a JDK whose feature version is 25 or newer:
# a suitable JAVA_HOME first, else the newest JDK under /usr/lib/jvm
# (or the directories listed in LOOMICORN_JDK_DIRS). Prints one line and
# exits 1 when none is found, so that a user never sets JAVA_HOME by hand.

loomicorn_jdk_feature() {
  # Sets loomicorn_v to the feature version of the JDK at $1 (25 for "25.0.3"), or to nothing.
  # The release file is read with the shell's builtins: ./loomicorn runs this before every
  # start, where each forked process costs milliseconds on a busy machine.
  loomicorn_v=
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    while IFS= read -r loomicorn_line || [ -n "$loomicorn_line" ]; do
      case $loomicorn_line in
        JAVA_VERSION=\"[0-9]*)
          loomicorn_v=${loomicorn_line#JAVA_VERSION=\"}
          loomicorn_v=${loomicorn_v%%[!0-9]*}
          return 0 ;;
      esac
    done <"$1/release"
  else
    loomicorn_v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p')
  fi
}

loomicorn_find_jdk() {
  loomicorn_min=25
  if [ -n "${JAVA_HOME-}" ]; then
    loomicorn_jdk_feature "$JAVA_HOME"
    if [ -n "$loomicorn_v" ] && [ "$loomicorn_v" -ge "$loomicorn_min" ]; then
      return 0
    fi
  fi
  loomicorn_best=
  loomicorn_best_v=0
  for loomicorn_dir in ${LOOMICORN_JDK_DIRS:-/usr/lib/jvm /usr/local/lib/jvm /opt/java}; do
    [ -d "$loomicorn_dir" ] || continue
    for loomicorn_jdk in "$loomicorn_dir"/*; do
      [ -L "$loomicorn_jdk" ] && continue
      loomicorn_jdk_feature "$loomicorn_jdk"
      [ -n "$loomicorn_v" ] || continue
      if [ "$loomicorn_v" -ge "$loomicorn_min" ] && [ "$loomicorn_v" -gt "$loomicorn_best_v" ]; then
        loomicorn_best=$loomicorn_jdk
        loomicorn_best_v=$loomicorn_v
      fi
    done
  done
  if [ -z "$loomicorn_best" ]; then
    echo "loomicorn: no JDK $loomicorn_min or newer found (JAVA_HOME=${JAVA_HOME:-unset}, searched ${LOOMICORN_JDK_DIRS:-/usr/lib/jvm /usr/local/lib/jvm /opt/java}); install one, e.g. Temurin 25" >&2
    exit 1
  fi
  JAVA_HOME=$loomicorn_best
  export JAVA_HOME
}

# ./mvnw runs under `set -f`; the search needs globbing.
case $- in *f*) set +f; loomicorn_find_jdk; set -f ;; *) loomicorn_find_jdk ;; esac
