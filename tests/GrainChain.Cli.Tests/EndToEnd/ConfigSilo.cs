using System.Globalization;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Cli.Tests.EndToEnd;

/// <summary>
/// One real <c>grainchain-silo</c> process started from a shipped <c>silo-config</c> file, with its ports and SQLite
/// path overridden on the command line (<c>--GrainChain:Key=value</c>, the silo's top configuration layer). Its output
/// also goes to a log file; <see cref="KillAsync"/> is SIGKILL, so the silo says no goodbye to the cluster.
/// </summary>
internal sealed class ConfigSilo : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ConfigSilo(string name, ChildProcess child, int siloPort, int gatewayPort, int httpPort)
    {
        Name = name;
        _child = child;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public int Pid => _child.Pid;

    public bool HasExited => _child.HasExited;

    /// <summary>Starts <c>dotnet DLL --config CONFIG --GrainChain:SiloPort=… …</c> in <paramref name="workingDirectory"/>.</summary>
    public static ConfigSilo Start(string name, string dll, string config, string databasePath, string workingDirectory,
        int siloPort, int gatewayPort, int httpPort)
    {
        var child = ChildProcess.StartDotnet(dll,
            [
                "--config", config, Setting("SiloPort", siloPort), Setting("GatewayPort", gatewayPort), Setting("HttpPort", httpPort),
                $"--GrainChain:Sqlite:Path={databasePath}",
            ],
            new ChildProcessOptions { WorkingDirectory = workingDirectory, LogPath = Path.Combine(workingDirectory, $"{name}.log") });
        return new ConfigSilo(name, child, siloPort, gatewayPort, httpPort);
    }

    private static string Setting(string key, int value) => $"--GrainChain:{key}={value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Waits until GET /health answers 200, failing at once with the output if the process exits first.</summary>
    public Task WaitHealthyAsync(TimeSpan deadline) =>
        _child.WaitHealthyAsync(new Uri($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/health"), deadline);

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public Task KillAsync() => _child.KillAsync();

    /// <summary>The last lines of the silo's output.</summary>
    public string Tail(int lines = 40) => _child.Tail(lines, Name);

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
