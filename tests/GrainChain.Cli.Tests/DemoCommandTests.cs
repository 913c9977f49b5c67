using System.Text.RegularExpressions;

namespace GrainChain.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_mines_sends_and_mines_the_transfer_into_the_chain()
    {
        var (exitCode, output, errors) = await CliRunner.RunAsync("demo", "--in-process", "--chain", "test", "--blocks", "3");

        Assert.True(exitCode == 0, errors);
        // Genesis, three mined blocks, and the block holding the transfer.
        Assert.Matches(new Regex(@"^\s+4\s+[0-9a-f]{64}\s+2\s", RegexOptions.Multiline), output);
        var balances = Regex.Matches(output, @"^balance ([0-9a-f]{40})\s+(\S+)$", RegexOptions.Multiline);
        Assert.Equal(2, balances.Count);
        // Four rewards of 50 minus the one coin sent; the fee comes back to the miner in the coinbase.
        Assert.Equal("199.00000000", balances[0].Groups[2].Value);
        Assert.Equal("1.00000000", balances[1].Groups[2].Value);
    }

    [Theory]
    [InlineData("--blocks", "0")]
    [InlineData("--timeout", "0")]
    [InlineData("--chain", "bitcoin-main")]
    [InlineData("--chain", "nonsense")]
    public async Task Demo_refuses_bad_options_with_a_message(string option, string value)
    {
        var (exitCode, _, errors) = await CliRunner.RunAsync("demo", option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error:", errors);
    }
}
