#!/usr/bin/env bash
# Builds the AWS Lambda package, lambda/target/function.zip (where infra/template.yaml expects it), and prints its
# size. The lambda module's build graph holds no local-only part (CLI, local platform, local Step Functions runner,
# embedded state store, test kit): its maven-enforcer-plugin rule fails the build otherwise, and ArchitectureTest
# checks the sources. The CLI build in cli/target that ./sluice and a running 'sluice serve' use is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -Dlambda -pl lambda -am
zip=lambda/target/function.zip
[ -f "$zip" ] || { echo "build-lambda: $zip was not built" >&2; exit 1; }
listing=$(unzip -l "$zip")
grep -q 'dev/sluice/lambda/FunqyLambdaHandler.class' <<<"$listing" || { echo "build-lambda: entry point missing" >&2; exit 1; }
size=$(stat -c %s "$zip")
echo "build-lambda: $zip is $((size / 1024 / 1024)) MiB ($size bytes), built from core, functions and lambda only"
