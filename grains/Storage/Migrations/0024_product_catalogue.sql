-- The product catalogue (issue #11, tools): the merchant's products from the shop's products/create and
-- products/update webhooks, for the AI product-lookup tool. Merchant business data, no personal data, protected like
-- the rest: bound to its tenant by row-level security and erased with the tenant at offboarding. Only what the lookup
-- needs is kept: title, handle, status, vendor, type, tags and the variants' SKU, title, price, stock and
-- availability (variants as JSON). search_text is those fields lower-cased, one per line, for substring lookup.
-- delivery_id is the webhook id of the version held (a redelivery of it is a duplicate); updated_at is the shop's, so
-- an older version arriving late never replaces a newer one.
CREATE TABLE IF NOT EXISTS omniops_products
(
    tenant_id    text COLLATE "C" NOT NULL,
    product_id   text COLLATE "C" NOT NULL,
    title        text             NOT NULL,
    handle       text             NULL,
    status       text             NULL,
    vendor       text             NULL,
    product_type text             NULL,
    tags         text[]           NOT NULL,
    variants     jsonb            NOT NULL,
    search_text  text             NOT NULL,
    updated_at   timestamptz      NOT NULL,
    delivery_id  text COLLATE "C" NOT NULL,
    CONSTRAINT pk_omniops_products PRIMARY KEY (tenant_id, product_id)
);

CREATE INDEX IF NOT EXISTS ix_omniops_products_title ON omniops_products (tenant_id, title, product_id);

ALTER TABLE omniops_products ENABLE ROW LEVEL SECURITY;
ALTER TABLE omniops_products FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS omniops_tenant_rows ON omniops_products;
CREATE POLICY omniops_tenant_rows ON omniops_products
    USING (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
    WITH CHECK (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]));
