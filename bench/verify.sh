#!/usr/bin/env bash
# Times Sluice verification against CHECKSUM TABLE on both servers at once, on sysbench data
# (default 8 tables x 250,000 rows) prepared identically on two MySQL 8.0 servers this script starts
# (through the test harness) and stops again.
# Each pass also times the per-row fold verification used before ADR 0054 (A/B in the same run).
# Usage: bench/verify.sh [TABLES] [ROWS] [THREADS] [CHUNK_ROWS] [PASSES]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sysbench >/dev/null || { echo "sysbench is not installed (apt-get install sysbench)" >&2; exit 2; }
# one reactor build (no 'install': sibling modules resolve to their target/classes, ~/.m2 is left alone);
# each module writes the classpath file in turn, functions (the last) wins
CP_FILE="$PWD/cli/target/bench-classpath.txt"
./mvnw -q -B ${MVN_OFFLINE:+-o} -pl cli -am -Dsluice.prerequisites.skip test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java ${SLUICE_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -Dsluice.repo.root="$PWD" -cp "cli/target/test-classes:cli/target/classes:$(cat "$CP_FILE")" \
  dev.sluice.verification.VerifyBenchmark "${1:-8}" "${2:-250000}" "${3:-4}" "${4:-20000}" "${5:-3}"
