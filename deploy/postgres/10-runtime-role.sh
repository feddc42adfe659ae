#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d), after it has created
# POSTGRES_USER (omniops: the schema owner, which the silos migrate with, ConnectionStrings__OmniopsMigrations).
# Creates the runtime role the silos and the gateway log in as (ConnectionStrings__Omniops): no privileges of its
# own; the silos' migrations grant it what each table needs (the audit log: INSERT and SELECT only).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$OMNIOPS_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE omniops_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
SQL
