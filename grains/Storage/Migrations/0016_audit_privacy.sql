-- The audit events about a subject: personal resources are stored as keyed hashes (hmac:…), and a subject's export
-- looks its events up by those hashes (resource = ANY($hashes)) within one tenant, in sequence order.
CREATE INDEX IF NOT EXISTS omniops_audit_events_resource ON omniops_audit_events (tenant_id, resource, seq);

-- Audit-log retention without breaking verification. Old events leave only through omniops_audit_expire, a
-- SECURITY DEFINER function owned by the schema owner, which records the last removed event (its sequence and hash)
-- as the tenant's horizon before it deletes: verify then starts from the newest horizon, and the first remaining
-- event must name the horizon's hash as its previous hash.
CREATE TABLE IF NOT EXISTS omniops_audit_horizons (
    tenant_id     text        NOT NULL,
    seq           bigint      NOT NULL CHECK (seq > 0),
    hash          bytea       NOT NULL CHECK (length(hash) = 32),
    removed_count bigint      NOT NULL CHECK (removed_count > 0),
    removed_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

CREATE OR REPLACE FUNCTION omniops_audit_horizon_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'omniops_audit_horizons is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS omniops_audit_horizon_no_update ON omniops_audit_horizons;
CREATE TRIGGER omniops_audit_horizon_no_update BEFORE UPDATE OR DELETE ON omniops_audit_horizons
    FOR EACH ROW EXECUTE FUNCTION omniops_audit_horizon_reject_change();

DROP TRIGGER IF EXISTS omniops_audit_horizon_no_truncate ON omniops_audit_horizons;
CREATE TRIGGER omniops_audit_horizon_no_truncate BEFORE TRUNCATE ON omniops_audit_horizons
    FOR EACH STATEMENT EXECUTE FUNCTION omniops_audit_horizon_reject_change();

REVOKE UPDATE, DELETE, TRUNCATE ON omniops_audit_horizons FROM PUBLIC;

ALTER TABLE omniops_audit_horizons ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_audit_horizons FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_audit_horizons;
CREATE POLICY omniops_tenant_rows ON omniops_audit_horizons
    USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
    WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')));

-- A DELETE on the events is let through only when all three hold: the statement runs as the table's owner (inside
-- the function; the runtime role has no DELETE privilege at all), the function's transaction-local flag is on, and a
-- horizon at or above the row is already recorded for its tenant. Whoever sets the flag by hand still cannot delete
-- without leaving a horizon, which verify checks against the first remaining event. UPDATE stays refused.
CREATE OR REPLACE FUNCTION omniops_audit_check_expiry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('omniops.audit_expiring', true) = 'on'
       AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = TG_RELID)
       AND EXISTS (SELECT 1 FROM omniops_audit_horizons h WHERE h.tenant_id = OLD.tenant_id AND h.seq >= OLD.seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'omniops_audit_events is append-only (DELETE refused outside omniops_audit_expire)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS omniops_audit_no_update ON omniops_audit_events;
CREATE TRIGGER omniops_audit_no_update BEFORE UPDATE ON omniops_audit_events
    FOR EACH ROW EXECUTE FUNCTION omniops_audit_reject_change();

DROP TRIGGER IF EXISTS omniops_audit_no_delete ON omniops_audit_events;
CREATE TRIGGER omniops_audit_no_delete BEFORE DELETE ON omniops_audit_events
    FOR EACH ROW EXECUTE FUNCTION omniops_audit_check_expiry();

-- Removes the bound tenant's events up to up_to_seq (the caller binds the tenant: row-level security holds the owner
-- too), refusing the newest event and any event younger than one day; returns how many were removed.
CREATE OR REPLACE FUNCTION omniops_audit_expire(tenant text, up_to_seq bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $body$
DECLARE
    head_seq  bigint;
    last_hash bytea;
    youngest  timestamptz;
    removed   bigint;
BEGIN
    IF tenant IS NULL OR up_to_seq IS NULL OR up_to_seq < 1 THEN
        RAISE EXCEPTION 'omniops_audit_expire: a tenant and a positive sequence are required'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT max(seq) INTO head_seq FROM omniops_audit_events WHERE tenant_id = tenant;
    IF head_seq IS NULL OR up_to_seq >= head_seq THEN
        RAISE EXCEPTION 'omniops_audit_expire: the newest event of % is never removed', tenant
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT hash INTO last_hash FROM omniops_audit_events WHERE tenant_id = tenant AND seq = up_to_seq;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'omniops_audit_expire: event % of % is not stored', up_to_seq, tenant
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT count(*), max(occurred_at) INTO removed, youngest
    FROM omniops_audit_events WHERE tenant_id = tenant AND seq <= up_to_seq;
    IF youngest > now() - interval '1 day' THEN
        RAISE EXCEPTION 'omniops_audit_expire: events younger than one day are never removed'
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO omniops_audit_horizons (tenant_id, seq, hash, removed_count, removed_at)
    VALUES (tenant, up_to_seq, last_hash, removed, now());
    PERFORM set_config('omniops.audit_expiring', 'on', true);
    DELETE FROM omniops_audit_events WHERE tenant_id = tenant AND seq <= up_to_seq;
    PERFORM set_config('omniops.audit_expiring', 'off', true);
    RETURN removed;
END;
$body$;

-- Run as its owner: its search path is pinned to this schema (pg_temp last), so a caller cannot shadow its tables.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION omniops_audit_expire(text, bigint) SET search_path = %I, pg_temp', current_schema());
END
$$;

REVOKE ALL ON FUNCTION omniops_audit_expire(text, bigint) FROM PUBLIC;
