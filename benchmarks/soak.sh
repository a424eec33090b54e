#!/usr/bin/env bash
# The soak (outside CI): mixed load with random faults (max_requests recycling all along;
# HUP, SIGKILL of a worker, TTIN then TTOU), then requests, failures by cause, and the
# RSS of the master and workers over time. Loopback only; it stops by itself.
#
#   benchmarks/soak.sh [--minutes 10] [-k vthread] [--clients 32] [--seed N]
#   LOOMICORN_JAVA_OPTS="-XX:NativeMemoryTracking=summary" benchmarks/soak.sh   # extra master JVM options
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/.mvn/find-jdk.sh"
(cd "$root" && ./mvnw -q -B -DskipTests -pl distribution,benchmarks -am package)
exec "$JAVA_HOME/bin/java" -cp "$root/benchmarks/target/benchmarks.jar" io.loomicorn.bench.soak.Soak \
  --lib "$root/distribution/target/loomicorn/lib" "$@"
