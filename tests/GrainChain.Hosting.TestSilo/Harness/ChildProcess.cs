using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>How a <see cref="ChildProcess"/> is started: where, with which environment, and whether its output also goes to a file.</summary>
public sealed record ChildProcessOptions
{
    /// <summary>The working directory; the caller's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child, over the inherited ones.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Inherited variables starting with this prefix are removed first, so the caller's shell cannot leak settings in.</summary>
    public string? RemoveInheritedPrefix { get; init; }

    /// <summary>A file that receives every line the child writes, besides the copy kept in memory.</summary>
    public string? LogPath { get; init; }
}

/// <summary>
/// A .NET program run as a child process by a test or a load program (a silo, usually): its output kept, lines and
/// health answers waited for (failing at once, with the output, when the process ends first), and stopped with
/// SIGTERM (a graceful stop) or SIGKILL (no goodbye). Disposing kills what still runs.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter? _log;
    private readonly List<(Func<string, string?> Match, TaskCompletionSource<string> Found)> _watches = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, StreamWriter? log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, standard output and error interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>dotnet DLL ARGUMENTS…</c>.</summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> arguments, ChildProcessOptions? options = null)
    {
        options ??= new ChildProcessOptions();
        if (!File.Exists(dll)) throw new FileNotFoundException($"no {Path.GetFileName(dll)} at {dll}: build the solution in Release first", dll);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (options.WorkingDirectory is { } folder) start.WorkingDirectory = folder;
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (options.RemoveInheritedPrefix is { } prefix)
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in options.Environment) start.Environment[name] = value;

        var log = options.LogPath is { } path ? new StreamWriter(path, append: false, Encoding.UTF8) { AutoFlush = true } : null;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// The value <paramref name="match"/> returns for the first line (already written or still to come) it does not
    /// answer null for. Fails with the output when the process ends first or the time runs out.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, string?> match, TimeSpan timeout, string what)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
                if (match(line.TrimEnd('\r')) is { } value)
                    return value;
            _watches.Add((match, found));
        }

        try
        {
            await Task.WhenAny(found.Task, _exited.Task).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"not {what} within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        // The exit is signalled only after the last line was read, so a line that came is found by now.
        if (found.Task.IsCompleted) return await found.Task;
        throw new InvalidOperationException($"the process exited with {SafeExitCode()} before {what}:\n{Output}");
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 2xx, failing at once with the output if the process exits first.</summary>
    public async Task WaitHealthyAsync(Uri url, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the process exited with {SafeExitCode()} before {url} answered:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(url, deadline.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !deadline.IsCancellationRequested)
            {
                // Not listening yet.
            }

            try
            {
                await pace.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{url} did not answer within {timeout.TotalSeconds:0} s:\n{Tail()}");
            }
        }
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
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}");
    }

    /// <summary>SIGKILL: the process ends at once and says goodbye to no one.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (_process.HasExited) return;
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
    }

    /// <summary>The last lines the process wrote, indented under <paramref name="label"/>.</summary>
    public string Tail(int lines = 40, string label = "")
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.TakeLast(lines).Select(l => $"  {label}| {l.TrimEnd('\r')}"));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_output) _log?.Dispose();
    }

    // The dotnet CLI tells the programs it runs where it is; else the one on PATH.
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the caller let go of the process.
            }

            for (var i = _watches.Count - 1; i >= 0; i--)
            {
                if (_watches[i].Match(line) is not { } value) continue;
                _watches[i].Found.TrySetResult(value);
                _watches.RemoveAt(i);
            }
        }
    }

    private void OnExited()
    {
        // Exited can come before the last output lines are read; waiting for the end of output keeps the two in order.
        try
        {
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }

        _exited.TrySetResult();
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
