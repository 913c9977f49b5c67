namespace GrainChain.Cli.Tests;

public sealed class HeaderCommandTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bitcoin-mainnet-headers-0-32259.bin");
    private readonly string _scratch = Directory.CreateTempSubdirectory("grainchain-cli-").FullName;

    [Fact]
    public async Task Verify_accepts_the_real_bitcoin_headers()
    {
        var (exitCode, output, errors) = await CliRunner.RunAsync("headers", "verify", Fixture);

        Assert.True(exitCode == 0, errors);
        Assert.Contains("valid   32260 headers of bitcoin-main", output);
        Assert.Contains("000000008a5b32a0610b2b0eeb5390e30e157324bf28c09ab83ccbb99184c38b at height 32259", output);
    }

    [Fact]
    public async Task Verify_names_the_height_of_a_tampered_header()
    {
        var bytes = File.ReadAllBytes(Fixture)[..(80 * 100)];
        bytes[80 * 57 + 70] ^= 0x01; // a bit of header 57's time
        var path = Path.Combine(_scratch, "tampered.bin");
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, errors) = await CliRunner.RunAsync("headers", "verify", path);

        Assert.Equal(1, exitCode);
        Assert.Contains("57", errors);
    }

    [Fact]
    public async Task Verify_refuses_a_file_that_is_not_whole_headers()
    {
        var path = Path.Combine(_scratch, "short.bin");
        File.WriteAllBytes(path, new byte[79]);

        var (exitCode, _, errors) = await CliRunner.RunAsync("headers", "verify", path);

        Assert.Equal(1, exitCode);
        Assert.Contains("not a whole number of 80-byte headers", errors);
    }

    [Fact]
    public async Task Verify_reports_a_missing_file()
    {
        var (exitCode, _, errors) = await CliRunner.RunAsync("headers", "verify", Path.Combine(_scratch, "absent.bin"));

        Assert.Equal(1, exitCode);
        Assert.Contains("does not exist", errors);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
