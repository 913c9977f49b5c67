using System.Net;
using System.Net.Sockets;
using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>
/// An unreachable PostgreSQL server is reported, naming it, within the configured connect timeout rather than
/// hanging. No timing is asserted: the only clock is a generous guard that turns a hang into a failure.
/// </summary>
public sealed class PostgresUnreachableTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_closed_port_is_reported_naming_the_server()
    {
        var port = FreePorts.Next();

        var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(port));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_given_up_on_after_the_connect_timeout()
    {
        // Accepts connections and never says a word: only the connect timeout can end the attempt.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = AcceptForeverAsync(silent, accepted);
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;

            var error = await Assert.ThrowsAsync<GrainChainDatabaseException>(() => InstallAsync(port));

            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
            await accepting;
            foreach (var socket in accepted) socket.Dispose();
        }
    }

    [Fact]
    public async Task A_silo_with_grain_storage_on_an_unreachable_server_does_not_start()
    {
        var port = FreePorts.Next();
        using var host = StorageSilo.Build(silo =>
        {
            silo.Services.AddGrainChainPostgresDatabase(o =>
            {
                o.ConnectionString = $"Host=127.0.0.1;Port={port};Username=grainchain;Database=grainchain";
                o.ConnectTimeout = TimeSpan.FromSeconds(1);
            });
            silo.AddGrainChainPostgresGrainStorage(StorageSilo.StorageName);
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(HangGuard));

        Assert.Contains($"127.0.0.1:{port}", ExceptionChain.Find<GrainChainDatabaseException>(error).Message, StringComparison.Ordinal);
    }

    private static async Task InstallAsync(int port)
    {
        await using var dataSource = PostgresDataSources.Create(new PostgresDatabaseOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=grainchain;Database=grainchain",
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });
        await PostgresSchemaInstaller.EnsureAsync(dataSource).WaitAsync(HangGuard);
    }

    private static async Task AcceptForeverAsync(TcpListener listener, List<Socket> accepted)
    {
        try
        {
            while (true) accepted.Add(await listener.AcceptSocketAsync());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped.
        }
    }
}
