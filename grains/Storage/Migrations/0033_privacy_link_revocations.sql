-- Revoked privacy links: a link the merchant revoked is refused like a forged one until it would have expired. Only
-- the link's id and its expiry (no customer ref, nothing personal: the link's subject stays in the audit trail's hashed
-- privacy.link.issue event); rows past their expiry say nothing any more and are pruned at the tenant's next
-- revocation. Emptied by offboarding with the tenant's other tables.
CREATE TABLE IF NOT EXISTS omniops_privacy_link_revocations
(
    tenant_id  text COLLATE "C" NOT NULL,
    link_id    text COLLATE "C" NOT NULL,
    expires_at timestamptz      NOT NULL,
    revoked_at timestamptz      NOT NULL,
    CONSTRAINT pk_omniops_privacy_link_revocations PRIMARY KEY (tenant_id, link_id)
);

ALTER TABLE omniops_privacy_link_revocations ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_privacy_link_revocations FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_privacy_link_revocations;
CREATE POLICY omniops_tenant_rows ON omniops_privacy_link_revocations
    USING (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
    WITH CHECK (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]));
