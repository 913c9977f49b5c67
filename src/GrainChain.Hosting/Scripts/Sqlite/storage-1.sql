-- GrainChain on SQLite, component "storage": grain state, one row per (service, grain, state name), read and written
-- by GrainChain's grain storage (Storage/SqliteStateStatements.cs).
--
-- Identity: the whole Orleans grain id ("type/key"), so two grain types with the same key never share a row, plus
-- the state name ([PersistentState("name")]). A unique index over the text columns enforces it; SQLite stores long
-- keys in overflow pages, so keys of any length work.
--
-- ETag: Version, 1 on insert and +1 on every write or clear. Clearing keeps the row with a NULL payload, so a
-- version is never reused and a stale ETag can never match again.
CREATE TABLE GrainState
(
    ServiceId     TEXT    NOT NULL,
    GrainId       TEXT    NOT NULL,
    StateName     TEXT    NOT NULL,
    PayloadBinary BLOB    NULL,
    Version       INTEGER NOT NULL,
    ModifiedOn    TEXT    NOT NULL
);

CREATE UNIQUE INDEX GrainStateIdentity ON GrainState (GrainId, StateName, ServiceId);

-- The statements below serve Orleans' ADO.NET grain storage (AdoNetGrainStorage). GrainChain's storage does not use
-- them (see Storage/README.md); they stay so that route can be measured against it on the same table, called through
-- GrainChain's identity wrapper (Storage/IdentityPreservingGrainStorage.cs). It passes "~" + the full grain id as
-- @GrainIdExtensionString and the state name as @GrainTypeString; the hash and N0/N1 parameters are ignored.
-- Each statement is atomic on its own:
--   write: an UPDATE guarded by the expected version, then an INSERT only when no ETag was given, which the unique
--          index turns into a no-op if another writer created the row first. Exactly one returns a row (the new
--          version) when the ETag matched; none returns a row on a conflict, which Orleans reports as
--          InconsistentStateException.
--   clear: the same guarded UPDATE, setting the payload to NULL.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE GrainState
SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE GrainId = substr(@GrainIdExtensionString, 2) AND StateName = @GrainTypeString AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
INSERT INTO GrainState (ServiceId, GrainId, StateName, PayloadBinary, Version, ModifiedOn)
SELECT @ServiceId, substr(@GrainIdExtensionString, 2), @GrainTypeString, @PayloadBinary, 1,
       strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM GrainState
WHERE GrainId = substr(@GrainIdExtensionString, 2) AND StateName = @GrainTypeString AND ServiceId = @ServiceId;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE GrainState
SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE GrainId = substr(@GrainIdExtensionString, 2) AND StateName = @GrainTypeString AND ServiceId = @ServiceId
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
');
