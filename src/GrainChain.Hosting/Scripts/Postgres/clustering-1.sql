-- GrainChain on PostgreSQL, component "clustering": the Orleans membership table, served to Orleans' ADO.NET
-- clustering provider (AdoNetClusteringTable on silos, AdoNetGatewayListProvider on clients) through the statements
-- below. Npgsql reads the unquoted (lower-case) column names under the provider's mixed-case names.
--
-- One membershipversion row per cluster (Orleans' ClusterId, which the provider passes as @DeploymentId) holds the
-- table version; the provider uses the version number as the table's ETag. One membershipsilo row per silo
-- incarnation (address, port, generation).
--
-- Atomicity: each write is one statement (data-modifying WITH clauses), so it commits or fails as a whole. Writers
-- that change a silo row lock rows in one order, the silo row first and then the version row, and test the version
-- only once they hold its lock (PostgreSQL re-reads a row it waited for), so two writers holding the same version
-- cannot both succeed, and a writer that fails changes nothing.
--
-- Times: timestamptz. The provider binds UTC DateTime values, which Npgsql sends as timestamptz and reads back as
-- UTC; PostgreSQL keeps microseconds, so the last digit of .NET's 100 ns ticks is rounded away (a time read back and
-- bound again is the same value, so "=" matches it).
--
-- Heartbeats only move forward: iamalivetime keeps the later of the stored and the written time, so a row update
-- built from an entry read before the silo's last heartbeat does not move the heartbeat back.
CREATE TABLE membershipversion
(
    deploymentid text        NOT NULL PRIMARY KEY,
    version      integer     NOT NULL DEFAULT 0,
    changedon    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membershipsilo
(
    deploymentid text        NOT NULL REFERENCES membershipversion (deploymentid),
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Creates the cluster's version row (version 0) unless it exists; answers 1 if it did.
INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO membershipversion (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*) AS created FROM created;
$sql$);

-- Moves the version on only while it is still the one the caller read (@Version) and the silo has no row yet, then
-- inserts the row on the strength of that move. A writer that waited for the version row sees it already moved and
-- stops. Answers 1 on success, 0 otherwise, with no change.
INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE membershipversion
    SET version = version + 1, changedon = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM membershipsilo
                      WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port
                        AND generation = @Generation)
    RETURNING deploymentid
), inserted AS (
    INSERT INTO membershipsilo
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime,
           @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT count(*) AS inserted FROM inserted;
$sql$);

-- Locks the silo row (so nothing deletes it meanwhile), moves the version on only while it is still @Version, then
-- updates the row on the strength of that move. Answers 1 on success, 0 (no change) if the row is missing or the
-- version moved.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', $sql$
WITH target AS (
    SELECT deploymentid
    FROM membershipsilo
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
    FOR UPDATE
), bumped AS (
    UPDATE membershipversion v
    SET version = v.version + 1, changedon = now()
    FROM target t
    WHERE v.deploymentid = t.deploymentid AND v.version = @Version
    RETURNING v.deploymentid
), updated AS (
    UPDATE membershipsilo s
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = GREATEST(s.iamalivetime, @IAmAliveTime)
    FROM bumped b
    WHERE s.deploymentid = b.deploymentid AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
    RETURNING 1
)
SELECT count(*) AS updated FROM updated;
$sql$);

-- The heartbeat: sets iamalivetime only, so the table version stays.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', $sql$
UPDATE membershipsilo
SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$sql$);

-- One statement, so the version and the row are read from one snapshot. The version row comes back even without a
-- matching silo row (then the silo columns are NULL, which the provider reads as "no entry").
INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', $sql$
SELECT v.version, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport, m.suspecttimes,
       m.starttime, m.iamalivetime
FROM membershipversion v
LEFT JOIN membershipsilo m
       ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$sql$);

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', $sql$
SELECT v.version, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport, m.suspecttimes,
       m.starttime, m.iamalivetime
FROM membershipversion v
LEFT JOIN membershipsilo m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$sql$);

-- Clients: the gateways of the cluster's silos in status @Status (Active) that accept clients.
INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
FROM membershipsilo
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$sql$);

-- Removes the cluster's silo rows. The version row stays, so the version never goes back to a number a live silo
-- has already seen.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM membershipsilo WHERE deploymentid = @DeploymentId;
$sql$);

-- Cleanup of defunct silos, as Orleans 10.4 defines it: a row goes once its silo is Dead (status 6) and nothing has
-- happened to it since @IAmAliveTime: not its start, not its last heartbeat, not a suspicion vote. The provider runs
-- CleanupDefunctSiloEntryKey when it exists (always, here): it reads the rows, picks those, and deletes each one only if
-- it still holds the values it read, so a row changed meanwhile stays. CleanupDefunctSiloEntriesKey, which the
-- provider requires but then does not run, says the same in one statement, keeping any Dead row that has votes.
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM membershipsilo
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6 AND starttime = @StartTime AND iamalivetime = @IAmAliveTime
  AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$sql$);

INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM membershipsilo
WHERE deploymentid = @DeploymentId AND status = 6 AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime
  AND COALESCE(suspecttimes, '') = '';
$sql$);
