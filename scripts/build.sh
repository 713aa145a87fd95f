#!/usr/bin/env bash
# Runs the Maven wrapper quietly but says what it fetches: a progress line every 100 downloaded files (count,
# megabytes, the latest artifact), each file of 5 MB or more by name, and errors in full. The build's exit code.
#   scripts/build.sh -DskipTests package      (same arguments as ./mvnw; -B is added)
set -uo pipefail
cd "$(dirname "$0")/.."
./mvnw -B "$@" 2>&1 | awk '
  function megabytes(size, unit) {
    return unit == "MB" ? size : unit == "kB" ? size / 1024 : unit == "GB" ? size * 1024 : size / 1048576
  }
  /Downloaded from [^:]+: / {
    url = $0; sub(/.*Downloaded from [^:]+: /, "", url); sub(/ \(.*/, "", url)
    n = split(url, parts, "/"); name = parts[n]
    size = $0; sub(/.*\(/, "", size); split(size, s, " "); mb = megabytes(s[1], s[2])
    files++; total += mb
    if (mb >= 5) printf "  fetched %s (%.0f MB)\n", name, mb
    if (files % 100 == 0) printf "  fetched %d files, %.0f MB so far (latest: %s)\n", files, total, name
    fflush(); next
  }
  /\[ERROR\]|BUILD FAILURE|^Error|^Exception/ { print; fflush(); next }
  END { if (files) printf "  fetched %d files, %.0f MB in all\n", files, total }
'
exit "${PIPESTATUS[0]}"
