#!/usr/bin/env bash
# Builds the AWS Lambda package (functions/target/function.zip) and checks that it carries none of the local-only
# parts (CLI, local platform, local Step Functions runner, embedded state store). Prints its size.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B clean package -Dlambda -pl functions -am
zip=functions/target/function.zip
[ -f "$zip" ] || { echo "build-lambda: $zip was not built" >&2; exit 1; }
listing=$(unzip -l "$zip")
forbidden='dev/sluice/cli/|dev/sluice/local/|sluice-workflow|sluice-embedded-dynamodb|h2-mvstore|picocli|console.html'
if grep -Eq "$forbidden" <<<"$listing"; then
  echo "build-lambda: the Lambda package contains local-only parts:" >&2
  grep -E "$forbidden" <<<"$listing" >&2
  exit 1
fi
grep -q 'dev/sluice/lambda/FunqyLambdaHandler.class' <<<"$listing" || { echo "build-lambda: entry point missing" >&2; exit 1; }
size=$(stat -c %s "$zip")
echo "build-lambda: $zip is $((size / 1024 / 1024)) MiB ($size bytes), no local-only parts"
