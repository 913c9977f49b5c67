using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>Calls between three silos over real loopback connections.</summary>
public sealed class CrossSiloCallTests
{
    [Fact]
    public async Task Grains_spread_over_three_silos_and_stay_where_they_were_placed()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var silos = cluster.Silos.Select(s => s.SiloAddress.ToString()).ToHashSet();

        var first = new Dictionary<string, string>();
        for (int i = 0; i < 60; i++)
        {
            first[$"g{i}"] = await cluster.Client.GetGrain<ILocatorGrain>($"g{i}").WhereAsync().Within();
        }

        // Random placement over 60 grains misses a silo with probability 3 * (2/3)^60, about 1e-10.
        Assert.Equal(silos, first.Values.ToHashSet());
        foreach (var silo in cluster.Silos)
        {
            // Asked from any silo, a grain answers from where it already lives.
            var factory = silo.ServiceProvider.GetRequiredService<IClusterClient>();
            foreach (var (key, where) in first.Take(20))
            {
                Assert.Equal(where, await factory.GetGrain<ILocatorGrain>(key).WhereAsync().Within());
            }
        }
        // Exactly one activation per grain across the cluster.
        int activations = cluster.Silos.Sum(s => s.Silo.Runtime.Catalog.Activations.Count(a => a.GrainId.Key.StartsWith('g')));
        Assert.Equal(60, activations);
    }

    [Fact]
    public async Task A_grain_calls_a_grain_on_another_silo()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var client = fixture.Cluster.Client;
        var where = new Dictionary<string, string>();
        for (int i = 0; i < 30; i++)
        {
            where[$"a{i}"] = await client.GetGrain<ILocatorGrain>($"a{i}").WhereAsync().Within();
        }
        var (fromKey, toKey) = where.SelectMany(x => where.Where(y => y.Value != x.Value).Select(y => (x.Key, y.Key))).First();

        var answer = await client.GetGrain<ILocatorGrain>(fromKey).AskAsync(toKey).Within();

        Assert.Equal(where[toKey], answer);
        Assert.NotEqual(where[fromKey], answer);
    }

    [Fact]
    public async Task Arguments_results_and_exceptions_cross_the_wire()
    {
        await using var fixture = await ClusterTestHost.StartAsync(2);
        var cluster = fixture.Cluster;
        foreach (var caller in cluster.Silos)
        {
            var factory = caller.ServiceProvider.GetRequiredService<IClusterClient>();
            for (int i = 0; i < 10; i++)
            {
                var grain = factory.GetGrain<ILocatorGrain>($"w{i}");
                var where = await grain.WhereAsync().Within();
                var parcel = new Parcel("box", [1, 2, 3], new Dictionary<string, string> { ["from"] = caller.Name });

                var returned = await grain.ReturnAsync(parcel).Within();

                Assert.Equal($"box via {where}", returned.Label);
                Assert.Equal([1, 2, 3, 3], returned.Items);
                Assert.Equal(caller.Name, returned.Tags["from"]);
                Assert.Equal(7, await grain.AddAsync(3, 4).AsTask().Within());
                var failure = await Assert.ThrowsAnyAsync<Exception>(() => grain.FailAsync($"boom {i}").Within());
                Assert.Contains($"boom {i}", failure.Message);
                Assert.True(failure is InvalidOperationException || failure is RemoteGrainException { OriginalTypeName: "System.InvalidOperationException" },
                    $"unexpected exception {failure.GetType()}: {failure}");
            }
        }
    }

    [Fact]
    public async Task Placement_attributes_choose_the_silo()
    {
        await using var fixture = await ClusterTestHost.StartAsync(3);
        var cluster = fixture.Cluster;
        var client = cluster.Client;

        // Prefer-local: created by a grain, the grain runs on the caller's silo.
        for (int i = 0; i < 12; i++)
        {
            var pair = await client.GetGrain<IFromLocalGrain>($"caller{i}").CallLocalAsync($"local{i}").Within();
            Assert.Equal(pair[0], pair[1]);
        }

        // Hash-based: the silo is fixed by the grain id's hash over the ordered active silos.
        var active = cluster.Primary.Silo.ClusterView.ActiveSilos;
        Assert.Equal(3, active.Length);
        for (int i = 0; i < 30; i++)
        {
            var grain = client.GetGrain<IHashedLocatorGrain>($"h{i}");
            var grainId = ((GrainReference)(object)grain).GrainId;
            var expected = active[(int)(grainId.GetUniformHashCode() % (uint)active.Length)].ToString();
            Assert.Equal(expected, await grain.WhereAsync().Within());
        }
    }
}
