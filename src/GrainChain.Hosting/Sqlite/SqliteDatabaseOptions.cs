namespace GrainChain.Hosting.Sqlite;

/// <summary>Where the embedded SQLite database lives and how long a writer waits for another's lock.</summary>
public sealed class SqliteDatabaseOptions
{
    /// <summary>The database file; a relative path is taken from the current directory. Its folder is created.</summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "grainchain.db");

    /// <summary>
    /// How long a statement waits for another connection or process to release the write lock before it fails.
    /// Several silo processes share one file, so a short wait is normal; a long one means a stuck writer.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string FullPath => System.IO.Path.GetFullPath(Path);
}
