using System.Text.RegularExpressions;

namespace GrainChain.Cli.Tests;

public sealed class KeyCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("grainchain-cli-").FullName;

    [Fact]
    public async Task A_new_key_shows_the_same_address_when_loaded()
    {
        var path = Path.Combine(_scratch, "miner.pem");

        var created = await CliRunner.RunAsync("key", "new", path);
        var shown = await CliRunner.RunAsync("key", "show", path);

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(0, shown.ExitCode);
        var address = Regex.Match(created.Output, "address ([0-9a-f]{40})").Groups[1].Value;
        Assert.Matches($"address +{address}", shown.Output);
    }

    [Fact]
    public async Task An_existing_key_is_never_overwritten()
    {
        var path = Path.Combine(_scratch, "miner.pem");
        await CliRunner.RunAsync("key", "new", path);
        var before = File.ReadAllText(path);

        var (exitCode, _, errors) = await CliRunner.RunAsync("key", "new", path);

        Assert.Equal(1, exitCode);
        Assert.Contains("refusing to overwrite", errors);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public async Task A_garbage_key_file_is_a_clear_error()
    {
        var path = Path.Combine(_scratch, "garbage.pem");
        File.WriteAllText(path, "this is not a key");

        var (exitCode, _, errors) = await CliRunner.RunAsync("key", "show", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error:", errors);
        Assert.Contains("garbage.pem", errors);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
