-- The tenant policy's bound list, evaluated once per statement instead of once per row: the same rule as 0014
-- (a row is visible and writable only when its tenant_id is in the transaction's omniops.tenants), with the list
-- parsed in a scalar subquery, which PostgreSQL computes once (an InitPlan) rather than calling current_setting and
-- string_to_array again for every row a statement touches. Semantics are unchanged; the cost of a statement over many
-- rows (offboarding, retention, an export) falls to that of a plain tenant filter.
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOR tenant_table IN
        SELECT tablename FROM pg_policies WHERE schemaname = current_schema() AND policyname = 'omniops_tenant_rows'
    LOOP
        EXECUTE format($policy$
            ALTER POLICY omniops_tenant_rows ON %I
                USING (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
                WITH CHECK (tenant_id = ANY ((SELECT string_to_array(current_setting('omniops.tenants', true), ','))::text[]))
            $policy$, tenant_table);
    END LOOP;
END
$$;
