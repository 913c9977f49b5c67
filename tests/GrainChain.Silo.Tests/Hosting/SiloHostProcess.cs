using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Silo.Tests.Hosting;

/// <summary>
/// One grainchain-silo process run from the test's folder (the project reference builds it there), with no
/// <c>GRAINCHAIN_</c> variable of the caller's shell. Ready once it logs the HTTP line; stopped with SIGTERM.
/// </summary>
internal sealed class SiloHostProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private SiloHostProcess(ChildProcess child) => _child = child;

    public string Output => _child.Output;

    public int Pid => _child.Pid;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "grainchain-silo.dll");

    public static SiloHostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new(ChildProcess.StartDotnet(Dll, arguments, new ChildProcessOptions
        {
            RemoveInheritedPrefix = "GRAINCHAIN_",
            Environment = environment ?? new Dictionary<string, string>(),
        }));

    /// <summary>The HTTP URL the silo logged once it had started.</summary>
    public Task<string> ListeningAsync(TimeSpan timeout) => _child.WaitForLineAsync(HttpUrl, timeout, "the silo listened");

    private static string? HttpUrl(string line)
    {
        const string marker = "HTTP listening on ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? line[(at + marker.Length)..].Trim() : null;
    }

    /// <summary>Waits for the process to end and gives its exit code; all its output has been read by then.</summary>
    public Task<int> ExitAsync(TimeSpan timeout) => _child.ExitAsync(timeout);

    /// <summary>SIGTERM, as a service manager or <c>docker stop</c> sends it.</summary>
    public Task TerminateAsync() => _child.TerminateAsync();

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
