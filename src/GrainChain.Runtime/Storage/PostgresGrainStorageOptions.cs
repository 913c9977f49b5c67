using Microsoft.Extensions.Options;
using Npgsql;

namespace GrainChain.Runtime.Storage;

/// <summary>Settings of one PostgreSQL grain store, bound as named options under the store's name.</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>
    /// Npgsql connection string, for example <c>Host=db;Username=grainchain;Password=…;Database=grainchain</c>.
    /// Required. When it does not set <c>Max Auto Prepare</c>, the store turns on automatic preparation of its statements.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Table holding the records: letters, digits and underscores only. Default: <c>grainchain_state</c>.</summary>
    public string TableName { get; set; } = "grainchain_state";

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting of store <paramref name="storeName"/>.</summary>
    internal void ThrowIfInvalid(string storeName)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add($"PostgreSQL grain store '{storeName}': ConnectionString is empty.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"PostgreSQL grain store '{storeName}': ConnectionString is malformed: {exception.Message}");
            }
        }

        if (!StorageTableName.IsValid(TableName))
        {
            failures.Add($"PostgreSQL grain store '{storeName}': TableName '{TableName}' must be 1-{StorageTableName.MaxLength} letters, digits or underscores, not starting with a digit.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(storeName, typeof(PostgresGrainStorageOptions), failures);
        }
    }
}
