-- 0001_orleans_main.sql
--
-- The query registry of the Orleans ADO.NET providers (Microsoft.Orleans.*.AdoNet 10.4.2, invariant "Npgsql").
--
-- The providers never issue SQL of their own except
--     SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = ...]
-- They read every statement they run from this table, bind Npgsql named parameters (@Name) and read result
-- columns by name (Npgsql matches names case-insensitively, so our lower-case identifiers are fine).
-- 0002..0004 register the queries for clustering, grain storage and reminders; docs/storage.md lists them.
--
-- Conventions for all four scripts:
--   * objects are created in the first schema of the search_path of the migrating connection, unqualified, and
--     the providers find them through the same search_path;
--   * every statement is re-runnable (IF NOT EXISTS, CREATE OR REPLACE, upserts), and nothing here uses
--     BEGIN/COMMIT or CREATE INDEX CONCURRENTLY: the migrator runs each file inside its own transaction;
--   * identifiers are lower-case and unquoted; OrleansQuery/QueryKey/QueryText fold to the names below.

DO $$
BEGIN
    -- 0003 relies on UNIQUE NULLS NOT DISTINCT (PostgreSQL 15). Fail here, with a readable message.
    IF current_setting('server_version_num')::integer < 150000 THEN
        RAISE EXCEPTION 'the Orleans schema needs PostgreSQL 15 or newer, this server is %',
            current_setting('server_version');
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'Statements the Orleans ADO.NET providers execute, by key. Maintained by grains/Storage/Migrations.';

-- Registers (or re-registers) one provider query. The scripts are the source of truth for the query texts, so a
-- re-run puts back the text of the script; a change to a query belongs in a new migration.
CREATE OR REPLACE FUNCTION orleans_upsert_query(p_querykey varchar, p_querytext text)
    RETURNS void
    LANGUAGE sql
AS $fn$
    INSERT INTO orleansquery (querykey, querytext)
    VALUES (p_querykey, p_querytext)
    ON CONFLICT (querykey) DO UPDATE
        SET querytext = excluded.querytext
        WHERE orleansquery.querytext IS DISTINCT FROM excluded.querytext;
$fn$;
