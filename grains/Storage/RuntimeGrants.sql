-- The runtime role's privileges, re-applied by the schema owner after the migrations at every silo start (the role
-- is the one ConnectionStrings:Omniops logs in as, known only then, so this is not a versioned migration).
-- Each table gets exactly what its store or Orleans provider uses, and everything else is revoked first, so an older
-- grant never lingers. The audit log is INSERT and SELECT only: the runtime role cannot UPDATE, DELETE or TRUNCATE
-- it, and, not owning it, cannot disable its triggers. A new table gets its line here.
DO $$
DECLARE
    runtime_role text := current_setting('omniops.runtime_role');
    grant_line   text[];
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), runtime_role);
    FOREACH grant_line SLICE 1 IN ARRAY ARRAY[
        -- The Orleans ADO.NET providers: the query registry is read-only; membership, state and reminders are theirs.
        ['orleansquery',                    'SELECT'],
        ['orleansmembershipversiontable',   'SELECT, INSERT, UPDATE, DELETE'],
        ['orleansmembershiptable',          'SELECT, INSERT, UPDATE, DELETE'],
        ['orleansstorage',                  'SELECT, INSERT, UPDATE, DELETE'],
        ['orleansstoragetombstone',         'SELECT, INSERT, UPDATE, DELETE'],
        ['orleansreminderstable',           'SELECT, INSERT, UPDATE, DELETE'],
        -- Append-only.
        ['omniops_audit_events',            'SELECT, INSERT'],
        -- Tenant keys are re-wrapped in place at master-key rotation and destroyed last at offboarding; subject keys are
        -- destroyed at erasure.
        ['omniops_tenant_keys',             'SELECT, INSERT, UPDATE, DELETE'],
        ['omniops_subject_keys',            'SELECT, INSERT, DELETE'],
        -- The index row's last activity is upserted; erasure and retention delete conversations and requests.
        ['conversation_index',              'SELECT, INSERT, UPDATE, DELETE'],
        -- A reply's status moves from queued to sent or failed.
        ['omniops_messages',                'SELECT, INSERT, UPDATE (status), DELETE'],
        ['omniops_outbox',                  'SELECT, INSERT, UPDATE, DELETE'],
        ['omniops_compliance_requests',     'SELECT, INSERT, UPDATE, DELETE'],
        ['omniops_privacy_requests',        'SELECT, INSERT, UPDATE, DELETE'],
        -- Subject index: a record's channel is filled in once (its first write may come before the channel's contact).
        ['omniops_subjects',                'SELECT, INSERT, UPDATE (channel), DELETE'],
        ['omniops_subject_lookups',         'SELECT, INSERT, DELETE'],
        ['order_index',                     'SELECT, INSERT, UPDATE, DELETE'],
        ['omniops_products',                'SELECT, INSERT, UPDATE, DELETE'],
        -- A privacy link is revoked by setting its revoked_at; expired rows are pruned.
        ['omniops_privacy_links',           'SELECT, INSERT, UPDATE (revoked_at), DELETE'],
        ['omniops_schema_migrations',       'SELECT'],
        -- Retention's horizons are written only by omniops_audit_expire (the owner's function).
        ['omniops_audit_horizons',          'SELECT']]
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', grant_line[1], runtime_role);
        EXECUTE format('GRANT %s ON TABLE %I TO %I', grant_line[2], grant_line[1], runtime_role);
    END LOOP;
    -- Audit retention: the one way audit events leave (it records the horizon); no DELETE on the table itself.
    EXECUTE format('REVOKE ALL ON FUNCTION omniops_audit_expire(text, bigint) FROM %I', runtime_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION omniops_audit_expire(text, bigint) TO %I', runtime_role);
    -- Privacy requests by state and overdue, as aggregates over every tenant (the operators' gauge; migration 0026).
    EXECUTE format('REVOKE ALL ON FUNCTION omniops_privacy_request_counts() FROM %I', runtime_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION omniops_privacy_request_counts() TO %I', runtime_role);
END
$$;
