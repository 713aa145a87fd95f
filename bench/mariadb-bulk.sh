#!/usr/bin/env bash
# MariaDB 10.11's bulk-insert path (unique_checks=0 + foreign_key_checks=0 into an empty table: one undo record,
# sorted index build, whole-table lock) against the normal path, on the same sysbench data (8 x 250,000 rows):
#   1. the destination's own LOAD DATA of whole tables, 4 tables at once, unique_checks=1 (the normal path)
#   2. the same with unique_checks=0 (the bulk path: one writer per table, which is how it must be used)
#   3. Sluice as it runs (schema, 50,000-row chunks in their own transactions, unique_checks=1, index builds)
# Servers: two MariaDB 10.11 from the Debian package through the test harness (dev.sluice.testing.BenchServers),
# stopped when the script ends. Needs sysbench, the mysql client and the repo built
# (./mvnw -q -B -o test-compile -pl cli -am).
# Usage: bench/mariadb-bulk.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); W=$(mktemp -d /tmp/sluice-mbulk.XXXXXX)
(cd "$ROOT" && ./mvnw -q -B -o -pl cli -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$W/cp.txt" -Dmdep.includeScope=test >/dev/null)
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$ROOT/embedded-dynamodb/target/classes:$(cat "$W/cp.txt")"
exec 3> >(java -cp "$CP" dev.sluice.testing.BenchServers MARIADB_1011 "$W" innodb_buffer_pool_size=1G innodb_flush_log_at_trx_commit=2 local_infile=1 max_allowed_packet=256M > "$W/servers.log" 2>&1)
for i in $(seq 1 600); do [ -f "$W/servers.env" ] && break; sleep 0.2; done
. "$W/servers.env"; PW=$DB_PASSWORD
SRC=(-h127.0.0.1 -P"$SRC_PORT" -uroot -p"$PW"); DST=(-h127.0.0.1 -P"$DST_PORT" -uroot -p"$PW")
mysql "${SRC[@]}" -e 'CREATE DATABASE sbtest'
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC_PORT" --mysql-user=root --mysql-password="$PW" --mysql-db=sbtest --tables=8 --table-size=250000 --threads=4 prepare >/dev/null
for i in $(seq 1 8); do mysql "${SRC[@]}" -N -B --raw -e "SELECT * FROM sbtest.sbtest$i" > "$W/t$i.tsv"; done
cpu() { awk '{print $14+$15}' /proc/$DST_PID/stat; }
pk_only() { mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest'; for i in $(seq 1 8); do mysql "${DST[@]}" sbtest -e "CREATE TABLE sbtest$i (id int NOT NULL AUTO_INCREMENT, k int NOT NULL DEFAULT '0', c char(120) NOT NULL DEFAULT '', pad char(60) NOT NULL DEFAULT '', PRIMARY KEY (id), KEY k_$i (k))"; done; }
for uc in 1 0; do
  pk_only; c0=$(cpu); t0=$(date +%s.%N)
  seq 1 8 | xargs -P 4 -I{} mysql --local-infile=1 "${DST[@]}" -e "SET SESSION foreign_key_checks=0, unique_checks=$uc; LOAD DATA LOCAL INFILE '$W/t{}.tsv' INTO TABLE sbtest.sbtest{}"
  echo "whole-table LOAD, 4 tables at once, unique_checks=$uc: $(echo "$(date +%s.%N)-$t0"|bc) s, dst cpu $(( ($(cpu)-c0)/100 )) s"
done
mysql "${DST[@]}" -e 'DROP DATABASE IF EXISTS sbtest'
printf '%s' "$PW" > "$W/pw"; c0=$(cpu); t0=$(date +%s.%N)
java -Xmx512m -XX:TieredStopAtLevel=1 -cp "$CP" dev.sluice.fullcopy.FullCopyBenchMain 127.0.0.1 "$SRC_PORT" 127.0.0.1 "$DST_PORT" "$W/pw" sbtest 4 50000 2>/dev/null | grep SLUICE
echo "sluice (schema + 50k-row chunks + index builds): $(echo "$(date +%s.%N)-$t0"|bc) s, dst cpu $(( ($(cpu)-c0)/100 )) s"
exec 3>&-   # BenchServers stops both servers when its standard input closes
sleep 5; rm -rf "$W"
