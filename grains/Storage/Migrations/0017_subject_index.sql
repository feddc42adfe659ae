-- Subject discovery (issue: privacy rights and retention). One row per customer record, so a tenant's customers can
-- be listed (export and offboarding page through it), and keyed blind indexes to find a person's records by e-mail,
-- phone or the merchant's own customer id: HMAC-SHA256 under a key derived from the tenant key of "kind|normalized
-- value". No plain value is stored; without the tenant key a digest cannot be computed or tested.
CREATE TABLE IF NOT EXISTS omniops_subjects
(
    tenant_id    text COLLATE "C" NOT NULL,
    customer_ref text COLLATE "C" NOT NULL,
    channel      text COLLATE "C" NOT NULL,
    created_at   timestamptz      NOT NULL,
    CONSTRAINT pk_omniops_subjects PRIMARY KEY (tenant_id, customer_ref)
);

CREATE TABLE IF NOT EXISTS omniops_subject_lookups
(
    tenant_id    text COLLATE "C" NOT NULL,
    kind         smallint         NOT NULL,
    digest       bytea            NOT NULL,
    customer_ref text COLLATE "C" NOT NULL,
    CONSTRAINT pk_omniops_subject_lookups PRIMARY KEY (tenant_id, kind, digest, customer_ref)
);

CREATE INDEX IF NOT EXISTS ix_omniops_subject_lookups_ref ON omniops_subject_lookups (tenant_id, customer_ref);

ALTER TABLE omniops_subjects ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_subjects FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_subjects;
CREATE POLICY omniops_tenant_rows ON omniops_subjects
    USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
    WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')));

ALTER TABLE omniops_subject_lookups ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_subject_lookups FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_subject_lookups;
CREATE POLICY omniops_tenant_rows ON omniops_subject_lookups
    USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
    WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')));
