#!/usr/bin/env bash
# A local Omniops.Actors cluster from the built binaries, the shape of docker-compose.yml on loopback: a private
# PostgreSQL (schema owner omniops, runtime role omniops_app, as deploy/postgres/10-runtime-role.sh creates it), three
# silo processes and the standalone HTTP gateway.
#
#   scripts/cluster.sh start        initialises the state directory on first use, then starts whatever is not running
#   scripts/cluster.sh stop         stops the gateway, the silos (gracefully) and PostgreSQL
#   scripts/cluster.sh kill N       kill -9 silo N (1-3): no shutdown at all, as a crashed machine
#   scripts/cluster.sh restart-db   pg_ctl restart -m fast under whatever load there is
#   scripts/cluster.sh status       pids, ports and /health/ready of each process
#
# Build first: dotnet build silo -c Release && dotnet build client -c Release.
# State (data directory, generated keys, ports, pids, logs) lives in $OMNIOPS_CLUSTER_DIR (default: .cluster in the
# repository root; keep it out of version control). The master key, the operator key and the audit signing key are
# generated on first start, kept there (mode 0600) and printed once; the master key decrypts the stored data: losing
# it loses the data. Set OMNIOPS_CLUSTER_FAILURE_DETECTION=fast for a 2 s probe and 3 missed probes (about 6 s from a
# kill to the silo's eviction) instead of Orleans' defaults (5 s, 3: about 15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state=${OMNIOPS_CLUSTER_DIR:-$root/.cluster}
configuration=${OMNIOPS_CLUSTER_CONFIGURATION:-Release}
silos=3

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }

for dir in /usr/lib/postgresql/*/bin; do [ -d "$dir" ] && PATH="$PATH:$dir"; done
export PATH
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
pg() { "${as_pg[@]}" "$(command -v "$1")" "${@:2}"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

assembly() {
    local project=$1 name=$2 path
    path=$(ls "$root/$project/bin/$configuration"/net*/"$name.dll" 2>/dev/null | head -1)
    [ -n "$path" ] || die "build first: dotnet build $project -c $configuration ($name.dll is missing)"
    printf '%s' "$path"
}

# First start: keys, passwords and ports, written once; later runs read them back.
init_state() {
    [ -f "$state/cluster.env" ] && return
    command -v initdb >/dev/null || die "PostgreSQL is not installed (apt-get install -y postgresql)"
    command -v openssl >/dev/null || die "openssl is not installed"
    mkdir -p "$state/logs" "$state/run"
    chmod 0700 "$state"
    local master operator owner_password app_password
    master=$(openssl rand -base64 32)
    operator="opk.$(openssl rand -hex 24)"
    owner_password=$(openssl rand -hex 24)
    app_password=$(openssl rand -hex 24)
    openssl ecparam -name prime256v1 -genkey -noout -out "$state/signing.pem" 2>/dev/null
    chmod 0600 "$state/signing.pem"
    {
        echo "OMNIOPS_MASTER_KEY='$master'"
        echo "OMNIOPS_OPERATOR_KEY='$operator'"
        echo "OMNIOPS_DB_PASSWORD='$owner_password'"
        echo "OMNIOPS_DB_APP_PASSWORD='$app_password'"
        echo "PG_PORT=$(free_port)"
        echo "GATEWAY_PORT=$(free_port)"
        for n in $(seq 1 $silos); do
            echo "SILO${n}_HTTP_PORT=$(free_port)"
            echo "SILO${n}_PORT=$(free_port)"
            echo "SILO${n}_GATEWAY_PORT=$(free_port)"
            echo "SILO${n}_DASHBOARD_PORT=$(free_port)"
        done
    } >"$state/cluster.env"
    chmod 0600 "$state/cluster.env"
    # shellcheck disable=SC1091
    . "$state/cluster.env"

    log "initialising PostgreSQL in $state/pg"
    mkdir -p "$state/pg"
    if [ ${#as_pg[@]} -gt 0 ]; then chown postgres:postgres "$state/pg"; chmod 0711 "$state"; fi
    local superuser_password
    superuser_password=$(openssl rand -hex 24)
    printf '%s\n' "$superuser_password" >"$state/pg/.pwfile"
    if [ ${#as_pg[@]} -gt 0 ]; then chown postgres:postgres "$state/pg/.pwfile"; fi
    pg initdb -D "$state/pg/data" -U postgres --pwfile="$state/pg/.pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
    rm -f "$state/pg/.pwfile"
    start_db
    # The roles and database of docker-compose.yml: the owner migrates, the runtime role gets only what migrations grant.
    pg psql -h "$state/pg" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -v owner_password="$owner_password" -v app_password="$app_password" <<'SQL' >/dev/null
CREATE ROLE omniops LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE DATABASE omniops OWNER omniops;
CREATE ROLE omniops_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
SQL
    cat >&2 <<EOF
==> generated (kept in $state, printed only now):
    master key    $master
    operator key  $operator
    signing key   $state/signing.pem
EOF
}

load_state() {
    [ -f "$state/cluster.env" ] || die "no cluster in $state yet: run scripts/cluster.sh start"
    # shellcheck disable=SC1091
    . "$state/cluster.env"
}

pid_of() { local f="$state/run/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

db_running() { pg pg_ctl -D "$state/pg/data" status >/dev/null 2>&1; }
# Only the server's own OS user reaches its socket (trust there); TCP on loopback takes the roles' passwords.

start_db() {
    db_running && return
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg pg_ctl -D "$state/pg/data" -l "$state/pg/postgres.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $state/pg -c unix_socket_permissions=0700 -c max_connections=300" start >/dev/null
}

connection() {
    printf 'Host=127.0.0.1;Port=%s;Database=omniops;Username=%s;Password=%s' "$PG_PORT" "$1" "$2"
}

# The environment docker-compose.yml gives its silos (x-silo-environment), with this silo's own loopback ports.
silo_environment() {
    local n=$1 http silo gateway dashboard
    eval "http=\$SILO${n}_HTTP_PORT silo=\$SILO${n}_PORT gateway=\$SILO${n}_GATEWAY_PORT dashboard=\$SILO${n}_DASHBOARD_PORT"
    printf '%s\n' \
        "ConnectionStrings__Omniops=$(connection omniops_app "$OMNIOPS_DB_APP_PASSWORD")" \
        "ConnectionStrings__OmniopsMigrations=$(connection omniops "$OMNIOPS_DB_PASSWORD")" \
        "Omniops__MasterKey=$OMNIOPS_MASTER_KEY" \
        "Omniops__OperatorKey=$OMNIOPS_OPERATOR_KEY" \
        "Omniops__Signing__KeyFile=$state/signing.pem" \
        "Omniops__Cluster__ClusterId=omniops" \
        "Omniops__Cluster__ServiceId=omniops" \
        "Omniops__Cluster__AdvertisedAddress=127.0.0.1" \
        "Omniops__Cluster__SiloPort=$silo" \
        "Omniops__Cluster__GatewayPort=$gateway" \
        "Omniops__Cluster__DashboardPort=$dashboard" \
        "ASPNETCORE_URLS=http://127.0.0.1:$http"
    if [ "${OMNIOPS_CLUSTER_FAILURE_DETECTION:-}" = fast ]; then
        printf '%s\n' "Omniops__Cluster__Membership__ProbeTimeout=00:00:02" "Omniops__Cluster__Membership__NumMissedProbesLimit=3"
    fi
}

gateway_environment() {
    printf '%s\n' \
        "ConnectionStrings__Omniops=$(connection omniops_app "$OMNIOPS_DB_APP_PASSWORD")" \
        "Omniops__OperatorKey=$OMNIOPS_OPERATOR_KEY" \
        "Omniops__Cluster__ClusterId=omniops" \
        "Omniops__Cluster__ServiceId=omniops" \
        "ASPNETCORE_URLS=http://127.0.0.1:$GATEWAY_PORT"
    if [ "${OMNIOPS_CLUSTER_FAILURE_DETECTION:-}" = fast ]; then
        printf '%s\n' "Omniops__Cluster__Gateway__GatewayListRefreshPeriod=00:00:02"
    fi
}

# Starts one process in the background with exactly the given environment lines added (no shell expansion of values).
launch() {
    local name=$1 dll=$2 environment=$3
    local -a vars=()
    while IFS= read -r line; do [ -n "$line" ] && vars+=("$line"); done <<<"$environment"
    (cd "$(dirname "$dll")" && exec env "${vars[@]}" setsid dotnet "$dll" >>"$state/logs/$name.log" 2>&1 </dev/null) &
    echo $! >"$state/run/$name.pid"
}

wait_ready() {
    local name=$1 port=$2 deadline=$((SECONDS + ${3:-120}))
    until [ "$(ready_status "$port")" = 200 ]; do
        [ -n "$(pid_of "$name")" ] || die "$name exited; see $state/logs/$name.log"
        [ $SECONDS -lt $deadline ] || die "$name not ready on port $port; see $state/logs/$name.log"
        sleep 1
    done
}

ready_status() {
    curl -s -o /dev/null -m 6 -w '%{http_code}' "http://127.0.0.1:$1/health/ready" 2>/dev/null || true
}

start() {
    init_state
    load_state
    start_db
    local silo_dll gateway_dll
    silo_dll=$(assembly silo Omniops.Actors.Silo)
    gateway_dll=$(assembly client Omniops.Actors.Client)
    for n in $(seq 1 $silos); do
        if [ -z "$(pid_of "silo$n")" ]; then
            log "starting silo$n"
            launch "silo$n" "$silo_dll" "$(silo_environment "$n")"
            # The first silo migrates the schema; the others join once it is ready.
            [ "$n" -eq 1 ] && wait_ready silo1 "$SILO1_HTTP_PORT"
        fi
    done
    for n in $(seq 2 $silos); do eval "wait_ready silo$n \$SILO${n}_HTTP_PORT"; done
    if [ -z "$(pid_of gateway)" ]; then
        log "starting the gateway"
        launch gateway "$gateway_dll" "$(gateway_environment)"
    fi
    wait_ready gateway "$GATEWAY_PORT" 60
    log "ready: http://127.0.0.1:$GATEWAY_PORT (operator key in $state/cluster.env)"
}

stop_process() {
    local name=$1 pid
    pid=$(pid_of "$name") || true
    [ -n "$pid" ] || { rm -f "$state/run/$name.pid"; return; }
    log "stopping $name ($pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 45); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$state/run/$name.pid"
}

stop() {
    load_state
    stop_process gateway
    for n in $(seq $silos -1 1); do stop_process "silo$n"; done
    if db_running; then log "stopping PostgreSQL"; pg pg_ctl -D "$state/pg/data" -m fast -w stop >/dev/null; fi
}

kill_silo() {
    load_state
    local n=${1:-} pid
    [[ "$n" =~ ^[1-3]$ ]] || die "usage: cluster.sh kill N (N = 1..$silos)"
    pid=$(pid_of "silo$n") || die "silo$n is not running"
    kill -KILL "$pid"
    rm -f "$state/run/silo$n.pid"
    log "killed silo$n ($pid) with SIGKILL; start brings it back"
}

restart_db() {
    load_state
    log "restarting PostgreSQL (-m fast)"
    pg pg_ctl -D "$state/pg/data" -l "$state/pg/postgres.log" -w -m fast \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $state/pg -c unix_socket_permissions=0700 -c max_connections=300" restart >/dev/null
}

status() {
    load_state
    local pid ready
    if db_running; then printf '%-8s %-8s %-30s %s\n' postgres "$(head -1 "$state/pg/data/postmaster.pid")" "pg $PG_PORT" up
    else printf '%-8s %-8s %-30s %s\n' postgres - "pg $PG_PORT" down; fi
    for n in $(seq 1 $silos); do
        local http silo gateway dashboard
        eval "http=\$SILO${n}_HTTP_PORT silo=\$SILO${n}_PORT gateway=\$SILO${n}_GATEWAY_PORT dashboard=\$SILO${n}_DASHBOARD_PORT"
        pid=$(pid_of "silo$n") || pid=-
        ready=$([ "$pid" = - ] && echo down || echo "ready $(ready_status "$http")")
        printf '%-8s %-8s %-30s %s\n' "silo$n" "$pid" "http $http silo $silo gw $gateway dash $dashboard" "$ready"
    done
    pid=$(pid_of gateway) || pid=-
    ready=$([ "$pid" = - ] && echo down || echo "ready $(ready_status "$GATEWAY_PORT")")
    printf '%-8s %-8s %-30s %s\n' gateway "$pid" "http $GATEWAY_PORT" "$ready"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    kill) kill_silo "${2:-}" ;;
    restart-db) restart_db ;;
    status) status ;;
    *) echo "usage: scripts/cluster.sh start|stop|kill N|restart-db|status" >&2; exit 2 ;;
esac
