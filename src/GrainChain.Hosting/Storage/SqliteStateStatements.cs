namespace GrainChain.Hosting.Storage;

/// <summary>
/// The statements GrainChain's SQLite grain storage runs on the <c>GrainState</c> table of <c>storage-1.sql</c>.
/// Writes run inside the writer's batch transaction, each one a compare-and-set on Version (the ETag).
/// </summary>
internal static class SqliteStateStatements
{
    private const string Identity = "GrainId = $grainId AND StateName = $stateName AND ServiceId = $serviceId";
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public const string Read = $"SELECT PayloadBinary, Version FROM GrainState WHERE {Identity};";

    /// <summary>Creates the record; returns no row when one exists already.</summary>
    public const string Insert =
        "INSERT INTO GrainState (ServiceId, GrainId, StateName, PayloadBinary, Version, ModifiedOn) " +
        $"VALUES ($serviceId, $grainId, $stateName, $payload, 1, {Now}) ON CONFLICT DO NOTHING RETURNING Version;";

    /// <summary>Replaces the payload (NULL to clear) if the version is the expected one; returns the new version.</summary>
    public const string Update =
        $"UPDATE GrainState SET PayloadBinary = $payload, Version = Version + 1, ModifiedOn = {Now} " +
        $"WHERE {Identity} AND Version = $expected RETURNING Version;";

    /// <summary>The stored version and whether it holds a state (not cleared): for conflicts and ETag-less clears.</summary>
    public const string Current = $"SELECT Version, PayloadBinary IS NOT NULL FROM GrainState WHERE {Identity};";
}
