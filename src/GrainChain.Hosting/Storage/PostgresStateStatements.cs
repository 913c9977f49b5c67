namespace GrainChain.Hosting.Storage;

/// <summary>
/// The statements GrainChain's PostgreSQL grain storage runs on the <c>grainstate</c> table of <c>storage-1.sql</c>;
/// $1, $2, $3 are the service id, the grain id and the state name, which <c>grainstate_key</c> turns into the
/// primary key. Each write is a compare-and-set on the version (the ETag).
/// </summary>
internal static class PostgresStateStatements
{
    private const string Key = "grainkey = grainstate_key($1, $2, $3)";

    public const string Read = $"SELECT payloadbinary, version FROM grainstate WHERE {Key}";

    /// <summary>Creates the record with payload $4; returns no row when one exists already.</summary>
    public const string Insert =
        "INSERT INTO grainstate (grainkey, serviceid, grainid, statename, payloadbinary, version, modifiedon) " +
        "VALUES (grainstate_key($1, $2, $3), $1, $2, $3, $4, 1, now()) ON CONFLICT (grainkey) DO NOTHING RETURNING version";

    /// <summary>Replaces the payload with $4 (NULL to clear) if the version is $5; returns the new version.</summary>
    public const string Update =
        $"UPDATE grainstate SET payloadbinary = $4, version = version + 1, modifiedon = now() WHERE {Key} AND version = $5 RETURNING version";

    /// <summary>The stored version and whether it holds a state: for conflicts and ETag-less clears.</summary>
    public const string Current = $"SELECT version, payloadbinary IS NOT NULL FROM grainstate WHERE {Key}";
}
