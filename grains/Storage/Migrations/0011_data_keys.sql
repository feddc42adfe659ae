-- Wrapped data keys. Tenant keys are wrapped by a master key (KEK, named by kek_id); subject keys by their tenant's
-- key. They live in tables of their own so that master-key rotation and the start-up check need no grain, and so
-- that destroying a subject key (crypto-shredding) is one DELETE that no grain state copy can undo.
-- Keep these tables' backups short-lived: a backup of a destroyed subject key would undo its erasure.
CREATE TABLE IF NOT EXISTS omniops_tenant_keys (
    tenant_id  text        NOT NULL,
    version    integer     NOT NULL CHECK (version > 0),
    kek_id     text        NOT NULL,
    wrapped    bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE INDEX IF NOT EXISTS ix_omniops_tenant_keys_kek ON omniops_tenant_keys (kek_id);

CREATE TABLE IF NOT EXISTS omniops_subject_keys (
    tenant_id      text        NOT NULL,
    subject_id     text        NOT NULL,
    tenant_version integer     NOT NULL,
    wrapped        bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, subject_id)
);
