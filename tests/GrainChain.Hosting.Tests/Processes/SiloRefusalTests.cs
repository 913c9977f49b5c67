using System.Diagnostics;
using GrainChain.Hosting.Tests.Infrastructure;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Hosting.Tests.Processes;

/// <summary>A silo process refuses a database it must not use, or bad settings, with a message naming the culprit.</summary>
public sealed class SiloRefusalTests
{
    private static async Task<(int ExitCode, string Output)> RunSiloAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GrainChain.Hosting.TestSilo.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_stops_the_silo_with_its_name()
    {
        using var folder = new TempFolder();
        var file = folder.File("notes.db");
        await File.WriteAllTextAsync(file, "these are my notes, not a database; please keep them\n" + new string('x', 4096));

        var (exitCode, output) = await RunSiloAsync("--GrainChain:Sqlite:Path=" + file, "--GrainChain:SiloPort=" + FreePorts.Next(), "--GrainChain:GatewayPort=" + FreePorts.Next());

        Assert.Equal(1, exitCode);
        Assert.Contains(file, output, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", output, StringComparison.Ordinal);
        Assert.StartsWith("these are my notes", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_silo_with_the_setting_named()
    {
        var (exitCode, output) = await RunSiloAsync("--GrainChain:SiloPort=99999");

        Assert.Equal(2, exitCode);
        Assert.Contains("GrainChain:SiloPort", output, StringComparison.Ordinal);
    }
}
