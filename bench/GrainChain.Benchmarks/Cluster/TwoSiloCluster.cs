using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Benchmarks.Cluster;

/// <summary>
/// Two silos in this process over real loopback TCP, default settings, with <see cref="Grains"/> ping grains pinned
/// on silo B. <see cref="Remote"/> calls them from silo A (every call crosses the connection); <see cref="Local"/>
/// calls the same activations from silo B (the baseline without messaging).
/// </summary>
internal sealed class TwoSiloCluster : IAsyncDisposable
{
    private readonly TestCluster _cluster;

    private TwoSiloCluster(TestCluster cluster, IRemotePingGrain[] remote, IRemotePingGrain[] local)
    {
        _cluster = cluster;
        Remote = remote;
        Local = local;
    }

    /// <summary>References to the pinned grains, made on silo A.</summary>
    public IRemotePingGrain[] Remote { get; }

    /// <summary>References to the same grains, made on silo B, where they live.</summary>
    public IRemotePingGrain[] Local { get; }

    public static async Task<TwoSiloCluster> StartAsync(int grains)
    {
        var builder = new TestClusterBuilder(2);
        builder.ConfigureSilo(silo => silo.AddGrainAssembly(typeof(TwoSiloCluster).Assembly));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var a = cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>();
        var b = cluster.Silos[1].ServiceProvider.GetRequiredService<IClusterClient>();
        var local = Enumerable.Range(0, grains).Select(i => b.GetGrain<IRemotePingGrain>(i)).ToArray();
        // The first call from B activates each grain on B (prefer-local); A then finds them there through the directory.
        await Task.WhenAll(local.Select(g => g.PingAsync(0).AsTask()));
        var remote = Enumerable.Range(0, grains).Select(i => a.GetGrain<IRemotePingGrain>(i)).ToArray();
        await Task.WhenAll(remote.Select(g => g.PingAsync(0).AsTask()));
        var onA = cluster.Silos[0].Silo.Runtime.Catalog.Activations.Count(x => x.GrainId.Type.Name.Contains("RemotePing", StringComparison.Ordinal));
        if (onA != 0)
        {
            throw new InvalidOperationException($"{onA} ping grains were activated on silo A; the benchmark needs them all on B.");
        }
        return new TwoSiloCluster(cluster, remote, local);
    }

    /// <summary>
    /// Runs <paramref name="calls"/> calls through <paramref name="grains"/> with <paramref name="window"/> callers,
    /// each awaiting its call before making the next, so at most that many calls are in flight.
    /// </summary>
    public static Task RunWindowAsync(IRemotePingGrain[] grains, int window, int calls)
    {
        int perCaller = calls / window;
        var callers = new Task[window];
        for (int c = 0; c < window; c++)
        {
            callers[c] = CallLoopAsync(grains[c % grains.Length], perCaller);
        }
        return Task.WhenAll(callers);

        static async Task CallLoopAsync(IRemotePingGrain grain, int count)
        {
            // Start on the thread pool so the callers begin together instead of one after another on this thread.
            await Task.Yield();
            for (int i = 0; i < count; i++)
            {
                await grain.PingAsync(i).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
