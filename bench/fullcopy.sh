#!/usr/bin/env bash
# Full-copy benchmark: sysbench-prepared data copied between two MySQL 8.0 servers this script starts itself, by
#   1. Sluice (schema create, planner + chunk ledger + LOAD DATA LOCAL copier in N worker threads, then the deferred
#      secondary indexes; JVM -Xmx512m, C1 JIT as ./sluice runs it)
#   2. mydumper + myloader (N threads; dump and load timed together)
#   3. mysqldump | mysql (single stream)
#   4. the ingest ceiling: the destination's own LOAD DATA INFILE of files exported beforehand (N in parallel);
#      also the same into primary-key-only tables followed by the secondary index builds (what Sluice does)
# All on the same two servers, same thread count, destination binlog off for every method, one run.
#
# Usage: bench/fullcopy.sh            (TABLES=8 TABLE_SIZE=250000 THREADS=4 by default)
#        TABLES=8 TABLE_SIZE=1000000 bench/fullcopy.sh     (the larger run)
# Needs: sysbench, mydumper/myloader, mysqldump/mysql on PATH; the harness's MySQL 8.0.31 in ~/.cache/sluice-test
# (run any harness test once to unpack it); the repo built (./mvnw -o -q test-compile -pl cli -am).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TABLES=${TABLES:-8}
TABLE_SIZE=${TABLE_SIZE:-250000}
THREADS=${THREADS:-4}
CHUNK_ROWS=${CHUNK_ROWS:-50000}
CACHE=${SLUICE_TEST_CACHE:-$HOME/.cache/sluice-test}
MYSQL_HOME=${MYSQL_HOME:-$CACHE/mysql-8.0.31}
TEMPLATE=${TEMPLATE:-$(ls -d "$CACHE"/mysql-8.0.31-datadir-v*/data 2>/dev/null | grep -v lctn | sort | tail -1)}
PW=sluice-root
WORK=$(mktemp -d /tmp/sluice-bench.XXXXXX)
RESULTS=$WORK/results.txt
PIDS=()

[ -x "$MYSQL_HOME/bin/mysqld" ] || { echo "no mysqld in $MYSQL_HOME; run a harness test once to unpack it" >&2; exit 1; }
[ -d "$TEMPLATE" ] || { echo "no initialized data directory template under $CACHE; run a harness test once" >&2; exit 1; }

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME PORT EXTRA_OPTS...
start_server() {
  local name=$1 port=$2; shift 2
  local dir=$WORK/$name
  mkdir -p "$dir/tmp"
  cp -a "$TEMPLATE" "$dir/data"
  rm -f "$dir/data/auto.cnf"
  "$MYSQL_HOME/bin/mysqld" --no-defaults --basedir="$MYSQL_HOME" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --user=root --mysqlx=OFF --performance-schema=OFF --skip-name-resolve \
    --innodb-buffer-pool-size=1G --innodb-redo-log-capacity=1G --innodb-flush-log-at-trx-commit=2 \
    --sync-binlog=0 --max-allowed-packet=256M --local-infile=1 --secure-file-priv="$WORK/files" \
    --max-connections=200 "$@" >"$dir/console.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    if mysql -h127.0.0.1 -P"$port" -uroot -p"$PW" -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "server $name did not start; see $dir/error.log" >&2; tail -20 "$dir/error.log" >&2; exit 1
}

mkdir -p "$WORK/files" "$WORK/dump"
chmod 777 "$WORK/files"
SRC_PORT=$(free_port); start_server src "$SRC_PORT" --server-id=1 --log-bin=binlog --gtid-mode=ON --enforce-gtid-consistency=ON
DST_PORT=$(free_port); start_server dst "$DST_PORT" --server-id=2 --disable-log-bin
SRC=(-h127.0.0.1 -P"$SRC_PORT" -uroot -p"$PW")
DST=(-h127.0.0.1 -P"$DST_PORT" -uroot -p"$PW")
echo "servers: source :$SRC_PORT, destination :$DST_PORT (MySQL $("$MYSQL_HOME/bin/mysqld" --version | awk '{print $3}')); work dir $WORK"

mysql "${SRC[@]}" -e 'CREATE DATABASE sbtest'
t=$(date +%s)
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC_PORT" --mysql-user=root \
  --mysql-password="$PW" --mysql-db=sbtest --tables="$TABLES" --table-size="$TABLE_SIZE" --threads="$THREADS" \
  prepare >"$WORK/sysbench.log"
ROWS=$((TABLES * TABLE_SIZE))
echo "sysbench prepare: $TABLES x $TABLE_SIZE rows in $(( $(date +%s) - t )) s"
mysql "${SRC[@]}" -e 'ANALYZE TABLE '"$(seq -s, 1 "$TABLES" | sed 's/\([0-9]*\)/sbtest.sbtest\1/g')" >/dev/null
DATA_MB=$(mysql "${SRC[@]}" -N -e "SELECT ROUND(SUM(DATA_LENGTH+INDEX_LENGTH)/1048576) FROM information_schema.TABLES WHERE TABLE_SCHEMA='sbtest'")

# recreate_dst: empty sbtest with the source's table definitions
recreate_dst() {
  mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
  for i in $(seq 1 "$TABLES"); do
    mysql "${SRC[@]}" -N -e "SHOW CREATE TABLE sbtest.sbtest$i" | cut -f2 | sed 's/\\n/\n/g' | mysql "${DST[@]}" sbtest
  done
}

checksum() { mysql "$@" -N -e "CHECKSUM TABLE $(seq -s, 1 "$TABLES" | sed 's/\([0-9]*\)/sbtest.sbtest\1/g')" | awk '{print $2}' | md5sum | cut -c1-12; }
SRC_SUM=$(checksum "${SRC[@]}")

now() { date +%s.%N; }
# CPU seconds (user+system) used so far by the two servers, for the "where the CPU went" column
cpu_of() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
SRC_PID=${PIDS[0]}; DST_PID=${PIDS[1]}
cpu_mark() { CPU_SRC0=$(cpu_of "$SRC_PID"); CPU_DST0=$(cpu_of "$DST_PID"); }
cpu_used() { printf 'cpu: source %.1f s, destination %.1f s' "$(echo "$(cpu_of "$SRC_PID") - $CPU_SRC0" | bc -l)" \
  "$(echo "$(cpu_of "$DST_PID") - $CPU_DST0" | bc -l)"; }
PEERS=${PEERS:-mydumper mysqldump ceiling}
want() { [[ " $PEERS " == *" $1 "* ]]; }
record() { # name seconds extra
  printf '%-28s %8.1f s %10.0f rows/s  checksum %s %s\n' "$1" "$2" "$(echo "$ROWS / $2" | bc -l)" \
    "$( [ "$(checksum "${DST[@]}")" = "$SRC_SUM" ] && echo equal || echo DIFFERENT)" "${3:-}" | tee -a "$RESULTS"
}

# 1. Sluice
echo "building the test classpath"
CP_FILE=$WORK/cp.txt
(cd "$ROOT" && ./mvnw -q -B -o -pl cli -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$ROOT/embedded-dynamodb/target/classes:$(cat "$CP_FILE")"
printf '%s' "$PW" >"$WORK/pw"
for method in ${SLUICE_METHODS:-load-data}; do
  # Sluice runs its own schema phase (tables with primary keys; secondary indexes after the copy), as a task does
  mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest'
  cpu_mark
  t0=$(now)
  SLUICE_FULLCOPY_WRITE_METHOD=$method java ${SLUICE_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -cp "$CP" dev.sluice.fullcopy.FullCopyBenchMain 127.0.0.1 \
    "$SRC_PORT" 127.0.0.1 "$DST_PORT" "$WORK/pw" sbtest "$THREADS" "$CHUNK_ROWS" >"$WORK/sluice.log" \
    2>"$WORK/sluice.err" || { cat "$WORK/sluice.err" >&2; exit 1; }
  t1=$(now)
  grep '^SLUICE' "$WORK/sluice.log" | tee -a "$WORK/sluice-lines.txt"
  record "sluice $method ($THREADS wkr)" "$(echo "$t1 - $t0" | bc -l)" \
    "[$(grep -o 'peak_heap_mb=[0-9]*' "$WORK/sluice.log"), in-JVM $(grep -o 'wall_s=[0-9.]*' "$WORK/sluice.log"); $(cpu_used), java $(grep -o 'jvm_cpu_s=[0-9.]*' "$WORK/sluice.log" | cut -d= -f2) s]"
done

# 2. mydumper + myloader
if want mydumper; then
mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest'
cpu_mark
t0=$(now)
mydumper -h 127.0.0.1 -P "$SRC_PORT" -u root -p "$PW" -B sbtest -t "$THREADS" -r 50000 -o "$WORK/dump" >/dev/null 2>"$WORK/mydumper.err"
t1=$(now)
myloader -h 127.0.0.1 -P "$DST_PORT" -u root -p "$PW" -B sbtest -t "$THREADS" -d "$WORK/dump" -o >/dev/null 2>"$WORK/myloader.err"
t2=$(now)
record "mydumper+myloader ($THREADS thr)" "$(echo "$t2 - $t0" | bc -l)" "(dump $(printf %.1f "$(echo "$t1 - $t0" | bc -l)") s + load $(printf %.1f "$(echo "$t2 - $t1" | bc -l)") s; $(cpu_used))"
rm -rf "$WORK/dump"
fi

# 3. mysqldump | mysql
if want mysqldump; then
mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'
t0=$(now)
mysqldump "${SRC[@]}" --single-transaction --skip-lock-tables --set-gtid-purged=OFF sbtest 2>/dev/null \
  | mysql "${DST[@]}" sbtest 2>/dev/null || mysqldump "${SRC[@]}" --single-transaction --skip-lock-tables sbtest | mysql "${DST[@]}" sbtest
t1=$(now)
record "mysqldump | mysql" "$(echo "$t1 - $t0" | bc -l)"
fi

# 4. ceiling: server-side LOAD DATA INFILE of pre-exported files, N tables at a time
if want ceiling; then
for i in $(seq 1 "$TABLES"); do
  mysql "${SRC[@]}" -e "SELECT * FROM sbtest.sbtest$i INTO OUTFILE '$WORK/files/sbtest$i.tsv'"
done
recreate_dst
cpu_mark
t0=$(now)
seq 1 "$TABLES" | xargs -P "$THREADS" -I{} mysql "${DST[@]}" -e \
  "SET SESSION foreign_key_checks=0; LOAD DATA INFILE '$WORK/files/sbtest{}.tsv' INTO TABLE sbtest.sbtest{}"
t1=$(now)
record "LOAD DATA INFILE ceiling ($THREADS)" "$(echo "$t1 - $t0" | bc -l)" "($(cpu_used))"
# the same ingest the way Sluice does it: primary-key-only tables, then the secondary index built per table
recreate_dst
for i in $(seq 1 "$TABLES"); do mysql "${DST[@]}" -e "ALTER TABLE sbtest.sbtest$i DROP INDEX k_$i"; done
cpu_mark
t0=$(now)
seq 1 "$TABLES" | xargs -P "$THREADS" -I{} mysql "${DST[@]}" -e \
  "SET SESSION foreign_key_checks=0; LOAD DATA INFILE '$WORK/files/sbtest{}.tsv' INTO TABLE sbtest.sbtest{}"
seq 1 "$TABLES" | xargs -P "$THREADS" -I{} mysql "${DST[@]}" -e "ALTER TABLE sbtest.sbtest{} ADD INDEX k_{} (k)"
t1=$(now)
record "ceiling, index after load ($THREADS)" "$(echo "$t1 - $t0" | bc -l)" "($(cpu_used))"
fi

echo
echo "== $TABLES tables x $TABLE_SIZE rows ($ROWS rows, ${DATA_MB} MB on disk), $THREADS threads, $(nproc) CPUs, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$RESULTS"
cat "$WORK/sluice-lines.txt"
