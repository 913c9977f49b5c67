using GrainChain.Cluster.TestSilo.Grains;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>Finds the test silo (built next to this test assembly by the project reference) and the dotnet host that runs it.</summary>
internal static class TestSiloExecutable
{
    /// <summary>The silo's assembly: the very file this test process loads the grain interfaces from.</summary>
    public static string AssemblyPath { get; } = Locate();

    /// <summary>The dotnet host: the one running the tests (<c>DOTNET_HOST_PATH</c>, set by the SDK), else the one on PATH.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : "dotnet";

    private static string Locate()
    {
        var path = typeof(ICounterGrain).Assembly.Location;
        var runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (string.IsNullOrEmpty(path) || !File.Exists(runtimeConfig))
        {
            throw new InvalidOperationException(
                $"The test silo executable is not next to the tests: expected '{runtimeConfig}'. Build GrainChain.Cluster.Tests, which references GrainChain.Cluster.TestSilo.");
        }
        return path;
    }
}
