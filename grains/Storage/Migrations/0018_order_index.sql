-- The order index (issue: privacy rights and retention): one row per order, no content, so the tenant's retention
-- sweep finds the orders whose last change is older than the tenant's order retention without reading any grain
-- state. Upserted by the order grain when it writes (at most once a minute per order); removed with the order.
-- customer_ref is the ordering customer's ref (a keyed hash), NULL for a guest order.
CREATE TABLE IF NOT EXISTS order_index
(
    tenant_id    text COLLATE "C" NOT NULL,
    order_id     text COLLATE "C" NOT NULL,
    customer_ref text COLLATE "C" NULL,
    updated_at   timestamptz      NOT NULL,
    CONSTRAINT pk_order_index PRIMARY KEY (tenant_id, order_id)
);

CREATE INDEX IF NOT EXISTS ix_order_index_updated ON order_index (tenant_id, updated_at);

ALTER TABLE order_index ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_index FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON order_index;
CREATE POLICY omniops_tenant_rows ON order_index
    USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
    WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')));
