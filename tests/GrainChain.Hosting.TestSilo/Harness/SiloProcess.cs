namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>
/// One GrainChain.Hosting.TestSilo process (run from the folder of the calling program, where the build puts it).
/// Started with configuration arguments; ready once it prints its "ready" line; killed with SIGKILL (no goodbye to
/// the cluster).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private SiloProcess(ChildProcess child, string name)
    {
        _child = child;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The silo address the process printed when it became ready.</summary>
    public string SiloAddress { get; private set; } = "";

    public bool HasExited => _child.HasExited;

    public string Output => _child.Output;

    public static async Task<SiloProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan readyTimeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "GrainChain.Hosting.TestSilo.dll");
        var silo = new SiloProcess(ChildProcess.StartDotnet(dll, arguments), name);
        try
        {
            silo.SiloAddress = await silo._child.WaitForLineAsync(
                line => line.StartsWith("ready ", StringComparison.Ordinal) ? line["ready ".Length..].Trim() : null,
                readyTimeout, $"silo {name} was ready");
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>SIGKILL: the process ends at once, leaving its membership row Active for the others to vote out.</summary>
    public Task KillAsync() => _child.KillAsync();

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
