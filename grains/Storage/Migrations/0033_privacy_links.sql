-- The privacy links a tenant issued, so a merchant can revoke them: one row per link from its issue until it would
-- have expired (pruned at the tenant's next issue or revocation after that). Nothing personal: the link's subject as
-- the same SHA-256 digest of tenant and customer ref the privacy-request queue keeps (the ref is itself a keyed hash).
-- A link is refused while its row says revoked; a link without a row (issued before this table) lives to its expiry.
-- Emptied by offboarding with the tenant's other tables; a subject's erasure leaves its links to their expiry, so the
-- subject can follow the request to its receipt.
CREATE TABLE IF NOT EXISTS omniops_privacy_links
(
    tenant_id      text COLLATE "C" NOT NULL,
    link_id        text COLLATE "C" NOT NULL,
    subject_digest text COLLATE "C" NOT NULL,
    expires_at     timestamptz      NOT NULL,
    revoked_at     timestamptz,
    CONSTRAINT pk_omniops_privacy_links PRIMARY KEY (tenant_id, link_id)
);

CREATE INDEX IF NOT EXISTS ix_omniops_privacy_links_subject ON omniops_privacy_links (tenant_id, subject_digest);

ALTER TABLE omniops_privacy_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_privacy_links FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_privacy_links;
CREATE POLICY omniops_tenant_rows ON omniops_privacy_links
    USING (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
    WITH CHECK (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]));
