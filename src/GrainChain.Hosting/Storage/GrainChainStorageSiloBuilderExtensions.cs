using Npgsql;
using Orleans.Hosting;

namespace GrainChain.Hosting.Storage;

/// <summary>Adds named grain storage kept in the silo's GrainChain database (SQLite or PostgreSQL).</summary>
public static class GrainChainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Grain storage <paramref name="name"/> in the SQLite file registered with <c>AddGrainChainSqliteDatabase</c>.
    /// Writes from every grain of the process are group-committed by one writer thread; each returns once committed,
    /// durable against a process kill. The schema is installed as the silo starts.
    /// </summary>
    public static ISiloBuilder AddGrainChainSqliteGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => SqliteGrainStorageRegistration.Add(services, name));
    }

    /// <summary>
    /// Grain storage <paramref name="name"/> in the PostgreSQL database registered with
    /// <c>AddGrainChainPostgresDatabase</c>. Writes from every grain of the process are group-committed, one
    /// transaction per batch; each returns once committed. The schema is installed as the silo starts.
    /// </summary>
    public static ISiloBuilder AddGrainChainPostgresGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => PostgresGrainStorageRegistration.Add(services, name));
    }

    /// <summary>
    /// The route measured and set aside (Storage/README.md): Orleans' ADO.NET grain storage on the same SQLite table,
    /// kept so that the comparison can be rerun (<c>storage --backend sqlite-adonet</c>).
    /// </summary>
    internal static ISiloBuilder AddGrainChainSqliteAdoNetGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => AdoNetGrainStorageRegistration.Add<Sqlite.SqliteDataSource>(
            services, name, "System.Data.SQLite", SqliteGrainStorageRegistration.Registration));
    }

    /// <summary>
    /// The route measured and set aside (Storage/README.md): Orleans' ADO.NET grain storage on the same PostgreSQL
    /// table, kept so that the comparison can be rerun (<c>storage --backend postgres-adonet</c>).
    /// </summary>
    internal static ISiloBuilder AddGrainChainPostgresAdoNetGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => AdoNetGrainStorageRegistration.Add<NpgsqlDataSource>(
            services, name, "Npgsql", PostgresGrainStorageRegistration.Registration));
    }
}
