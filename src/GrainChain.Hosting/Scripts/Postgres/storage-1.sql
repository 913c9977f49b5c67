-- GrainChain on PostgreSQL, component "storage": grain state, one row per (service, grain, state name), read and
-- written by GrainChain's grain storage (Storage/PostgresStateStatements.cs).
--
-- Identity: the whole Orleans grain id ("type/key"), so two grain types with the same key never share a row, plus
-- the state name. A btree entry is limited to about 2.7 kB and grain keys are not, so the primary key is the SHA-256
-- of a length-prefixed (hence unambiguous) encoding of the three; the clear text stays in its own columns.
--
-- ETag: version, 1 on insert and +1 on every write or clear. Clearing keeps the row with a NULL payload, so a
-- version is never reused and a stale ETag can never match again. Rows are rewritten often and no indexed column
-- changes, so a lower fill factor leaves room for HOT updates.
CREATE FUNCTION grainstate_key(serviceid text, grainid text, statename text) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT sha256(convert_to(length(serviceid)::text || ':' || serviceid || length(grainid)::text || ':' || grainid
                         || statename, 'UTF8'))
$$;

CREATE TABLE grainstate
(
    grainkey      bytea       NOT NULL PRIMARY KEY,
    serviceid     text        NOT NULL,
    grainid       text        NOT NULL,
    statename     text        NOT NULL,
    payloadbinary bytea       NULL,
    version       bigint      NOT NULL,
    modifiedon    timestamptz NOT NULL
) WITH (fillfactor = 80);

-- The statements below serve Orleans' ADO.NET grain storage (AdoNetGrainStorage). GrainChain's storage does not use
-- them (see Storage/README.md); they stay so that route can be measured against it on the same table, called through
-- GrainChain's identity wrapper (Storage/IdentityPreservingGrainStorage.cs).
-- The provider passes "~" + the full grain id as @GrainIdExtensionString and the state name as @GrainTypeString; it
-- also passes hashes and N0/N1 key parts, which these statements ignore.
--   write: one statement, so one parse and plan. Its UPDATE is guarded by the expected version (under READ
--          COMMITTED a concurrent writer waits for the row lock and then re-checks the version); its INSERT runs
--          only when no ETag was given, and the primary key turns it into a no-op if another writer created the row
--          first. At most one of the two acts: the new version comes back when the ETag matched, and no row on a
--          conflict, which Orleans reports as InconsistentStateException.
--   clear: the same guarded UPDATE, setting the payload to NULL.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE grainstate
    SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE grainkey = grainstate_key(@ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString)
      AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO grainstate (grainkey, serviceid, grainid, statename, payloadbinary, version, modifiedon)
    SELECT grainstate_key(@ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString),
           @ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (grainkey) DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', $q$
SELECT payloadbinary AS "PayloadBinary", version AS "Version"
FROM grainstate
WHERE grainkey = grainstate_key(@ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString);
$q$);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', $q$
UPDATE grainstate
SET payloadbinary = NULL, version = version + 1, modifiedon = now()
WHERE grainkey = grainstate_key(@ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString)
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$q$);
