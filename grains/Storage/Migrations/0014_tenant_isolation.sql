-- Row-level security on the tenant tables: a statement sees and writes only rows of the tenants bound to its
-- transaction by set_config('omniops.tenants', 'a,b', true) (a comma-separated list, because a group-committed batch
-- carries several tenants; tenant ids never contain a comma). Unbound, the list is NULL or empty and nothing is
-- visible, so a query that forgets its tenant filter returns nothing instead of every tenant's rows.
-- FORCE: the schema owner is held to the policies too (only superusers and BYPASSRLS roles are not), so a later
-- migration that rewrites rows of several tenants binds them, or lifts FORCE for its own statement and restores it.
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['omniops_audit_events', 'omniops_tenant_keys', 'omniops_subject_keys',
                                        'conversation_index', 'omniops_messages', 'omniops_compliance_requests']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('DROP POLICY IF EXISTS omniops_tenant_rows ON %I', tenant_table);
        EXECUTE format($policy$
            CREATE POLICY omniops_tenant_rows ON %I
                USING (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
                WITH CHECK (tenant_id = ANY (string_to_array(current_setting('omniops.tenants', true), ',')))
            $policy$, tenant_table);
    END LOOP;
END
$$;

-- The one system path that spans tenants: the start-up check and the operator's master-key re-wrap read the tenant
-- keys' wrapping key ids across tenants (set_config('omniops.all_tenants', 'on', true), used by those named code
-- paths only). Read only: the re-wrap itself updates each key bound to its own tenant.
DROP POLICY IF EXISTS omniops_key_maintenance ON omniops_tenant_keys;
CREATE POLICY omniops_key_maintenance ON omniops_tenant_keys FOR SELECT
    USING (current_setting('omniops.all_tenants', true) = 'on');
