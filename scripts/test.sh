#!/usr/bin/env bash
# Runs every test of Omniops.Actors against a throwaway PostgreSQL on loopback.
#   1. installs what a fresh machine lacks (PostgreSQL server, docker-compose v1 for the compose validation test,
#      chromium for the dashboard's browser tests);
#   2. starts a private PostgreSQL (temp dir, free port) and stops it on exit;
#   3. builds and runs the whole test suite in Release;
#   4. ends with the line "tests: N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

# PostgreSQL binaries: Debian keeps initdb/pg_ctl under /usr/lib/postgresql/<version>/bin.
for dir in /usr/lib/postgresql/*/bin; do [ -d "$dir" ] && PATH="$PATH:$dir"; done
export PATH
need_apt=()
command -v initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
# The dashboard's browser tests drive Debian's chromium through Playwright (no browser download).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || { echo "missing: ${need_apt[*]} (install them, or run as root)" >&2; exit 2; }
    log "installing ${need_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    for dir in /usr/lib/postgresql/*/bin; do [ -d "$dir" ] && PATH="$PATH:$dir"; done
fi

# A private PostgreSQL server for this run.
work=$(mktemp -d /tmp/omniops-test-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$work"; as_pg=(runuser -u postgres --); fi
stop_pg() { "${as_pg[@]}" "$(command -v pg_ctl)" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap stop_pg EXIT
log "starting PostgreSQL on 127.0.0.1:$port"
"${as_pg[@]}" "$(command -v initdb)" -D "$work/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_pg[@]}" "$(command -v pg_ctl)" -D "$work/data" -l "$work/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=300" start >/dev/null
export OMNIOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=50"

log "building"
dotnet build Omniops.Actors.sln -c Release -v quiet -nologo

log "running the tests"
results=$(mktemp -d /tmp/omniops-test-results.XXXXXX)
# Screenshots of every dashboard page the browser tests visit land beside the results.
export OMNIOPS_TEST_ARTIFACTS="$results"
set +e
dotnet test Omniops.Actors.sln -c Release --no-build -nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=tests.trx" --results-directory "$results"
status=$?
set -e

passed=0; failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Name every failed test with the first lines of its message and where it broke, so a truncated CI log still says what broke.
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    msg = r.find(".//t:Message", ns)
    text = (msg.text if msg is not None and msg.text else "").strip().splitlines()[:6]
    print("FAILED " + r.get("testName", "?"))
    for line in text:
        print("    " + line)
    # Where it broke: the first frames in this repository's own sources (file and line), not the framework's.
    stack = r.find(".//t:StackTrace", ns)
    frames = [l.strip() for l in (stack.text if stack is not None and stack.text else "").splitlines() if ":line " in l]
    for frame in frames[:3]:
        print("    " + frame)
PY
done
rm -rf "$results"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$failed" -ne 0 ]; then
    # What the database refused or ended during the run (server errors, not the tests' data), for a failure that
    # only a loaded machine meets.
    # (Not the connections a finished fixture's clean-up ended: "terminating connection due to administrator command".)
    errors() { grep -E ' (ERROR|FATAL|PANIC): ' "$work/server.log" | grep -v 'due to administrator command' || true; }
    echo "PostgreSQL's last errors (of $(errors | wc -l)):"
    errors | cut -c1-240 | tail -25
fi
echo "tests: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$passed" -gt 0 ]
