-- GrainChain on SQLite, component "clustering": the Orleans membership table, served to Orleans' ADO.NET clustering
-- provider (AdoNetClusteringTable on silos, AdoNetGatewayListProvider on clients) through the statements below.
--
-- One MembershipVersion row per cluster (Orleans' ClusterId, which the provider passes as @DeploymentId) holds the
-- table version; the provider uses the version number as the table's ETag. One MembershipSilo row per silo
-- incarnation (address, port, generation).
--
-- Atomicity: SQLite runs one statement at a time per file (one writer holds the write lock for the whole statement,
-- triggers included), so every write below is a single statement whose version check and version bump cannot be
-- separated: the check is in the statement's WHERE clause and the bump is done by a trigger fired by that same
-- statement. The "SELECT changes()" that follows only reads this connection's count of rows the write changed
-- (triggers not counted), which is the provider's true/false answer.
--
-- Times: the provider binds DateTime values, which Microsoft.Data.Sqlite stores as TEXT "yyyy-MM-dd HH:mm:ss.FFFFFFF"
-- (UTC, as Orleans passes them; no offset, trailing zero digits dropped) and reads back exactly, to the tick. Text in
-- that one format sorts in time order, so "<" and max() compare times correctly, and a time read back and bound
-- again is the same text, so "=" matches it.
--
-- Heartbeats only move forward: IAmAliveTime keeps the later of the stored and the written time, so a row update
-- built from an entry read before the silo's last heartbeat does not move the heartbeat back.
CREATE TABLE MembershipVersion
(
    DeploymentId TEXT    NOT NULL PRIMARY KEY,
    Version      INTEGER NOT NULL,
    ChangedOn    TEXT    NOT NULL
);

CREATE TABLE MembershipSilo
(
    DeploymentId TEXT    NOT NULL,
    Address      TEXT    NOT NULL,
    Port         INTEGER NOT NULL,
    Generation   INTEGER NOT NULL,
    SiloName     TEXT    NOT NULL,
    HostName     TEXT    NOT NULL,
    Status       INTEGER NOT NULL,
    ProxyPort    INTEGER NOT NULL,
    SuspectTimes TEXT    NULL,
    StartTime    TEXT    NOT NULL,
    IAmAliveTime TEXT    NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Every new silo row moves its cluster's version on, in the inserting statement.
CREATE TRIGGER MembershipSiloInserted AFTER INSERT ON MembershipSilo
BEGIN
    UPDATE MembershipVersion
    SET Version = Version + 1, ChangedOn = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE DeploymentId = NEW.DeploymentId;
END;

-- A row update that sets Status or SuspectTimes (UpdateMembershipKey) moves the version on; one that sets only
-- IAmAliveTime (UpdateIAmAlivetimeKey) does not, as the membership protocol requires. SQLite fires an "UPDATE OF"
-- trigger when a listed column is in the statement's SET list, whatever the values.
CREATE TRIGGER MembershipSiloChanged AFTER UPDATE OF Status, SuspectTimes ON MembershipSilo
BEGIN
    UPDATE MembershipVersion
    SET Version = Version + 1, ChangedOn = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE DeploymentId = NEW.DeploymentId;
END;

-- Creates the cluster's version row (version 0) unless it exists; answers 1 if it did.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
INSERT INTO MembershipVersion (DeploymentId, Version, ChangedOn)
VALUES (@DeploymentId, 0, strftime(''%Y-%m-%d %H:%M:%f'', ''now''))
ON CONFLICT (DeploymentId) DO NOTHING;
SELECT changes() AS Created;
');

-- Inserts a silo row only while the table version is still the one the caller read (@Version) and the silo has no
-- row yet; the insert trigger moves the version on. Answers 1 on success, 0 otherwise, with no change.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
INSERT INTO MembershipSilo
    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
FROM MembershipVersion
WHERE DeploymentId = @DeploymentId AND Version = @Version
ON CONFLICT DO NOTHING;
SELECT changes() AS Inserted;
');

-- Updates a silo row only while the table version is still @Version; the update trigger moves the version on.
-- Answers 1 on success, 0 (no change) if the row is missing or the version moved.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
UPDATE MembershipSilo
SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = max(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND EXISTS (SELECT 1 FROM MembershipVersion WHERE DeploymentId = @DeploymentId AND Version = @Version);
SELECT changes() AS Updated;
');

-- The heartbeat: sets IAmAliveTime only, so the table version stays.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE MembershipSilo
SET IAmAliveTime = max(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
');

-- One statement, so the version and the row are read from one snapshot. The version row comes back even without a
-- matching silo row (then the silo columns are NULL, which the provider reads as "no entry").
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime
FROM MembershipVersion v
LEFT JOIN MembershipSilo m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime
FROM MembershipVersion v
LEFT JOIN MembershipSilo m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
');

-- Clients: the gateways of the cluster's silos in status @Status (Active) that accept clients.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM MembershipSilo
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
');

-- Removes the cluster's silo rows. The version row stays, so the version never goes back to a number a live silo
-- has already seen.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM MembershipSilo WHERE DeploymentId = @DeploymentId;
');

-- Cleanup of defunct silos, as Orleans 10.4 defines it: a row goes once its silo is Dead (status 6) and nothing has
-- happened to it since @IAmAliveTime: not its start, not its last heartbeat, not a suspicion vote. The provider runs
-- CleanupDefunctSiloEntryKey when it exists (always, here): it reads the rows, picks those, and deletes each one only if
-- it still holds the values it read, so a row changed meanwhile stays. CleanupDefunctSiloEntriesKey, which the
-- provider requires but then does not run, says the same in one statement, keeping any Dead row that has votes.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', '
DELETE FROM MembershipSilo
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');
');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM MembershipSilo
WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
  AND COALESCE(SuspectTimes, '''') = '''';
');
