#!/bin/sh
# Regenerates docs/settings.md from the settings registry, with the settings of the
# built-in worker classes: it runs io.loomicorn.config.SettingsDoc on the distribution's
# class path (./loomicorn builds the distribution when it is missing or stale).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
"$root/loomicorn" --version >/dev/null
cd "$root"
exec "$JAVA_HOME/bin/java" -cp "$root/distribution/target/loomicorn/lib/*" io.loomicorn.config.SettingsDoc
