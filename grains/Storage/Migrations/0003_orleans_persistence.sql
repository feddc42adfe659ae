-- 0003_orleans_persistence.sql
--
-- Grain state for Microsoft.Orleans.Persistence.AdoNet 10.4.2 (AdoNetGrainStorage).
--
-- Keys: WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (required) and DeleteStorageKey (read only when
-- AdoNetGrainStorageOptions.DeleteStateOnClear = true; start-up fails without it in that case).
--
-- Every call binds the grain's identity:
--   @GrainIdHash integer, @GrainTypeHash integer   hashes of the id and of the grain type (collisions possible)
--   @GrainIdN0, @GrainIdN1 bigint                  Guid halves, or 0 and the integer key, or 0 and 0
--   @GrainTypeString text                          grain type name, generic arguments normalized
--   @GrainIdExtensionString text, NULL allowed     string key, or key extension of a Guid/integer key, or NULL
--   @ServiceId text                                ClusterOptions.ServiceId
-- and writes/clears also @GrainStateVersion integer: the grain's ETag, NULL when it holds none. A write adds
-- @PayloadBinary bytea. The ETag is this version number as a string.
--
-- What the provider expects back (AdoNetGrainStorage, CheckVersionInconsistency):
--   read   0 or 1 row (PayloadBinary, Version). RecordExists = payload is not NULL; ETag = Version.
--   write  one row, column NewGrainStateVersion = the new version. NULL means "rejected": the provider turns
--          it into "" and throws InconsistentStateException, as it does for no row or an unchanged version.
--   clear  one row, first column = the new version (any value that differs from the caller's version), NULL
--          (or no row) = rejected.
--
-- Improvements over upstream's script:
--   * a real primary key (surrogate identity) plus a UNIQUE NULLS NOT DISTINCT constraint on the full grain
--     identity: hashes can collide, so the strings are part of the identity, and a NULL extension is equal to
--     another NULL extension but different from '' (which Orleans can produce for "guid+" string keys, so NULL
--     cannot simply be stored as ''). Duplicate rows for one grain (possible upstream, whose INSERT ... WHERE
--     NOT EXISTS races) are now impossible and every lookup is a unique-index probe;
--   * ClearStorageKey deletes the row (dotnet/orleans#8059) without giving up optimistic concurrency, see the
--     long comment above orleans_storage_clear;
--   * every mutation of one grain's rows is serialized by a transaction-scoped advisory lock on the two hashes,
--     so the multi-table steps below cannot interleave.

CREATE TABLE IF NOT EXISTS orleansstorage
(
    storageid              bigint GENERATED ALWAYS AS IDENTITY,
    grainidhash            integer        NOT NULL,
    grainidn0              bigint         NOT NULL,
    grainidn1              bigint         NOT NULL,
    graintypehash          integer        NOT NULL,
    graintypestring        varchar(512)   NOT NULL,
    grainidextensionstring varchar(512)   NULL,
    serviceid              varchar(150)   NOT NULL,
    payloadbinary          bytea          NOT NULL,
    modifiedon             timestamptz    NOT NULL DEFAULT now(),
    version                integer        NOT NULL,

    CONSTRAINT pk_orleansstorage PRIMARY KEY (storageid),
    CONSTRAINT uq_orleansstorage_grain UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, grainidextensionstring)
);

COMMENT ON TABLE orleansstorage IS
    'Live grain state, one row per (service, grain type, grain id). Cleared state is deleted from here.';

-- Tombstones: what remains of a cleared grain. No payload, only the identity and the version that the clear
-- returned to the grain, so that versions keep increasing across clear/re-create (see orleans_storage_clear).
-- A grain never has a row here and in orleansstorage at the same time.
CREATE TABLE IF NOT EXISTS orleansstoragetombstone
(
    tombstoneid            bigint GENERATED ALWAYS AS IDENTITY,
    grainidhash            integer        NOT NULL,
    grainidn0              bigint         NOT NULL,
    grainidn1              bigint         NOT NULL,
    graintypehash          integer        NOT NULL,
    graintypestring        varchar(512)   NOT NULL,
    grainidextensionstring varchar(512)   NULL,
    serviceid              varchar(150)   NOT NULL,
    version                integer        NOT NULL,
    nullversioncanrecreate boolean        NOT NULL DEFAULT false,
    deletedon              timestamptz    NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleansstoragetombstone PRIMARY KEY (tombstoneid),
    CONSTRAINT uq_orleansstoragetombstone_grain UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, grainidextensionstring)
);

COMMENT ON TABLE orleansstoragetombstone IS
    'Identity and last version of cleared grain state; removed when the grain writes again.';

-- Serializes all writes and clears of one grain (and, harmlessly, of any grain sharing both hashes) until the
-- end of the calling transaction. Two-int4 advisory keys do not collide with the single-bigint keys used elsewhere.
CREATE OR REPLACE FUNCTION orleans_storage_lock(p_grainidhash integer, p_graintypehash integer)
    RETURNS void
    LANGUAGE sql
AS $fn$
    SELECT pg_advisory_xact_lock(p_grainidhash, p_graintypehash);
$fn$;

-- ReadFromStorageKey: the live row, or else the tombstone's version with a NULL payload (RecordExists = false,
-- ETag = the version a write must present to re-create the state).
CREATE OR REPLACE FUNCTION orleans_storage_read(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        varchar,
    p_grainidextensionstring varchar,
    p_serviceid              varchar)
    RETURNS TABLE (payloadbinary bytea, version integer)
    LANGUAGE sql
    STABLE
AS $fn$
    SELECT x.payloadbinary, x.version
      FROM (
            SELECT s.payloadbinary, s.version, 1 AS rank
              FROM orleansstorage s
             WHERE s.grainidhash = p_grainidhash
               AND s.graintypehash = p_graintypehash
               AND s.grainidn0 = p_grainidn0
               AND s.grainidn1 = p_grainidn1
               AND s.serviceid = p_serviceid
               AND s.graintypestring = p_graintypestring
               AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
            UNION ALL
            SELECT NULL::bytea, t.version, 2 AS rank
              FROM orleansstoragetombstone t
             WHERE t.grainidhash = p_grainidhash
               AND t.graintypehash = p_graintypehash
               AND t.grainidn0 = p_grainidn0
               AND t.grainidn1 = p_grainidn1
               AND t.serviceid = p_serviceid
               AND t.graintypestring = p_graintypestring
               AND t.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           ) x
     ORDER BY x.rank
     LIMIT 1;
$fn$;

-- WriteToStorageKey. Returns the new version, or NULL when the caller's version is stale.
--
--   caller version V            live row          tombstone             outcome
--   V not NULL                  version = V       -                     update, V + 1
--   V not NULL                  none              version = V           re-create after a clear, V + 1
--   V NULL (never saw a row)    none              none                  first write, 1
--   V NULL                      none              nullversioncanrecreate re-create after DeleteStorageKey, T + 1
--   anything else (stale etag, V NULL while state or a strict tombstone exists)                 NULL
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        varchar,
    p_grainidextensionstring varchar,
    p_serviceid              varchar,
    p_grainstateversion      integer,
    p_payloadbinary          bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v_version integer;
BEGIN
    PERFORM orleans_storage_lock(p_grainidhash, p_graintypehash);

    IF p_grainstateversion IS NOT NULL THEN
        UPDATE orleansstorage s
           SET payloadbinary = p_payloadbinary,
               version = s.version + 1,
               modifiedon = now()
         WHERE s.grainidhash = p_grainidhash
           AND s.graintypehash = p_graintypehash
           AND s.grainidn0 = p_grainidn0
           AND s.grainidn1 = p_grainidn1
           AND s.serviceid = p_serviceid
           AND s.graintypestring = p_graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           AND s.version = p_grainstateversion
        RETURNING s.version INTO v_version;
        IF FOUND THEN
            RETURN v_version;
        END IF;

        -- No live row at that version: legitimate only right after a clear that returned exactly V.
        DELETE FROM orleansstoragetombstone t
         WHERE t.grainidhash = p_grainidhash
           AND t.graintypehash = p_graintypehash
           AND t.grainidn0 = p_grainidn0
           AND t.grainidn1 = p_grainidn1
           AND t.serviceid = p_serviceid
           AND t.graintypestring = p_graintypestring
           AND t.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           AND t.version = p_grainstateversion
        RETURNING t.version INTO v_version;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    ELSE
        IF EXISTS (SELECT 1
                     FROM orleansstorage s
                    WHERE s.grainidhash = p_grainidhash
                      AND s.graintypehash = p_graintypehash
                      AND s.grainidn0 = p_grainidn0
                      AND s.grainidn1 = p_grainidn1
                      AND s.serviceid = p_serviceid
                      AND s.graintypestring = p_graintypestring
                      AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring) THEN
            RETURN NULL;   -- someone else created the state after this caller read
        END IF;

        DELETE FROM orleansstoragetombstone t
         WHERE t.grainidhash = p_grainidhash
           AND t.graintypehash = p_graintypehash
           AND t.grainidn0 = p_grainidn0
           AND t.grainidn1 = p_grainidn1
           AND t.serviceid = p_serviceid
           AND t.graintypestring = p_graintypestring
           AND t.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           AND t.nullversioncanrecreate
        RETURNING t.version INTO v_version;
        IF NOT FOUND THEN
            IF EXISTS (SELECT 1
                         FROM orleansstoragetombstone t
                        WHERE t.grainidhash = p_grainidhash
                          AND t.graintypehash = p_graintypehash
                          AND t.grainidn0 = p_grainidn0
                          AND t.grainidn1 = p_grainidn1
                          AND t.serviceid = p_serviceid
                          AND t.graintypestring = p_graintypestring
                          AND t.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring) THEN
                RETURN NULL;   -- cleared by ClearStorageKey: only the holder of the returned version re-creates
            END IF;
            v_version := 0;
        END IF;
    END IF;

    -- Plain INSERT on purpose: under the lock no live row can exist here; if one did, the unique violation
    -- aborts the statement (and the tombstone DELETE with it) instead of silently losing state.
    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
         payloadbinary, modifiedon, version)
    VALUES
        (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring, p_grainidextensionstring,
         p_serviceid, p_payloadbinary, now(), v_version + 1);
    RETURN v_version + 1;
END
$fn$;

-- ClearStorageKey (p_nullversioncanrecreate = false) and DeleteStorageKey (= true).
--
-- Why clearing can delete the row and stay safe, following AdoNetGrainStorage.ClearStateAsync in 10.4.2:
--   1. The provider passes the grain's ETag as @GrainStateVersion (V). (With no ETag and RecordExists = false it
--      first reads; if there is still no record it returns without calling us.)
--   2. It fails with InconsistentStateException when we return NULL/no row or V itself, so a clear must answer
--      with a new version, V + 1, exactly as upstream's "UPDATE ... SET PayloadBinary = NULL, Version + 1" does.
--   3. Afterwards the grain holds ETag = "V+1" and RecordExists = false (DeleteStateOnClear = false, the
--      default), or ETag = null (DeleteStateOnClear = true, which runs DeleteStorageKey).
--   4. Its next WriteStateAsync therefore presents V + 1 (or NULL). Upstream finds its cleared row at V + 1 and
--      updates it. We deleted the row, so orleans_storage_write must recognise V + 1 as "the version this clear
--      returned" - which is what the tombstone remembers - and insert a fresh row at V + 2.
--   5. A stale writer (an older ETag, e.g. a duplicate activation) finds neither a live row nor a tombstone
--      with its version and gets NULL -> InconsistentStateException, as upstream. So does a NULL-ETag writer
--      (it read before the state existed) against a ClearStorageKey tombstone, again like upstream, where the
--      cleared row still exists.
--   6. Versions never restart at 1 for a grain that had state: without the tombstone, re-creating at version 1
--      would let a stale activation holding "1".."V" overwrite the new state (ABA). The tombstone carries V + 1.
--   7. Clearing an already cleared grain (ETag = tombstone version) bumps the tombstone, like upstream bumps
--      the empty row; a clear with any other version, or with no state at all, is rejected.
--   8. DeleteStateOnClear = true: the provider forgets the version (ETag null), so nothing can tell the clearing
--      activation from a NULL-ETag stale one. That tombstone therefore lets a NULL-ETag writer re-create
--      (nullversioncanrecreate), still continuing the version sequence. The default (false) is stricter.
--   9. After a re-activation the read returns the tombstone's version with a NULL payload, so a new activation
--      of a cleared grain writes with the right version (case 4) in both modes.
-- The payload and the live row are gone; what stays is a ~100-byte tombstone per cleared grain, removed by the
-- grain's next write or by orleans_storage_purge_tombstones.
CREATE OR REPLACE FUNCTION orleans_storage_clear(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        varchar,
    p_grainidextensionstring varchar,
    p_serviceid              varchar,
    p_grainstateversion      integer,
    p_nullversioncanrecreate boolean)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
DECLARE
    v_version integer;
BEGIN
    IF p_grainstateversion IS NULL THEN
        RETURN NULL;   -- the provider never clears without a version; nothing to compare against
    END IF;

    PERFORM orleans_storage_lock(p_grainidhash, p_graintypehash);

    DELETE FROM orleansstorage s
     WHERE s.grainidhash = p_grainidhash
       AND s.graintypehash = p_graintypehash
       AND s.grainidn0 = p_grainidn0
       AND s.grainidn1 = p_grainidn1
       AND s.serviceid = p_serviceid
       AND s.graintypestring = p_graintypestring
       AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
       AND s.version = p_grainstateversion
    RETURNING s.version INTO v_version;
    IF FOUND THEN
        INSERT INTO orleansstoragetombstone
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
             version, nullversioncanrecreate, deletedon)
        VALUES
            (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring, p_grainidextensionstring,
             p_serviceid, v_version + 1, coalesce(p_nullversioncanrecreate, false), now());
        RETURN v_version + 1;
    END IF;

    UPDATE orleansstoragetombstone t
       SET version = t.version + 1,
           nullversioncanrecreate = coalesce(p_nullversioncanrecreate, false),
           deletedon = now()
     WHERE t.grainidhash = p_grainidhash
       AND t.graintypehash = p_graintypehash
       AND t.grainidn0 = p_grainidn0
       AND t.grainidn1 = p_grainidn1
       AND t.serviceid = p_serviceid
       AND t.graintypestring = p_graintypestring
       AND t.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
       AND t.version = p_grainstateversion
    RETURNING t.version INTO v_version;
    IF FOUND THEN
        RETURN v_version;
    END IF;

    RETURN NULL;
END
$fn$;

-- Optional housekeeping, not called by Orleans: drops tombstones older than p_olderthan and returns how many.
-- Trade-off: an activation still holding the dropped version gets one InconsistentStateException on its next
-- write (Orleans then deactivates it; the next activation reads "no state" and starts over at version 1), and
-- a very old stale writer could again meet a restarted version number. Keep p_olderthan well above the grain
-- collection age (e.g. '30 days').
CREATE OR REPLACE FUNCTION orleans_storage_purge_tombstones(p_olderthan interval)
    RETURNS bigint
    LANGUAGE sql
AS $fn$
    WITH purged AS (
        DELETE FROM orleansstoragetombstone
         WHERE deletedon < now() - p_olderthan
        RETURNING 1
    )
    SELECT count(*) FROM purged;
$fn$;

SELECT orleans_upsert_query('ReadFromStorageKey', $q$
SELECT payloadbinary, version
  FROM orleans_storage_read(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                            @GrainIdExtensionString, @ServiceId);
$q$);

SELECT orleans_upsert_query('WriteToStorageKey', $q$
SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                             @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
       AS newgrainstateversion;
$q$);

SELECT orleans_upsert_query('ClearStorageKey', $q$
SELECT orleans_storage_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                             @GrainIdExtensionString, @ServiceId, @GrainStateVersion, false)
       AS newgrainstateversion;
$q$);

SELECT orleans_upsert_query('DeleteStorageKey', $q$
SELECT orleans_storage_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                             @GrainIdExtensionString, @ServiceId, @GrainStateVersion, true)
       AS newgrainstateversion;
$q$);
