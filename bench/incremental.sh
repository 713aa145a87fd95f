#!/usr/bin/env bash
# Incremental (binlog) replication benchmark: Sluice vs MySQL's own replication, on servers this script starts.
#
#  (a) catch-up: a backlog of sysbench oltp_write_only transactions (LOAD_SECONDS of full-speed load) is applied
#      from the same GTID position by: native replication single-threaded, native replication with
#      replica_parallel_workers=4 (LOGICAL_CLOCK, WRITESET dependency tracking on the source), and Sluice.
#  (b) steady state: Sluice's delay (source heartbeat row -> destination commit) p50/p99 while sysbench writes at a
#      fixed --rate=RATE.
#
# Servers: the MySQL 8.0.31 unpacked by the test harness (~/.cache/sluice-test/mysql-8.0.31) started from its
# initialised data directory template; all are stopped and deleted on exit. Needs sysbench and the mysql client.
# Usage: bench/incremental.sh            (env: TABLES SIZE LOAD_SECONDS LOAD_THREADS RATE STEADY_SECONDS)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${SLUICE_MYSQL_BASE:-$HOME/.cache/sluice-test/mysql-8.0.31}
# the harness's initialised data directory (newest layout, default lower_case_table_names)
TEMPLATE=${SLUICE_MYSQL_TEMPLATE:-$(ls -d "$HOME"/.cache/sluice-test/mysql-8.0.31-datadir-v* 2>/dev/null | grep -v lctn | sort -V | tail -1)/data}
TABLES=${TABLES:-8}
SIZE=${SIZE:-20000}
LOAD_SECONDS=${LOAD_SECONDS:-30}
LOAD_THREADS=${LOAD_THREADS:-4}
RATE=${RATE:-1000}
STEADY_SECONDS=${STEADY_SECONDS:-60}
PW=sluice-root
WORK=$(mktemp -d /tmp/sluice-bench-inc.XXXXXX)
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$BASE/bin/mysqld" ] || { echo "no $BASE/bin/mysqld: run a MySQL 8.0 harness test once to unpack it" >&2; exit 1; }
[ -d "$TEMPLATE" ] || { echo "no data directory template $TEMPLATE: run a MySQL 8.0 harness test once" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME SERVER_ID EXTRA_OPTIONS... ; sets PORT_<NAME>
start_server() {
  local name=$1 id=$2; shift 2
  local dir=$WORK/$name port
  port=$(free_port)
  mkdir -p "$dir/tmp"
  cp -a "$TEMPLATE" "$dir/data"
  rm -f "$dir/data/auto.cnf"
  "$BASE/bin/mysqld" --no-defaults --basedir="$BASE" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --user=root --server-id="$id" --log-bin=binlog --binlog-format=ROW \
    --binlog-row-image=FULL --binlog-row-metadata=FULL --gtid-mode=ON --enforce-gtid-consistency=ON \
    --mysqlx=OFF --skip-name-resolve --performance-schema=OFF --max-connections=300 \
    --innodb-buffer-pool-size=512M --innodb-redo-log-capacity=512M --innodb-flush-log-at-trx-commit=2 \
    --sync-binlog=0 --max-allowed-packet=64M "$@" > "$dir/console.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    if mysql -h127.0.0.1 -P"$port" -uroot -p"$PW" -e 'SELECT 1' > /dev/null 2>&1; then
      eval "PORT_$name=$port"
      return 0
    fi
    sleep 0.2
  done
  echo "server $name did not start; $dir/error.log:" >&2
  tail -20 "$dir/error.log" >&2
  exit 1
}

sql() { mysql -h127.0.0.1 -P"$1" -uroot -p"$PW" -N -B -e "$2" 2>/dev/null; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
sb() {
  local port=$1; shift
  sysbench oltp_write_only --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root \
    --mysql-password="$PW" --mysql-db=sbtest --tables="$TABLES" --table-size="$SIZE" "$@"
}

echo "== build (test classes and classpath)"
(cd "$ROOT" && ./mvnw -q -B -o -pl cli -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { tail -30 "$WORK/build.log"; exit 1; }
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$(cat "$WORK/cp.txt")"
echo "$PW" > "$WORK/password"

echo "== servers"
start_server SRC 101 --binlog-transaction-dependency-tracking=WRITESET
for t in T1 T2 T3; do start_server "$t" "$((200 + ${#PIDS[@]}))" --log-replica-updates=OFF; done
echo "source $PORT_SRC, native single-threaded $PORT_T1, native parallel $PORT_T2, sluice $PORT_T3"

echo "== prepare: $TABLES tables x $SIZE rows"
sql "$PORT_SRC" "CREATE DATABASE sbtest"
sb "$PORT_SRC" --threads=2 prepare > "$WORK/prepare.log"
for t in T1 T2 T3; do
  port_var=PORT_$t
  sql "${!port_var}" "CHANGE REPLICATION SOURCE TO SOURCE_HOST='127.0.0.1', SOURCE_PORT=$PORT_SRC, SOURCE_USER='root', SOURCE_PASSWORD='$PW', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1; START REPLICA"
done
P0=$(sql "$PORT_SRC" "SELECT @@gtid_executed" | tr -d '\n')
for t in T1 T2 T3; do
  port_var=PORT_$t
  sql "${!port_var}" "SELECT WAIT_FOR_EXECUTED_GTID_SET('$P0', 300)" > /dev/null
  sql "${!port_var}" "STOP REPLICA"
done
sql "$PORT_T3" "RESET REPLICA ALL"
echo "start position: $P0"

echo "== backlog: sysbench oltp_write_only, $LOAD_THREADS threads, ${LOAD_SECONDS}s full speed"
sb "$PORT_SRC" --threads="$LOAD_THREADS" --time="$LOAD_SECONDS" --report-interval=0 run > "$WORK/load.log"
TX=$(awk '/transactions:/ {print $2}' "$WORK/load.log")
TPS=$(awk '/transactions:/ {gsub("\\(",""); print $3}' "$WORK/load.log")
P1=$(sql "$PORT_SRC" "SELECT @@gtid_executed" | tr -d '\n')
echo "backlog: $TX transactions ($TPS tx/s)"

catch_up_native() { # port workers
  sql "$1" "SET GLOBAL replica_parallel_workers=$2, GLOBAL replica_parallel_type='LOGICAL_CLOCK', GLOBAL replica_preserve_commit_order=ON" || \
    sql "$1" "SET GLOBAL replica_parallel_workers=$2"
  local t0 t1
  t0=$(now)
  sql "$1" "START REPLICA"
  sql "$1" "SELECT WAIT_FOR_EXECUTED_GTID_SET('$P1', 3600)" > /dev/null
  t1=$(now)
  sql "$1" "STOP REPLICA"
  secs "$t0" "$t1"
}

echo "== (a) catch-up"
NATIVE1=$(catch_up_native "$PORT_T1" 0)
echo "native single-threaded: ${NATIVE1}s"
NATIVE4=$(catch_up_native "$PORT_T2" 4)
echo "native replica_parallel_workers=4: ${NATIVE4}s"
java ${SLUICE_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -cp "$CP" dev.sluice.incremental.IncrementalBenchMain catchup "127.0.0.1:$PORT_SRC" \
  "127.0.0.1:$PORT_T3" "$WORK/password" sbtest "$P0" > "$WORK/sluice-catchup.out" 2> "$WORK/sluice-catchup.log" \
  || { tail -30 "$WORK/sluice-catchup.log"; exit 1; }
SLUICE=$(awk -F= '/CATCHUP_SECONDS/ {print $2}' "$WORK/sluice-catchup.out")
SLUICE_APPLY=$(awk -F= '/APPLY_SECONDS/ {print $2}' "$WORK/sluice-catchup.out")
SLUICE_CPU=$(awk -F= '/JVM_CPU_SECONDS/ {print $2}' "$WORK/sluice-catchup.out")
echo "sluice: ${SLUICE}s (of which ${SLUICE_APPLY}s after connecting and starting the workers)"

echo "== checksums (source vs each target)"
TBL_LIST=$(seq -s, -f "sbtest.sbtest%g" 1 "$TABLES")
SUM_SRC=$(sql "$PORT_SRC" "CHECKSUM TABLE $TBL_LIST" | awk '{print $2}' | tr '\n' ' ')
for t in T1 T2 T3; do
  port_var=PORT_$t
  SUM=$(sql "${!port_var}" "CHECKSUM TABLE $TBL_LIST" | awk '{print $2}' | tr '\n' ' ')
  if [ "$SUM" = "$SUM_SRC" ]; then echo "$t: equal"; else echo "$t: DIFFERENT ($SUM vs $SUM_SRC)"; exit 1; fi
done

echo "== (b) steady state: sysbench --rate=$RATE for ${STEADY_SECONDS}s, sluice delay from 100 ms heartbeats"
P2=$(sql "$PORT_SRC" "SELECT @@gtid_executed" | tr -d '\n')
rm -f "$WORK/stop"
java ${SLUICE_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -Dsluice.incremental.heartbeatMillis=100 -cp "$CP" dev.sluice.incremental.IncrementalBenchMain steady \
  "127.0.0.1:$PORT_SRC" "127.0.0.1:$PORT_T3" "$WORK/password" sbtest "$P2" "$WORK/stop" \
  > "$WORK/sluice-steady.out" 2> "$WORK/sluice-steady.log" &
STEADY_PID=$!
PIDS+=($STEADY_PID)
for _ in $(seq 1 300); do grep -q READY "$WORK/sluice-steady.out" 2>/dev/null && break; sleep 0.2; done
cpu_of() { awk '{print $14+$15}' "/proc/$1/stat"; }
C_SRC0=$(cpu_of "${PIDS[0]}"); C_DST0=$(cpu_of "${PIDS[3]}"); C_JAVA0=$(cpu_of "$STEADY_PID")
sb "$PORT_SRC" --threads=8 --rate="$RATE" --time="$STEADY_SECONDS" --report-interval=0 run > "$WORK/steady.log"
CPU_SHARE=$(python3 -c "t=$STEADY_SECONDS*100; print(f'source mysqld {($(cpu_of "${PIDS[0]}")-$C_SRC0)/t:.2f}, destination mysqld {($(cpu_of "${PIDS[3]}")-$C_DST0)/t:.2f}, Sluice JVM {($(cpu_of "$STEADY_PID")-$C_JAVA0)/t:.2f} cores')")
touch "$WORK/stop"
wait "$STEADY_PID" || { tail -30 "$WORK/sluice-steady.log"; exit 1; }
STEADY_TPS=$(awk '/transactions:/ {gsub("\\(",""); print $3}' "$WORK/steady.log")
P50=$(awk -F= '/DELAY_P50_MS/ {print $2}' "$WORK/sluice-steady.out")
P99=$(awk -F= '/DELAY_P99_MS/ {print $2}' "$WORK/sluice-steady.out")
MAX=$(awk -F= '/DELAY_MAX_MS/ {print $2}' "$WORK/sluice-steady.out")
N=$(awk -F= '/SAMPLES/ {print $2}' "$WORK/sluice-steady.out")

RATIO=$(python3 -c "print(f'{$SLUICE / $NATIVE1:.2f}')")
cat <<EOF

## Results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, MySQL 8.0.31 -> 8.0.31)
| measurement | value |
|---|---|
| backlog | $TX sysbench oltp_write_only transactions ($TABLES tables x $SIZE rows, $LOAD_THREADS threads, ${LOAD_SECONDS}s, $TPS tx/s) |
| catch-up, native replication single-threaded | ${NATIVE1} s |
| catch-up, native replication replica_parallel_workers=4 | ${NATIVE4} s |
| catch-up, Sluice (4 workers), process start to caught up | ${SLUICE} s (= ${RATIO} x native single-threaded) |
| catch-up, Sluice, stream open to caught up | ${SLUICE_APPLY} s (JVM CPU ${SLUICE_CPU} s) |
| steady state at --rate=$RATE ($STEADY_TPS tx/s achieved) | delay p50 ${P50} ms, p99 ${P99} ms, max ${MAX} ms ($N heartbeat samples) |
| steady state, CPU used (of $(nproc) cores; sysbench takes the rest) | $CPU_SHARE |
EOF
