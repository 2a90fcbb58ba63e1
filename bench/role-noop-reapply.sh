#!/bin/sh
# Benchmark (not a test): no-op re-apply of converged hosts, rolestack vs
# Debian's ansible-playbook running the equivalent generated playbook
# (pipelining, ControlPersist, no fact gathering), on the same local hosts
# behind the same jump host. Needs root, debootstrap, iptables, ansible.
#   bench/role-noop-reapply.sh [APP_HOSTS (10)] [ROUNDS (3)]
set -eu
cd "$(dirname "$0")/.."
apps=${1:-10}
rounds=${2:-3}
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor build: sibling modules resolve to their target/ directories, nothing is installed.
mvn -q -pl plugin-role-deploy/engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java -cp "plugin-role-deploy/engine/target/test-classes:plugin-role-deploy/engine/target/classes:$(cat "$cp_file")" \
    io.rolestack.role.bench.NoopReapplyBenchmark "$apps" "$rounds"
