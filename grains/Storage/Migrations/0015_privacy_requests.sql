-- Privacy requests (issue: privacy rights and retention). The request itself is the state of its grain
-- (IPrivacyRequestGrain {tenant}/{requestId}); this table is the tenant's queue of them, for listing by status and
-- due date. No subject in it: the queue lists requests, not people.
CREATE TABLE IF NOT EXISTS omniops_privacy_requests
(
    tenant_id    text COLLATE "C" NOT NULL,
    request_id   text COLLATE "C" NOT NULL,
    kind         smallint         NOT NULL,
    status       smallint         NOT NULL,
    source       smallint         NOT NULL,
    received_at  timestamptz      NOT NULL,
    due_at       timestamptz      NOT NULL,
    completed_at timestamptz      NULL,
    CONSTRAINT pk_omniops_privacy_requests PRIMARY KEY (tenant_id, request_id)
);

CREATE INDEX IF NOT EXISTS ix_omniops_privacy_requests_due ON omniops_privacy_requests (tenant_id, due_at);

ALTER TABLE omniops_privacy_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_privacy_requests FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_privacy_requests;
CREATE POLICY omniops_tenant_rows ON omniops_privacy_requests
    USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
    WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')));

-- Erasure removes grain state rows by their key (the customer's and each order's, and a whole tenant's by prefix), the
-- live row and the tombstone both: an index on the key string serves the equality and the prefix (LIKE 'x/%').
CREATE INDEX IF NOT EXISTS ix_orleansstorage_key ON orleansstorage (grainidextensionstring text_pattern_ops);
CREATE INDEX IF NOT EXISTS ix_orleansstoragetombstone_key ON orleansstoragetombstone (grainidextensionstring text_pattern_ops);
