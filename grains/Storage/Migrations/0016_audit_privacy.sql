-- The audit events about a subject: personal resources are stored as keyed hashes (hmac:…), and a subject's export
-- looks its events up by those hashes (resource = ANY($hashes)) within one tenant, in sequence order.
CREATE INDEX IF NOT EXISTS omniops_audit_events_resource ON omniops_audit_events (tenant_id, resource, seq);
