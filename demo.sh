#!/usr/bin/env bash
# A first look at Sluice on the embedded default (no AWS account): two throwaway MySQL 8.0 servers on loopback,
# the Sakila database migrated from one to the other — connectivity test, precheck, schema, chunked parallel full
# copy, verification, then binlog replication of live changes — and the task stopped. Everything is removed after.
set -euo pipefail
cd "$(dirname "$0")"
# Java 17, the shared libraries of the MySQL test servers: installed if missing when run as root on Debian/Ubuntu,
# else the exact command to run is printed
scripts/prerequisites.sh --install demo || exit 1
demo=$(mktemp -d /tmp/sluice-demo.XXXXXX)
cleanup() {
  [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  [ -n "${servers_pid:-}" ] && { exec 3>&-; wait "$servers_pid" 2>/dev/null || true; }
  rm -rf "$demo"
}
trap cleanup EXIT

echo "== building (first run takes a few minutes)"
# one reactor build, so the classpath names this checkout's modules (not stale copies in ~/.m2); the cli
# module runs last and leaves its test classpath (with the test kit: DemoServers, SqlShell) in cp.txt
scripts/build.sh -DskipTests package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$demo/cp.txt"
cp="$(cat "$demo/cp.txt")"

echo "== starting two throwaway MySQL 8.0 servers and loading Sakila into the source"
exec 3> >(java -cp "$cp" dev.sluice.testing.DemoServers "$demo" > "$demo/servers.log" 2>&1)
servers_pid=$!
# stop waiting as soon as the server process has died (it says why in servers.log)
for _ in $(seq 1 600); do [ -f "$demo/task.yaml" ] || ! kill -0 "$servers_pid" 2>/dev/null && break; sleep 0.5; done
[ -f "$demo/task.yaml" ] || { cat "$demo/servers.log"; exit 1; }
source "$demo/servers.env"
export DEMO_DB_PASSWORD="$DB_PASSWORD" SLUICE_HOME="$demo/home"
# SQL on the demo servers over JDBC (no MySQL/MariaDB command-line client needed); prints rows like mysql -N -e
sql() { SLUICE_SQL_PASSWORD="$DB_PASSWORD" java -XX:TieredStopAtLevel=1 -cp "$cp" dev.sluice.testing.SqlShell "$1" sakila "$2"; }
mysql_src() { sql "$SRC_PORT" "$1"; }
mysql_dst() { sql "$DST_PORT" "$1"; }
cat "$demo/task.yaml"

echo "== sluice serve (local Step Functions runner + state store + console)"
./sluice serve --port 0 > "$demo/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 120); do grep -qs "task API and console" "$demo/serve.log" && break; sleep 0.5; done
grep -E "console|Step Functions API" "$demo/serve.log" || { cat "$demo/serve.log"; exit 1; }

echo "== sluice start"
id=$(./sluice start "$demo/task.yaml")
echo "task id: $id"
for _ in $(seq 1 600); do
  ./sluice status "$id" --json > "$demo/status.json" 2>/dev/null || true
  grep -q '"phase" : "INCREMENTAL"' "$demo/status.json" && grep -q '"delaySeconds"' "$demo/status.json" && break
  grep -q '"status" : "FAILED"' "$demo/status.json" && { ./sluice status "$id"; exit 1; }
  sleep 1
done
./sluice status "$id"

echo "== live changes on the source while replication runs"
mysql_src "INSERT INTO actor (first_name, last_name) VALUES ('SLUICE', 'DEMO'); UPDATE film SET rental_rate = 0.49 WHERE film_id = 1;"
for _ in $(seq 1 60); do [ "$(mysql_dst "SELECT COUNT(*) FROM actor WHERE first_name='SLUICE'")" = 1 ] && break; sleep 0.5; done
echo "destination: $(mysql_dst "SELECT CONCAT(first_name, ' ', last_name) FROM actor WHERE first_name='SLUICE'"), film 1 rental_rate $(mysql_dst "SELECT rental_rate FROM film WHERE film_id=1")"

echo "== sluice stop"
./sluice stop "$id" --wait
./sluice status "$id"
