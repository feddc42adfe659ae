-- 0004_orleans_reminders.sql
--
-- Reminder table for Microsoft.Orleans.Reminders.AdoNet 10.4.2 (AdoNetReminderTable).
--
-- Keys (all required): ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key, ReadRangeRows2Key,
-- UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey.
--
-- Parameters: @ServiceId text, @GrainId text (GrainId.ToString(), "type/key"), @ReminderName text,
-- @StartTime timestamptz (UTC), @Period integer or bigint milliseconds (bigint above int.MaxValue),
-- @GrainHash/@BeginHash/@EndHash integer: the uint ring hashes reinterpreted as signed int, @Version integer.
-- Reads: GrainId, ReminderName, StartTime, Period (read as Int64), Version (the reminder's ETag).
-- Upsert returns the new Version; delete returns one row with one column, > 0 when the row was deleted.
--
-- Range reads: each silo owns a slice (BeginHash, EndHash] of the hash ring. The provider compares the bounds as
-- signed ints; when Begin < End it runs ReadRangeRows1Key (GrainHash > Begin AND GrainHash <= End), otherwise
-- the slice wraps around (or is the whole ring when Begin = End) and it runs ReadRangeRows2Key
-- (GrainHash > Begin OR GrainHash <= End). Upstream has no index for these (dotnet/orleans#947) and scans the
-- table on every ring change and every periodic refresh; ix_orleansreminderstable_grainhash serves both forms:
-- one range scan for 1, two range scans combined by a BitmapOr for 2.

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(1024)  NOT NULL,
    remindername varchar(256)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,

    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_grainhash
    ON orleansreminderstable (serviceid, grainhash);

-- Insert at version 0, or replace schedule and hash and bump the version. Reminders are last-writer-wins in
-- Orleans (the reminder service owns the row); the version only lets DeleteReminderRowKey detect a newer row.
SELECT orleans_upsert_query('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable AS r
       (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT pk_orleansreminderstable DO UPDATE
   SET starttime = excluded.starttime,
       period = excluded.period,
       grainhash = excluded.grainhash,
       version = r.version + 1
RETURNING r.version;
$q$);

SELECT orleans_upsert_query('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainid = @GrainId;
$q$);

SELECT orleans_upsert_query('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainid = @GrainId
   AND remindername = @ReminderName;
$q$);

SELECT orleans_upsert_query('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainhash > @BeginHash
   AND grainhash <= @EndHash;
$q$);

SELECT orleans_upsert_query('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$);

SELECT orleans_upsert_query('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId
       AND remindername = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS deleted FROM deleted;
$q$);

SELECT orleans_upsert_query('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable
 WHERE serviceid = @ServiceId;
$q$);
