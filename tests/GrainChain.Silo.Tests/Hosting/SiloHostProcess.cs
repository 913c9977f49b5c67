using System.Diagnostics;
using System.Text;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Silo.Tests.Hosting;

/// <summary>
/// One grainchain-silo process run from the test's folder (the project reference builds it there). Ready once it
/// logs the HTTP line; stopped with SIGTERM.
/// </summary>
internal sealed class SiloHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _http = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloHostProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "grainchain-silo.dll");

    public static SiloHostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException("the silo is built next to the tests", Dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GRAINCHAIN_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloHostProcess(process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._http.TrySetException(new InvalidOperationException("the silo exited before it listened:\n" + silo.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>The HTTP URL the silo logged once it had started.</summary>
    public Task<string> ListeningAsync(TimeSpan timeout) => _http.Task.WaitAsync(timeout);

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        const string marker = "HTTP listening on ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0) _http.TrySetResult(line[(at + marker.Length)..].Trim());
    }

    /// <summary>Waits for the process to end and gives its exit code; all its output has been read by then.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager or <c>docker stop</c> sends it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
