using System.Globalization;
using System.Text.RegularExpressions;

namespace GrainChain.Cli.Tests;

/// <summary>The cluster demo, as an Orleans client of the fixture's silo (<c>--config</c>: nothing is started or stopped).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterDemoTests(ClusterFixture cluster)
{
    [Fact]
    public async Task The_demo_forks_two_miners_resolves_and_every_node_ends_on_one_chain_with_no_coin_lost()
    {
        var (exitCode, output, errors) = await CliRunner.RunAsync("demo", "--config", cluster.ConfigPath, "--chain", "test", "--blocks", "3");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{errors}\n{output}");
        // a mined 2 blocks alone on top of the 3 shared ones, b mined 3: b's branch has more work and wins.
        Assert.Matches(@"fork    a at height 5 \([0-9a-f]{16}\), b at height 6 \([0-9a-f]{16}\)", output);
        Assert.Matches(@"resolved every node at height 6, tip [0-9a-f]{16}", output);
        Assert.Matches(@"mined   every node at height 7, tip [0-9a-f]{16}", output);

        // The chain: genesis, 3 by alice, 3 by bob (the first carries alice -> bob), 1 by dave carrying alice -> carol.
        var miners = Regex.Matches(output, @"^\s+(\d+)  [0-9a-f]{64}\s+(\d+)  (\S+)$", RegexOptions.Multiline)
            .Select(m => (Height: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Txs: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Miner: m.Groups[3].Value))
            .ToList();
        Assert.Equal(["genesis", "alice", "alice", "alice", "bob", "bob", "bob", "dave"], miners.Select(m => m.Miner));
        Assert.Equal(2, miners[4].Txs);
        Assert.Equal(2, miners[7].Txs);

        // Every node reports the same balance for each wallet, and the coins add up to seven rewards of 50.
        var balances = Regex.Matches(output, @"^balance (\w+)\s+[0-9a-f]{40}((?:\s+\S+){4})$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(balances.Values, perNode => Assert.Single(perNode.Distinct()));
        Assert.Equal("134.99980000", balances["alice"][0]);
        Assert.Equal("160.00010000", balances["bob"][0]);
        Assert.Equal("5.00000000", balances["carol"][0]);
        Assert.Equal("50.00010000", balances["dave"][0]);
        Assert.Contains("total   350.00000000 coins in 7 mined block(s)", output);
    }

    [Fact]
    public async Task The_demo_against_a_cluster_that_is_not_there_fails_clearly()
    {
        var config = Path.Combine(cluster.Scratch, $"nowhere-{Guid.NewGuid():N}.json");
        var port = GrainChain.Hosting.TestSilo.Harness.FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
        ClusterFixture.WriteConfig(config, new Dictionary<string, string?>
        {
            ["GrainChain:Backend"] = "Memory",
            ["GrainChain:GatewayPort"] = port,
            ["GrainChain:AdvertisedAddress"] = "127.0.0.1",
        });

        var (exitCode, _, errors) = await CliRunner.RunAsync("demo", "--config", config, "--chain", "test", "--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: cannot reach the GrainChain cluster", errors);
    }
}
