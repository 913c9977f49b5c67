using System.Diagnostics;
using GrainChain.Cluster.TestSilo;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>
/// One test silo running as a child process: started with <c>dotnet GrainChain.Cluster.TestSilo.dll</c>, ready when
/// it prints <c>READY &lt;silo address&gt;</c>. Keeps the tail of its standard error for failure messages. Disposing
/// asks it to stop (closes its standard input) and kills it if it does not exit in time.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 400;

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _errorTail = new();
    private readonly Task _readingOutput;
    private readonly Task _readingError;

    private SiloProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        ProcessId = process.Id;
        _readingError = Task.Run(ReadErrorAsync);
        _readingOutput = Task.Run(ReadOutputAsync);
    }

    public string Name { get; }

    public int ProcessId { get; }

    /// <summary>The silo's cluster address, from its READY line.</summary>
    public string Address => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : throw new InvalidOperationException($"{Name} is not ready.");

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string name, TestSiloSettings settings)
    {
        var start = new ProcessStartInfo(TestSiloExecutable.DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(settings.StateFile)!,
        };
        start.ArgumentList.Add(TestSiloExecutable.AssemblyPath);
        foreach (var argument in settings.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: the process did not start.");
        return new SiloProcess(name, process);
    }

    /// <summary>Waits for the READY line; on timeout or early exit throws with the process's standard error.</summary>
    public async Task<string> WaitUntilReadyAsync(TimeSpan timeout)
    {
        try
        {
            return await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {ProcessId}) printed no READY line within {timeout}.\n{ErrorTail()}");
        }
    }

    /// <summary>Kills the silo and everything it started, as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>The last lines the silo wrote on standard error.</summary>
    public string ErrorTail()
    {
        lock (_errorTail)
        {
            return $"--- {Name} (pid {ProcessId}) standard error, last {_errorTail.Count} lines ---\n" + string.Join('\n', _errorTail);
        }
    }

    /// <summary>
    /// Asks for a graceful stop (closes standard input, the test silo's stop signal) and returns the exit code;
    /// throws <see cref="TimeoutException"/> when the process has not exited within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The pipe is already broken: the process is exiting anyway.
            }
            try
            {
                await _process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{Name} (pid {ProcessId}) did not stop within {timeout} of its standard input closing.\n{ErrorTail()}");
            }
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await KillAsync();
        }
        await Task.WhenAll(_readingOutput, _readingError).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                _ready.TrySetResult(line["READY ".Length..].Trim());
            }
            else
            {
                Remember("stdout: " + line);
            }
        }
        // Standard output ended: the process is exiting. Without READY first, that is a failed start.
        await _process.WaitForExitAsync();
        await _readingError;
        _ready.TrySetException(new InvalidOperationException(
            $"{Name} (pid {ProcessId}) exited with code {_process.ExitCode} before it was ready.\n{ErrorTail()}"));
    }

    private async Task ReadErrorAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            Remember(line);
        }
    }

    private void Remember(string line)
    {
        lock (_errorTail)
        {
            if (_errorTail.Count == KeptErrorLines)
            {
                _errorTail.Dequeue();
            }
            _errorTail.Enqueue(line);
        }
    }
}
