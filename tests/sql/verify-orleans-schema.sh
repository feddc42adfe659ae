#!/usr/bin/env bash
# Verifies the Orleans PostgreSQL schema (grains/Storage/Migrations/0001..0004) against a throwaway PostgreSQL:
#   1. initdb + start a private server (temp dir, 127.0.0.1:$PGTEST_PORT, default 55499, non-UTC time zone);
#   2. apply the four scripts in order, each in one transaction, then all four again (must be harmless);
#   3. take every query text the Orleans 10.4.2 ADO.NET providers read from OrleansQuery, bind sample values to
#      its @Parameters (typed literals, as Npgsql binds them) and run it, checking the results.
# Prints "schema: OK" as its last line on success; exits non-zero on the first failed check.
# Needs PostgreSQL >= 15 server binaries (initdb, pg_ctl) and psql on PATH, and perl. As root, the server runs as
# the "postgres" user (initdb refuses root).
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
migrations="$(cd "$here/../../grains/Storage/Migrations" && pwd)"
scripts=(0001_orleans_main.sql 0002_orleans_clustering.sql 0003_orleans_persistence.sql 0004_orleans_reminders.sql)
port="${PGTEST_PORT:-55499}"

work=""
# Checks run inside $(...) too, where an exit only leaves the subshell: fail() also drops a flag file that the
# next check (and the final line) looks at.
fail() {
    echo "FAIL: $*" >&2
    if [ -n "$work" ] && [ -d "$work" ]; then : >"$work/failed"; fi
    exit 1
}
failed_before() { [ -n "$work" ] && [ -e "$work/failed" ]; }
pass() { failed_before && exit 1; echo "ok   $*"; }

for tool in initdb pg_ctl psql perl mktemp; do
    command -v "$tool" >/dev/null || fail "$tool not found on PATH"
done
major="$(initdb --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
[ "$major" -ge 15 ] || fail "PostgreSQL 15 or newer required, initdb is $major"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (set PGTEST_PORT)"
fi

as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/orleans-schema.XXXXXX")"
data="$work/data"
sock="$work/sock"
log="$work/postgres.log"
mkdir -p "$sock"
if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$work"
fi

cleanup() {
    local rc=$?
    if [ -f "$data/postmaster.pid" ]; then
        "${as_pg[@]}" "$(command -v pg_ctl)" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$rc" -ne 0 ] && [ -f "$log" ]; then
        echo "--- server log (tail) ---" >&2
        tail -n 20 "$log" >&2 || true
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$(command -v initdb)" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
# A non-UTC server time zone catches any accidental timestamp-without-time-zone arithmetic.
"${as_pg[@]}" "$(command -v pg_ctl)" -D "$data" -l "$log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c timezone=America/New_York" start >/dev/null
pass "PostgreSQL $major started on 127.0.0.1:$port"

export PGOPTIONS="-c client_min_messages=warning"
psql_admin=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
psql_db=("${psql_admin[@]}" -d orleans_verify)
"${psql_admin[@]}" -d postgres -c "CREATE DATABASE orleans_verify" >/dev/null

for round in first second; do
    for script in "${scripts[@]}"; do
        "${psql_db[@]}" --single-transaction -f "$migrations/$script" >/dev/null \
            || fail "$script failed to apply ($round time)"
    done
    pass "applied ${scripts[*]} ($round time, one transaction each)"
done

sql() { "${psql_db[@]}" -At -F '|' -c "$1"; }

# Every key the 10.4.2 providers read. All but CleanupDefunctSiloEntryKey and DeleteStorageKey are mandatory.
expected_keys="CleanupDefunctSiloEntriesKey CleanupDefunctSiloEntryKey ClearStorageKey DeleteMembershipTableEntriesKey \
DeleteReminderRowKey DeleteReminderRowsKey DeleteStorageKey GatewaysQueryKey InsertMembershipKey \
InsertMembershipVersionKey MembershipReadAllKey MembershipReadRowKey ReadFromStorageKey ReadRangeRows1Key \
ReadRangeRows2Key ReadReminderRowKey ReadReminderRowsKey UpdateIAmAlivetimeKey UpdateMembershipKey \
UpsertReminderRowKey WriteToStorageKey"
actual_keys="$(sql "SELECT string_agg(querykey, ' ' ORDER BY querykey COLLATE \"C\") FROM orleansquery")"
[ "$actual_keys" = "$expected_keys" ] || fail "query keys differ:
  expected: $expected_keys
  actual:   $actual_keys"
pass "OrleansQuery holds the $(wc -w <<<"$expected_keys") query keys of the 10.4.2 providers"

# bind KEY Name=literal ... : prints the query text of KEY with its @Names replaced by the given SQL literals.
bind() {
    local key="$1"
    shift
    local text
    text="$(sql "SELECT querytext FROM orleansquery WHERE querykey = '$key'")"
    [ -n "$text" ] || fail "query key $key not found"
    local bound
    bound="$(
        for assignment in "$@"; do
            export "P_${assignment%%=*}=${assignment#*=}"
        done
        printf '%s\n' "$text" | perl -pe 's/\@(\w+)/defined $ENV{"P_$1"} ? $ENV{"P_$1"} : "\@$1"/ge'
    )"
    if grep -qE '@[A-Za-z_]' <<<"$bound"; then
        fail "$key: no value for $(grep -oE '@[A-Za-z_][A-Za-z0-9_]*' <<<"$bound" | sort -u | tr '\n' ' ')"
    fi
    printf '%s\n' "$bound"
}
# run KEY Name=literal ... : runs the bound query, prints its rows as a|b|c (NULL prints as nothing).
run() {
    local bound
    bound="$(bind "$@")"
    sql "$bound" || fail "$1 failed to execute"
}
expect() { # expect DESCRIPTION ACTUAL EXPECTED
    failed_before && exit 1
    [ "$2" = "$3" ] || fail "$1: expected [$3], got [$2]"
    pass "$1"
}
field() { cut -d'|' -f"$1" <<<"$2"; }

# ---------------------------------------------------------------------------------------------- clustering
dep="DeploymentId='verify-cluster'::text"
silo_a=("$dep" "Address='10.0.0.1'::text" "Port=11111::integer" "Generation=1001::integer")
silo_b=("$dep" "Address='10.0.0.2'::text" "Port=11111::integer" "Generation=1002::integer")
silo_c=("$dep" "Address='10.0.0.3'::text" "Port=11111::integer" "Generation=1003::integer")
silo_x=("$dep" "Address='10.0.0.9'::text" "Port=11111::integer" "Generation=9999::integer")
t_now="'2026-06-01 12:00:00.123+00'::timestamptz"
t_old="'2026-05-01 08:00:00.456+00'::timestamptz"
t_cut="'2026-05-15 00:00:00+00'::timestamptz"
votes="'S10.0.0.1:11111:1001,2026-05-01 09:00:00.000 GMT'::text"

expect "InsertMembershipVersionKey creates the version row" "$(run InsertMembershipVersionKey "$dep")" "1"
expect "InsertMembershipVersionKey is idempotent" "$(run InsertMembershipVersionKey "$dep")" "0"
row="$(run MembershipReadAllKey "$dep")"
expect "MembershipReadAllKey on an empty cluster returns the version row only" \
    "$(field 1 "$row")/$(field 2 "$row")/$(field 12 "$row")" "verify-cluster//0"

member() { # member SILO_ARRAY_NAME NAME STATUS PROXYPORT START ALIVE VERSION
    local -n s="$1"
    run InsertMembershipKey "${s[@]}" "SiloName='$2'::text" "HostName='host-$2'::text" "Status=$3::integer" \
        "ProxyPort=$4::integer" "StartTime=$5" "IAmAliveTime=$6" "Version=$7::integer"
}
expect "InsertMembershipKey inserts silo-a at table version 0" "$(member silo_a silo-a 3 30000 "$t_now" "$t_now" 0)" "1"
expect "InsertMembershipKey rejects the same silo again" "$(member silo_a silo-a 3 30000 "$t_now" "$t_now" 1)" "0"
expect "InsertMembershipKey rejects a stale table version" "$(member silo_b silo-b 3 30001 "$t_old" "$t_old" 0)" "0"
expect "a rejected insert does not bump the table version" \
    "$(sql "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = 'verify-cluster'")" "1"
row="$(run MembershipReadRowKey "${silo_a[@]}")"
expect "MembershipReadRowKey returns silo-a with the table version" \
    "$(field 2 "$row")/$(field 3 "$row")/$(field 4 "$row")/$(field 5 "$row")/$(field 6 "$row")/$(field 7 "$row")/$(field 8 "$row")/$(field 12 "$row")" \
    "10.0.0.1/11111/1001/silo-a/host-silo-a/3/30000/1"
row="$(run MembershipReadRowKey "${silo_b[@]}")"
expect "MembershipReadRowKey for an unknown silo still returns the version" "$(field 2 "$row")/$(field 12 "$row")" "/1"

expect "InsertMembershipKey inserts silo-b at table version 1" "$(member silo_b silo-b 3 30001 "$t_old" "$t_old" 1)" "1"
expect "InsertMembershipKey inserts silo-c at table version 2" "$(member silo_c silo-c 1 0 "$t_old" "$t_old" 2)" "1"

update() { # update SILO_ARRAY_NAME STATUS SUSPECTTIMES ALIVE VERSION
    local -n s="$1"
    run UpdateMembershipKey "${s[@]}" "Status=$2::integer" "SuspectTimes=$3" "IAmAliveTime=$4" "Version=$5::integer"
}
expect "UpdateMembershipKey declares silo-b dead at table version 3" "$(update silo_b 6 "$votes" "$t_old" 3)" "1"
expect "UpdateMembershipKey rejects a stale table version" "$(update silo_b 6 "$votes" "$t_old" 3)" "0"
expect "UpdateMembershipKey on an unknown silo is rejected" "$(update silo_x 3 "NULL::text" "$t_now" 4)" "0"
expect "rejected updates do not bump the table version" \
    "$(sql "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = 'verify-cluster'")" "4"
expect "UpdateMembershipKey declares silo-c dead at table version 4" "$(update silo_c 6 "NULL::text" "$t_old" 4)" "1"
row="$(run MembershipReadRowKey "${silo_b[@]}")"
expect "MembershipReadRowKey shows silo-b dead with its suspicion and version 5" \
    "$(field 7 "$row")/$(field 9 "$row")/$(field 12 "$row")" "6/S10.0.0.1:11111:1001,2026-05-01 09:00:00.000 GMT/5"
expect "MembershipReadAllKey returns all three silos" "$(run MembershipReadAllKey "$dep" | wc -l | tr -d ' ')" "3"

run UpdateIAmAlivetimeKey "${silo_a[@]}" "IAmAliveTime='2026-06-01 12:05:00.789+00'::timestamptz" >/dev/null
expect "UpdateIAmAlivetimeKey stores the UTC instant" \
    "$(sql "SELECT iamalivetime = '2026-06-01 12:05:00.789+00' FROM orleansmembershiptable WHERE generation = 1001")" "t"
expect "UpdateIAmAlivetimeKey does not bump the table version" \
    "$(sql "SELECT version FROM orleansmembershipversiontable")" "5"
expect "GatewaysQueryKey lists active silos with a proxy port" "$(run GatewaysQueryKey "$dep" "Status=3::integer")" \
    "10.0.0.1|30000|1001"

count_members() { sql "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'verify-cluster'"; }
run CleanupDefunctSiloEntryKey "${silo_b[@]}" "StartTime=$t_old" "IAmAliveTime=$t_now" "SuspectTimes=$votes" >/dev/null
expect "CleanupDefunctSiloEntryKey keeps a dead row whose values changed since they were read" "$(count_members)" "3"
run CleanupDefunctSiloEntryKey "${silo_a[@]}" "StartTime=$t_now" "IAmAliveTime='2026-06-01 12:05:00.789+00'::timestamptz" \
    "SuspectTimes=NULL::text" >/dev/null
expect "CleanupDefunctSiloEntryKey never deletes a silo that is not dead" "$(count_members)" "3"
run CleanupDefunctSiloEntryKey "${silo_b[@]}" "StartTime=$t_old" "IAmAliveTime=$t_old" "SuspectTimes=$votes" >/dev/null
expect "CleanupDefunctSiloEntryKey deletes the dead row with the values read" "$(count_members)" "2"
run UpdateIAmAlivetimeKey "${silo_a[@]}" "IAmAliveTime=$t_old" >/dev/null
run CleanupDefunctSiloEntriesKey "$dep" "IAmAliveTime=$t_cut" >/dev/null
expect "CleanupDefunctSiloEntriesKey deletes old dead silos and keeps an old active one" \
    "$(sql "SELECT string_agg(siloname, ',') FROM orleansmembershiptable")" "silo-a"
run DeleteMembershipTableEntriesKey "$dep" >/dev/null
expect "DeleteMembershipTableEntriesKey removes members and version row" \
    "$(sql "SELECT (SELECT count(*) FROM orleansmembershiptable) + (SELECT count(*) FROM orleansmembershipversiontable)")" "0"

# ---------------------------------------------------------------------------------------------- grain storage
grain=("GrainIdHash=123456789::integer" "GrainIdN0=-4611686018427387904::bigint" "GrainIdN1=42::bigint"
    "GrainTypeHash=-987654321::integer" "GrainTypeString='Omniops.Verify.CounterGrain'::text"
    "ServiceId='verify-service'::text")
ext_null="GrainIdExtensionString=NULL::text"
ext_empty="GrainIdExtensionString=''::text"
write() { run WriteToStorageKey "${grain[@]}" "$1" "GrainStateVersion=$2" "PayloadBinary='$3'::bytea"; }
clear() { run ClearStorageKey "${grain[@]}" "$1" "GrainStateVersion=$2"; }
read_state() { run ReadFromStorageKey "${grain[@]}" "$1"; }
live_rows() { sql "SELECT count(*) FROM orleansstorage WHERE grainidhash = 123456789 AND grainidextensionstring IS NULL"; }
tombstones() { sql "SELECT count(*) FROM orleansstoragetombstone WHERE grainidhash = 123456789 AND grainidextensionstring IS NULL"; }

expect "ReadFromStorageKey finds nothing for a new grain" "$(read_state "$ext_null")" ""
expect "WriteToStorageKey without a version inserts at version 1" "$(write "$ext_null" "NULL::integer" '\x01')" "1"
expect "ReadFromStorageKey returns payload and version" "$(read_state "$ext_null")" '\x01|1'
expect "WriteToStorageKey with the current version updates to 2" "$(write "$ext_null" "1::integer" '\x02')" "2"
expect "WriteToStorageKey with a stale version is rejected (no new version)" "$(write "$ext_null" "1::integer" '\x66')" ""
expect "WriteToStorageKey without a version is rejected once state exists" "$(write "$ext_null" "NULL::integer" '\x66')" ""
expect "rejected writes leave the state alone" "$(read_state "$ext_null")" '\x02|2'
expect "ClearStorageKey with a stale version is rejected" "$(clear "$ext_null" "1::integer")" ""
expect "ClearStorageKey with the current version returns version 3" "$(clear "$ext_null" "2::integer")" "3"
expect "ClearStorageKey deleted the state row" "$(live_rows)/$(tombstones)" "0/1"
expect "ReadFromStorageKey after a clear: no payload, version 3" "$(read_state "$ext_null")" "|3"
expect "WriteToStorageKey after a clear rejects a stale version" "$(write "$ext_null" "2::integer" '\x66')" ""
expect "WriteToStorageKey after a clear rejects a writer without a version" "$(write "$ext_null" "NULL::integer" '\x66')" ""
expect "ClearStorageKey on cleared state with its version returns 4" "$(clear "$ext_null" "3::integer")" "4"
expect "ClearStorageKey on cleared state with an old version is rejected" "$(clear "$ext_null" "3::integer")" ""
expect "WriteToStorageKey with the version the clear returned re-creates at 5" "$(write "$ext_null" "4::integer" '\x03')" "5"
expect "the re-created row replaced the tombstone" "$(live_rows)/$(tombstones)" "1/0"
expect "ReadFromStorageKey after re-creation" "$(read_state "$ext_null")" '\x03|5'
expect "the clear version cannot be replayed" "$(write "$ext_null" "4::integer" '\x66')" ""

expect "an empty-string extension is a different grain than no extension" "$(write "$ext_empty" "NULL::integer" '\x0e')" "1"
expect "both rows are readable separately" "$(read_state "$ext_null")/$(read_state "$ext_empty")" '\x03|5/\x0e|1'
if sql "INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
        grainidextensionstring, serviceid, payloadbinary, version)
        VALUES (123456789, -4611686018427387904, 42, -987654321, 'Omniops.Verify.CounterGrain', NULL,
        'verify-service', '\x00', 1)" >/dev/null 2>&1; then
    fail "a second row for the same grain (NULL extension) was accepted"
fi
pass "the grain identity is unique, NULL extensions included"

expect "DeleteStorageKey (DeleteStateOnClear) deletes at version 5 and returns 6" \
    "$(run DeleteStorageKey "${grain[@]}" "$ext_null" "GrainStateVersion=5::integer")" "6"
expect "DeleteStorageKey deleted the state row" "$(live_rows)/$(tombstones)" "0/1"
expect "after DeleteStorageKey a writer without a version re-creates, continuing at 7" \
    "$(write "$ext_null" "NULL::integer" '\x04')" "7"
expect "ReadFromStorageKey after delete and re-creation" "$(read_state "$ext_null")" '\x04|7'

# ---------------------------------------------------------------------------------------------- reminders
svc="ServiceId='verify-service'::text"
upsert() { # upsert GRAIN NAME HASH PERIOD
    run UpsertReminderRowKey "$svc" "GrainId='$1'::text" "ReminderName='$2'::text" "StartTime=$t_now" \
        "Period=$4" "GrainHash=$3::integer"
}
expect "UpsertReminderRowKey inserts at version 0" "$(upsert verify/g1 r1 100 "60000::integer")" "0"
expect "UpsertReminderRowKey updates to version 1" "$(upsert verify/g1 r1 100 "120000::integer")" "1"
expect "UpsertReminderRowKey takes a bigint period (> int.MaxValue ms)" "$(upsert verify/g1 r1 100 "3000000000::bigint")" "2"
upsert verify/g1 r2 100 "60000::integer" >/dev/null
upsert verify/g2 r1 -500 "60000::integer" >/dev/null
upsert verify/g3 r1 2000000000 "60000::integer" >/dev/null
run UpsertReminderRowKey "ServiceId='other-service'::text" "GrainId='verify/g1'::text" "ReminderName='r1'::text" \
    "StartTime=$t_now" "Period=60000::integer" "GrainHash=100::integer" >/dev/null
row="$(run ReadReminderRowKey "$svc" "GrainId='verify/g1'::text" "ReminderName='r1'::text")"
expect "ReadReminderRowKey returns grain, name, period and version" \
    "$(field 1 "$row")/$(field 2 "$row")/$(field 4 "$row")/$(field 5 "$row")" "verify/g1/r1/3000000000/2"
expect "ReadReminderRowKey returns the UTC start time" \
    "$(sql "SELECT starttime = '2026-06-01 12:00:00.123+00' FROM orleansreminderstable WHERE grainid = 'verify/g1' AND remindername = 'r1' AND serviceid = 'verify-service'")" "t"
expect "ReadReminderRowsKey returns the grain's reminders" \
    "$(run ReadReminderRowsKey "$svc" "GrainId='verify/g1'::text" | cut -d'|' -f2 | sort | tr '\n' ' ')" "r1 r2 "
names() { cut -d'|' -f1,2 | sort | tr '\n' ' '; }
expect "ReadRangeRows1Key reads (Begin, End]" \
    "$(run ReadRangeRows1Key "$svc" "BeginHash=0::integer" "EndHash=100::integer" | names)" "verify/g1|r1 verify/g1|r2 "
expect "ReadRangeRows1Key excludes Begin" \
    "$(run ReadRangeRows1Key "$svc" "BeginHash=100::integer" "EndHash=1000::integer" | names)" ""
expect "ReadRangeRows1Key across zero" \
    "$(run ReadRangeRows1Key "$svc" "BeginHash=-1000::integer" "EndHash=99::integer" | names)" "verify/g2|r1 "
expect "ReadRangeRows2Key reads a wrapping range" \
    "$(run ReadRangeRows2Key "$svc" "BeginHash=1000::integer" "EndHash=-100::integer" | names)" "verify/g2|r1 verify/g3|r1 "
expect "ReadRangeRows2Key with Begin = End reads the whole ring of the service" \
    "$(run ReadRangeRows2Key "$svc" "BeginHash=5::integer" "EndHash=5::integer" | wc -l | tr -d ' ')" "4"
for key in ReadRangeRows1Key ReadRangeRows2Key; do
    plan="$(sql "SET enable_seqscan = off; EXPLAIN $(bind "$key" "$svc" "BeginHash=1000::integer" "EndHash=-100::integer")")"
    grep -q ix_orleansreminderstable_grainhash <<<"$plan" || fail "$key does not use the range index: $plan"
    pass "$key is served by ix_orleansreminderstable_grainhash"
done
delete_reminder() { run DeleteReminderRowKey "$svc" "GrainId='verify/g1'::text" "ReminderName='r1'::text" "Version=$1::integer"; }
expect "DeleteReminderRowKey with a stale version deletes nothing" "$(delete_reminder 1)" "0"
expect "DeleteReminderRowKey with the current version deletes" "$(delete_reminder 2)" "1"
expect "ReadReminderRowKey after delete finds nothing" \
    "$(run ReadReminderRowKey "$svc" "GrainId='verify/g1'::text" "ReminderName='r1'::text")" ""
run DeleteReminderRowsKey "$svc" >/dev/null
expect "DeleteReminderRowsKey empties only its service" \
    "$(sql "SELECT string_agg(serviceid, ',') FROM orleansreminderstable")" "other-service"

failed_before && exit 1
echo "schema: OK"
