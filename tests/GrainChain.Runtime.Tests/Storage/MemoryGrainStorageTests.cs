using GrainChain.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContract
{
    protected override Task<IGrainStorage> CreateStoreAsync() => Task.FromResult<IGrainStorage>(new MemoryGrainStorage("memory-test"));

    [Fact]
    public async Task Registered_stores_are_keyed_singletons_with_their_own_records()
    {
        await using var provider = new ServiceCollection()
            .AddMemoryGrainStorage("a")
            .AddMemoryGrainStorage("b")
            .BuildServiceProvider();

        var a = provider.GetRequiredKeyedService<IGrainStorage>("a");
        var b = provider.GetRequiredKeyedService<IGrainStorage>("b");
        await a.WriteAsync("s", "g", Bytes("in a"), null);

        Assert.Same(a, provider.GetRequiredKeyedService<IGrainStorage>("a"));
        Assert.Equal("a", Assert.IsType<MemoryGrainStorage>(a).Name);
        Assert.Null(await b.ReadAsync("s", "g"));
        Assert.Null(provider.GetKeyedService<IGrainStorage>("c"));
    }
}
