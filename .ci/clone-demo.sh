#!/usr/bin/env bash
# The README's first command in a fresh clone: clones this repository (from the local git repository, no network)
# into an empty temporary directory with no sibling folders and runs ./demo.sh there to completion. Fails if the
# demo reads anything outside the clone (like a data set beside the repository) or does not finish its story.
#   .ci/clone-demo.sh [COMMIT]      (default HEAD: what is committed, not the working tree)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit=$(git -C "$repo" rev-parse "${1:-HEAD}")
parent=$(mktemp -d /tmp/sluice-clone.XXXXXX)
trap 'rm -rf "$parent"' EXIT

echo "== cloning $repo at ${commit:0:12} into $parent/sluice (nothing beside it)"
git clone -q --no-checkout "$repo" "$parent/sluice"
git -C "$parent/sluice" checkout -q "$commit"
[ "$(ls -A "$parent")" = sluice ] || { echo "clone-demo: $parent holds more than the clone: $(ls -A "$parent")" >&2; exit 1; }

echo "== ./demo.sh in the clone"
start=$(date +%s)
set +e
(cd "$parent/sluice" && ./demo.sh) 2>&1 | tee "$parent/demo.log"
status=${PIPESTATUS[0]}
set -e
echo "== demo exit $status after $(( $(date +%s) - start )) s"

fail() { echo "clone-demo: FAILED: $1 (demo log above)" >&2; exit 1; }
[ "$status" = 0 ] || fail "./demo.sh exited with $status"
grep -q "^destination: SLUICE DEMO, film 1 rental_rate 0.49" "$parent/demo.log" \
  || fail "the live change did not reach the destination"
grep -q "STOPPED" "$parent/demo.log" || fail "the task was not stopped"
if grep -qE "^\s+at [a-z]+\.[A-Za-z.$]+\(|Exception in thread" "$parent/demo.log"; then
  fail "the demo printed a stack trace"
fi
echo "== clone-demo: OK"
