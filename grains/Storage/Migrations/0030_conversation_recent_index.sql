-- The inbox's order as an index: most recently active first, then by id (the list's keyset). With only
-- (tenant_id, last_activity_at) the list scanned that index backwards, sorted ties by id, and could not use the
-- cursor's compound bound as an index condition: page n read and discarded the n - 1 pages before it (a filter over
-- every newer row). On this index a page — in either direction — is one range scan of the page's own rows (plus the
-- cursor row), however deep it is. ix_conversation_index_activity stays: the retention sweep pages oldest first with
-- ids ascending, an order this index cannot give. No new table, so row-level security is unchanged.
CREATE INDEX IF NOT EXISTS ix_conversation_index_recent ON conversation_index (tenant_id, last_activity_at DESC, conversation_id);
