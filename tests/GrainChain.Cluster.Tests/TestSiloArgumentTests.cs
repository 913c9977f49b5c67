using System.Diagnostics;
using GrainChain.Cluster.Tests.Support;

namespace GrainChain.Cluster.Tests;

/// <summary>The test silo refuses bad arguments at once, naming them, instead of starting a half-configured silo.</summary>
public sealed class TestSiloArgumentTests
{
    [Fact]
    public async Task Bad_arguments_exit_with_code_2_and_name_every_problem()
    {
        var start = new ProcessStartInfo(TestSiloExecutable.DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { TestSiloExecutable.AssemblyPath, "--cluster-id", "c", "--probe-period-ms", "soon", "--colour", "blue" })
        {
            start.ArgumentList.Add(argument);
        }
        // Empty values hide any GRAINCHAIN_TESTSILO_* variables of the machine running the tests.
        start.Environment["GRAINCHAIN_TESTSILO_MEMBERSHIP_FILE"] = "";
        start.Environment["GRAINCHAIN_TESTSILO_STATE_FILE"] = "";

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, process.ExitCode);
            Assert.Equal("", await output);
            var message = await error;
            Assert.Contains("unknown argument '--colour'", message);
            Assert.Contains("--probe-period-ms 'soon'", message);
            Assert.Contains("--membership-file is required", message);
            Assert.Contains("--state-file is required", message);
            Assert.DoesNotContain("'blue'", message);
            Assert.Contains("usage:", message);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
