using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

public sealed class RemoteGrainDirectoryGrainTests
{
    [Fact]
    public async Task The_directory_grain_serves_the_silos_partition_through_a_real_grain_call()
    {
        await using var cluster = await TestClusters.StartAsync(silo => silo.Services.AddSingleton<GrainDirectoryPartition>());
        var partition = cluster.ServiceProvider.GetRequiredService<GrainDirectoryPartition>();
        // A clustered silo: the directory grain of its own address is served here.
        var self = cluster.Primary.SiloAddress;
        var directory = cluster.GrainFactory.GetGrain<IRemoteGrainDirectory>(RemoteGrainDirectoryKey.For(self));
        var first = Address(GrainIdOf(1), self);

        Assert.Equal(first, await directory.RegisterAsync(first).AsTask().Within());
        Assert.Equal(first, await directory.RegisterAsync(Address(GrainIdOf(1), Silo(11002))).AsTask().Within());
        Assert.Equal(first, partition.Lookup(GrainIdOf(1)));
        Assert.Equal(first, await directory.LookupAsync(GrainIdOf(1)).AsTask().Within());
        Assert.Null(await directory.LookupAsync(GrainIdOf(2)).AsTask().Within());

        GrainAddress[] batch = [Address(GrainIdOf(1), self), Address(GrainIdOf(2), self), Address(GrainIdOf(3), self)];
        var winners = await directory.RegisterManyAsync(batch).AsTask().Within();
        Assert.Equal([first, batch[1], batch[2]], winners);

        Assert.False(await directory.UnregisterAsync(batch[0]).AsTask().Within());
        Assert.True(await directory.UnregisterAsync(first).AsTask().Within());
        Assert.Equal(2, partition.Count);
    }

    [Fact]
    public async Task A_registration_the_partition_refuses_fails_the_call()
    {
        await using var cluster = await TestClusters.StartAsync(silo => silo.Services.AddSingleton<GrainDirectoryPartition>());
        var partition = cluster.ServiceProvider.GetRequiredService<GrainDirectoryPartition>();
        var dead = Silo(11002);
        var self = cluster.Primary.SiloAddress;
        // A version far ahead of the silo's own views, so the membership agent's next view does not replace it.
        partition.OnViewChanged(Of(1_000_000, (self, SiloStatus.Active), (dead, SiloStatus.Dead)));
        var directory = cluster.GrainFactory.GetGrain<IRemoteGrainDirectory>(RemoteGrainDirectoryKey.For(self));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => directory.RegisterAsync(Address(GrainIdOf(1), dead)).AsTask().Within());
        Assert.Contains(dead.ToString(), error.Message);
    }

    [Fact]
    public void Directory_grain_keys_name_the_silo_and_parse_back()
    {
        var silo = SiloAddress.Parse("[::1]:30000@42");
        var id = RemoteGrainDirectoryKey.GrainIdFor(silo);

        Assert.Equal("sys.directory", id.Type.Name);
        Assert.Equal(silo.ToString(), RemoteGrainDirectoryKey.For(silo));
        Assert.True(RemoteGrainDirectoryKey.TryGetSilo(id, out var parsed));
        Assert.Equal(silo, parsed);
        Assert.False(RemoteGrainDirectoryKey.TryGetSilo(new GrainId(new GrainType("account"), silo.ToString()), out _));
        Assert.False(RemoteGrainDirectoryKey.TryGetSilo(new GrainId(RemoteGrainDirectoryKey.GrainType, "not a silo"), out _));
        Assert.False(RemoteGrainDirectoryKey.TryGetSilo(default, out _));
    }
}
