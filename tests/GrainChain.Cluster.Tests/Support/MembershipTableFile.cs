using GrainChain.Runtime.Membership;
using Microsoft.Data.Sqlite;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>One silo's row as the SQLite membership file holds it.</summary>
internal sealed record MembershipFileRow(string Silo, SiloStatus Status);

/// <summary>The cluster's table version and rows, read in one statement.</summary>
internal sealed record MembershipFileSnapshot(long Version, IReadOnlyList<MembershipFileRow> Rows)
{
    public IEnumerable<string> WithStatus(SiloStatus status) => Rows.Where(r => r.Status == status).Select(r => r.Silo);

    public override string ToString() =>
        $"v{Version}: " + (Rows.Count == 0 ? "no rows" : string.Join(", ", Rows.Select(r => $"{r.Silo} {r.Status}")));
}

/// <summary>
/// Reads the SQLite membership file with plain SQL, beside the runtime, so the tests see what the silo processes
/// actually wrote rather than what a runtime object believes.
/// </summary>
internal sealed class MembershipTableFile(string path, string clusterId)
{
    public async Task<MembershipFileSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // The silos write under an IMMEDIATE transaction; wait for it instead of failing with SQLITE_BUSY.
            pragma.CommandText = "PRAGMA busy_timeout = 5000";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT v.version, m.silo, m.status FROM grainchain_membership_version v " +
            "LEFT JOIN grainchain_membership m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = $cluster ORDER BY m.silo";
        command.Parameters.AddWithValue("$cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<MembershipFileRow>();
        long version = -1;
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                rows.Add(new MembershipFileRow(reader.GetString(1), (SiloStatus)reader.GetInt32(2)));
            }
        }
        return new MembershipFileSnapshot(version, rows);
    }
}
