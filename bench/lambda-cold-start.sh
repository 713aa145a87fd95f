#!/usr/bin/env bash
# Lambda cold starts of the Sluice package, measured locally (docs/aws.md "Cold starts and SnapStart"): a fresh JVM
# on the Lambda package's class path boots Quarkus through the template's Handler (QuarkusStreamHandler) and serves
# one Step Functions-shaped event ({"taskId"} to task-route) against moto_server as DynamoDB. Each configuration
# runs RUNS times (default 5); prints every run and the median.
#   configurations: default JVM (the JDK's CDS archive), -Xshare:off (no class data sharing at all),
#   AppCDS (a dynamic archive of the app's classes, made by one training run), AppCDS + -XX:TieredStopAtLevel=1
# The class path is the one Lambda's java21 runtime gives a zip: its root and lib/*.jar.
# Needs: the Lambda package (./infra/build-lambda.sh, or lambda/target/function.zip from
# 'mvnw package -pl lambda -am'), moto_server on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
zip=lambda/target/function.zip
[ -f "$zip" ] || { echo "no $zip: build the Lambda package first (mvnw package -pl lambda -am)" >&2; exit 1; }
work=$(mktemp -d /tmp/sluice-coldstart.XXXXXX)
moto=
trap '[ -n "$moto" ] && kill "$moto" 2>/dev/null; rm -rf "$work"' EXIT
unzip -q "$zip" -d "$work/fn"
javac -d "$work/classes" bench/LambdaColdStart.java
jar cf "$work/harness.jar" -C "$work/classes" .
# CDS archives only classes from jars: the zip itself stands for its root (a zip is a jar), lib/ is unpacked
cp="$work/harness.jar:$(realpath "$zip"):$(ls "$work"/fn/lib/*.jar | tr '\n' ':')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto=$!
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$port" >/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 SLUICE_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
export QUARKUS_FUNQY_EXPORT=task-route QUARKUS_LOG_LEVEL=WARN
task=$(java -cp "$cp" LambdaColdStart setup "http://127.0.0.1:$port" | tail -1)
echo "task $task in moto_server :$port"
java -XX:ArchiveClassesAtExit="$work/app.jsa" -cp "$cp" LambdaColdStart "$(date +%s%N)" "$task" > /dev/null 2>&1
run() {
  local name=$1; shift
  local totals=() cpus=()
  for i in $(seq 1 "$runs"); do
    line=$(java "$@" -cp "$cp" LambdaColdStart "$(date +%s%N)" "$task" 2>/dev/null | grep '^launch')
    echo "$name #$i: $line"
    totals+=("$(sed -E 's/.*, total ([0-9]+) ms; CPU.*/\1/' <<<"$line")")
    cpus+=("$(sed -E 's/.*invocation [0-9]+ ms, total ([0-9]+) ms; output.*/\1/' <<<"$line")")
  done
  median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
  printf '%s: median wall %s ms, median CPU %s ms (load average %s)\n' "$name" "$(median "${totals[@]}")" \
    "$(median "${cpus[@]}")" "$(cut -d' ' -f1 /proc/loadavg)"
}
run "default (JDK CDS)"
run "no CDS (-Xshare:off)" -Xshare:off
run "AppCDS" -XX:SharedArchiveFile="$work/app.jsa"
run "AppCDS + C1 only" -XX:SharedArchiveFile="$work/app.jsa" -XX:TieredStopAtLevel=1
