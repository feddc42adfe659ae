-- The append-only, per-tenant hash-chained audit log.
-- Append-only is enforced by the database, not by convention: UPDATE, DELETE and TRUNCATE raise for every role
-- (a superuser can only get around it by disabling triggers, which the tamper test does on purpose), and the
-- privileges are revoked from PUBLIC. Chain continuity is enforced on insert: an event must follow the stored event
-- with sequence - 1 and carry its hash as prev_hash, so a gap or fork can never be written.
CREATE TABLE IF NOT EXISTS omniops_audit_events (
    tenant_id   text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    occurred_at timestamptz NOT NULL,
    actor_kind  smallint    NOT NULL,
    actor_id    text        NOT NULL,
    operation   text        NOT NULL,
    outcome     text        NOT NULL,
    resource    text        NULL,
    details     text        NOT NULL,  -- canonical JSON as hashed; text, not jsonb, so it is kept byte for byte
    prev_hash   bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash        bytea       NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (tenant_id, seq)
);

CREATE OR REPLACE FUNCTION omniops_audit_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'omniops_audit_events is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION omniops_audit_check_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF NEW.seq = 1 THEN
        IF NEW.prev_hash <> '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea THEN
            RAISE EXCEPTION 'audit chain: first event of % must follow the genesis hash', NEW.tenant_id
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NOT EXISTS (
        SELECT 1 FROM omniops_audit_events
        WHERE tenant_id = NEW.tenant_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash) THEN
        RAISE EXCEPTION 'audit chain: event % of % does not follow the stored head', NEW.seq, NEW.tenant_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS omniops_audit_no_update ON omniops_audit_events;
CREATE TRIGGER omniops_audit_no_update BEFORE UPDATE OR DELETE ON omniops_audit_events
    FOR EACH ROW EXECUTE FUNCTION omniops_audit_reject_change();

DROP TRIGGER IF EXISTS omniops_audit_no_truncate ON omniops_audit_events;
CREATE TRIGGER omniops_audit_no_truncate BEFORE TRUNCATE ON omniops_audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION omniops_audit_reject_change();

DROP TRIGGER IF EXISTS omniops_audit_chain ON omniops_audit_events;
CREATE TRIGGER omniops_audit_chain BEFORE INSERT ON omniops_audit_events
    FOR EACH ROW EXECUTE FUNCTION omniops_audit_check_chain();

REVOKE UPDATE, DELETE, TRUNCATE ON omniops_audit_events FROM PUBLIC;
