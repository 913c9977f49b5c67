using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using Npgsql;

namespace GrainChain.Hosting.Clustering;

/// <summary>Checks, without changing anything, that a PostgreSQL database holds GrainChain's clustering schema.</summary>
internal static class PostgresClusteringSchemaProbe
{
    public static async Task EnsureInstalledAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var name = PostgresDataSources.Describe(dataSource.ConnectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT to_regclass('grainchainschema') IS NOT NULL;";
            if (await tables.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                throw new GrainChainDatabaseException(ClusteringSchemaMessages.NotInstalled(name, "is not a GrainChain database"));

            await using var component = connection.CreateCommand();
            component.CommandText = "SELECT count(*) FROM grainchainschema WHERE component = $1;";
            component.Parameters.AddWithValue(ClusteringDatabase.SchemaComponent);
            if (await component.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 0L)
                throw new GrainChainDatabaseException(ClusteringSchemaMessages.NotInstalled(name, "lacks the membership tables"));
        }
        catch (PostgresException e)
        {
            throw new GrainChainDatabaseException($"cannot read {name}: {e.MessageText}", e);
        }
        catch (NpgsqlException e)
        {
            throw new GrainChainDatabaseException($"cannot reach {name}: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new GrainChainDatabaseException($"cannot reach {name}: {e.Message}", e);
        }
    }
}
