-- 0002_orleans_clustering.sql
--
-- Membership table for Microsoft.Orleans.Clustering.AdoNet 10.4.2 (silos and clients).
--
-- The provider reads these keys: GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
-- InsertMembershipVersionKey, UpdateIAmAlivetimeKey, InsertMembershipKey, UpdateMembershipKey,
-- DeleteMembershipTableEntriesKey, CleanupDefunctSiloEntriesKey (all required: start-up fails if one is missing)
-- and CleanupDefunctSiloEntryKey (optional; when present it replaces the bulk cleanup, see below).
--
-- Parameters as the provider binds them (DbType -> what Npgsql sends):
--   @DeploymentId text (the ClusterId), @Address text (IP address string), @Port/@Generation/@ProxyPort/@Status
--   integer, @SiloName/@HostName/@SuspectTimes text (SuspectTimes may be NULL), @StartTime/@IAmAliveTime
--   timestamptz (DbType.DateTime is timestamptz with Npgsql >= 6, values are UTC), @Version integer: the table
--   version (etag) the caller read.
-- Reads: rows must carry Address, Port, Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes,
--   StartTime, IAmAliveTime and Version (of the version row). A read with no member still returns the version
--   row (LEFT JOIN, member columns NULL): the provider takes the table version from the first row.
-- Inserts/updates return one row with one column, > 0 for success and 0 for "version or row mismatch".
--
-- Membership is tiny (one row per silo incarnation), so no index beyond the primary keys is needed.

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    modifiedon   timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NOT NULL DEFAULT 0,
    suspecttimes text           NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,

    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Inserts a member and bumps the table version, both or neither.
-- The version row is locked first and only if it still carries the caller's version, so concurrent inserts and
-- updates of one cluster are serialized on that row and the loser sees the new version and gets 0.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid varchar,
    p_address      varchar,
    p_port         integer,
    p_generation   integer,
    p_siloname     varchar,
    p_hostname     varchar,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable v
     WHERE v.deploymentid = p_deploymentid
       AND v.version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;   -- stale table version (or no version row): the caller re-reads and retries
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status,
         coalesce(p_proxyport, 0), p_starttime, p_iamalivetime)
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;   -- this silo incarnation is already a member; the version stays as it was
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           modifiedon = now()
     WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

-- Updates a member's status, suspicions and liveness and bumps the table version, both or neither.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid varchar,
    p_address      varchar,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable v
     WHERE v.deploymentid = p_deploymentid
       AND v.version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspecttimes,
           iamalivetime = p_iamalivetime
     WHERE deploymentid = p_deploymentid
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;   -- no such member; the version stays as it was
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           modifiedon = now()
     WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

-- Creates the cluster's version row once; 1 if this call created it, 0 if it already existed.
SELECT orleans_upsert_query('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS inserted FROM inserted;
$q$);

SELECT orleans_upsert_query('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS inserted;
$q$);

SELECT orleans_upsert_query('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version) AS updated;
$q$);

-- Heartbeat; deliberately not versioned (the provider ignores the outcome).
SELECT orleans_upsert_query('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
   SET iamalivetime = @IAmAliveTime
 WHERE deploymentid = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$q$);

SELECT orleans_upsert_query('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
         ON m.deploymentid = v.deploymentid
        AND m.address = @Address
        AND m.port = @Port
        AND m.generation = @Generation
 WHERE v.deploymentid = @DeploymentId;
$q$);

SELECT orleans_upsert_query('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
         ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId;
$q$);

SELECT orleans_upsert_query('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$);

-- Status 3 = SiloStatus.Active. Clients connect to the proxy (gateway) port of active silos.
SELECT orleans_upsert_query('GatewaysQueryKey', $q$
SELECT address, proxyport, generation
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = @Status
   AND proxyport > 0;
$q$);

-- Defunct-silo cleanup. 10.4.2 first reads the table and, for each row that is Dead (status 6) with StartTime,
-- IAmAliveTime and every suspicion vote older than the cutoff, runs CleanupDefunctSiloEntryKey with the values
-- it read; the row is deleted only if it still carries exactly those values (nobody touched it since).
-- CleanupDefunctSiloEntriesKey is what older providers run, or 10.4.2 without the per-row key; it must exist for
-- the provider to start. It applies the same eligibility minus the suspicion check (which lives in a
-- '|'-separated string), so no silo that is not Dead is ever removed, unlike upstream's "Status != 3".
SELECT orleans_upsert_query('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND starttime = @StartTime
   AND iamalivetime = @IAmAliveTime
   AND coalesce(suspecttimes, '') = coalesce(@SuspectTimes, '');
$q$);

SELECT orleans_upsert_query('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = 6
   AND iamalivetime < @IAmAliveTime
   AND starttime < @IAmAliveTime;
$q$);
