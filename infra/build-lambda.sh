#!/usr/bin/env bash
# Builds the AWS Lambda package and checks that it carries none of the local-only parts (CLI, local platform,
# local Step Functions runner, embedded state store). Prints its size.
# The lambda profile builds in functions/target-lambda/ (cleaned there only), so the CLI build in functions/target/
# that ./sluice and a running 'sluice serve' use stays intact; the zip is then copied to functions/target/function.zip,
# where infra/template.yaml expects it.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf functions/target-lambda
./mvnw -q -B package -Dlambda -pl functions -am
built=functions/target-lambda/function.zip
[ -f "$built" ] || { echo "build-lambda: $built was not built" >&2; exit 1; }
listing=$(unzip -l "$built")
forbidden='dev/sluice/cli/|dev/sluice/local/|sluice-workflow|sluice-embedded-dynamodb|h2-mvstore|picocli|console.html'
if grep -Eq "$forbidden" <<<"$listing"; then
  echo "build-lambda: the Lambda package contains local-only parts:" >&2
  grep -E "$forbidden" <<<"$listing" >&2
  exit 1
fi
grep -q 'dev/sluice/lambda/FunqyLambdaHandler.class' <<<"$listing" || { echo "build-lambda: entry point missing" >&2; exit 1; }
mkdir -p functions/target
zip=functions/target/function.zip
cp "$built" "$zip.tmp" && mv "$zip.tmp" "$zip"
size=$(stat -c %s "$zip")
echo "build-lambda: $zip is $((size / 1024 / 1024)) MiB ($size bytes), no local-only parts"
