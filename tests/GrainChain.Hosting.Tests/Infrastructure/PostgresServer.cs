using System.Diagnostics;
using Npgsql;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Hosting.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: the one named by GRAINCHAIN_TEST_POSTGRES (what .ci/run starts), or else a
/// private server this process starts from Debian's postgresql binaries on a free loopback port and removes at exit.
/// Each caller gets a database of its own.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "GRAINCHAIN_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>A connection string to a new, empty database on the test server.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "gc")
    {
        var admin = await Server.Value.ConfigureAwait(false);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, made by <see cref="CreateDatabaseAsync"/>,
    /// whoever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ToString();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<string> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given)) return given;

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException(
                $"PostgreSQL tests need a server: set {EnvironmentVariable} to a connection string, or install Debian's postgresql package (bash .ci/run does both).");

        var folder = Directory.CreateTempSubdirectory("grainchain-test-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", ["postgres", folder]).ConfigureAwait(false);
        var data = Path.Combine(folder, "data");
        var port = FreePorts.Next();
        await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]).ConfigureAwait(false);
        await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=300", "start"]).ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]).GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // Best effort: the folder is under the temp directory.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static Task RunPgAsync(bool asRoot, string tool, string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. args]) : RunAsync(tool, args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
    }
}
