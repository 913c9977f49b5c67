using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GrainChain.Runtime.Tests.Storage;

/// <summary>
/// A PostgreSQL server for the store tests: the one named by GRAINCHAIN_TEST_POSTGRES when that is set, otherwise
/// a private server started from the installed binaries on a free loopback port and deleted afterwards. With
/// neither, the tests fail (never skip) and say how to install PostgreSQL.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "GRAINCHAIN_TEST_POSTGRES";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);
    private string? _directory;
    private string? _binaries;

    /// <summary>Connection string of a superuser on the server.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }

        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            $"The PostgreSQL store tests need a server: PostgreSQL is not installed (no initdb and pg_ctl in /usr/lib/postgresql/*/bin or on PATH) and " +
            $"{ConnectionVariable} is not set. Install it with `apt-get install postgresql` or set {ConnectionVariable} to a " +
            "connection string such as \"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\".");
        _directory = Directory.CreateTempSubdirectory("grainchain-pg-").FullName;
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // The server refuses to run as root, so it runs as `postgres`, which must be able to write here.
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_111_111);
        }

        var data = Path.Combine(_directory, "data");
        await RunToolAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            try
            {
                await RunToolAsync("pg_ctl",
                [
                    "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {_directory} -c fsync=off -c max_connections=200",
                    "start",
                ]);
                ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Someone took the port between probing and binding: try another.
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            await RunToolAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Drops a table a test created.</summary>
    public async Task DropTableAsync(string tableName)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{tableName}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTableName() => $"state_{Guid.NewGuid():N}";

    /// <summary>A loopback port nothing listens on at the moment of asking.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries!, tool);
        return Environment.IsPrivilegedProcess
            ? TestProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], ToolTimeout)
            : TestProcess.RunAsync(path, arguments, ToolTimeout);
    }

    /// <summary>The newest Debian-packaged server, else a directory on PATH holding initdb and pg_ctl.</summary>
    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var packaged = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasServerTools)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return packaged ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerTools);
    }

    private static bool HasServerTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
