using System.Diagnostics;
using System.Text.RegularExpressions;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Cli.Tests;

/// <summary>The cluster commands, run in-process as an Orleans client against the fixture's silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterCommandTests(ClusterFixture cluster)
{
    private Task<(int ExitCode, string Output, string Errors)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--config", cluster.ConfigPath]);

    private static void Succeeded((int ExitCode, string Output, string Errors) result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Errors}\n{result.Output}");

    [Fact]
    public async Task A_node_is_created_mined_peered_resolved_and_paid()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (alice, bob) = ($"alice-{suffix}", $"bob-{suffix}");
        var minerKey = Path.Combine(cluster.Scratch, $"miner-{suffix}.pem");
        var recipientKey = Path.Combine(cluster.Scratch, $"recipient-{suffix}.pem");
        Succeeded(await CliRunner.RunAsync("key", "new", minerKey));
        var recipient = Regex.Match((await CliRunner.RunAsync("key", "new", recipientKey)).Output, "address ([0-9a-f]{40})").Groups[1].Value;

        var created = await Run("node", "create", alice, "--profile", "test", "--key", minerKey);
        Succeeded(created);
        Assert.Contains($"created {alice} on test", created.Output);

        var status = await Run("node", "status", alice);
        Succeeded(status);
        Assert.Matches(@"height\s+0\b", status.Output);

        var mined = await Run("mine", alice, "--blocks", "2");
        Succeeded(mined);
        Assert.Equal(2, Regex.Matches(mined.Output, @"^mined   height [12] [0-9a-f]{64}", RegexOptions.Multiline).Count);

        var chain = await Run("chain", "show", alice);
        Succeeded(chain);
        Assert.Equal(3, Regex.Matches(chain.Output, @"^\s+[0-2]\s+[0-9a-f]{64}\s+\d+\s", RegexOptions.Multiline).Count);
        Assert.Contains("shown   3 of 3 block(s)", chain.Output);

        Succeeded(await Run("node", "create", bob, "--profile", "test", "--key", minerKey));
        var listed = await Run("node", "list");
        Succeeded(listed);
        Assert.Contains(alice, listed.Output);
        Assert.Contains(bob, listed.Output);

        var peered = await Run("peers", "add", bob, alice);
        Succeeded(peered);
        Assert.Contains($"peers   {alice}", peered.Output);
        var links = await Run("peers", "list", bob);
        Succeeded(links);
        Assert.Contains($"peer    {alice}:", links.Output);

        // Bob resolves against alice: he takes her chain, unless her announcement got there first (then he is authoritative).
        var resolved = await Run("resolve", bob);
        Succeeded(resolved);
        Assert.Matches($"^(replaced from {alice}|authoritative)", resolved.Output);
        Assert.Contains("at height 2", resolved.Output);

        var sent = await Run("tx", "send", alice, "--key", minerKey, "--to", recipient, "--amount", "1.5");
        Succeeded(sent);
        Assert.Matches("txid    [0-9a-f]{64}", sent.Output);

        Succeeded(await Run("mine", alice));
        var balance = await Run("balance", alice, recipient);
        Succeeded(balance);
        Assert.Contains($"balance {recipient}  1.50000000", balance.Output);

        // A second transfer is signed with the next nonce the node reports, and accepted too.
        Succeeded(await Run("tx", "send", alice, "--key", minerKey, "--to", recipient, "--amount", "0.5", "--fee", "20000"));
    }

    [Fact]
    public async Task A_transfer_the_sender_cannot_pay_is_rejected_with_the_reason()
    {
        var name = $"poor-{Guid.NewGuid():N}"[..16];
        var key = Path.Combine(cluster.Scratch, $"{name}.pem");
        Succeeded(await CliRunner.RunAsync("key", "new", key));
        Succeeded(await Run("node", "create", name, "--profile", "test", "--miner", new string('0', 40)));

        var (exitCode, _, errors) = await Run("tx", "send", name, "--key", key, "--to", new string('1', 40), "--amount", "1");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("rejected:", errors);
    }

    [Theory]
    [InlineData("node", "status")]
    [InlineData("mine")]
    [InlineData("chain", "show")]
    [InlineData("resolve")]
    public async Task An_unknown_node_is_named_with_exit_code_1(params string[] command)
    {
        var name = $"nobody-{Guid.NewGuid():N}"[..20];

        var (exitCode, _, errors) = await Run([.. command, name]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"'{name}'", errors);
    }

    [Fact]
    public async Task Several_peers_are_added_at_once_or_none_of_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] names = [$"p0-{suffix}", $"p1-{suffix}", $"p2-{suffix}"];
        foreach (var name in names) Succeeded(await Run("node", "create", name, "--profile", "test", "--miner", new string('0', 40)));

        var refused = await Run("peers", "add", names[0], names[1], $"nobody-{suffix}", names[2]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"no node named 'nobody-{suffix}'", refused.Errors);
        Assert.Contains("0 peer(s)", (await Run("peers", "list", names[0])).Output);

        var added = await Run("peers", "add", names[0], names[1], names[2]);
        Succeeded(added);
        Assert.Contains($"peers   {names[1]}, {names[2]}", added.Output);
    }

    [Fact]
    public async Task Balance_on_an_unknown_node_is_exit_code_1() =>
        Assert.Equal(1, (await Run("balance", "nobody-at-all", new string('a', 40))).ExitCode);

    [Theory]
    [InlineData("node", "create", "x")]                                              // neither --miner nor --key
    [InlineData("node", "create", "x", "--miner", "zz")]                             // not an address
    [InlineData("node", "create", "x", "--profile", "bitcoin-main", "--miner", "0000000000000000000000000000000000000000")]
    [InlineData("node", "create", "bad name!", "--key", "k.pem")]
    [InlineData("mine", "x", "--blocks", "0")]
    [InlineData("tx", "send", "x", "--to", "0000000000000000000000000000000000000000", "--amount", "1")] // no --key
    [InlineData("peers", "add", "x")]
    [InlineData("peers", "add", "x", "y", "bad name!")]
    public async Task Bad_arguments_are_a_usage_error(params string[] args)
    {
        var (exitCode, output, errors) = await Run(args);

        Assert.NotEqual(0, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(errors));
        Assert.DoesNotContain("created", output);
    }
}

/// <summary>A cluster that is not there: the command says so, naming the config, within the short timeout.</summary>
public sealed class UnreachableClusterTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("grainchain-cli-dead-").FullName;

    [Fact]
    public async Task A_dead_gateway_is_a_clear_error_with_exit_code_1_within_the_timeout()
    {
        var ports = FreePorts.Take(2);
        var config = Path.Combine(_scratch, "dead.json");
        ClusterFixture.WriteConfig(config, new Dictionary<string, string?>
        {
            ["GrainChain:Backend"] = "Memory",
            ["GrainChain:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrainChain:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrainChain:AdvertisedAddress"] = "127.0.0.1",
        });
        var stopwatch = Stopwatch.StartNew();

        var (exitCode, _, errors) = await CliRunner.RunAsync("node", "list", "--config", config, "--timeout", "2");

        Assert.Equal(1, exitCode);
        Assert.Contains("no gateway answered within 2 s", errors);
        Assert.Contains("cannot reach the GrainChain cluster", errors);
        Assert.Contains(config, errors);
        Assert.Contains($"127.0.0.1:{ports[1]}", errors);
        // Generous against the 2 s asked for (a shared machine), far below the 10 s default it would take otherwise.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(9), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_missing_config_file_is_a_usage_error()
    {
        var (exitCode, _, errors) = await CliRunner.RunAsync("node", "list", "--config", Path.Combine(_scratch, "absent.json"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not exist", errors);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
