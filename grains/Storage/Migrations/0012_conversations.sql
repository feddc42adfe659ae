-- Conversations, their messages, and the privacy requests shop platforms forward.
--
-- Ids are opaque ASCII ([a-z0-9_-]), so their columns use the "C" collation: byte order, no locale work in every
-- index comparison.
--
-- conversation_index is what retention sweeps and erasure fan-out scan: one row per conversation, no content.
-- Its name is the one the design and the issue tracker use; the other project tables carry the omniops_ prefix.
CREATE TABLE IF NOT EXISTS conversation_index (
    tenant_id        text COLLATE "C" NOT NULL,
    conversation_id  text COLLATE "C" NOT NULL,
    customer_ref     text COLLATE "C" NOT NULL,
    channel          text COLLATE "C" NOT NULL,
    created_at       timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX IF NOT EXISTS ix_conversation_index_customer ON conversation_index (tenant_id, customer_ref);
CREATE INDEX IF NOT EXISTS ix_conversation_index_activity ON conversation_index (tenant_id, last_activity_at);

-- One row per message, status or reply, in conversation order (seq). message_id is a keyed hash of the channel's
-- own message id, so the unique key below is also the idempotency key: a redelivery inserts nothing.
-- body and attachments are AES-256-GCM envelopes under the customer's subject key; everything else is ids and times.
CREATE TABLE IF NOT EXISTS omniops_messages (
    tenant_id       text COLLATE "C" NOT NULL,
    conversation_id text COLLATE "C" NOT NULL,
    seq             bigint      NOT NULL CHECK (seq > 0),
    message_id      text COLLATE "C" NOT NULL,
    kind            smallint    NOT NULL,
    channel         text COLLATE "C" NOT NULL,
    actor_id        text,
    sent_at         timestamptz,
    received_at     timestamptz NOT NULL,
    status          text,
    body            bytea,
    attachments     bytea,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    CONSTRAINT uq_omniops_messages_message UNIQUE (tenant_id, message_id)
);

-- Privacy requests a shop platform forwarded (Shopify customers/data_request, customers/redact, shop/redact), kept
-- for the privacy workflow: refs only (keyed hashes of the platform's ids), never the e-mail or phone in the payload.
CREATE TABLE IF NOT EXISTS omniops_compliance_requests (
    tenant_id    text COLLATE "C" NOT NULL,
    channel      text COLLATE "C" NOT NULL,
    delivery_id  text COLLATE "C" NOT NULL,
    topic        text        NOT NULL,
    customer_ref text COLLATE "C",
    order_ids    text[]      NOT NULL,
    request_ref  text,
    received_at  timestamptz NOT NULL,
    handled_at   timestamptz,
    PRIMARY KEY (tenant_id, channel, delivery_id)
);
CREATE INDEX IF NOT EXISTS ix_omniops_compliance_requests_open ON omniops_compliance_requests (tenant_id) WHERE handled_at IS NULL;
