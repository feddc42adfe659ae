-- The outbox (issue 11, "replies reach the channel"): one row per agent or approved AI reply that is still to be sent
-- to the customer's channel, inserted by the same statement (and so the same transaction) as the message itself.
-- It holds references only — the message id, its conversation and channel, the attempt count and when to try next —
-- never the text, which stays sealed under the subject key in omniops_messages and is opened at send time by the
-- conversation grain. A row leaves when the message was sent or finally failed (the message's status says which),
-- and with its conversation (erasure, retention, offboarding).
CREATE TABLE IF NOT EXISTS omniops_outbox
(
    tenant_id       text COLLATE "C" NOT NULL,
    message_id      text COLLATE "C" NOT NULL,
    conversation_id text COLLATE "C" NOT NULL,
    channel         text COLLATE "C" NOT NULL,
    attempts        integer          NOT NULL DEFAULT 0,
    next_attempt_at timestamptz      NOT NULL,
    CONSTRAINT pk_omniops_outbox PRIMARY KEY (tenant_id, message_id)
);

CREATE INDEX IF NOT EXISTS ix_omniops_outbox_due ON omniops_outbox (tenant_id, next_attempt_at);
CREATE INDEX IF NOT EXISTS ix_omniops_outbox_conversation ON omniops_outbox (tenant_id, conversation_id);

ALTER TABLE omniops_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_outbox FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_outbox;
CREATE POLICY omniops_tenant_rows ON omniops_outbox
    USING (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
    WITH CHECK (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]));

-- The channel account a conversation arrived on (WhatsApp: the business phone_number_id; not personal data): where a
-- reply is sent from. Written with the conversation's first index row; NULL for channels without one.
ALTER TABLE conversation_index ADD COLUMN IF NOT EXISTS channel_account text COLLATE "C" NULL;
