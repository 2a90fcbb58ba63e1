#!/bin/sh
# Benchmark (not a test): `rolestack exec` (the platform's RemoteExec, sshj) vs
# OpenSSH with ControlMaster connections already open, the command `true` on 1
# and on N local hosts through the same jump host. Needs root, debootstrap, iptables.
#   bench/exec.sh [HOSTS (10)] [ROUNDS (20)]
set -eu
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: sibling modules resolve to their target/ directories, nothing is installed.
mvn -q -pl platform -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java -cp "platform/target/test-classes:platform/target/classes:$(cat "$cp_file")" \
    io.rolestack.platform.bench.ExecBenchmark "${1:-10}" "${2:-20}"
