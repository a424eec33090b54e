#!/usr/bin/env bash
# Builds the benchmarks jar and runs the request parser benchmarks (Loomicorn against
# Netty's HttpRequestDecoder, same inputs, same run) with short settings and -prof gc.
#
#   benchmarks/jmh.sh                                # all parser benchmarks
#   benchmarks/jmh.sh -p input=BROWSER_GET           # extra JMH options are passed on
#   JMH_OPTS="-f 1 -wi 3 -w 1s -i 15 -r 1s" benchmarks/jmh.sh   # other run lengths
#
# Results: benchmarks/results/jmh-<UTC timestamp>/parser.json (JMH JSON), parser.txt (the
# console output) and interleaved.md (InterleavedComparison: the same operations alternated
# in 40 ms slices and timed in CPU time, whose ratios survive a changing machine load).
# On a shared 2-vCPU machine JMH's numbers are noisy: compare the ratio against Netty
# measured in the same run, with the error columns, and check it against interleaved.md.
# Set SKIP_INTERLEAVED=1 to skip the interleaved comparison.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

# Leaves JAVA_HOME at a JDK 25 or newer (same search as ./mvnw).
. "$root/.mvn/find-jdk.sh"

cd "$root"
./mvnw -q -B -pl benchmarks -am -DskipTests package

out="$here/results/jmh-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
"$JAVA_HOME/bin/java" -jar "$here/target/benchmarks.jar" 'io\.loomicorn\.bench\.parser\..*' \
    ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -prof gc \
    -rf json -rff "$out/parser.json" "$@" | tee "$out/parser.txt"
if [ -z "${SKIP_INTERLEAVED:-}" ]; then
    "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$here/target/benchmarks.jar" \
        io.loomicorn.bench.parser.InterleavedComparison 40 40 | tee "$out/interleaved.md"
fi
echo "results: $out"
