using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.References;

/// <summary>References kept in persistent state survive deactivation: they are valid forever.</summary>
public sealed class ReferencePersistenceTests
{
    private static Task<TestCluster> StartAsync() => TestClusters.StartAsync(silo => silo.Services.AddMemoryGrainStorage("store"));

    [Fact]
    public async Task References_in_persistent_state_are_callable_after_the_grain_is_reactivated()
    {
        await using var cluster = await StartAsync();
        var probe = cluster.Probe();
        var bookmark = cluster.Client.GetGrain<IBookmarkGrain>("bm");
        var guidKey = Guid.NewGuid();
        await bookmark.RememberAsync(
            cluster.Client.GetGrain<IGreeterGrain>("target"),
            [cluster.Client.GetGrain<IGreeterGrain>("second"), cluster.Client.GetGrain<IGreeterGrain>("third")],
            cluster.Client.GetGrain<IGuidGreeterGrain>(guidKey));

        await bookmark.DeactivateAsync();
        await probe.WhenDeactivated("bm").Within();

        Assert.Equal(["target greets ann", "second greets ann", "third greets ann"], await bookmark.GreetRememberedAsync("ann"));
        Assert.Equal(guidKey, await bookmark.AskGuidTargetAsync());
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task Stored_references_hold_only_identities_and_are_callable_from_another_silo_after_the_first_stopped()
    {
        await using var first = await StartAsync();
        var bookmark = first.Client.GetGrain<IBookmarkGrain>("moved");
        await bookmark.RememberAsync(first.Client.GetGrain<IGreeterGrain>("far"), [], first.Client.GetGrain<IGuidGreeterGrain>(Guid.NewGuid()));
        var stored = await first.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("store").ReadAsync("bookmark", bookmark.GetGrainId().ToString());
        await first.StopAllSilosAsync();

        // The bytes name the grain and the interface but nothing of the first silo, so a second silo reads them as its own proxies.
        await using var second = await StartAsync();
        await second.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("store").WriteAsync("bookmark", bookmark.GetGrainId().ToString(), stored!.Data, null);
        var moved = second.Client.GetGrain<IBookmarkGrain>("moved");

        Assert.Equal(["far greets bo"], await moved.GreetRememberedAsync("bo"));
        Assert.Equal(1, first.Probe().Activations);
        Assert.Equal(1, second.Probe().Activations);
    }
}
