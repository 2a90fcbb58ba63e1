#!/bin/sh
# Benchmark (not a test): downtime of `db switchover` as an application sees it.
# Two real MariaDB servers on this machine replicating over TLS, a writer
# inserting numbered rows into the primary its config names (the hook updates
# it, after a simulated config re-render of RENDER_MS), N switchovers back and
# forth: p50/max of the longest interval with no successful write, and
# acknowledged rows lost (must be 0). Needs root and Debian's mariadb-server.
#   bench/switchover-downtime.sh [ROUNDS (10)] [RENDER_MS (300)] [MODES (single,two-phase)]
set -eu
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: sibling modules resolve to their target/ directories, nothing is installed.
mvn -q -o -pl plugin-mariadb-cluster/engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java ${JAVA_OPTS:-} -cp "plugin-mariadb-cluster/engine/target/test-classes:plugin-mariadb-cluster/engine/target/classes:$(cat "$cp_file")" \
    io.rolestack.mariadb.SwitchoverDowntimeBenchmark "$@"
