#!/bin/sh
# Benchmark (not a test): a health run (every check of a host in one SSH round
# trip, hosts at once) vs one OpenSSH command per check (ControlMaster on,
# through the same jump host), the same check commands, on 1 and on N local
# hosts of the example platform's roles. Needs root, debootstrap, iptables.
#   bench/health.sh [HOSTS (10)] [ROUNDS (10)]
set -eu
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: sibling modules resolve to their target/ directories, nothing is installed.
mvn -q -pl platform -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java -cp "platform/target/test-classes:platform/target/classes:$(cat "$cp_file")" \
    io.rolestack.platform.bench.HealthBenchmark "${1:-10}" "${2:-10}"
