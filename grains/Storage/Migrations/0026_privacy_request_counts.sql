-- Privacy requests by state, and how many are overdue, for the operators' gauge (omniops.privacy.requests), without
-- giving the runtime role a view of other tenants' rows: omniops_privacy_requests stays under row-level security (its
-- tenant policy holds the owner too). omniops_privacy_request_counts is a SECURITY DEFINER function owned by the
-- schema owner that returns only aggregates — a status and two counts, no tenant id, no request id — over every
-- tenant. It sees every row through a second, SELECT-only policy that admits the table's owner alone, and only while
-- the function's own transaction-local flag is on (set by the function, off again before it returns); the
-- runtime role setting the flag by hand is still not the owner and sees nothing more. EXECUTE is granted to the
-- runtime role in RuntimeGrants.sql.
DROP POLICY IF EXISTS omniops_privacy_request_counts ON omniops_privacy_requests;
CREATE POLICY omniops_privacy_request_counts ON omniops_privacy_requests AS PERMISSIVE FOR SELECT
    USING (current_setting('omniops.privacy_counting', true) = 'on'
           AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                               WHERE c.oid = 'omniops_privacy_requests'::regclass));

CREATE OR REPLACE FUNCTION omniops_privacy_request_counts()
    RETURNS TABLE (status smallint, requests bigint, overdue bigint)
LANGUAGE plpgsql SECURITY DEFINER
AS $body$
BEGIN
    PERFORM set_config('omniops.privacy_counting', 'on', true);
    RETURN QUERY
        SELECT p.status, count(*), count(*) FILTER (WHERE p.status IN (0, 1) AND p.due_at < now())
        FROM omniops_privacy_requests p
        GROUP BY p.status
        ORDER BY p.status;
    PERFORM set_config('omniops.privacy_counting', 'off', true);
END;
$body$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION omniops_privacy_request_counts() SET search_path = %I, pg_temp', current_schema());
END
$$;

REVOKE ALL ON FUNCTION omniops_privacy_request_counts() FROM PUBLIC;
