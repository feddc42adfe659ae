-- Privacy requests bound to their bodies: a destructive request (customers/redact, shop/redact) is unique per
-- tenant and channel by a keyed hash of its signed body, so a captured body re-sent under a fresh webhook id is the
-- same request; and it records when it may take effect (received_at plus the cooling-off window).
ALTER TABLE omniops_compliance_requests ADD COLUMN IF NOT EXISTS body_digest text COLLATE "C";
ALTER TABLE omniops_compliance_requests ADD COLUMN IF NOT EXISTS effective_at timestamptz;
-- Rows recorded before: a destructive one waits the default window (48 hours) from when it was received.
UPDATE omniops_compliance_requests
SET effective_at = received_at + CASE WHEN topic IN ('customers/redact', 'shop/redact') THEN interval '48 hours' ELSE interval '0' END
WHERE effective_at IS NULL;
ALTER TABLE omniops_compliance_requests ALTER COLUMN effective_at SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_omniops_compliance_requests_body
    ON omniops_compliance_requests (tenant_id, channel, body_digest)
    WHERE topic IN ('customers/redact', 'shop/redact');
