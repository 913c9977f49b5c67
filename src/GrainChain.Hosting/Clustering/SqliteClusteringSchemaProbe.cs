using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// Checks, without creating or changing anything, that a SQLite file holds GrainChain's clustering schema. A missing
/// file is reported before a connection is opened, because opening one would create it.
/// </summary>
internal static class SqliteClusteringSchemaProbe
{
    public static async Task EnsureInstalledAsync(SqliteDataSource dataSource, CancellationToken cancellationToken)
    {
        var name = $"the SQLite database {dataSource.FilePath}";
        if (!File.Exists(dataSource.FilePath))
            throw new GrainChainDatabaseException(ClusteringSchemaMessages.NotInstalled(name, "does not exist"));
        try
        {
            await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'GrainChainSchema';";
            if (Convert.ToInt64(await tables.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
                throw new GrainChainDatabaseException(ClusteringSchemaMessages.NotInstalled(name, "is not a GrainChain database"));

            await using var component = connection.CreateCommand();
            component.CommandText = "SELECT count(*) FROM GrainChainSchema WHERE Component = $component;";
            component.Parameters.AddWithValue("$component", ClusteringDatabase.SchemaComponent);
            if (Convert.ToInt64(await component.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
                throw new GrainChainDatabaseException(ClusteringSchemaMessages.NotInstalled(name, "lacks the membership tables"));
        }
        catch (SqliteException e)
        {
            throw new GrainChainDatabaseException($"cannot read {name}: {e.Message}", e);
        }
    }
}
