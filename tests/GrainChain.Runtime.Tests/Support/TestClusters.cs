using GrainChain.Runtime.Hosting;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Support;

/// <summary>Starts a private one-silo cluster per test, so tests run in parallel without sharing anything.</summary>
public static class TestClusters
{
    public static async Task<TestCluster> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSingleton<LifecycleProbe>();
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static LifecycleProbe Probe(this TestCluster cluster) => cluster.ServiceProvider.GetRequiredService<LifecycleProbe>();

    /// <summary>A safety net so a broken runtime fails the test instead of hanging it; never a synchronisation device.</summary>
    public static Task<T> Within<T>(this Task<T> task, int seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static Task Within(this Task task, int seconds = 20) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}
