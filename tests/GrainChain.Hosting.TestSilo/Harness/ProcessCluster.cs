using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>
/// Separate silo processes sharing one SQLite file for membership and state, and a cluster client that finds them
/// through the same file. Ports are chosen free at run time. Used by the process tests and the failover load program.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The membership settings the README gives for a cluster on one machine.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalMembership = new Dictionary<string, string>
    {
        ["GrainChain:Membership:ProbeTimeout"] = "00:00:02",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-cluster-").FullName;
    private readonly string _clusterId = "processes-" + Guid.NewGuid().ToString("N")[..8];
    private readonly IReadOnlyDictionary<string, string> _membership;
    private IHost? _client;

    /// <param name="membership">Orleans membership settings; the README's <see cref="LocalMembership"/> by default.</param>
    public ProcessCluster(IReadOnlyDictionary<string, string>? membership = null) => _membership = membership ?? LocalMembership;

    public List<SiloProcess> Silos { get; } = [];

    public string DatabasePath => Path.Combine(_folder, "cluster.db");

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("the client is not connected");

    public async Task StartSilosAsync(int count)
    {
        var starting = Enumerable.Range(0, count).Select(i => SiloProcess.StartAsync($"silo{Silos.Count + i}", SiloArguments(), TimeSpan.FromSeconds(60)));
        Silos.AddRange(await Task.WhenAll(starting));
    }

    public async Task ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Common().Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        builder.UseOrleansClient(client => client.AddGrainChain());
        _client = builder.Build();
        await _client.StartAsync();
    }

    private IEnumerable<string> SiloArguments() =>
        Common().Concat(new Dictionary<string, string>
        {
            ["GrainChain:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrainChain:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Select(kv => $"--{kv.Key}={kv.Value}");

    private Dictionary<string, string> Common()
    {
        var settings = new Dictionary<string, string>(_membership)
        {
            ["GrainChain:Backend"] = "Sqlite",
            ["GrainChain:ClusterId"] = _clusterId,
            ["GrainChain:Sqlite:Path"] = DatabasePath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        return settings;
    }

    public string Logs() => string.Join("\n", Silos.Select(s => $"--- {s.Name} ({s.SiloAddress})\n{s.Output}"));

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
                // The silos may be gone already.
            }

            _client.Dispose();
        }

        foreach (var silo in Silos) await silo.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the folder is under the temp directory.
        }
    }
}
