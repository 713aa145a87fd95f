#!/usr/bin/env bash
# Checks, in a second, what this machine needs to run Sluice's demo or tests, and installs what is missing.
#
#   scripts/prerequisites.sh --check   [demo|test]   report what is missing and the command that installs it; exit 1
#   scripts/prerequisites.sh --install [demo|test]   as root on Debian/Ubuntu: install what is missing (apt-get);
#                                                    otherwise like --check
#
#   demo (default): Java 17+ (JDK), tar/gzip, and the shared libraries the MySQL test servers' mysqld loads
#                   (libaio.so.1, libnuma.so.1)
#   test:           demo's, plus MariaDB 10.11 (mariadbd, mariadb-install-db: package mariadb-server) for the
#                   MariaDB tests, Node.js/npm for the ASL validation, chromium + chromium-driver for the
#                   console's browser test and python3-prometheus-client for its /metrics parser
#
# What --install changes: apt-get update and apt-get install --no-install-recommends of the missing packages;
# on releases that only ship libaio1t64 (Ubuntu 24.04+, Debian 13+) a libaio.so.1 -> libaio.so.1t64 symlink in the
# system library directory; if it had to install mariadb-server, it stops and disables the MariaDB service that
# the package starts (the tests start their own servers on random ports). Nothing else.
#
# Exit codes: 0 all present, 1 something missing (the message says what and how to install it), 2 usage.
set -uo pipefail

mode=--check
scope=demo
for arg in "$@"; do
  case "$arg" in
    --check|--install) mode=$arg ;;
    demo|test) scope=$arg ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "prerequisites: unknown argument '$arg' (use --check|--install and demo|test)" >&2; exit 2 ;;
  esac
done
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

# ---- what is missing: one "what|why|package" line each
missing=()
need() { missing+=("$1|$2|$3"); }

# Debian/Ubuntu package that provides libaio.so.1 (renamed libaio1t64, soname libaio.so.1t64, in newer releases)
aio_package() {
  local id="" version=""
  if [ -r /etc/os-release ]; then
    id=$(. /etc/os-release; echo "${ID:-}"); version=$(. /etc/os-release; echo "${VERSION_ID:-0}")
  fi
  case "$id" in
    ubuntu) [ "${version%%.*}" -ge 24 ] 2>/dev/null && { echo libaio1t64; return; } ;;
    debian) [ "${version%%.*}" -ge 13 ] 2>/dev/null && { echo libaio1t64; return; } ;;
  esac
  echo libaio1
}

library_package() {
  case "$1" in
    libaio.so.1) aio_package ;;
    libnuma.so.1) echo libnuma1 ;;
    libcrypt.so.1) echo libcrypt1 ;;
    libtinfo.so.5) echo libtinfo5 ;;
    libncurses.so.5) echo libncurses5 ;;
    *) echo "?" ;;
  esac
}

check_java() {
  if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    need "Java 17 JDK (java, javac)" "builds and runs Sluice" openjdk-17-jdk-headless
    return
  fi
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p')
  major=${major#1.}
  if [ -z "$major" ] || [ "${major%%.*}" -lt 17 ]; then
    need "Java 17 or newer (found $(java -version 2>&1 | head -1))" "builds and runs Sluice" openjdk-17-jdk-headless
  fi
}

check_program() { # program why package
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || need "$1" "$2" "$3"
}

check_mysqld_libraries() {
  local known
  known=$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null)
  local lib
  for lib in libaio.so.1 libnuma.so.1; do
    grep -q "^[[:space:]]*$lib " <<<"$known" \
      || need "$lib" "shared library of the MySQL 5.7/8.0 mysqld the tests and the demo start" "$(library_package "$lib")"
  done
  # mysqld binaries the harness already unpacked: anything else they cannot load
  local cache=${SLUICE_TEST_CACHE:-$HOME/.cache/sluice-test} mysqld
  for mysqld in "$cache"/mysql-*/bin/mysqld; do
    [ -x "$mysqld" ] || continue
    for lib in $(ldd "$mysqld" 2>/dev/null | awk '/not found/ {print $1}'); do
      case " ${missing[*]} " in *"$lib|"*) continue ;; esac
      need "$lib" "shared library of $mysqld" "$(library_package "$lib")"
    done
  done
}

check_java
check_program tar "unpacks the MySQL test servers" tar
check_program gzip "unpacks the MySQL test servers" gzip
check_mysqld_libraries
if [ "$scope" = test ]; then
  check_program mariadbd "MariaDB 10.11 test servers" mariadb-server
  check_program mariadb-install-db "MariaDB 10.11 test servers" mariadb-server
  check_program node "the ASL validation (asl-validator from npm)" nodejs
  check_program npm "the ASL validation (asl-validator from npm)" npm
  check_program chromium "the console's browser test (ConsoleBrowserIT, headless)" chromium
  check_program chromedriver "the console's browser test (ConsoleBrowserIT drives chromium with it)" chromium-driver
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 \
    || need "python3 module prometheus_client" "parses /metrics in ConsoleBrowserIT" python3-prometheus-client
fi

((${#missing[@]})) || exit 0

packages=()
for m in "${missing[@]}"; do
  p=${m##*|}
  [ "$p" = "?" ] && continue
  case " ${packages[*]} " in *" $p "*) ;; *) packages+=("$p") ;; esac
done

report() {
  echo "Missing for the $scope on this machine:" >&2
  for m in "${missing[@]}"; do
    IFS='|' read -r what why package <<<"$m"
    if [ "$package" = "?" ]; then
      echo "  - $what ($why): install the package that provides it" >&2
    else
      echo "  - $what ($why): Debian/Ubuntu package $package" >&2
    fi
  done
}

if [ "$mode" = --install ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ((${#packages[@]})); then
  report
  echo "== installing: ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${packages[@]}" >&2 \
    || { echo "apt-get failed; install by hand: apt-get install -y ${packages[*]}" >&2; exit 1; }
  if [[ " ${packages[*]} " == *" libaio1t64 "* ]]; then
    t64=$(ldconfig -p | awk '/libaio\.so\.1t64 / {print $NF; exit}')
    [ -n "$t64" ] && ln -sf "$(basename "$t64")" "$(dirname "$t64")/libaio.so.1" && ldconfig
  fi
  if [[ " ${packages[*]} " == *" mariadb-server "* ]]; then
    echo "== stopping the MariaDB service the package started (the tests start their own servers)" >&2
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mariadb 2>/dev/null; then
      systemctl stop mariadb; systemctl disable mariadb >/dev/null 2>&1 || true
    elif command -v service >/dev/null 2>&1; then
      service mariadb stop >/dev/null 2>&1 || true
    fi
  fi
  missing=()
  exec "$script" --check "$scope"
fi

report
if ((${#packages[@]})) && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo "
  echo "Install them with:  ${sudo}apt-get update && ${sudo}apt-get install -y ${packages[*]}" >&2
  echo "               or:  ${sudo}scripts/prerequisites.sh --install $scope" >&2
elif ((${#packages[@]})); then
  echo "Install the equivalent packages with your system's package manager (names above are Debian/Ubuntu's)." >&2
fi
exit 1
