using System.Diagnostics;
using System.Text;

namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>
/// One GrainChain.Hosting.TestSilo process (run from the folder of the calling program, where the build puts it). Started with configuration arguments; ready once it prints its
/// "ready" line; killed with SIGKILL (no goodbye to the cluster) or stopped with SIGTERM.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";

    /// <summary>The silo address the process printed when it became ready.</summary>
    public string SiloAddress { get; private set; } = "";

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<SiloProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan readyTimeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "GrainChain.Hosting.TestSilo.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the test silo is built next to the tests", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process) { Name = name };
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._ready.TrySetException(
            new InvalidOperationException($"silo {name} exited with {SafeExitCode(process)} before it was ready:\n{silo.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            silo.SiloAddress = await silo._ready.Task.WaitAsync(readyTimeout);
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"silo {name} was not ready within {readyTimeout}:\n{silo.Output}");
        }

        return silo;
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("ready ", StringComparison.Ordinal)) _ready.TrySetResult(line["ready ".Length..].Trim());
    }

    /// <summary>SIGKILL: the process ends at once, leaving its membership row Active for the others to vote out.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
