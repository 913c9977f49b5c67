using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Storage;

/// <summary>Settings of one SQLite grain store, bound as named options under the store's name.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>
    /// Path of the database file, one per cluster; the file and its directory are created when missing.
    /// Default: <c>grainchain.db</c> in the working directory.
    /// </summary>
    public string DataSource { get; set; } = "grainchain.db";

    /// <summary>Table holding the records: letters, digits and underscores only. Default: <c>grainchain_state</c>.</summary>
    public string TableName { get; set; } = "grainchain_state";

    /// <summary>
    /// How long a statement waits for a lock held by another connection, such as another silo process using the
    /// same file, before it fails. Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Read connections kept open between reads; reads beyond this open and close their own. Default: 4.</summary>
    public int MaxIdleReadConnections { get; set; } = 4;

    /// <summary>
    /// Flush every commit to disk (synchronous=FULL). Default: true, because a write the grain was told succeeded
    /// must survive a power loss. False (synchronous=NORMAL) still survives a crash of the process and writes
    /// several times faster, but an operating-system crash or power loss can drop the last commits.
    /// </summary>
    public bool FlushEveryCommit { get; set; } = true;

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting of store <paramref name="storeName"/>.</summary>
    internal void ThrowIfInvalid(string storeName)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(DataSource))
        {
            failures.Add($"SQLite grain store '{storeName}': DataSource (the database file path) is empty.");
        }
        else if (DataSource.StartsWith(':') || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"SQLite grain store '{storeName}': DataSource '{DataSource}' must be a file path, not a special name or URI.");
        }

        if (!StorageTableName.IsValid(TableName))
        {
            failures.Add($"SQLite grain store '{storeName}': TableName '{TableName}' must be 1-{StorageTableName.MaxLength} letters, digits or underscores, not starting with a digit.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"SQLite grain store '{storeName}': BusyTimeout {BusyTimeout} must be positive and at most 10 minutes.");
        }

        if (MaxIdleReadConnections is < 0 or > 256)
        {
            failures.Add($"SQLite grain store '{storeName}': MaxIdleReadConnections {MaxIdleReadConnections} must be between 0 and 256.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(storeName, typeof(SqliteGrainStorageOptions), failures);
        }
    }
}
