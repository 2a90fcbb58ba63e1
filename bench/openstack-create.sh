#!/usr/bin/env bash
# Benchmark: wall time of OpenStackProvider.create for N = 1, 10, 50 servers against
# the OpenStack API simulator (each server 2 s in BUILD). Not a test; run by hand.
# Usage: bench/openstack-create.sh [build-ms] [post-latency-ms] [poll-ms] [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:-2000 200 250 1 10 50}"
exec mvn -q -pl plugin-openstack-vm/engine -am test-compile exec:exec -Dexec.skip=true -Dexec.executable=java \
  -Dexec.args="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -classpath %classpath io.rolestack.vm.openstack.OpenStackCreateBenchmark $args"
