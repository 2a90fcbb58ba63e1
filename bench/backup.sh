#!/bin/sh
# Benchmark (not a test): `backup db` throughput vs mariadb-backup by hand on the
# same host, and the restore test's time. Two real MariaDB servers on this machine
# (primary + replica over TLS), SIZE_MB of rows; the rolestack side goes through a
# real sshd and sshj. Needs root, mariadb-server, mariadb-backup, zstd.
#   bench/backup.sh [SIZE_MB (256)] [ROUNDS (3)] [ssh|local (ssh)]
set -eu
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -o -pl plugin-mariadb-cluster/engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java ${JAVA_OPTS:-} -cp "plugin-mariadb-cluster/engine/target/test-classes:plugin-mariadb-cluster/engine/target/classes:$(cat "$cp_file")" \
    io.rolestack.mariadb.BackupThroughputBenchmark "$@"
