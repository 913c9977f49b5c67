using System.Text.RegularExpressions;
using GrainChain.Cli.Commands;

namespace GrainChain.Cli.Tests;

/// <summary>
/// Named wallets, and a transfer sent with <c>--from WALLET --to WALLET</c> against the fixture's silo. The wallet
/// folder comes from the process environment, so these tests run in the cluster collection, one after another.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WalletCommandTests(ClusterFixture cluster) : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable(WalletStore.EnvironmentVariable);
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-wallets-").FullName;

    private void UseFolder() => Environment.SetEnvironmentVariable(WalletStore.EnvironmentVariable, _folder);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(WalletStore.EnvironmentVariable, _previous);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_new_wallet_has_an_address_is_listed_and_is_never_overwritten()
    {
        UseFolder();
        var created = await CliRunner.RunAsync("wallet", "new", "alice");
        Assert.Equal(0, created.ExitCode);
        var address = Regex.Match(created.Output, "^address ([0-9a-f]{40})$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(address);

        var shown = await CliRunner.RunAsync("wallet", "address", "alice");
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(address, shown.Output.Trim());

        var again = await CliRunner.RunAsync("wallet", "new", "alice");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("refusing to overwrite", again.Errors);
        Assert.Equal(address, (await CliRunner.RunAsync("wallet", "address", "alice")).Output.Trim());

        var listed = await CliRunner.RunAsync("wallet", "list");
        Assert.Matches($@"^alice\s+{address}$", listed.Output.Split('\n')[0].TrimEnd());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "alice.pem")));
    }

    [Theory]
    [InlineData("address", "nobody", "no wallet 'nobody'")]
    [InlineData("new", "../escape", "is not a wallet name")]
    [InlineData("address", "..", "is not a wallet name")]
    public async Task A_missing_or_badly_named_wallet_is_a_clear_error(string verb, string name, string message)
    {
        UseFolder();
        var (exitCode, _, errors) = await CliRunner.RunAsync("wallet", verb, name);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, errors);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Wallet_names_stand_for_addresses_when_a_node_is_created_and_coins_are_sent()
    {
        UseFolder();
        Assert.Equal(0, (await CliRunner.RunAsync("wallet", "new", "miner")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("wallet", "new", "friend")).ExitCode);
        var node = $"wallets-{Guid.NewGuid():N}"[..20];
        string[] cluster1 = ["--config", cluster.ConfigPath];

        Assert.Equal(0, (await CliRunner.RunAsync(["node", "create", node, "--profile", "test", "--miner", "miner", .. cluster1])).ExitCode);
        var mined = await CliRunner.RunAsync(["mine", node, "--blocks", "2", .. cluster1]);
        Assert.True(mined.ExitCode == 0, mined.Errors);
        Assert.Matches(@"found   2 block\(s\) in [\d.]+ s, ~[\d.]+ [kMGT]?H/s", mined.Output);

        var sent = await CliRunner.RunAsync(["tx", "send", node, "--from", "miner", "--to", "friend", "--amount", "1.5", .. cluster1]);
        Assert.True(sent.ExitCode == 0, sent.Errors);
        Assert.Contains("nonce 0)", sent.Output);
        // A second transfer before any block follows the pending one instead of trying to replace it.
        var second = await CliRunner.RunAsync(["tx", "send", node, "--from", "miner", "--to", "friend", "--amount", "0.25", .. cluster1]);
        Assert.True(second.ExitCode == 0, second.Errors);
        Assert.Contains("nonce 1)", second.Output);
        var pending = await CliRunner.RunAsync(["balance", node, "miner", .. cluster1]);
        Assert.Contains("pending 2 transfer(s)", pending.Output);
        Assert.Equal(0, (await CliRunner.RunAsync(["mine", node, .. cluster1])).ExitCode);

        var friend = await CliRunner.RunAsync(["balance", node, "friend", .. cluster1]);
        Assert.Matches(@"balance [0-9a-f]{40}  1\.75000000", friend.Output);

        var both = await CliRunner.RunAsync(["tx", "send", node, "--from", "miner", "--key", Path.Combine(_folder, "miner.pem"), "--to", "friend", "--amount", "1", .. cluster1]);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("exactly one of --from WALLET or --key FILE", both.Errors);
        var unknown = await CliRunner.RunAsync(["tx", "send", node, "--from", "miner", "--to", "stranger", "--amount", "1", .. cluster1]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'stranger' is not an address (40 hexadecimal digits) nor a wallet", unknown.Errors);
    }
}
